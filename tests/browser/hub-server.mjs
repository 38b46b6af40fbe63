// A local stand-in for the Hugging Face Hub: the Hub's URL layout
// (/{org}/{model}/resolve/{revision}/{file}), CORS (Access-Control-Allow-Origin: *), HEAD, Range
// (206 + content-range, as transformers.js' get_file_metadata asks), content-length, 404 answers
// like the Hub's — plus faults for tests: cut a file mid-way, answer a status, or throttle.
//
//   const hub = await startHubServer(await makeHubFixture());   // serves test-org/tiny-bert
//   hub.host                                                   // http://127.0.0.1:PORT
//   hub.setFault('onnx/model_fp16.onnx', 'interrupt'); hub.setThrottle(4e6); await hub.close();
import { createServer } from 'node:http';
import { mkdtemp, mkdir, symlink, stat, rm } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep, extname } from 'node:path';
import { ROOT } from './harness.mjs';

const TYPES = { '.json': 'application/json; charset=utf-8', '.txt': 'text/plain; charset=utf-8' };
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Content-Length, Content-Range, ETag, Accept-Ranges, X-Error-Code, X-Error-Message',
};

/**
 * A Hub-layout directory holding the bundled model as `test-org/tiny-bert` (symlinks, no copies):
 * config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx, and onnx/model_fp16.onnx
 * (the same bytes, so a second variant exists for fault tests). No model_quantized.onnx: a 404.
 */
export async function makeHubFixture({ id = 'test-org/tiny-bert', variants = ['model.onnx', 'model_fp16.onnx'] } = {}) {
  const root = await mkdtemp(join(tmpdir(), 'attention-lens-hub-'));
  const src = join(ROOT, 'models/attention-lens-mini');
  const repo = join(root, id);
  await mkdir(join(repo, 'onnx'), { recursive: true });
  for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) await symlink(join(src, f), join(repo, f));
  for (const v of variants) await symlink(join(src, 'onnx/model.onnx'), join(repo, 'onnx', v));
  return { root, id, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Parses "/org/name/resolve/rev/path/to/file" → { repo, revision, file }. */
export function parseHubPath(pathname) {
  const m = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(pathname);
  if (!m) return null;
  return { repo: m[1], revision: decodeURIComponent(m[2]), file: m[3] };
}

export async function startHubServer(fixture, { port = 0 } = {}) {
  const root = resolve(fixture.root ?? fixture);
  /** file suffix → 'interrupt' | HTTP status */
  const faults = new Map();
  let throttle = 0; // bytes per second, 0 = unlimited
  const log = [];
  const sockets = new Set();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    log.push({ method: req.method, path: url.pathname, range: req.headers.range ?? null });
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...CORS, 'access-control-allow-methods': 'GET, HEAD', 'access-control-allow-headers': 'Range, Content-Type', 'access-control-max-age': '600' }).end();
      return;
    }
    const parsed = parseHubPath(url.pathname);
    const notFound = (code = 'EntryNotFound', message = 'Entry not found') =>
      res.writeHead(404, { ...CORS, 'content-type': 'text/plain; charset=utf-8', 'x-error-code': code, 'x-error-message': message }).end(message);
    if (!parsed || (req.method !== 'GET' && req.method !== 'HEAD')) return notFound('RepoNotFound', 'Repository not found');
    const path = join(root, decodeURIComponent(parsed.repo), decodeURIComponent(parsed.file));
    if (!path.startsWith(root + sep)) return notFound();
    const fault = [...faults].find(([suffix]) => parsed.file.endsWith(suffix))?.[1];
    if (typeof fault === 'number') {
      res.writeHead(fault, { ...CORS, 'content-type': 'text/plain' }).end(`fault ${fault}`);
      return;
    }
    let size;
    try {
      const st = await stat(path);
      if (!st.isFile()) return notFound();
      size = st.size;
    } catch {
      return notFound();
    }
    const headers = {
      ...CORS,
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'accept-ranges': 'bytes',
      etag: `"${size.toString(16)}"`,
      'cache-control': 'no-cache',
    };
    let start = 0;
    let end = size - 1;
    let status = 200;
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
      end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (start >= size || start > end) {
        res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` }).end();
        return;
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${size}`;
    }
    const length = end - start + 1;
    res.writeHead(status, { ...headers, 'content-length': String(length) });
    if (req.method === 'HEAD') return res.end();
    // 'interrupt': send the headers of the full file, half the bytes, then drop the connection.
    const cutAt = fault === 'interrupt' ? Math.floor(length / 2) : Infinity;
    let sent = 0;
    const t0 = Date.now();
    const stream = createReadStream(path, { start, end, highWaterMark: 256 * 1024 });
    stream.on('data', (chunk) => {
      if (sent + chunk.length > cutAt) {
        res.write(chunk.subarray(0, cutAt - sent));
        stream.destroy();
        setTimeout(() => res.socket?.destroy(), 50);
        return;
      }
      sent += chunk.length;
      const ok = res.write(chunk);
      if (throttle > 0) {
        const due = t0 + (sent / throttle) * 1000;
        const wait = due - Date.now();
        if (wait > 0) {
          stream.pause();
          setTimeout(() => stream.resume(), wait);
          return;
        }
      }
      if (!ok) {
        stream.pause();
        res.once('drain', () => stream.resume());
      }
    });
    stream.on('end', () => res.end());
    stream.on('error', () => res.socket?.destroy());
    res.on('close', () => stream.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  const host = `http://127.0.0.1:${server.address().port}`;
  return {
    host,
    log,
    url: (id, file, revision = 'main') => `${host}/${id}/resolve/${revision}/${file}`,
    /** fault: 'interrupt' | HTTP status; null clears it. */
    setFault(fileSuffix, fault) {
      if (fault === null) faults.delete(fileSuffix);
      else faults.set(fileSuffix, fault);
    },
    clearFaults: () => faults.clear(),
    /** Limit every body to this many bytes per second (0 = unlimited). */
    setThrottle(bytesPerSecond) {
      throttle = bytesPerSecond;
    },
    /** Stops the server at once (open downloads are cut), as if the machine went offline. */
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
