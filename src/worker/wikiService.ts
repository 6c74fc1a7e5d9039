/**
 * The worker's side of the Wikipedia task: which text trains the next run (enwik8 when served, else the user's
 * text, else the shipped excerpt), the text the model reads until the user gives one, and the pretrained snapshot a run may start from.
 * Other tasks read no text and get nothing from it. Downloads are kept once they succeed.
 */
import type { Config } from '../config/schema';
import type { ResumeParts } from '../core/trainer';
import { getTask } from '../tasks/registry';
import type { TaskData } from '../tasks/task';
import type { Fetcher } from './wikiData';
import { DEFAULT_TEXT_PATH, HOW_TO_GET_ENWIK8, fetchBytes, fetchEnwik8, givenTaskData } from './wikiData';
import { DEFAULT_TEXT_NAME, minimumTrainingBytes, type GivenText, type WikiStatus } from './wikiProtocol';
import type { SnapshotFiles } from './wikiSnapshot';
import { describeSpec, fetchSnapshot, snapshotStart, type SnapshotStart } from './wikiSnapshot';
import { modelSpecOf } from '../run/engine';

/** What a run starts from: the pretrained snapshot (when it fits), a fresh model, or a saved run being restored. */
export type RunStart = 'pretrained' | 'fresh' | 'saved';

/** What a new run of a task gets: for the Wikipedia task its text, maybe the snapshot's model, and its status. */
export interface WikiRun {
  data?: TaskData;
  /** The pretrained snapshot's model and where its training continues, when the run starts from it. */
  resume?: ResumeParts;
  status?: WikiStatus;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const count = (n: number): string => n.toLocaleString('en-US');

/** Caches a download once it succeeds; a failed one is tried again next time. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | null = null;
  return () => {
    kept ??= load().catch((error: unknown) => {
      kept = null;
      throw error;
    });
    return kept;
  };
}

export class WikiService {
  private trainingText: GivenText | null = null;
  private readonly enwik8: () => Promise<TaskData>;
  private readonly snapshot: () => Promise<SnapshotFiles>;
  private readonly defaultText: () => Promise<GivenText>;

  constructor(fetcher: Fetcher, base: URL) {
    this.enwik8 = once(() => fetchEnwik8(fetcher, base));
    this.snapshot = once(() => fetchSnapshot(fetcher, base));
    this.defaultText = once(async () => ({ name: DEFAULT_TEXT_NAME, bytes: await fetchBytes(fetcher, new URL(DEFAULT_TEXT_PATH, base)) }));
  }

  /** The text the next runs train on; null: enwik8 again (or the excerpt when enwik8 is not served). */
  trainOn(text: GivenText | null): void {
    this.trainingText = text;
  }

  /** The text a new run with `config` trains on and, when it starts from the snapshot, the snapshot's model if it fits. */
  async prepare(config: Config, start: RunStart): Promise<WikiRun> {
    if (!getTask(config.task).needsData) return {};
    const { data, dataKind, enwik8Problem } = await this.dataFor(config.window);
    let snapshot: SnapshotStart | undefined;
    let snapshotProblem: string | null = null;
    if (start === 'pretrained') {
      try {
        snapshot = snapshotStart(await this.snapshot(), config);
      } catch (error) {
        snapshotProblem = `The pretrained snapshot could not be used (${message(error)}): this run starts from a fresh model.`;
      }
    }
    const spec = describeSpec(modelSpecOf(config));
    const model = snapshot?.description ?? (start === 'saved' ? `a saved run (${spec}), continued` : `a fresh model (${spec}, seed ${config.seed})`);
    return {
      data,
      resume: snapshot?.resume,
      status: { data: data.source, dataKind, enwik8Problem, model, pretrained: snapshot !== undefined, step: snapshot?.resume.step ?? 0, trainedWith: snapshot?.trainedWith ?? null, snapshotProblem },
    };
  }

  /** What a run of `config` reads until the user gives a text: the shipped excerpt (nothing for tasks that read no text). */
  async defaultInput(config: Config): Promise<GivenText | undefined> {
    return getTask(config.task).needsData ? this.defaultText() : undefined;
  }

  private async dataFor(window: number): Promise<Pick<WikiStatus, 'dataKind' | 'enwik8Problem'> & { data: TaskData }> {
    if (this.trainingText) return { data: checkedText(this.trainingText, window), dataKind: 'given', enwik8Problem: null };
    try {
      return { data: await this.enwik8(), dataKind: 'enwik8', enwik8Problem: null };
    } catch (error) {
      const enwik8Problem = `enwik8 is not served here: ${message(error)}. ${HOW_TO_GET_ENWIK8}`;
      try {
        return { data: checkedText(await this.defaultText(), window), dataKind: 'default', enwik8Problem };
      } catch (excerptError) {
        throw new Error(`${enwik8Problem} The default text cannot stand in: ${message(excerptError)}`);
      }
    }
  }
}

/** The text split 90/10; throws when its held-out tenth cannot hold one window and the byte after it. */
function checkedText(text: GivenText, window: number): TaskData {
  const needed = minimumTrainingBytes(window);
  if (text.bytes.length < needed) {
    throw new Error(
      `${text.name} has ${count(text.bytes.length)} bytes: too few to train on with ${window}-byte windows (its held-out last 10% must hold a window and the byte after it, so at least ${count(needed)} bytes). Give a longer text or choose a shorter window.`,
    );
  }
  return givenTaskData(text);
}
