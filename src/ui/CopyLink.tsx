import { useRef, useState } from 'react';
import { linkFor } from './session/urlSync';
import { useAppStore } from './store';

type CopyState = { kind: 'idle' } | { kind: 'copied' } | { kind: 'manual'; link: string };

/** Copies the link of the current settings; where the clipboard is refused, shows it selected for Ctrl+C. */
export function CopyLink() {
  const [state, setState] = useState<CopyState>({ kind: 'idle' });
  const fieldRef = useRef<HTMLInputElement>(null);
  const copy = async () => {
    const link = linkFor(useAppStore.getState().config);
    try {
      await navigator.clipboard.writeText(link);
      setState({ kind: 'copied' });
      setTimeout(() => setState((current) => (current.kind === 'copied' ? { kind: 'idle' } : current)), 2500);
    } catch {
      setState({ kind: 'manual', link });
      requestAnimationFrame(() => fieldRef.current?.select());
    }
  };
  return (
    <span className="copy-link">
      <button type="button" onClick={() => void copy()}>
        Copy link
      </button>
      <span role="status" className="copy-status">
        {state.kind === 'copied' && 'Link copied: it reproduces this run (same seed, same backend).'}
      </span>
      {state.kind === 'manual' && (
        <span className="copy-manual">
          <label htmlFor="copy-link-field">The clipboard is not available here; press Ctrl+C (⌘C) to copy:</label>
          <input id="copy-link-field" ref={fieldRef} readOnly value={state.link} onFocus={(event) => event.target.select()} />
          <button type="button" className="small" onClick={() => setState({ kind: 'idle' })}>
            Done
          </button>
        </span>
      )}
    </span>
  );
}
