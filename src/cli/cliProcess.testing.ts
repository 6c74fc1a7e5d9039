/** For the CLI's end-to-end tests: the CLI started as a user starts it, in its own Node process. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export const jsonLines = (text: string): unknown[] => text.trim().split('\n').map((line) => JSON.parse(line) as unknown);

/** A temporary directory for one test file, removed after its tests. */
export function workDirectory(): string {
  const work = mkdtempSync(join(tmpdir(), 'act-cli-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  return work;
}
