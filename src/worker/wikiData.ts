/**
 * Text for the Wikipedia task in the browser: enwik8's splits as `npm run data:enwik8` writes them, when the
 * server has them at data/enwik8/ (the dev and preview servers do; a static build does not), the shipped
 * default excerpt, and text the user gives, split 90/10.
 */
import type { Enwik8Meta } from '../data/enwik8';
import type { TaskData } from '../tasks/task';
import { HELD_OUT_PARTS, type GivenText } from './wikiProtocol';

export type Fetcher = (url: URL) => Promise<Response>;

export const ENWIK8_PATH = 'data/enwik8/';
export const DEFAULT_TEXT_PATH = 'wiki/default.txt';
export const HOW_TO_GET_ENWIK8 =
  'To train on enwik8, run `npm run data:enwik8` (downloads it) or `npm run data:enwik8 -- --from FILE` (a local copy), then use `npm run dev` or `npm run preview`.';

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * The bytes at `url`; throws a message naming the file and what went wrong. None of the files is a web page, so
 * an HTML answer means the file is missing from a server that answers every path with the app's page.
 */
export async function fetchBytes(fetcher: Fetcher, url: URL): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetcher(url);
  } catch {
    throw new Error(`${url.pathname} could not be fetched (offline?)`);
  }
  if (!response.ok) throw new Error(`${url.pathname} is not on this server (HTTP ${response.status})`);
  if (response.headers.get('content-type')?.startsWith('text/html')) throw new Error(`${url.pathname} is not on this server (it answers with a web page)`);
  return new Uint8Array(await response.arrayBuffer());
}

function parseMeta(bytes: Uint8Array, url: URL): Enwik8Meta {
  let meta: Partial<Enwik8Meta>;
  try {
    meta = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Enwik8Meta>;
  } catch {
    throw new Error(`${url.pathname} is not JSON (this server answers with something else)`);
  }
  if (typeof meta?.totalBytes !== 'number' || typeof meta.splits?.train?.bytes !== 'number' || typeof meta.splits?.valid?.bytes !== 'number') {
    throw new Error(`${url.pathname} is not the meta.json of \`npm run data:enwik8\``);
  }
  return meta as Enwik8Meta;
}

async function fetchSplit(fetcher: Fetcher, base: URL, name: 'train' | 'valid', bytes: number): Promise<Uint8Array> {
  const url = new URL(`${ENWIK8_PATH}${name}.bin`, base);
  const data = await fetchBytes(fetcher, url);
  if (data.length !== bytes) throw new Error(`${url.pathname} has ${count(data.length)} bytes; meta.json says ${count(bytes)}`);
  return data;
}

/** enwik8's train split to train on and its valid split held out; throws saying why it cannot be had. */
export async function fetchEnwik8(fetcher: Fetcher, base: URL): Promise<TaskData> {
  const metaUrl = new URL(`${ENWIK8_PATH}meta.json`, base);
  const meta = parseMeta(await fetchBytes(fetcher, metaUrl), metaUrl);
  const [train, heldOut] = await Promise.all([
    fetchSplit(fetcher, base, 'train', meta.splits.train.bytes),
    fetchSplit(fetcher, base, 'valid', meta.splits.valid.bytes),
  ]);
  const what = meta.complete
    ? `enwik8 (${meta.source}: all ${count(meta.totalBytes)} bytes`
    : `the enwik8 head (${meta.source}: the first ${count(meta.totalBytes)} bytes of enwik8`;
  return {
    train,
    heldOut,
    source: `${what}, split 90/5/5): trains on its train split (${count(train.length)} bytes), holds out its valid split (${count(heldOut.length)} bytes)`,
  };
}

/** A text to train on: its first 90% trains, its last 10% is held out. */
export function givenTaskData(text: GivenText): TaskData {
  const cut = text.bytes.length - Math.floor(text.bytes.length / HELD_OUT_PARTS);
  return {
    train: text.bytes.subarray(0, cut),
    heldOut: text.bytes.subarray(cut),
    source: `${text.name} (${count(text.bytes.length)} bytes): trains on the first 90%, holds out the last 10%`,
  };
}
