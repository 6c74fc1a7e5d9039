import { useId, useMemo, useState } from 'react';
import { useAppStore } from '../store';
import { DEFAULT_TEXT_NAME, type GivenText, type Reading, type WikiToWorker } from '../../worker/wikiProtocol';
import type { Config } from '../../config/schema';
import { ByteDetails } from './ByteDetails';
import { byteGlyphs } from './byteText';
import { finiteMean } from '../../data/charClass';
import { GiveText } from './GiveText';
import { PonderByClass } from './PonderByClass';
import { ReadingStrip } from './ReadingStrip';
import { WikiSource } from './WikiSource';
import { useWiki } from './wikiStore';
import './wiki.css';

/** What the panel asks of the training session. */
export interface WikiActions {
  sendWiki(message: WikiToWorker): void;
  /** Reads a text with the network (a probe: the same path as every task's input made by hand). */
  ask(text: GivenText): boolean;
  /** A new run that starts from the pretrained snapshot when it fits the settings. */
  loadPretrained(): void;
  adoptSettings(settings: Partial<Config>): void;
}

const ATTRIBUTION_URL = `${import.meta.env.BASE_URL}wiki/ATTRIBUTION.md`;
const ARTICLE_URL = 'https://en.wikipedia.org/wiki/Andrey_Markov';
const count = (n: number): string => n.toLocaleString('en-US');

function readingCaption(reading: Reading): string {
  const length = reading.bytes.length;
  const read = reading.totalBytes > length ? `the first ${count(length)} of ${count(reading.totalBytes)}` : count(length);
  const layered = (reading.stacks[0]?.length ?? 0) > 1 ? ' (summed over the layers, which ponder each on their own)' : '';
  return (
    `Read ${read} bytes of ${reading.name} at step ${reading.step}, in ${reading.window}-byte windows with the state reset at each ` +
    `(dashed lines), as in training. Mean ponder ${finiteMean(reading.ponder).toFixed(2)}, ${finiteMean(reading.loss).toFixed(2)} bits per ` +
    `character. Bars: ponder N per byte${layered}; under each character, the loss −log₂ p(next byte) and the entropy of its prediction ` +
    'of the next byte, in bits. Hover, click or use the arrow keys for details.'
  );
}

/** The Wikipedia task's view: the network reads a text; ponder, loss and entropy per character, live. */
export function WikiPanel({ actions }: { actions: WikiActions }) {
  const titleId = useId();
  const runId = useAppStore((state) => state.runId);
  const failed = useAppStore((state) => state.phase === 'failed');
  const reading = useWiki((state) => (state.reading?.runId === runId ? state.reading.reading : null));
  const [selected, setSelected] = useState(0);
  const [hovered, setHovered] = useState<number | null>(null);
  const glyphs = useMemo(() => (reading ? byteGlyphs(reading.bytes) : []), [reading]);
  const ponderMax = useMemo(() => (reading ? Math.max(2, Math.ceil(Math.max(...reading.ponder))) : 2), [reading]);
  const length = reading?.bytes.length ?? 0;
  const last = Math.max(0, length - 1);
  const index = Math.min(hovered ?? selected, last);

  return (
    <section className="panel panel-wide wiki-panel" aria-labelledby={titleId}>
      <header className="panel-header">
        <h2 id={titleId}>Reading with the network</h2>
      </header>
      <WikiSource actions={actions} />
      {reading ? (
        <>
          <p className="panel-caption reading-caption">{readingCaption(reading)}</p>
          {reading.name === DEFAULT_TEXT_NAME && (
            <p className="panel-caption">
              Text: “<a href={ARTICLE_URL}>Andrey Markov</a>” by Wikipedia contributors (revision of 24 January 2006, in enwik8), under the GFDL /
              CC BY-SA (<a href={ATTRIBUTION_URL}>attribution</a>).
            </p>
          )}
          <div className="wiki-reading">
            <div className="wiki-main">
              <ReadingStrip
                reading={reading}
                glyphs={glyphs}
                ponderMax={ponderMax}
                selected={Math.min(selected, last)}
                hovered={hovered}
                onSelect={setSelected}
                onHover={setHovered}
              />
              <ByteDetails reading={reading} glyphs={glyphs} index={index} />
            </div>
            <PonderByClass reading={reading} ponderMax={ponderMax} />
          </div>
        </>
      ) : (
        <p className="panel-waiting">{failed ? 'No model to read with: see the message above.' : 'The network is reading…'}</p>
      )}
      <GiveText read={(text) => actions.ask(text)} />
    </section>
  );
}
