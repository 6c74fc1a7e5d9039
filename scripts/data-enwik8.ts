/**
 * Gets enwik8 for the Wikipedia task: downloads it (or reads a local copy, zipped or raw, complete or a prefix),
 * checks it and writes its 90/5/5 byte splits plus meta.json to data/enwik8/ (served at /data/enwik8/ by the dev and preview servers, never copied into a build).
 *
 *   npm run data:enwik8                       download from mattmahoney.net
 *   npm run data:enwik8 -- --from FILE        a local copy (enwik8.zip, enwik8 or a prefix of it)
 *   options: --out DIR (write elsewhere), --url URL (download from elsewhere),
 *            --if-missing (nothing to do when meta.json exists; never fails, so that `npm run dev` starts)
 *
 * Files appear all at once: they are written under temporary names and renamed at the end, meta.json last.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ENWIK8_URL, SPLIT_NAMES, describeEnwik8, enwik8Meta, formatProgress, readEnwik8, splitBytes } from '../src/data/enwik8';

interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Io {
  stdout: Output;
  stderr: Output;
}

const DEFAULT_OUT = fileURLToPath(new URL('../data/enwik8', import.meta.url));
/** How long to wait for the server to answer before calling it unreachable (the body may take longer). */
const ANSWER_TIMEOUT_MS = 30_000;
const HOW_TO_GET = `To get the data: with internet, run \`npm run data:enwik8\`; or download ${ENWIK8_URL} elsewhere and run \`npm run data:enwik8 -- --from <file>\` (the zip, the unzipped enwik8, or a prefix of it).`;

const errorText = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
};

/** Writes progress at most every 100 ms on a terminal (one line, rewritten) and every second otherwise. */
function progressWriter(stream: Output): (text: string, done: boolean) => void {
  const interval = stream.isTTY ? 100 : 1000;
  let last = -Infinity;
  return (text, done) => {
    const now = performance.now();
    if (!done && now - last < interval) return;
    last = now;
    stream.write(stream.isTTY ? `\r\x1b[KDownloading: ${text}${done ? '\n' : ''}` : `Downloading: ${text}\n`);
  };
}

async function download(url: string, stderr: Output): Promise<Uint8Array> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`no answer within ${ANSWER_TIMEOUT_MS / 1000} s`)), ANSWER_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, { signal: abort.signal });
  } catch (error) {
    throw new Error(`Could not download ${url} (${errorText(error)}): are you offline?`);
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok || !response.body) throw new Error(`Could not download ${url}: the server answered HTTP ${response.status}.`);
  const total = Number(response.headers.get('content-length')) || undefined;
  const report = progressWriter(stderr);
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    chunks.push(chunk.value);
    received += chunk.value.length;
    report(formatProgress(received, total), false);
  }
  report(formatProgress(received, total), true);
  return Buffer.concat(chunks);
}

async function readLocal(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new Error(`Cannot read ${file} (${errorText(error)}).`);
  }
}

/** Writes every file under a temporary name, then renames them all, meta.json last (it marks a complete set). */
async function writeAtomically(out: string, files: [string, Uint8Array | string][]): Promise<void> {
  const temporary = (name: string): string => path.join(out, `.${name}.partial-${process.pid}`);
  await mkdir(out, { recursive: true });
  try {
    for (const [name, data] of files) await writeFile(temporary(name), data);
    await rm(path.join(out, 'meta.json'), { force: true });
    for (const [name] of files) await rename(temporary(name), path.join(out, name));
  } finally {
    await Promise.all(files.map(([name]) => rm(temporary(name), { force: true })));
  }
}

async function getData(from: string | undefined, url: string, out: string, io: Io): Promise<void> {
  const input = from ? await readLocal(from) : await download(url, io.stderr);
  const { bytes } = readEnwik8(input);
  io.stdout.write(`Read ${from ?? url}: ${describeEnwik8(bytes.length)}.\n`);
  const meta = enwik8Meta(from ? path.basename(from) : url, bytes, createHash('sha256').update(bytes).digest('hex'));
  const splits = splitBytes(bytes);
  await writeAtomically(out, [
    ...SPLIT_NAMES.map((name): [string, Uint8Array] => [`${name}.bin`, splits[name]]),
    ['meta.json', `${JSON.stringify(meta, null, 2)}\n`],
  ]);
  const listed = SPLIT_NAMES.map((name) => `${name}.bin ${meta.splits[name].bytes.toLocaleString('en-US')} bytes`);
  io.stdout.write(`Wrote ${out}: ${listed.join(', ')}, meta.json (sha256 ${meta.sha256}).\n`);
}

/** Runs the command; returns the exit code. */
export async function main(argv: string[], io: Io = process): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, out: { type: 'string' }, url: { type: 'string' }, 'if-missing': { type: 'boolean' } },
    }));
  } catch (error) {
    io.stderr.write(`error: ${errorText(error)}\nusage: data-enwik8 [--from FILE] [--out DIR] [--url URL] [--if-missing]\n`);
    return 1;
  }
  const out = path.resolve(values.out ?? DEFAULT_OUT);
  const ifMissing = values['if-missing'] === true;
  if (ifMissing && existsSync(path.join(out, 'meta.json'))) {
    io.stdout.write(`enwik8 is already in ${out}.\n`);
    return 0;
  }
  try {
    await getData(values.from, values.url ?? ENWIK8_URL, out, io);
    return 0;
  } catch (error) {
    io.stderr.write(`error: ${errorText(error)} Nothing was written.\n`);
    if (values.from) return 1;
    io.stderr.write(`${HOW_TO_GET}\n`);
    if (!ifMissing) return 1;
    io.stderr.write('Starting without it: the Wikipedia task explains the same and can read text you give it.\n');
    return 0;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
