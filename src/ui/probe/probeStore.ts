/**
 * The inputs made by hand, one per task (kept while the page lives, so switching tasks and back keeps each), and
 * what went wrong with the latest one. The answers live with the other traces (liveData: the probe's trace) and,
 * for the Wikipedia task's text, in wikiStore (its reading).
 */
import { create } from 'zustand';
import type { Config } from '../../config/schema';
import { getTask } from '../../tasks/registry';
import { isRefusal } from '../../tasks/probe';

export interface ProbeState {
  /** Per task id: the input asked about (always one its probe's `check` accepted). */
  inputs: Record<string, unknown>;
  /** Why the latest edit or link input was not used (the input before it is kept), or why the worker refused one. */
  refusal: string | null;
}

export const useProbe = create<ProbeState>()(() => ({ inputs: {}, refusal: null }));

/** The link's text of the config's task's input ('' when there is none, or it is too long to share). */
export function probeLinkText(config: Config): string {
  const probe = getTask(config.task).probe;
  const input = useProbe.getState().inputs[config.task];
  if (!probe || input === undefined) return '';
  const checked = probe.check(config, input);
  return isRefusal(checked) ? '' : (probe.format(checked) ?? '');
}
