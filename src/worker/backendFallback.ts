/**
 * Starting a backend with a way out: when the chosen one (or `auto`'s pick) does not start, the next in
 * webgpu → webgl → wasm → cpu is tried, and every failure is kept so that the UI can say what happened. A GPU
 * backend reached as a fallback that runs on a software renderer is passed over while WASM is still to come, the
 * rule `auto` follows: there it is many times slower than WASM (an SDNC step: 874 ms on SwiftShader WebGL).
 */
import type { BackendChoice } from '../config/schema';
import type { BackendEnvironment, BackendInfo, BackendName } from '../core/backend';
import type { BackendFailure } from './protocol';

export type BackendStarter = (choice: BackendChoice, env: BackendEnvironment) => Promise<BackendInfo>;

const ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/**
 * The backends to try, in order. `auto` picks among all four itself, so it comes first only while none is to be
 * avoided (a backend that was lost during this page's life).
 */
export function backendChain(choice: BackendChoice, avoid: readonly BackendName[]): BackendChoice[] {
  const usable = (name: BackendName) => !avoid.includes(name);
  if (choice === 'auto') return avoid.length === 0 ? ['auto', 'webgl', 'wasm', 'cpu'] : ORDER.filter(usable);
  const rest = ORDER.slice(ORDER.indexOf(choice)).filter(usable);
  return rest.length > 0 ? rest : ['cpu'];
}

export async function startBackendWithFallback(
  choice: BackendChoice,
  avoid: readonly BackendName[],
  start: BackendStarter,
  env: BackendEnvironment,
): Promise<{ info: BackendInfo; failed: BackendFailure[] }> {
  const failed: BackendFailure[] = [];
  const chain = backendChain(choice, avoid);
  for (const [index, candidate] of chain.entries()) {
    try {
      const info = await start(candidate, env);
      if (candidate !== choice && info.software && info.name !== 'wasm' && info.name !== 'cpu' && chain.slice(index + 1).includes('wasm')) {
        failed.push({ backend: candidate, reason: `it runs on a software renderer, not a GPU (${info.detail}): WASM is usually much faster` });
        continue;
      }
      return { info, failed };
    } catch (error) {
      failed.push({ backend: candidate, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  throw new Error(`No backend could start: ${failed.map(({ backend, reason }) => `${backend}: ${reason}`).join('; ')}.`);
}

/** The backend the worker runs on: started when a run needs it (with the fallback), forgotten once lost. */
export class BackendSlot {
  private current: { choice: BackendChoice; key?: string; info: BackendInfo } | null = null;

  constructor(
    private readonly start: BackendStarter,
    private readonly env: BackendEnvironment,
    /** Arranges for `lost` to be called if a started backend stops working under the model (a lost GPU device). */
    private readonly watch?: (info: BackendInfo, lost: (reason: string) => void) => void,
  ) {}

  get info(): BackendInfo | null {
    return this.current?.info ?? null;
  }

  /**
   * Starts the chosen backend unless it already runs; says which were tried first and failed. `via`: a starter
   * of its own for this choice (the measured race of `auto`), whose pick holds for `key` (a config shape) only.
   */
  async ensure(
    choice: BackendChoice,
    avoid: readonly BackendName[],
    lost: (info: BackendInfo, reason: string) => void,
    via?: { key: string; start: BackendStarter },
  ): Promise<BackendFailure[]> {
    if (this.current?.choice === choice && this.current.key === via?.key && !avoid.includes(this.current.info.name)) return [];
    this.current = null;
    const { info, failed } = await startBackendWithFallback(choice, avoid, via?.start ?? this.start, this.env);
    this.current = { choice, key: via?.key, info };
    this.watch?.(info, (reason) => {
      if (this.current?.info !== info) return;
      this.current = null;
      lost(info, reason);
    });
    return failed;
  }
}
