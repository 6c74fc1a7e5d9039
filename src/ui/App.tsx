import { getTask } from '../tasks/registry';
import { BackendStatus } from './BackendStatus';
import { ConfigPanel } from './ConfigPanel';
import { MetricsPanel } from './MetricsPanel';
import { Notices } from './Notices';
import { RunControls } from './RunControls';
import { useAppStore } from './store';
import type { TrainingSession } from './trainingSession';

export function App({ session }: { session: TrainingSession }) {
  const task = getTask(useAppStore((state) => state.config.task));
  return (
    <div className="app">
      <header className="app-header">
        <h1>ACT Playground</h1>
        <p>Adaptive Computation Time recurrent networks (Graves, 2016), trained in your browser.</p>
      </header>
      <aside className="sidebar" aria-label="Settings">
        <ConfigPanel session={session} />
      </aside>
      <main className="main">
        <Notices />
        <section className="task" aria-label="Task">
          <h2>{task.label}</h2>
          <p>{task.description}</p>
        </section>
        <BackendStatus />
        <RunControls session={session} />
        <MetricsPanel />
      </main>
    </div>
  );
}
