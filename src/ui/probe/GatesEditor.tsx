import type { LogicInput } from '../../tasks/logic';
import type { ProbeEditor } from '../../tasks/probe';
import { addGate, addVector, changeVector, removeGate, removeVector, setGate } from './editing';

type Gates = Extract<ProbeEditor, { kind: 'gates' }>;

function Bit({ label, value, onChange }: { label: string; value: boolean; onChange: (value: boolean) => void }) {
  return (
    <button type="button" className={`probe-cell ${value ? 'probe-cell-positive' : 'probe-cell-zero'}`} aria-label={`${label}: ${Number(value)}. Click to flip.`} onClick={() => onChange(!value)}>
      {Number(value)}
    </button>
  );
}

/** The logic task's vectors: the first one's two bits (later ones: b1, with the previous answer as b0) and a chain of gates each. */
export function GatesEditor({ editor, value, onChange }: { editor: Gates; value: LogicInput; onChange: (value: LogicInput) => void }) {
  return (
    <div className="probe-gates">
      {value.vectors.map((vector, t) => (
        <div className="probe-vector" key={t} role="group" aria-label={`Vector ${t + 1}`}>
          <span className="probe-vector-name">Vector {t + 1}</span>
          {t === 0 ? <Bit label="b0" value={value.b0} onChange={(b0) => onChange({ ...value, b0 })} /> : <span className="probe-carried" title="b0 is the previous vector's answer">·</span>}
          <Bit label={`Vector ${t + 1} b1`} value={vector.b1} onChange={(b1) => onChange(changeVector(value, t, (old) => ({ ...old, b1 })))} />
          {vector.gates.map((gate, slot) => (
            <select
              key={slot}
              aria-label={`Vector ${t + 1}, gate ${slot + 1}`}
              value={gate}
              onChange={(event) => onChange(setGate(value, t, slot, Number(event.target.value)))}
            >
              {editor.gates.map((name, index) => (
                <option key={name} value={index}>
                  {name}
                </option>
              ))}
            </select>
          ))}
          <button type="button" disabled={vector.gates.length >= editor.maxGates} onClick={() => onChange(addGate(value, t))} aria-label={`Add a gate to vector ${t + 1}`}>
            + gate
          </button>
          <button type="button" disabled={vector.gates.length <= 1} onClick={() => onChange(removeGate(value, t))} aria-label={`Remove the last gate of vector ${t + 1}`}>
            − gate
          </button>
        </div>
      ))}
      <div className="row-actions">
        <button type="button" disabled={value.vectors.length >= editor.vectors[1]} onClick={() => onChange(addVector(value))}>
          Add a vector
        </button>
        <button type="button" disabled={value.vectors.length <= editor.vectors[0]} onClick={() => onChange(removeVector(value))}>
          Remove the last vector
        </button>
      </div>
    </div>
  );
}
