// A tiny static server for the demo and the browser tests (node:http, no dependencies).
//   node scripts/serve.mjs [dir=www] [port=8080]
// Paths under /csp/ are served from the same files with a strict Content-Security-Policy header;
// under /csp-tt/, the same policy allowing storylink's Trusted Types policy (for its worker).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.txt': 'text/plain; charset=utf-8', '.ts': 'text/plain; charset=utf-8',
};

export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "require-trusted-types-for 'script'; trusted-types 'none'; object-src 'none'; base-uri 'none'";

/** Starts a server for `dir` on 127.0.0.1:`port` (0 = any); resolves to the node server. */
export function serve(dir, port = 0) {
  const base = resolve(dir);
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    if (path.startsWith('/csp/')) {
      path = path.slice(4);
      headers['Content-Security-Policy'] = STRICT_CSP;
    } else if (path.startsWith('/csp-tt/')) {
      // the same, with storylink's Trusted Types policy allowed (its analysis worker may start)
      path = path.slice(7);
      headers['Content-Security-Policy'] = STRICT_CSP.replace("trusted-types 'none'", 'trusted-types storylink');
    }
    let file = normalize(join(base, path));
    if (!file.startsWith(base)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      headers['Content-Type'] = MIME[extname(file)] || 'application/octet-stream';
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] || 'www';
  const port = Number(process.argv[3] || process.env.PORT || 8080);
  const server = await serve(dir, port);
  console.log(`storylink demo: http://127.0.0.1:${server.address().port}/`);
}
