/**
 * A Vite plugin that serves the git-ignored data/ folder (prepared by `npm run data:enwik8`) at /data/ in the dev
 * and preview servers. The data is not in public/ because a build must not copy ~100 MB of text into dist/.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

const PREFIX = '/data/';

export function serveDataFolder(root: string): Plugin {
  const serve = (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if (!request.url?.startsWith(PREFIX)) return next();
    let file: string;
    try {
      file = resolve(root, decodeURIComponent(request.url.slice(PREFIX.length).split('?')[0]));
    } catch {
      return next();
    }
    const isFile = (() => {
      try {
        return statSync(file).isFile();
      } catch {
        return false;
      }
    })();
    if (!file.startsWith(root + sep) || !isFile) {
      response.statusCode = 404;
      response.end('not found');
      return;
    }
    response.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    createReadStream(file).pipe(response);
  };
  return {
    name: 'serve-data-folder',
    configureServer: (server) => void server.middlewares.use(serve),
    configurePreviewServer: (server) => void server.middlewares.use(serve),
  };
}
