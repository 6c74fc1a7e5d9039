import { useId, useState, type DragEvent } from 'react';
import { MAX_TEXT_BYTES, textToBytes } from '../../data/textInput';
import { READ_LIMIT, type GivenText } from '../../worker/wikiProtocol';
import { useWiki } from './wikiStore';

const count = (n: number): string => n.toLocaleString('en-US');

/** Checks a text (textInput.ts verdicts); an accepted one is read now, a refused one changes nothing. */
function accept(name: string, input: string | Uint8Array, read: (text: GivenText) => void): void {
  const verdict = textToBytes(input);
  if ('error' in verdict) {
    useWiki.setState({ verdict: { name, error: verdict.error } });
    return;
  }
  const text = { name, bytes: verdict.bytes };
  useWiki.setState({ given: text, verdict: { name, warnings: verdict.warnings } });
  read(text);
}

async function acceptFile(file: File, read: (text: GivenText) => void): Promise<void> {
  if (file.size > MAX_TEXT_BYTES) {
    useWiki.setState({ verdict: { name: file.name, error: `The file is too large: ${count(file.size)} bytes, the limit is ${count(MAX_TEXT_BYTES)} bytes (5 MB).` } });
    return;
  }
  try {
    accept(file.name, new Uint8Array(await file.arrayBuffer()), read);
  } catch (error) {
    useWiki.setState({ verdict: { name: file.name, error: `The file could not be read (${error instanceof Error ? error.message : String(error)}).` } });
  }
}

/** Paste, open or drop a text for the network to read. */
export function GiveText({ read }: { read: (text: GivenText) => void }) {
  const [pasted, setPasted] = useState('');
  const [dragging, setDragging] = useState(false);
  const verdict = useWiki((state) => state.verdict);
  const pasteId = useId();
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void acceptFile(file, read);
    else accept('dropped text', event.dataTransfer.getData('text/plain'), read);
  };
  return (
    <div
      className={`give-text${dragging ? ' give-text-dragging' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label htmlFor={pasteId}>Read your own text: paste it, open a file or drop one here (the first {count(READ_LIMIT)} bytes are read)</label>
      <textarea id={pasteId} rows={3} value={pasted} onChange={(event) => setPasted(event.target.value)} placeholder="Paste any text…" spellCheck={false} />
      <div className="row-actions">
        <button type="button" onClick={() => accept('pasted text', pasted, read)}>
          Read pasted text
        </button>
        <label className="file-button">
          Open a file…
          <input
            type="file"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void acceptFile(file, read);
            }}
          />
        </label>
      </div>
      {verdict && 'error' in verdict && (
        <p className="notice notice-error" role="alert">
          Not read: {verdict.name}: {verdict.error} The reading shown is kept.
        </p>
      )}
      {verdict && 'warnings' in verdict && verdict.warnings.length > 0 && (
        <div className="warning" role="status">
          {verdict.warnings.map((warning) => (
            <p key={warning}>
              {verdict.name}: {warning}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}
