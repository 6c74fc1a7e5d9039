/**
 * A character model reading bytes, for the commands `read` and `ponder-by-class`: per byte the updates N it
 * pondered, its loss on the next byte and the entropy of its prediction (bits), and the summary by character
 * class (src/data/charClass.ts) that the page's reading panel shows.
 */
import type { Config } from '../config/schema';
import type { ActModel } from '../core/model';
import { tracePonder } from '../core/trace';
import { ponderSettingsFor } from '../core/objective';
import type { Task } from '../tasks/task';
import { CLASS_LABELS, finiteMean, pauseAtBoundaries, statsByClass } from '../data/charClass';
import { readingBatch } from '../tasks/wiki';
import { predictionOf } from '../worker/wikiReading';
import { UsageError } from './args';

export interface ByteRecords {
  bytes: Uint8Array;
  ponder: Float32Array;
  /** −log2 p(next byte); NaN for the last byte (there is no next one). */
  loss: Float32Array;
  entropy: Float32Array;
}

/** Windows traced at once: bounds the memory of a long text. */
const WINDOWS_PER_PASS = 64;

/** Refuses a model that does not read bytes, with the reason. */
export function requireCharacterModel(task: Task, dir: string): void {
  if (!task.needsData) throw new UsageError(`${dir} is a model of the ${task.label} task; reading text needs a model of the character task (task=wiki)`, false);
}

/** Reads `bytes` as the page does: windows of the model's training length, the state reset at each window. */
export async function readBytes(model: ActModel, config: Config, bytes: Uint8Array): Promise<ByteRecords> {
  const out: ByteRecords = { bytes, ponder: new Float32Array(bytes.length), loss: new Float32Array(bytes.length), entropy: new Float32Array(bytes.length) };
  const span = WINDOWS_PER_PASS * config.window;
  for (let start = 0; start < bytes.length; start += span) {
    // One byte past the pass, so that its last byte is scored on its successor.
    const part = bytes.subarray(start, Math.min(start + span + 1, bytes.length));
    const traces = await tracePonder(model, readingBatch(part, config.window), ponderSettingsFor(config));
    const count = Math.min(span, bytes.length - start);
    for (let i = 0; i < count; i++) {
      const trace = traces[Math.floor(i / config.window)];
      const t = i % config.window;
      const units = trace.ponder[t] ?? [];
      const prediction = predictionOf(trace.logits[t], i + 1 < part.length ? part[i + 1] : null, 1);
      out.ponder[start + i] = units.length === 0 ? 1 : units.reduce((sum, unit) => sum + unit.steps, 0);
      out.loss[start + i] = prediction.loss;
      out.entropy[start + i] = prediction.entropy;
    }
  }
  return out;
}

/** A Markdown table of count, mean ponder and mean loss per character class, with bits per character and mean ponder over all. */
export function classTable(records: { bytes: Uint8Array; ponder: ArrayLike<number>; loss: ArrayLike<number> }): string {
  const rows = statsByClass(records.bytes, records.ponder, records.loss).map(
    (row) => `| ${CLASS_LABELS[row.charClass].replace(/\|/g, '\\|')} | ${row.count} | ${row.ponder.toFixed(3)} | ${row.loss.toFixed(2)} |`,
  );
  const pause = pauseAtBoundaries(records.bytes, records.ponder);
  return [
    `${records.bytes.length} bytes: ${finiteMean(records.loss).toFixed(3)} bits per character, mean ponder ${finiteMean(records.ponder).toFixed(3)}`,
    `mean ponder at spaces and punctuation ${pause.boundaries.toFixed(3)}, at letters inside words ${pause.insideWords.toFixed(3)}: ${pause.ratio.toFixed(2)}×`,
    '',
    '| class | bytes | mean ponder N | mean loss (bits) |',
    '|---|---:|---:|---:|',
    ...rows,
  ].join('\n');
}
