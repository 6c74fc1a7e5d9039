/**
 * Drives a TrainingService in Node tests: the CPU backend, every posted message kept, the Trainers it builds
 * kept (read-only access for tests, e.g. to corrupt a weight), and a way to wait for a message.
 */
import * as tf from '@tensorflow/tfjs';
import { parseConfig } from '../config/codec';
import type { BackendInfo } from '../core/backend';
import { Trainer, type StepMetrics } from '../core/trainer';
import { CURVE_WIDTH, unpackMetrics, type FromWorker } from './protocol';
import { TrainingService, type ServiceOptions } from './trainingService';
import { createTrainer } from '../run/engine';

export const SMALL_RUN = parseConfig('task=parity&bits=6&hidden=8&batch=16&seed=3').config;

export async function startCpu(): Promise<BackendInfo> {
  await tf.setBackend('cpu');
  return { name: 'cpu', detail: 'plain JavaScript', software: false };
}

type MessageOf<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;

export function serviceHarness(options: Partial<ServiceOptions> = {}) {
  const messages: FromWorker[] = [];
  /** What each message handed over to be transferred, by the message's index. */
  const transfers: Transferable[][] = [];
  const trainers: Trainer[] = [];
  const delayed: Array<() => void> = [];
  const service = new TrainingService(
    {
      post: (message, transfer = []) => {
        messages.push(message);
        transfers.push(transfer);
      },
      nextTurn: () => new Promise((resolve) => setImmediate(resolve)),
      later: (task) => delayed.push(task),
    },
    {
      environment: {},
      startBackend: startCpu,
      createTrainer: (config, data, trainerOptions) => {
        const trainer = createTrainer(config, data, trainerOptions);
        trainers.push(trainer);
        return trainer;
      },
      ...options,
    },
  );
  const all = <T extends FromWorker['type']>(type: T) => messages.filter((message): message is MessageOf<T> => message.type === type);
  /** Waits until `count` messages of `type` have been posted, and returns the last of them. */
  const nth = async <T extends FromWorker['type']>(type: T, count = 1, timeoutMs = 10_000): Promise<MessageOf<T>> => {
    const deadline = Date.now() + timeoutMs;
    while (all(type).length < count) {
      if (Date.now() > deadline) throw new Error(`no ${type} message #${count} came; got ${messages.map((m) => m.type).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return all(type)[count - 1];
  };
  /** Runs the tasks the service deferred (the baseline evaluation). */
  const runDelayed = () => delayed.splice(0).forEach((task) => task());
  return { service, messages, transfers, trainers, all, nth, runDelayed };
}

/** The metrics of every step in the progress messages, in order. */
export function stepsIn(messages: readonly FromWorker[]): StepMetrics[] {
  return messages.flatMap((message) =>
    message.type === 'progress' ? Array.from({ length: message.rows.length / CURVE_WIDTH }, (_, row) => unpackMetrics(message.rows, row)) : [],
  );
}
