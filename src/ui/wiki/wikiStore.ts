/**
 * The Wikipedia task's state in the UI: what the worker said about the run's text and model, the latest reading,
 * and the text the user gave last (kept so that it can also be trained on). Worker messages carry their run, so
 * that a reset hides what the replaced model read.
 */
import { create } from 'zustand';
import type { RunId } from '../../worker/protocol';
import type { GivenText, Reading, WikiStatus } from '../../worker/wikiProtocol';

/** What became of the latest text the user gave: refused, or accepted with warnings (maybe none). */
export type InputVerdict = { name: string; error: string } | { name: string; warnings: string[] };

export interface WikiState {
  status: { runId: RunId; status: WikiStatus } | null;
  reading: { runId: RunId; reading: Reading } | null;
  /** The last text the user gave that was accepted, whatever it is used for. */
  given: GivenText | null;
  verdict: InputVerdict | null;
}

export const useWiki = create<WikiState>()(() => ({ status: null, reading: null, given: null, verdict: null }));

export const setWikiStatus = (runId: RunId, status: WikiStatus): void => useWiki.setState({ status: { runId, status } });

export const setReading = (runId: RunId, reading: Reading): void => useWiki.setState({ reading: { runId, reading } });
