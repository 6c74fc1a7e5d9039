import { useAppStore } from './store';

/** Which backend trains, what runs it, and a warning when that is a slow software fallback. */
export function BackendStatus() {
  const backend = useAppStore((state) => state.backend);
  return (
    <section className="backend" aria-label="Backend">
      <p>
        Backend: {backend ? <strong className="backend-name">{backend.name}</strong> : <span>starting…</span>}
        {backend && <span className="backend-detail"> · {backend.detail}</span>}
      </p>
      {backend?.software && (
        <p className="warning" role="note">
          This backend runs on a software fallback, not a GPU: training will be slow. The WASM backend is usually faster
          here.
        </p>
      )}
    </section>
  );
}
