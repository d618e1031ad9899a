#!/usr/bin/env node
/**
 * A tiny static file server for the browser example (and the browser tests):
 * serves the repository over http://localhost with the two headers that make
 * a page cross-origin isolated, which browsers require before they expose
 * `SharedArrayBuffer`:
 *
 *   Cross-Origin-Opener-Policy: same-origin
 *   Cross-Origin-Embedder-Policy: require-corp
 *
 * Run `npm run build`, then `node examples/browser/server.mjs` and open
 * http://localhost:8080/examples/browser/ (PORT=... picks another port).
 *
 * Any server works for your own app as long as it sends these headers on the
 * page and on its worker scripts; this one is for local use only.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/** The headers that make a document (and the workers it starts) cross-origin isolated. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Starts a static server for the files under `root`.
 *
 * @param {object} [options]
 * @param {string} [options.root] - the folder served as `/` (default: the repository root).
 * @param {number} [options.port] - 0 picks a free port.
 * @param {string} [options.host] - the interface to listen on (default 127.0.0.1: this machine only).
 * @param {(url: URL) => boolean} [options.isolate] - whether to send the isolation headers for a request (default: always).
 * @returns {Promise<{ url: string, close: () => Promise<void> }>} `url` is the origin, e.g. http://127.0.0.1:8080
 */
export function startServer({
  root = fileURLToPath(new URL('../../', import.meta.url)),
  port = 8080,
  host = '127.0.0.1',
  isolate = () => true,
} = {}) {
  const base = resolve(root);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    let path = normalize(join(base, decodeURIComponent(url.pathname)));
    if (path !== base && !path.startsWith(base + sep)) return send(response, 403, 'forbidden');
    let stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        response.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      path = join(path, 'index.html');
      stat = statSync(path, { throwIfNoEntry: false });
    }
    if (!stat?.isFile()) return send(response, 404, `not found: ${url.pathname}`);
    response.writeHead(200, {
      'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': 'no-store',
      ...(isolate(url) ? ISOLATION_HEADERS : {}),
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(path).pipe(response);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const name = host.includes(':') ? `[${host}]` : host;
      resolvePromise({
        url: `http://${name}:${typeof address === 'object' && address ? address.port : port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

function send(response, status, text) {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
}

// Run directly: serve the repository and print the example's address.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const port = Number(process.env.PORT ?? 8080);
  await startServer({ port });
  console.log(
    `serving the repository with COOP/COEP headers; open http://localhost:${port}/examples/browser/ (Ctrl-C stops)`,
  );
}
