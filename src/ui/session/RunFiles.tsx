import { useRef } from 'react';
import { useAppStore } from '../store';
import { formatTime, useSessionStore } from './sessionStore';
import type { TrainingSession } from './trainingSession';

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Export and import of the whole run, where it is kept, and the worker's tensor memory. */
export function RunFiles({ session }: { session: TrainingSession }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const ready = useAppStore((state) => state.phase === 'paused' || state.phase === 'running');
  const saved = useSessionStore((state) => state.saved);
  const memory = useSessionStore((state) => state.memory);
  return (
    <div className="run-files">
      <button type="button" disabled={!ready} onClick={() => void session.exportRun()} title="The model (TF.js model.json + weights.bin), optimizer state, curves and evaluations as one .zip">
        Export run
      </button>
      <button type="button" onClick={() => inputRef.current?.click()} title="Continue a run exported before (its .zip, or its files); the current run is replaced only if it loads">
        Import run…
      </button>
      <input
        ref={inputRef}
        type="file"
        hidden
        multiple
        accept=".zip,.json,.bin"
        aria-label="Run to import (.zip, or model.json, weights.bin, optimizer.bin and trainer.json)"
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          event.target.value = '';
          if (files.length > 0) void session.importFiles(files);
        }}
      />
      <span role="status" className="run-kept">
        {saved ? `Kept in this browser at ${formatTime(saved.at)} (step ${saved.step}).` : 'Not kept in this browser yet.'}
      </span>
      {memory && (
        <span className="run-memory">
          Tensor memory: <span aria-label="Tensor memory">{`${memory.tensors} tensors, ${megabytes(memory.bytes)}`}</span>
        </span>
      )}
    </div>
  );
}
