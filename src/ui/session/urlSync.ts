/**
 * The link holds every setting: the running model's config is written into the hash (with replaceState, so
 * there is no history entry per slider move, and debounced), and edits of the hash by the user are read back
 * with the same schema. While a change from the link waits for confirmation, the hash keeps the user's text.
 * The input made by hand for the task rides along as `&in=…` (probeLink.ts).
 */
import { encodeConfig } from '../../config/codec';
import type { Config } from '../../config/schema';
import { linkPart } from '../probe/probeLink';
import { probeLinkText, useProbe } from '../probe/probeStore';
import { useAppStore } from '../store';
import { debounce } from './debounce';

export const HASH_WRITE_DELAY_MS = 300;

/** The hash of a config, with the input made by hand for its task (`&in=…`) when there is one that fits a link. */
function hashFor(config: Config): string {
  return `${encodeConfig(config)}${linkPart(probeLinkText(config))}`;
}

export function linkFor(config: Config): string {
  return `${location.origin}${location.pathname}${location.search}#${hashFor(config)}`;
}

/** Starts keeping the hash and the store in step; `onLinkEdited` gets the hash text the user typed. */
export function startUrlSync(onLinkEdited: (text: string) => void): void {
  let written = '';
  const write = (config: Config) => {
    written = hashFor(config);
    if (location.hash.slice(1) !== written) history.replaceState(history.state, '', `#${written}`);
  };
  const writer = debounce(write, HASH_WRITE_DELAY_MS);
  write(useAppStore.getState().config);

  useAppStore.subscribe((state, previous) => {
    if (state.config === previous.config && state.pending === previous.pending) return;
    if (state.pending?.anchor === 'link') writer.cancel();
    else writer.schedule(state.config);
  });
  useProbe.subscribe((state, previous) => {
    const { config, pending } = useAppStore.getState();
    if (state.inputs !== previous.inputs && pending?.anchor !== 'link') writer.schedule(config);
  });
  window.addEventListener('hashchange', () => {
    const text = location.hash.slice(1);
    if (text !== written) onLinkEdited(text);
  });
  window.addEventListener('pagehide', () => writer.flush());
}
