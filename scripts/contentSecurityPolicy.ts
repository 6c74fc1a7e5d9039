/**
 * A Vite plugin that puts the app under a Content-Security-Policy without 'unsafe-eval' (only 'wasm-unsafe-eval',
 * which WebAssembly needs), in dev and in the build:
 * - the page: a <meta http-equiv> written into index.html, so that the built files carry it to any host. Inline
 *   scripts are allowed by their hashes only (in dev, the React refresh preamble); dev also allows inline
 *   styles, which Vite injects for hot reloading.
 * - the training worker, which gets its policy from its own response, not from the page: a header on worker
 *   scripts from the dev and preview servers. It allows blob: scripts: the threaded WASM backend starts its
 *   threads as blob: workers that importScripts() the WASM glue from a blob: URL (TF.js builds both from its own
 *   bundled code; blob workers inherit this policy). Without blob: the threads never start and the backend hangs
 *   (what was once blamed on minification).
 * - the bench page (bench/page.html), which runs TF.js on the page itself, threads included: the page policy with
 *   the worker's blob: scripts.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HtmlTagDescriptor, Plugin } from 'vite';

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;

const join = (directives: Record<string, string[]>) =>
  Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');

export function pagePolicy(dev: boolean, scriptHashes: string[], wasmThreads = false): string {
  return join({
    'default-src': ["'self'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'", ...(wasmThreads ? ['blob:'] : []), ...scriptHashes.map((hash) => `'${hash}'`)],
    'style-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'connect-src': ["'self'", 'data:', 'blob:'],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
  });
}

export function workerPolicy(): string {
  return join({
    'default-src': ["'self'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'", 'blob:'],
    'connect-src': ["'self'", 'data:', 'blob:'],
    'worker-src': ["'self'", 'blob:'],
  });
}

const sha256 = (text: string) => `sha256-${createHash('sha256').update(text).digest('base64')}`;

function workerHeader() {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if (request.headers['sec-fetch-dest'] === 'worker') response.setHeader('Content-Security-Policy', workerPolicy());
    next();
  };
}

export function contentSecurityPolicy(): Plugin {
  let dev = false;
  return {
    name: 'content-security-policy',
    configResolved: (config) => void (dev = config.command === 'serve'),
    transformIndexHtml: {
      order: 'post',
      handler(html, { path }): HtmlTagDescriptor[] {
        const hashes = [...html.matchAll(INLINE_SCRIPT)].map((match) => sha256(match[1]));
        const policy = pagePolicy(dev, hashes, path.startsWith('/bench/'));
        return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' }];
      },
    },
    configureServer: (server) => void server.middlewares.use(workerHeader()),
    configurePreviewServer: (server) => void server.middlewares.use(workerHeader()),
  };
}
