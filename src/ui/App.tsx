import { getTask } from '../tasks/registry';
import { BackendStatus } from './BackendStatus';
import { ConfigPanel } from './ConfigPanel';
import { ConfirmBar } from './controls/ConfirmBar';
import { MetricsPanel } from './MetricsPanel';
import { Notices } from './Notices';
import { DifficultyPanel } from './panels/DifficultyPanel';
import { PonderAlongSequencePanel } from './panels/PonderAlongSequencePanel';
import { ModelOriginLine } from './ModelOriginLine';
import { HaltingPanel } from './panels/HaltingPanel';
import { LearningCurves } from './panels/LearningCurves';
import { PonderPanel } from './panels/PonderPanel';
import { ProbePanel } from './probe/ProbePanel';
import { RunsPanel } from './panels/RunsPanel';
import { StatePanel } from './panels/StatePanel';
import { StepThrough } from './panels/StepThrough';
import { TruncationPanel } from './panels/TruncationPanel';
import { RunControls } from './RunControls';
import { RunFiles } from './session/RunFiles';
import { SessionNotices } from './session/SessionNotices';
import type { TrainingSession } from './session/trainingSession';
import { useAppStore } from './store';
import { WikiPanel } from './wiki/WikiPanel';

export function App({ session }: { session: TrainingSession }) {
  const task = getTask(useAppStore((state) => state.config.task));
  const adaptiveTruncation = useAppStore((state) => state.config.tbpttDelta > 0);
  const linkChange = useAppStore((state) => (state.pending?.anchor === 'link' ? state.pending : null));
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
        <SessionNotices session={session} />
        {linkChange && <ConfirmBar pending={linkChange} onConfirm={session.confirmPending} onCancel={session.cancelPending} />}
        <section className="overview" aria-label="Run">
          <div className="task">
            <h2>{task.label}</h2>
            <p>{task.description}</p>
          </div>
          <BackendStatus />
          <RunControls session={session} />
          {task.id !== 'wiki' && <ModelOriginLine session={session} />}
          <RunFiles session={session} />
          <MetricsPanel />
        </section>
        <div className="panels">
          {task.id === 'wiki' && <WikiPanel actions={session} />}
          <ProbePanel actions={session} />
          <LearningCurves />
          {adaptiveTruncation && <TruncationPanel />}
          <PonderPanel />
          <HaltingPanel />
          <StepThrough />
          <StatePanel />
          <DifficultyPanel />
          <PonderAlongSequencePanel />
          <RunsPanel />
        </div>
      </main>
    </div>
  );
}
