/**
 * The input made by hand in the link: its own part `in=<text>` after the settings (not a setting: the schema
 * knows nothing of it). The text is the task's own compact format (src/tasks/probe.ts), percent-encoded except
 * for a few characters that read well and are safe in a URL fragment. An oversized or undecodable part is named
 * and ignored.
 */

export const PROBE_KEY = 'in';
/** The longest `in=` text a link may carry (a Wikipedia text of 200 bytes, percent-encoded, fits). */
export const MAX_LINK_INPUT = 2000;

export interface LinkParts {
  /** The settings, as parseConfig reads them. */
  settings: string;
  /** The decoded input text, when the link has a usable one. */
  input: string | null;
  /** Why the link's input was ignored. */
  problem: string | null;
}

const shown = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** Splits a hash (with or without '#') into the settings and the input; the last `in=` part counts. */
export function splitLink(hash: string): LinkParts {
  const parts = hash.replace(/^#/, '').split('&');
  const inputs = parts.filter((part) => part.startsWith(`${PROBE_KEY}=`)).map((part) => part.slice(PROBE_KEY.length + 1));
  const settings = parts.filter((part) => !part.startsWith(`${PROBE_KEY}=`)).join('&');
  const raw = inputs[inputs.length - 1];
  if (raw === undefined) return { settings, input: null, problem: null };
  if (raw.length > MAX_LINK_INPUT) {
    return { settings, input: null, problem: `The input in the link (in=${shown(raw)}) is ${raw.length.toLocaleString('en-US')} characters long, over the ${MAX_LINK_INPUT.toLocaleString('en-US')} a link may carry: it was ignored.` };
  }
  try {
    return { settings, input: decodeURIComponent(raw), problem: null };
  } catch {
    return { settings, input: null, problem: `The input in the link (in=${shown(raw)}) is not valid URL encoding: it was ignored.` };
  }
}

/** The `&in=…` part for an input's text ('' for none). */
export function linkPart(text: string): string {
  if (text === '') return '';
  const escaped = encodeURIComponent(text).replace(/%2B/g, '+').replace(/%2C/g, ',').replace(/%3A/g, ':');
  return `&${PROBE_KEY}=${escaped}`;
}

/** What the page says about an input in a link that the task refuses. */
export const refusedLinkInput = (text: string, reason: string): string => `The input in the link (in=${shown(text)}) was ignored: ${reason}`;
