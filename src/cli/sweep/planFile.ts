/**
 * A sweep planned for a batch scheduler: DIR/plan.json holds the runs in a fixed order, how they train and
 * the planner's project version; `sweep-run --plan DIR --index I` runs the I-th (0-based, as Slurm array task
 * ids and Kubernetes completion indexes count).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlannedRun } from './plan';
import type { RunSettings } from './runOne';

export interface SweepPlan {
  version: string;
  settings: RunSettings;
  runs: PlannedRun[];
}

export const planFileOf = (dir: string): string => join(dir, 'plan.json');

export async function writePlan(dir: string, plan: SweepPlan): Promise<void> {
  await writeFile(planFileOf(dir), `${JSON.stringify(plan, null, 2)}\n`);
}

function isPlan(value: unknown): value is SweepPlan {
  const plan = value as Partial<SweepPlan> | null;
  return (
    typeof plan === 'object' && plan !== null && typeof plan.version === 'string' && typeof plan.settings?.logEvery === 'number' &&
    Array.isArray(plan.runs) && plan.runs.every((run: Partial<PlannedRun>) => typeof run.id === 'string' && typeof run.config === 'string' && typeof run.steps === 'number')
  );
}

export async function readPlan(dir: string): Promise<SweepPlan> {
  const path = planFileOf(dir);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${path} (${error.code ?? error.message}); write it with \`sweep ... --plan-only --out ${dir}\``);
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not JSON: ${(error as Error).message}`);
  }
  if (!isPlan(value)) throw new Error(`${path} is not a sweep plan (version, settings, runs)`);
  return value;
}
