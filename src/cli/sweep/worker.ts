/** One sweep run in its own process: this CLI's `train --json`, its stdout read back line by line. */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TrainLine } from '../trainOutput';
import { parseTrainLine } from '../trainOutput';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

export interface WorkerResult {
  code: number;
  lines: TrainLine[];
}

/**
 * Runs `train` with these flags in a child Node (started the way this process was), its stderr to logFile;
 * onLine sees each line of its output as it arrives.
 */
export function runTrainProcess(trainFlags: readonly string[], logFile: string, onLine?: (line: TrainLine) => void): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, MAIN, 'train', ...trainFlags], { stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(logFile);
    child.stderr.pipe(log);
    let stdout = '';
    let seen = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (!onLine) return;
      const end = stdout.lastIndexOf('\n') + 1;
      const complete = stdout.slice(seen, end).split('\n').filter((line) => line.trim() !== '');
      seen = Math.max(seen, end);
      for (const line of complete) {
        try {
          onLine(parseTrainLine(line));
        } catch {
          // A malformed line is reported once the process has ended (below), where it fails the run.
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      log.end(() => {
        try {
          const lines = stdout.split('\n').filter((line) => line.trim() !== '').map(parseTrainLine);
          resolve({ code: code ?? 1, lines });
        } catch (error) {
          reject(error);
        }
      });
    });
  });
}
