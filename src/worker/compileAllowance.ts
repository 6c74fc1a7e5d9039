/**
 * A GPU backend compiles its shaders the first time each kind of work runs on a model (the forward pass of a
 * trace, an evaluation batch, a training step): on a software renderer on a slow machine that blocks the worker for
 * tens of seconds, longer than the page's watchdog lets a silent worker live (heartbeat.ts). Each first run on a GPU
 * backend announces that gap before it starts, so the page does not take the compiling worker for a dead one and
 * restart it (the new worker would compile again, and be restarted again).
 */
import type { BackendName } from '../core/backend';

/** How long a GPU backend's first run of a kind of work (shader compilation) may block the worker. */
export const COMPILE_ALLOWANCE_MS = 120_000;

/** The backends that compile kernels on first use. */
const COMPILING: ReadonlySet<BackendName> = new Set(['webgl', 'webgpu']);

export class CompileAllowance {
  private readonly compiled = new Set<string>();
  private open = 0;

  /** `expectGap` announces a gap to the page's watchdog (heartbeat.ts); 0 withdraws it. */
  constructor(private readonly expectGap: (ms: number) => void) {}

  /** A new model or backend: each kind of work compiles anew. */
  forget(): void {
    this.compiled.clear();
  }

  /** Runs `work`; the first run of `kind` on a compiling backend is announced, and withdrawn once no first run is left. */
  async around<T>(backend: BackendName | undefined, kind: string, work: () => Promise<T>): Promise<T> {
    if (!backend || !COMPILING.has(backend) || this.compiled.has(kind)) return work();
    if (this.open++ === 0) this.expectGap(COMPILE_ALLOWANCE_MS);
    try {
      const result = await work();
      this.compiled.add(kind);
      return result;
    } finally {
      if (--this.open === 0) this.expectGap(0);
    }
  }
}
