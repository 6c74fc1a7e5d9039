/**
 * The pretrained snapshots of the algorithmic tasks (the Wikipedia task's is handled with its text, in
 * wikiService.ts): a run that may start pretrained starts from the first of its task's snapshots that fits it.
 */
import type { Config } from '../config/schema';
import type { PresetName } from '../config/presets';
import type { LiveSettings, ResumeParts } from '../core/trainer';
import type { Fetcher } from './wikiData';
import { fetchSnapshot, snapshotStart, type SnapshotFiles } from './wikiSnapshot';

/** A snapshot trained for runs of one of its task's presets (other settings may fit it too: the model's shape decides). */
export interface ShippedSnapshot {
  task: string;
  preset: PresetName;
}

/** Its folder in public/models/: <task>-act for the quick preset, <task>-act-<preset> for another. */
export const snapshotFolder = ({ task, preset }: ShippedSnapshot): string => (preset === 'quick' ? `${task}-act` : `${task}-act-${preset}`);

const quick = (task: string): ShippedSnapshot => ({ task, preset: 'quick' });

/** The algorithmic tasks' snapshots (a test checks this list against public/models/). */
export const SHIPPED_SNAPSHOTS: readonly ShippedSnapshot[] = [
  ...['parity', 'logic', 'addition', 'sort', 'copy', 'adding', 'argmax', 'delaycopy'].map(quick),
  { task: 'parity', preset: 'paper' },
  { task: 'logic', preset: 'paper' },
];

/** What a run starts from, as the page shows it. */
export interface ModelOrigin {
  /** How the snapshot the run starts from was trained; null: a fresh model (or a saved run). */
  pretrained: string | null;
  /** The step the run starts at: the snapshot's, whose training Start continues (0 for a fresh model). */
  step: number;
  /** Why the snapshot that was asked for is not used. */
  problem: string | null;
  /** Whether the task ships a snapshot (the page then offers to load it). */
  available: boolean;
  /** The live settings the snapshot was trained with (null for a fresh model): see SnapshotStart.trainedWith. */
  trainedWith: LiveSettings | null;
}

export class TaskSnapshots {
  private readonly files = new Map<string, Promise<SnapshotFiles>>();

  constructor(
    private readonly fetcher: Fetcher,
    private readonly base: URL,
    private readonly shipped: readonly ShippedSnapshot[] = SHIPPED_SNAPSHOTS,
  ) {}

  /** Where a run of `config` starts: the first of the task's snapshots that fits it, if any, and what the page says. */
  async start(config: Config, wanted: boolean): Promise<{ resume?: ResumeParts; origin: ModelOrigin }> {
    const candidates = this.shipped.filter((snapshot) => snapshot.task === config.task);
    const available = candidates.length > 0;
    if (!wanted || !available) return { origin: { pretrained: null, step: 0, problem: null, available, trainedWith: null } };
    const reasons: string[] = [];
    for (const candidate of candidates) {
      try {
        const { resume, description, trainedWith } = snapshotStart(await this.fetched(snapshotFolder(candidate)), config);
        return { resume, origin: { pretrained: description, step: resume.step ?? 0, problem: null, available, trainedWith } };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        reasons.push(candidates.length > 1 ? `the ${candidate.preset} preset's: ${reason}` : reason);
      }
    }
    const which = candidates.length > 1 ? 'No pretrained snapshot fits' : 'The pretrained snapshot could not be used';
    return { origin: { pretrained: null, step: 0, problem: `${which} (${reasons.join('; ')}): this run starts from a fresh model.`, available, trainedWith: null } };
  }

  /** Downloads a snapshot's files once; a failed download is tried again next time. */
  private fetched(folder: string): Promise<SnapshotFiles> {
    let files = this.files.get(folder);
    if (!files) {
      files = fetchSnapshot(this.fetcher, this.base, folder);
      files.catch(() => this.files.delete(folder));
      this.files.set(folder, files);
    }
    return files;
  }
}
