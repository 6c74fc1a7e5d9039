/**
 * Gradient shards (core/shards.ts) in other threads, over any message port: the CLI's Node worker threads
 * (cli/gradientWorkers.ts) and the page's Web Workers (worker/helperThreads.ts) speak this one protocol. A thread
 * is started with a model spec (again for each new run: it drops the old model) and then answers one request at a
 * time with its part's gradients.
 */
import type { BackendChoice } from '../config/schema';
import { ActModel, type ModelSpec } from '../core/model';
import { Rng } from '../core/random';
import { computeShard, ShardFailed, type GradientShard, type ShardRequest, type ShardResult } from '../core/shards';

export type ShardMessage = { kind: 'start'; spec: ModelSpec; backend: BackendChoice } | { kind: 'compute'; request: ShardRequest };
export type ShardReply = { kind: 'ready' } | { kind: 'result'; result: ShardResult } | { kind: 'failed'; message: string };

/** The thread's side: `serve` handles each message as it comes (they come one at a time) and answers through `reply`. */
export function shardServer(
  reply: (message: ShardReply, transfer?: ArrayBuffer[]) => void,
  startBackend: (backend: BackendChoice) => Promise<unknown>,
): (message: ShardMessage) => void {
  let started: BackendChoice | undefined;
  let model: ActModel | undefined;
  let head: ModelSpec['head'] | undefined;

  async function handle(message: ShardMessage): Promise<void> {
    if (message.kind === 'start') {
      if (started !== message.backend) await startBackend(message.backend);
      started = message.backend;
      model?.dispose();
      // The weights come with every request: the initial ones here are overwritten by the first.
      model = new ActModel(message.spec, new Rng(0));
      head = message.spec.head;
      reply({ kind: 'ready' });
      return;
    }
    if (!model || !head) throw new Error('a gradient shard got a request before it was started');
    const result = await computeShard(model, head, message.request);
    reply({ kind: 'result', result }, result.gradients.map((gradient) => gradient.buffer as ArrayBuffer));
  }

  return (message) => {
    handle(message).catch((error: unknown) => reply({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }));
  };
}

/** The trainer's view of a thread: how to message it, hear it and end it. */
export interface ShardPort {
  post(message: ShardMessage, transfer?: ArrayBuffer[]): void;
  /** `stopped` is called once if the thread dies (an uncaught error, out of memory, killed). */
  listen(replied: (reply: ShardReply) => void, stopped: (why: string) => void): void;
  terminate(): void;
}

/** A gradient shard in another thread. A failure or a dead thread rejects with ShardFailed: the trainer goes on without it. */
export class PortShard implements GradientShard {
  private waiting?: { resolve(reply: ShardReply): void; reject(error: Error): void };
  private stopped?: ShardFailed;

  constructor(private readonly port: ShardPort, readonly name: string) {
    port.listen(
      (reply) => {
        const waiting = this.waiting;
        this.waiting = undefined;
        if (reply.kind === 'failed') waiting?.reject(new ShardFailed(`${name}: ${reply.message}`));
        else waiting?.resolve(reply);
      },
      (why) => {
        this.stopped = new ShardFailed(`${name} stopped: ${why}`);
        this.waiting?.reject(this.stopped);
        this.waiting = undefined;
      },
    );
  }

  /** Builds a model of `spec` there (dropping the one it had); resolves when it is ready for requests. */
  async start(spec: ModelSpec, backend: BackendChoice): Promise<void> {
    const reply = await this.ask({ kind: 'start', spec, backend });
    if (reply.kind !== 'ready') throw new ShardFailed(`${this.name} answered ${reply.kind} to its start`);
  }

  async compute(request: ShardRequest): Promise<ShardResult> {
    const reply = await this.ask({ kind: 'compute', request });
    if (reply.kind !== 'result') throw new ShardFailed(`${this.name} answered ${reply.kind} to a request`);
    return reply.result;
  }

  get alive(): boolean {
    return this.stopped === undefined;
  }

  dispose(): void {
    this.stopped ??= new ShardFailed(`${this.name} was ended`);
    this.port.terminate();
  }

  private ask(message: ShardMessage): Promise<ShardReply> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (this.waiting) return Promise.reject(new ShardFailed(`${this.name} is busy`));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.port.post(message);
    });
  }
}

/** Starts a model of `spec` in every shard; if any fails, all are ended and the error is thrown. */
export async function startShards(shards: PortShard[], spec: ModelSpec, backend: BackendChoice): Promise<PortShard[]> {
  try {
    await Promise.all(shards.map((shard) => shard.start(spec, backend)));
    return shards;
  } catch (error) {
    shards.forEach((shard) => shard.dispose());
    throw error;
  }
}
