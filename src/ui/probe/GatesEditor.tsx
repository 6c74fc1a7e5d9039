import type { LogicInput, LogicVector } from '../../tasks/logic';
import type { ProbeEditor } from '../../tasks/probe';

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
  const setVector = (t: number, vector: LogicVector) => onChange({ ...value, vectors: value.vectors.map((old, i) => (i === t ? vector : old)) });
  return (
    <div className="probe-gates">
      {value.vectors.map((vector, t) => (
        <div className="probe-vector" key={t} role="group" aria-label={`Vector ${t + 1}`}>
          <span className="probe-vector-name">Vector {t + 1}</span>
          {t === 0 ? <Bit label="b0" value={value.b0} onChange={(b0) => onChange({ ...value, b0 })} /> : <span className="probe-carried" title="b0 is the previous vector's answer">·</span>}
          <Bit label={`Vector ${t + 1} b1`} value={vector.b1} onChange={(b1) => setVector(t, { ...vector, b1 })} />
          {vector.gates.map((gate, slot) => (
            <select
              key={slot}
              aria-label={`Vector ${t + 1}, gate ${slot + 1}`}
              value={gate}
              onChange={(event) => setVector(t, { ...vector, gates: vector.gates.map((old, i) => (i === slot ? Number(event.target.value) : old)) })}
            >
              {editor.gates.map((name, index) => (
                <option key={name} value={index}>
                  {name}
                </option>
              ))}
            </select>
          ))}
          <button type="button" disabled={vector.gates.length >= editor.maxGates} onClick={() => setVector(t, { ...vector, gates: [...vector.gates, 0] })} aria-label={`Add a gate to vector ${t + 1}`}>
            + gate
          </button>
          <button type="button" disabled={vector.gates.length <= 1} onClick={() => setVector(t, { ...vector, gates: vector.gates.slice(0, -1) })} aria-label={`Remove the last gate of vector ${t + 1}`}>
            − gate
          </button>
        </div>
      ))}
      <div className="row-actions">
        <button type="button" disabled={value.vectors.length >= editor.vectors[1]} onClick={() => onChange({ ...value, vectors: [...value.vectors, { b1: false, gates: [0] }] })}>
          Add a vector
        </button>
        <button type="button" disabled={value.vectors.length <= editor.vectors[0]} onClick={() => onChange({ ...value, vectors: value.vectors.slice(0, -1) })}>
          Remove the last vector
        </button>
      </div>
    </div>
  );
}
