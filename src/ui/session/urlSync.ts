/**
 * The link holds every setting: the running model's config is written into the hash (with replaceState, so
 * there is no history entry per slider move, and debounced), and edits of the hash by the user are read back
 * with the same schema. While a change from the link waits for confirmation, the hash keeps the user's text.
 */
import { encodeConfig } from '../../config/codec';
import type { Config } from '../../config/schema';
import { useAppStore } from '../store';
import { debounce } from './debounce';

export const HASH_WRITE_DELAY_MS = 300;

export function linkFor(config: Config): string {
  return `${location.origin}${location.pathname}${location.search}#${encodeConfig(config)}`;
}

/** Starts keeping the hash and the store in step; `onLinkEdited` gets the hash text the user typed. */
export function startUrlSync(onLinkEdited: (text: string) => void): void {
  let written = '';
  const write = (config: Config) => {
    written = encodeConfig(config);
    if (location.hash.slice(1) !== written) history.replaceState(history.state, '', `#${written}`);
  };
  const writer = debounce(write, HASH_WRITE_DELAY_MS);
  write(useAppStore.getState().config);

  useAppStore.subscribe((state, previous) => {
    if (state.config === previous.config && state.pending === previous.pending) return;
    if (state.pending?.anchor === 'link') writer.cancel();
    else writer.schedule(state.config);
  });
  window.addEventListener('hashchange', () => {
    const text = location.hash.slice(1);
    if (text !== written) onLinkEdited(text);
  });
  window.addEventListener('pagehide', () => writer.flush());
}
