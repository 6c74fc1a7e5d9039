/**
 * Writes public/wiki/default.txt, the text the Wikipedia task reads on a first visit: one whole genuine page of
 * enwik8 ("Andrey Markov", about 3 KB of XML, wiki markup, English and some Cyrillic), cut from the TEST split
 * of data/enwik8 so that a model trained on the train split has never read it.
 *
 *   npx tsx scripts/wiki-default-text.ts [--data DIR] [--out FILE]
 *
 * The page is in the test split of the 4,154,064-byte enwik8 head (../shared/data/enwik8-head.xml, split 90/5/5 by
 * `npm run data:enwik8 -- --from FILE`); the complete enwik8 has it in its train split, and the script then stops.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PAGE_TITLE = 'Andrey Markov';
const MIN_BYTES = 2_000;
const MAX_BYTES = 5_000;

/** The whole `<page>` element whose title is `title`, from the start of its line to the end of `</page>`. */
export function pageExcerpt(bytes: Uint8Array, title: string): Uint8Array {
  // One UTF-16 unit per byte, so string offsets are byte offsets.
  const text = new TextDecoder('latin1').decode(bytes);
  const titleAt = text.indexOf(`<title>${title}</title>`);
  if (titleAt < 0) throw new Error(`no page titled "${title}" in the test split (it is in the test split of the enwik8 head only)`);
  const pageAt = text.lastIndexOf('<page>', titleAt);
  const endAt = text.indexOf('</page>', titleAt);
  if (pageAt < 0 || endAt < 0) throw new Error(`the page "${title}" is cut off at the edge of the split`);
  return bytes.subarray(text.lastIndexOf('\n', pageAt) + 1, endAt + '</page>'.length);
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, out: { type: 'string' } } });
  const data = path.resolve(values.data ?? path.join(ROOT, 'data/enwik8'));
  const out = path.resolve(values.out ?? path.join(ROOT, 'public/wiki/default.txt'));
  const excerpt = pageExcerpt(await readFile(path.join(data, 'test.bin')), PAGE_TITLE);
  if (excerpt.length < MIN_BYTES || excerpt.length > MAX_BYTES) {
    throw new Error(`the excerpt has ${excerpt.length} bytes; expected ${MIN_BYTES}–${MAX_BYTES}`);
  }
  await writeFile(out, excerpt);
  process.stdout.write(`Wrote ${out}: the page "${PAGE_TITLE}" from ${path.join(data, 'test.bin')}, ${excerpt.length} bytes.\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
