/**
 * The shard protocol (gradientShards.ts) over an in-process port, as the CLI's worker threads and the page's Web
 * Workers use it: a trainer on such shards follows the whole-batch run, a shard is restarted for a new model, and
 * a thread that dies or fails is a ShardFailed (the trainer then goes on alone).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { configOf } from '../config/testing';
import { initBackend } from '../core/backend';
import { ShardFailed } from '../core/shards';
import { createTrainer, modelSpecOf } from './engine';
import { PortShard, shardServer, startShards, type ShardMessage, type ShardPort, type ShardReply } from './gradientShards';

/** A port whose thread is this one: messages are handled a turn later, as a real thread's would be. */
function localPort(): ShardPort & { kill(why: string): void; posted: ShardMessage['kind'][]; terminated: boolean } {
  let replied: (reply: ShardReply) => void = () => undefined;
  let stopped: (why: string) => void = () => undefined;
  const serve = shardServer((reply) => setTimeout(() => replied(reply)), () => Promise.resolve());
  const port = {
    posted: [] as ShardMessage['kind'][],
    terminated: false,
    post(message: ShardMessage) {
      port.posted.push(message.kind);
      setTimeout(() => serve(message));
    },
    listen(onReply: (reply: ShardReply) => void, onStop: (why: string) => void) {
      replied = onReply;
      stopped = onStop;
    },
    terminate() {
      port.terminated = true;
    },
    kill: (why: string) => stopped(why),
  };
  return port;
}

const LOGIC = configOf('task=logic&logicLength=3&maxGates=3&cell=lstm&hidden=8&batch=12&maxSteps=5&ponderTarget=2&lr=0.01');

beforeAll(() => initBackend('cpu'));

describe('gradient shards over a port', () => {
  it('train as the whole batch does, to float rounding; a new model restarts them', async () => {
    const whole = createTrainer(LOGIC);
    const wholeLosses = [await whole.step(), await whole.step()].map((step) => step.loss);
    const ports = [localPort(), localPort()];
    const shards = await startShards(ports.map((port, i) => new PortShard(port, `helper ${i + 1}`)), modelSpecOf(LOGIC), 'cpu');
    const split = createTrainer(LOGIC, undefined, { shards });
    const splitLosses = [await split.step(), await split.step()].map((step) => step.loss);
    splitLosses.forEach((loss, i) => expect(loss).toBeCloseTo(wholeLosses[i], 5));
    expect(ports.map((port) => port.posted)).toEqual([['start', 'compute', 'compute'], ['start', 'compute', 'compute']]);

    // The next run, another model: the same threads, started again.
    const parity = configOf('task=parity&bits=4&hidden=6&batch=12&seed=2');
    await startShards(shards, modelSpecOf(parity), 'cpu');
    const next = createTrainer(parity, undefined, { shards });
    const alone = createTrainer(parity);
    expect((await next.step()).loss).toBeCloseTo((await alone.step()).loss, 5);
    [whole, split, next, alone].forEach((trainer) => trainer.dispose());
    shards.forEach((shard) => shard.dispose());
    expect(ports.every((port) => port.terminated)).toBe(true);
  });

  it('a thread that dies: its step is redone by the trainer alone, and the shard refuses from then on', async () => {
    const port = localPort();
    const [shard] = await startShards([new PortShard(port, 'helper 1')], modelSpecOf(LOGIC), 'cpu');
    const trainer = createTrainer(LOGIC, undefined, { shards: [shard] });
    await trainer.step();
    const stepping = trainer.step();
    port.kill('out of memory');
    await stepping;
    expect(trainer.split.failure).toBe('helper 1 stopped: out of memory');
    expect(trainer.split.count).toBe(0);
    expect(shard.alive).toBe(false);
    await expect(shard.compute({ weights: [], batch: undefined!, settings: undefined! })).rejects.toBeInstanceOf(ShardFailed);
    trainer.dispose();
  });

  it('an error in the thread is a ShardFailed that names the thread', async () => {
    const shard = new PortShard(localPort(), 'helper 3');
    // Not started: the thread has no model for the request.
    await expect(shard.compute({ weights: [], batch: undefined!, settings: undefined! })).rejects.toThrow(new ShardFailed('helper 3: a gradient shard got a request before it was started'));
  });

  it('if one thread cannot start, all are ended', async () => {
    const ports = [localPort(), localPort()];
    const shards = ports.map((port, i) => new PortShard(port, `helper ${i + 1}`));
    const starting = startShards(shards, modelSpecOf(LOGIC), 'cpu');
    ports[1].kill('no memory for the backend');
    await expect(starting).rejects.toThrow('helper 2 stopped: no memory for the backend');
    expect(ports.every((port) => port.terminated)).toBe(true);
  });
});
