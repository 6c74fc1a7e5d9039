/**
 * The pretrained snapshots of the algorithmic tasks (the Wikipedia task's is handled with its text, in
 * wikiService.ts): a run that may start pretrained starts from its task's snapshot when one is shipped and fits.
 */
import type { Config } from '../config/schema';
import type { ActModel } from '../core/model';
import type { Fetcher } from './wikiData';
import { fetchSnapshot, snapshotModel, type SnapshotFiles } from './wikiSnapshot';

/** The algorithmic tasks with a snapshot in public/models/<task>-act/ (a test checks this list against the folder). */
export const SHIPPED_SNAPSHOTS: readonly string[] = ['parity', 'logic', 'addition', 'sort', 'copy', 'adding', 'argmax', 'delaycopy'];

/** What a run starts from, as the page shows it. */
export interface ModelOrigin {
  /** How the snapshot the run starts from was trained; null: a fresh model (or a saved run). */
  pretrained: string | null;
  /** Why the snapshot that was asked for is not used. */
  problem: string | null;
  /** Whether the task ships a snapshot (the page then offers to load it). */
  available: boolean;
}

export class TaskSnapshots {
  private readonly files = new Map<string, Promise<SnapshotFiles>>();

  constructor(
    private readonly fetcher: Fetcher,
    private readonly base: URL,
    private readonly shipped: readonly string[] = SHIPPED_SNAPSHOTS,
  ) {}

  /** The snapshot's model for a run of `config`, if the task ships one and it fits, and what the page says. */
  async start(config: Config, wanted: boolean): Promise<{ model?: ActModel; origin: ModelOrigin }> {
    const available = this.shipped.includes(config.task);
    if (!wanted || !available) return { origin: { pretrained: null, problem: null, available } };
    try {
      const { model, description } = snapshotModel(await this.fetched(config.task), config);
      return { model, origin: { pretrained: description, problem: null, available } };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { origin: { pretrained: null, problem: `The pretrained snapshot could not be used (${reason}): this run starts from a fresh model.`, available } };
    }
  }

  /** Downloads a task's files once; a failed download is tried again next time. */
  private fetched(task: string): Promise<SnapshotFiles> {
    let files = this.files.get(task);
    if (!files) {
      files = fetchSnapshot(this.fetcher, this.base, task);
      files.catch(() => this.files.delete(task));
      this.files.set(task, files);
    }
    return files;
  }
}
