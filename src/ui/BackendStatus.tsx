import type { BackendRace, RaceEntry } from '../worker/backendRace';
import { useAppStore } from './store';

const entryText = (entry: RaceEntry): string => {
  const warmup = entry.warmupMs === undefined ? '' : ` (first step ${Math.round(entry.warmupMs)} ms)`;
  if (entry.msPerStep === undefined) return `${entry.backend}: ${entry.note ?? 'not timed'}${warmup}`;
  return `${entry.backend} ${entry.msPerStep.toFixed(1)} ms/step${warmup}`;
};

/** The measured race of `backend=auto`: every backend's time a step, the winner first. */
function RaceLine({ race }: { race: BackendRace }) {
  const entries = [...race.entries].sort((a, b) => (a.backend === race.winner ? -1 : b.backend === race.winner ? 1 : 0));
  const timed = entries[0].msPerStep !== undefined;
  return (
    <p className="backend-race" aria-label="Backend race">
      Auto picked {race.winner}
      {timed ? `, the fastest of a ${(race.ms / 1000).toFixed(1)} s race on this model` : ', the only backend to race'}
      {race.cached ? ' (remembered from an earlier race)' : ''}: {entries.map(entryText).join(' · ')}
    </p>
  );
}

/** Which backend trains, what runs it (and on how many threads), how `auto` picked it, and a warning when that is a slow software fallback. */
export function BackendStatus() {
  const backend = useAppStore((state) => state.backend);
  const race = useAppStore((state) => state.backendRace);
  const helpers = useAppStore((state) => state.trainingThreads?.helpers ?? 0);
  return (
    <section className="backend" aria-label="Backend">
      <p>
        Backend: {backend ? <strong className="backend-name">{backend.name}</strong> : <span>starting…</span>}
        {backend && <span className="backend-detail"> · {backend.detail}</span>}
        {backend && helpers > 0 && <span className="backend-split"> · each batch split over {helpers + 1} threads ({helpers === 1 ? 'a helper' : `${helpers} helpers`} beside the trainer)</span>}
      </p>
      {race && <RaceLine race={race} />}
      {backend?.software && (
        <p className="warning" role="note">
          This backend runs on a software fallback, not a GPU: training will be slow. The WASM backend is usually faster
          here.
        </p>
      )}
    </section>
  );
}
