/**
 * The session's side of probing: checks an input made by hand against the task's probe (the same check the
 * worker makes), keeps it per task and sends it to the worker, which answers it now and after every refresh.
 */
import type { Config } from '../../config/schema';
import { Rng, streamSeed } from '../../core/random';
import { isRefusal } from '../../tasks/probe';
import { getTask } from '../../tasks/registry';
import type { ProbeRequest } from '../../worker/probeProtocol';
import { useProbe } from './probeStore';

export interface Prober {
  /** Checks `value` for the config's task and, when the task can represent it, asks the network; else says why (in the store). */
  ask(config: Config, value: unknown): boolean;
  /** An input the generator could draw (of the given difficulty, if any): a fresh one on every call. */
  random(config: Config, difficulty?: number): unknown;
  /** Gives the config's task an input when it has none that fits its settings: the generator's first draw for the seed. */
  fit(config: Config): void;
  /** Sends every kept input again (a restarted worker knows none). */
  resend(): void;
}

export function createProber(send: (request: ProbeRequest) => void): Prober {
  let nextId = 1;
  let rng: { seed: number; rng: Rng } | null = null;
  const post = (task: string, input: unknown) => send({ id: nextId++, task, input });

  const prober: Prober = {
    ask(config, value) {
      const probe = getTask(config.task).probe;
      if (!probe) return false;
      const input = probe.check(config, value);
      if (isRefusal(input)) {
        useProbe.setState({ refusal: input.error });
        return false;
      }
      useProbe.setState((state) => ({ inputs: { ...state.inputs, [config.task]: input }, refusal: null }));
      post(config.task, input);
      return true;
    },
    random(config, difficulty) {
      if (rng?.seed !== config.seed) rng = { seed: config.seed, rng: new Rng(streamSeed(config.seed, 'probe')) };
      return getTask(config.task).probe?.random?.(config, rng.rng, difficulty);
    },
    fit(config) {
      const probe = getTask(config.task).probe;
      const kept = useProbe.getState().inputs[config.task];
      if (!probe?.random || (kept !== undefined && !isRefusal(probe.check(config, kept)))) return;
      rng = null;
      prober.ask(config, prober.random(config));
    },
    resend() {
      for (const [task, input] of Object.entries(useProbe.getState().inputs)) post(task, input);
    },
  };
  return prober;
}
