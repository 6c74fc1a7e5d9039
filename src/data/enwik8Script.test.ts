/** scripts/data-enwik8.ts end to end: real files in a temp folder, downloads from a local HTTP server. */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../scripts/data-enwik8';
import type { Enwik8Meta } from './enwik8';

const HEAD_FILE = fileURLToPath(new URL('../../../shared/data/enwik8-head.xml', import.meta.url));
const HEAD = readFileSync(HEAD_FILE);
const HEAD_SHA256 = 'd8b3b95fb4993726ea7dcc93ae3c9e08a1a04cc540d05d7656fd267cc8ab5d6a';

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'enwik8-script-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

let runs = 0;
/** A fresh output folder name (not created). */
const freshOut = (): string => path.join(work, `out-${++runs}`);

async function runOn(isTTY: boolean, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text), isTTY },
    stderr: { write: (text: string) => (stderr += text), isTTY },
  });
  return { code, stdout, stderr };
}

const run = (...args: string[]) => runOn(false, args);

/** The splits and meta of an output folder, checked against the input they came from. */
function expectSplitsOf(out: string, input: Uint8Array): Enwik8Meta {
  expect(readdirSync(out).sort()).toEqual(['meta.json', 'test.bin', 'train.bin', 'valid.bin']);
  const meta = JSON.parse(readFileSync(path.join(out, 'meta.json'), 'utf8')) as Enwik8Meta;
  const parts = ['train', 'valid', 'test'].map((name) => readFileSync(path.join(out, `${name}.bin`)));
  expect(parts.map((part) => part.length)).toEqual([meta.splits.train.bytes, meta.splits.valid.bytes, meta.splits.test.bytes]);
  expect(Buffer.compare(Buffer.concat(parts), input)).toBe(0);
  expect(meta.sha256).toBe(createHash('sha256').update(input).digest('hex'));
  expect(meta.totalBytes).toBe(input.length);
  return meta;
}

/** A path to a new file in the temp folder holding `data`. */
function inputFile(name: string, data: Uint8Array | string): string {
  const file = path.join(work, name);
  writeFileSync(file, data);
  return file;
}

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('data-enwik8 --from', () => {
  it('splits the shared head 90/5/5 and says it is a prefix', async () => {
    const out = freshOut();
    const { code, stdout, stderr } = await run('--from', HEAD_FILE, '--out', out);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('a prefix of 4,154,064 bytes: split 90/5/5 by the same proportions');
    const meta = expectSplitsOf(out, HEAD);
    expect(meta).toMatchObject({ source: 'enwik8-head.xml', complete: false, totalBytes: 4_154_064, sha256: HEAD_SHA256 });
    expect(meta.splits).toEqual({
      train: { offset: 0, bytes: 3_738_657 },
      valid: { offset: 3_738_657, bytes: 207_703 },
      test: { offset: 3_946_360, bytes: 207_704 },
    });
  });

  it('reads a zip holding enwik8', async () => {
    const out = freshOut();
    const zip = inputFile('head.zip', zipSync({ enwik8: HEAD }));
    const { code } = await run('--from', zip, '--out', out);
    expect(code).toBe(0);
    expect(expectSplitsOf(out, HEAD).sha256).toBe(HEAD_SHA256);
  });

  const badInputs: [string, () => string, RegExp][] = [
    ['an empty file', () => inputFile('empty.xml', ''), /empty/],
    ['a file that is not enwik8', () => inputFile('other.xml', '<?xml version="1.0"?>\n<html>hello</html>\n'), /not enwik8/],
    ['a zip without enwik8', () => inputFile('other.zip', zipSync({ 'enwik8.txt': HEAD.subarray(0, 1000) })), /no entry named "enwik8"/],
    ['a missing file', () => path.join(work, 'missing.xml'), /Cannot read .*missing\.xml/],
  ];
  for (const [what, file, message] of badInputs) {
    it(`fails on ${what}, writing nothing`, async () => {
      const out = freshOut();
      const { code, stdout, stderr } = await run('--from', file(), '--out', out);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr).toContain('Nothing was written.');
      expect(existsSync(out)).toBe(false);
    });
  }

  it('leaves earlier splits as they were when a later run fails', async () => {
    const out = freshOut();
    expect((await run('--from', HEAD_FILE, '--out', out)).code).toBe(0);
    expect((await run('--from', inputFile('empty2.xml', ''), '--out', out)).code).toBe(1);
    expectSplitsOf(out, HEAD);
  });

  it('refuses unknown options', async () => {
    const { code, stderr } = await run('--form', HEAD_FILE);
    expect(code).toBe(1);
    expect(stderr).toMatch(/usage: data-enwik8/);
  });
});

