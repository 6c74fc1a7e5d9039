/** What the UI does with each message of the current run's worker (the session handles the rest first). */
import type { BackendFailure, FromWorker } from '../../worker/protocol';
import { CURVE_WIDTH, unpackMetrics } from '../../worker/protocol';
import { addCurveRows, addEvaluation, addTruncationUpdate, dropCurvesAfter, setEvaluating, setProbeTrace, setTrace } from '../data/liveData';
import { useProbe } from '../probe/probeStore';
import { addNotice, useAppStore } from '../store';
import { setReading, setWikiStatus } from '../wiki/wikiStore';
import { lastCurveMetrics } from './curveMetrics';
import { useSessionStore } from './sessionStore';

export interface MessageHooks {
  /** A final evaluation: the run is recorded in Runs compared. */
  recordRun(): void;
  /** The run's metrics changed while paused (a single step). */
  steppedWhilePaused(): void;
  runningChanged(running: boolean): void;
  evaluated(step: number): void;
}

export function applyWorkerMessage(message: FromWorker, hooks: MessageHooks): void {
  const { phase } = useAppStore.getState();
  switch (message.type) {
    case 'ready':
      useAppStore.setState({ backend: message.backend, backendRace: message.race ?? null, trainingThreads: message.threads });
      if (message.failed.length > 0) addNotice(fallbackText(message.failed, message.backend.name));
      if (message.threads.note) addNotice(message.threads.note);
      return;
    case 'threads':
      useAppStore.setState({ trainingThreads: message.threads });
      if (message.threads.note) addNotice(message.threads.note);
      return;
    case 'progress':
      addCurveRows(message.rows);
      useAppStore.setState({ metrics: unpackMetrics(message.rows, message.rows.length / CURVE_WIDTH - 1, message.tau) });
      if (phase === 'paused') hooks.steppedWhilePaused();
      return;
    case 'trace':
      setTrace(message.trace);
      return;
    case 'truncation':
      addTruncationUpdate(message.update);
      return;
    case 'evaluating':
      setEvaluating(message.step);
      return;
    case 'evaluationDropped':
      setEvaluating(null);
      return;
    case 'evaluation':
      addEvaluation(message.snapshot);
      if (message.snapshot.final) hooks.recordRun();
      hooks.evaluated(message.snapshot.step);
      return;
    case 'state':
      useAppStore.setState({ phase: message.state });
      if (message.state === 'running') useSessionStore.setState({ divergence: null, restored: null });
      hooks.runningChanged(message.state === 'running');
      return;
    case 'diverged':
      dropCurvesAfter(message.restoredStep);
      useAppStore.setState({ metrics: lastCurveMetrics(message.restoredStep, useAppStore.getState().metrics?.tau) });
      useSessionStore.setState({ divergence: { step: message.step, what: message.what, restoredStep: message.restoredStep } });
      return;
    case 'stats':
      useSessionStore.setState({ memory: message.stats });
      return;
    case 'error':
      addNotice(message.message);
      if (phase === 'starting') useAppStore.setState({ phase: 'failed', backend: null });
      return;
    case 'origin':
      useSessionStore.setState({ origin: { runId: message.runId, origin: message.origin } });
      return;
    case 'wikiStatus':
      setWikiStatus(message.runId, message.status);
      return;
    case 'probed':
      if (message.answer.kind === 'reading') setReading(message.runId, message.answer.reading);
      else if (message.answer.task === useAppStore.getState().config.task) setProbeTrace(message.answer.trace);
      return;
    case 'probeRefused':
      if (message.task === useAppStore.getState().config.task) useProbe.setState({ refusal: `The network was not asked: ${message.message}` });
      return;
    case 'snapshot':
    case 'weights':
    case 'restoreFailed':
    case 'backendLost':
      return;
  }
}

function fallbackText(failed: BackendFailure[], used: string): string {
  const tried = failed.map(({ backend, reason }) => `${backend} (${reason})`).join('; ');
  return `These backends did not start: ${tried}. Training runs on ${used} instead; choose another Backend under Run to try again.`;
}
