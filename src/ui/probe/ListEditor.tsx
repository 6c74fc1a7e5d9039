import { useState } from 'react';
import type { ProbeEditor } from '../../tasks/probe';
import { listItems } from '../../tasks/probe';
import { listText } from './editing';

type List = Extract<ProbeEditor, { kind: 'list' }>;

/**
 * Typed items (and, where the task gives a range, a slider per item to drag). The draft is the text as typed;
 * every change is read by the task's own parser (`onText`), which refuses what the task cannot represent.
 */
export function ListEditor({ editor, text, onText, normalize }: { editor: List; text: string; onText: (text: string) => void; normalize: (text: string) => string | null }) {
  const [draft, setDraft] = useState(() => listItems(text));
  const [shown, setShown] = useState(text);
  // An input set from elsewhere (a random one, the link) replaces the draft; the draft's own input (e.g. "0.50" for 0.5) does not.
  if (text !== shown) {
    setShown(text);
    if (normalize(listText(draft)) !== text) setDraft(listItems(text));
  }
  const change = (items: string[]) => {
    setDraft(items);
    onText(listText(items));
  };
  const [min, max] = editor.items;
  return (
    <div className="probe-list">
      {draft.map((item, index) => (
        <span className="probe-item" key={index}>
          <input
            type="text"
            inputMode="decimal"
            size={7}
            aria-label={`${editor.itemLabel} ${index + 1}`}
            value={item}
            onChange={(event) => change(draft.map((old, i) => (i === index ? event.target.value : old)))}
          />
          {editor.slider && (
            <input
              type="range"
              aria-label={`${editor.itemLabel} ${index + 1}, drag`}
              min={editor.slider[0]}
              max={editor.slider[1]}
              step={0.01}
              value={Number.isFinite(Number(item)) ? Number(item) : 0}
              onChange={(event) => change(draft.map((old, i) => (i === index ? event.target.value : old)))}
            />
          )}
        </span>
      ))}
      <div className="row-actions">
        <button type="button" disabled={draft.length >= max} onClick={() => change([...draft, '1'])}>
          Add a {editor.itemLabel.toLowerCase()}
        </button>
        <button type="button" disabled={draft.length <= min} onClick={() => change(draft.slice(0, -1))}>
          Remove the last
        </button>
      </div>
    </div>
  );
}