describe('data-enwik8 download', () => {
  const prefix = HEAD.subarray(0, 1_000_000);
  // Stored, not deflated: a zip as large as the prefix, so that the download takes several chunks.
  const zip = zipSync({ enwik8: prefix }, { level: 0 });
  let server: ReturnType<typeof createServer>;
  let url: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url !== '/enwik8.zip') return void response.writeHead(404).end();
      response.writeHead(200, { 'content-length': zip.length, 'content-type': 'application/zip' }).end(zip);
    }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/enwik8.zip`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('downloads, reports progress, unzips and splits', async () => {
    const out = freshOut();
    const { code, stdout, stderr } = await run('--url', url, '--out', out);
    expect(code).toBe(0);
    const lines = stderr.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(lines.every((line) => /^Downloading: [\d.]+ MB of [\d.]+ MB \([\d.]+%\)$/.test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(/\(100\.0%\)$/);
    expect(stdout).toContain(`Read ${url}: a prefix of 1,000,000 bytes`);
    expect(expectSplitsOf(out, prefix)).toMatchObject({ source: url, complete: false });
  });

  it('rewrites a single progress line on a terminal', async () => {
    const { code, stderr } = await runOn(true, ['--url', url, '--out', freshOut()]);
    expect(code).toBe(0);
    const [before, ...updates] = stderr.split('\r\x1b[K');
    expect(before).toBe('');
    expect(updates.every((update) => update.startsWith('Downloading: '))).toBe(true);
    expect(updates.at(-1)).toMatch(/\(100\.0%\)\n$/);
    expect(stderr.split('\n')).toHaveLength(2);
  });

  it('does nothing with --if-missing when the data is there', async () => {
    const out = freshOut();
    expect((await run('--url', url, '--out', out)).code).toBe(0);
    const unreachable = `http://127.0.0.1:${await closedPort()}/enwik8.zip`;
    const { code, stdout, stderr } = await run('--if-missing', '--url', unreachable, '--out', out);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/already in/);
  });

  it('fails on an HTTP error, writing nothing', async () => {
    const out = freshOut();
    const { code, stderr } = await run('--url', url.replace('enwik8.zip', 'nothing.zip'), '--out', out);
    expect(code).toBe(1);
    expect(stderr).toMatch(/HTTP 404/);
    expect(existsSync(out)).toBe(false);
  });

  it('explains how to get the data when offline: exit 1, or 0 with --if-missing so that `npm run dev` starts', async () => {
    const unreachable = `http://127.0.0.1:${await closedPort()}/enwik8.zip`;
    const out = freshOut();
    const plain = await run('--url', unreachable, '--out', out);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/Could not download .* are you offline\?/);
    expect(plain.stderr).toContain('npm run data:enwik8 -- --from <file>');
    const dev = await run('--if-missing', '--url', unreachable, '--out', out);
    expect(dev.code).toBe(0);
    expect(dev.stderr).toContain('npm run data:enwik8 -- --from <file>');
    expect(dev.stderr).toMatch(/Starting without it/);
    expect(existsSync(out)).toBe(false);
  });
});
