// A local stand-in for the Hugging Face Hub that behaves like the real one where a download can tell:
//
//  - the Hub's URL layout: /{org}/{model}/resolve/{revision}/{file}; revision = a branch ("main") or a commit sha
//    (40 hex), resolved to a commit (x-repo-commit on every answer); unknown revisions → 404 RevisionNotFound
//  - /api/models/{id}/revision/{rev} (and /api/models/{id}): model info JSON with "sha", like the Hub API
//  - LFS files (*.onnx, or anything ≥ lfsThreshold bytes) answer 302 to a second origin, the CDN
//    (http://localhost:PORT/repos/aa/bb/<sha256>?…: another host, so the test build's 127.0.0.1 host permission
//    does not cover it and the browser really applies CORS there), with x-linked-size, x-linked-etag ("<sha256>")
//    and etag; small files answer 200 directly with etag "<git blob sha1>"
//  - CORS on both origins (Access-Control-Allow-Origin: *, exposed X-Repo-Commit / X-Linked-* / ETag /
//    Content-Range / Accept-Ranges), OPTIONS preflights, HEAD, Range requests (206 + content-range; 416 past the
//    end), content-length. The CDN sends no Cross-Origin-Resource-Policy by default (CORS-mode fetch() under the
//    extension pages' COEP require-corp needs none; { corp: true } adds `cross-origin` to compare)
//  - commits: pushCommit(id, { file: bytes | path }) moves `main` to a new sha whose files differ; the old sha stays
//    resolvable, as on the Hub
//  - faults for tests: cut a file mid-way ('interrupt', or { cutAt: fraction of the whole file }), answer a status,
//    fail once, throttle
//
//   const hub = await startHubServer(hubFixtureRoot());       // serves tests/fixtures/hub (test-org/tiny-*-mlm)
//   hub.host  hub.cdnHost  hub.url(id, file)  hub.sha(id)  hub.pushCommit(id, files)  hub.setFault(…)  hub.close()
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, symlink, stat, rm, readdir } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join, resolve, sep, extname, relative } from 'node:path';
import { ROOT } from './harness.mjs';

const TYPES = { '.json': 'application/json; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.md': 'text/markdown; charset=utf-8' };
const EXPOSE =
  'X-Repo-Commit, X-Request-Id, X-Error-Code, X-Error-Message, X-Total-Count, ETag, Link, Accept-Ranges, Content-Range, Content-Length, X-Linked-Size, X-Linked-ETag';
const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': EXPOSE };
const PREFLIGHT = {
  ...CORS,
  'access-control-allow-methods': 'GET, HEAD, OPTIONS',
  'access-control-allow-headers': 'Range, Content-Type, If-None-Match, If-Range',
  'access-control-max-age': '600',
};

/**
 * A Hub-layout directory holding the bundled model as `test-org/tiny-bert` (symlinks, no copies): config.json,
 * tokenizer.json, tokenizer_config.json and onnx/model.onnx (fp32) — only what the bundled model really is.
 * withFixtures: also every repository of hubFixtureRoot() (test-org/tiny-*-mlm, all six variants each).
 */
export async function makeHubFixture({ id = 'test-org/tiny-bert', withFixtures = false } = {}) {
  const root = await mkdtemp(join(tmpdir(), 'attention-lens-hub-'));
  const src = join(ROOT, 'models/attention-lens-mini');
  const repo = join(root, id);
  await mkdir(join(repo, 'onnx'), { recursive: true });
  for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) await symlink(join(src, f), join(repo, f));
  if (withFixtures) {
    for (const org of await readdir(hubFixtureRoot(), { withFileTypes: true })) {
      if (!org.isDirectory()) continue;
      await mkdir(join(root, org.name), { recursive: true });
      for (const r of await readdir(join(hubFixtureRoot(), org.name))) await symlink(join(hubFixtureRoot(), org.name, r), join(root, org.name, r));
    }
  }
  return { root, id, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** tests/fixtures/hub: test-org/tiny-bert-mlm, tiny-distilbert-mlm, tiny-roberta-mlm with all six variants each. */
export function hubFixtureRoot() {
  return join(ROOT, 'tests/fixtures/hub');
}

/** Parses "/org/name/resolve/rev/path/to/file" → { repo, revision, file }. */
export function parseHubPath(pathname) {
  const m = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(pathname);
  if (!m) return null;
  return { repo: m[1], revision: decodeURIComponent(m[2]), file: m[3] };
}

/** Range header → { start, end } of a file of `size` bytes; null = no (usable) range; 'unsatisfiable'. */
export function parseRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header ?? '');
  if (!m || (!m[1] && !m[2])) return null;
  let start;
  let end;
  if (!m[1]) {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

const sha1 = (...parts) => {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/** A file the server can send: bytes on disk or in memory. */
function source(from) {
  if (Buffer.isBuffer(from) || from instanceof Uint8Array) {
    const buf = Buffer.from(from);
    return {
      size: buf.length,
      open: (start, end, piece = 256 * 1024) => {
        const parts = [];
        for (let at = start; at <= end; at += piece) parts.push(buf.subarray(at, Math.min(end + 1, at + piece)));
        return Readable.from(parts);
      },
      hash: async (alg) => createHash(alg).update(buf).digest('hex'),
    };
  }
  return {
    size: null,
    path: from,
    open: (start, end, piece = 256 * 1024) => createReadStream(from, { start, end, highWaterMark: piece }),
    hash: (alg, prefix) =>
      new Promise((res, rej) => {
        const h = createHash(alg);
        if (prefix) h.update(prefix);
        createReadStream(from, { highWaterMark: 4 << 20 })
          .on('data', (c) => h.update(c))
          .on('end', () => res(h.digest('hex')))
          .on('error', rej);
      }),
  };
}

export async function startHubServer(fixture, options = {}) {
  const { port = 0, cdnPort = 0, lfsThreshold = 10 * 1024 * 1024, corp = false, cdnHostname = 'localhost' } = options;
  const root = resolve(fixture.root ?? fixture);
  /** file suffix → { fault: 'interrupt' | status | { cutAt }, once } */
  const faults = new Map();
  let throttle = 0; // bytes per second, 0 = unlimited
  const log = [];
  const sockets = new Set();
  /** repo id → { commits: Map(sha → { parent, files: Map(file → override source) }), branches: Map(name → sha) } */
  const repos = new Map();
  /** sha256 → source, for the CDN */
  const blobs = new Map();
  const hashCache = new Map();
  let cdnHost = '';

  async function repoState(id) {
    if (repos.has(id)) return repos.get(id);
    const dir = join(root, id);
    if (!dir.startsWith(root + sep)) return null;
    let st;
    try {
      st = await stat(dir);
    } catch {
      return null;
    }
    if (!st.isDirectory()) return null;
    // The first commit's sha: a digest of the repository's file list (names, sizes, times), stable across runs.
    const listing = [];
    const walk = async (d) => {
      for (const e of await readdir(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) await walk(p);
        else {
          const s = await stat(p);
          listing.push(`${relative(dir, p)}:${s.size}:${Math.round(s.mtimeMs)}`);
        }
      }
    };
    await walk(dir);
    const sha = sha1(id, '\n', listing.sort().join('\n'));
    const state = { commits: new Map([[sha, { parent: null, files: new Map() }]]), branches: new Map([['main', sha]]), listing };
    repos.set(id, state);
    return state;
  }

  /** The commit a revision names: a branch, or a known sha (full, or a 7+ character prefix). */
  function resolveRevision(state, rev) {
    if (state.branches.has(rev)) return state.branches.get(rev);
    if (/^[0-9a-f]{7,40}$/.test(rev)) for (const sha of state.commits.keys()) if (sha.startsWith(rev)) return sha;
    return null;
  }

  /** The source of `file` at commit `sha` (walking back through the commits that changed it), or null. */
  async function fileAt(id, state, sha, file) {
    for (let c = sha; c; c = state.commits.get(c).parent) {
      const over = state.commits.get(c).files;
      if (over.has(file)) return over.get(file);
    }
    const path = join(root, id, file);
    if (!path.startsWith(join(root, id) + sep)) return null;
    try {
      const st = await stat(path);
      if (!st.isFile()) return null;
      const s = source(path);
      s.size = st.size;
      s.mtime = st.mtimeMs;
      return s;
    } catch {
      return null;
    }
  }

  async function digest(src, alg) {
    const key = `${alg}|${src.path ?? ''}|${src.size}|${src.mtime ?? ''}`;
    if (src.path && hashCache.has(key)) return hashCache.get(key);
    const v = alg === 'sha1' ? await src.hash('sha1', `blob ${src.size}\0`) : await src.hash(alg);
    if (src.path) hashCache.set(key, v);
    return v;
  }

  const isLfs = (file, src) => extname(file) === '.onnx' || src.size >= lfsThreshold;

  function errorAnswer(res, status, code, message, extra = {}) {
    res.writeHead(status, { ...CORS, 'content-type': 'text/plain; charset=utf-8', 'x-error-code': code, 'x-error-message': message, ...extra }).end(message);
  }

  function faultFor(file) {
    const hit = [...faults].find(([suffix]) => file.endsWith(suffix));
    if (!hit) return null;
    if (hit[1].once) faults.delete(hit[0]);
    return hit[1].fault;
  }

  /** Sends bytes [start, end] of `src` (or all) with Range/HEAD handling, throttling and the interrupt fault. */
  function sendBody(req, res, src, headers, fault) {
    const size = src.size;
    const range = parseRange(req.headers.range, size);
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` }).end();
      return;
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    const status = range ? 206 : 200;
    const h = { ...headers, 'accept-ranges': 'bytes', 'content-length': String(end - start + 1) };
    if (range) h['content-range'] = `bytes ${start}-${end}/${size}`;
    res.writeHead(status, h);
    if (req.method === 'HEAD' || size === 0) return res.end();
    // 'interrupt': headers of the full answer, half of its bytes, then the connection drops.
    // { cutAt: f }: drop it once the file's byte f·size has been sent (whatever range was asked for).
    let cutAt = Infinity;
    if (fault === 'interrupt') cutAt = start + Math.floor((end - start + 1) / 2);
    else if (fault && typeof fault === 'object' && 'cutAt' in fault) cutAt = Math.max(start, Math.floor(size * fault.cutAt));
    let at = start;
    const t0 = Date.now();
    const stream = src.open(start, end, throttle > 0 ? 16 * 1024 : 256 * 1024);
    stream.on('data', (chunk) => {
      if (at + chunk.length > cutAt) {
        // The bytes before the cut go out; then the connection drops (once they had time to arrive).
        res.write(chunk.subarray(0, cutAt - at), () => setTimeout(() => res.socket?.destroy(), 300));
        stream.destroy();
        return;
      }
      at += chunk.length;
      const ok = res.write(chunk);
      if (throttle > 0) {
        const wait = t0 + ((at - start) / throttle) * 1000 - Date.now();
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
  }

  async function api(req, res, url) {
    const m = /^\/api\/models\/(.+?)(?:\/revision\/([^/]+))?\/?$/.exec(url.pathname);
    if (!m) return errorAnswer(res, 404, 'EntryNotFound', 'Not found');
    const id = decodeURIComponent(m[1]);
    const rev = m[2] ? decodeURIComponent(m[2]) : 'main';
    const state = await repoState(id);
    if (!state) return errorAnswer(res, 404, 'RepoNotFound', 'Repository not found', { 'content-type': 'application/json' });
    const sha = resolveRevision(state, rev);
    if (!sha) return errorAnswer(res, 404, 'RevisionNotFound', `Invalid rev id: ${rev}`);
    const files = new Set(state.listing.map((l) => l.split(':')[0]));
    for (let c = sha; c; c = state.commits.get(c).parent) for (const f of state.commits.get(c).files.keys()) files.add(f);
    const body = JSON.stringify({
      _id: sha1('id', id).slice(0, 24),
      id,
      modelId: id,
      author: id.split('/')[0],
      sha,
      lastModified: new Date(0).toISOString(),
      private: false,
      disabled: false,
      gated: false,
      library_name: 'transformers.js',
      pipeline_tag: 'fill-mask',
      siblings: [...files].sort().map((rfilename) => ({ rfilename })),
    });
    res.writeHead(200, { ...CORS, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), 'x-repo-commit': sha });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function resolveFile(req, res, parsed) {
    const id = decodeURIComponent(parsed.repo);
    const state = await repoState(id);
    if (!state) return errorAnswer(res, 404, 'RepoNotFound', 'Repository not found');
    const sha = resolveRevision(state, parsed.revision);
    if (!sha) return errorAnswer(res, 404, 'RevisionNotFound', `Invalid rev id: ${parsed.revision}`);
    const file = decodeURIComponent(parsed.file);
    const fault = faultFor(file);
    if (typeof fault === 'number') return errorAnswer(res, fault, 'Fault', `fault ${fault}`, { 'x-repo-commit': sha });
    const src = await fileAt(id, state, sha, file);
    if (!src) return errorAnswer(res, 404, 'EntryNotFound', 'Entry not found', { 'x-repo-commit': sha });
    if (isLfs(file, src)) {
      const sha256 = await digest(src, 'sha256');
      blobs.set(sha256, { src, file });
      if (fault) faults.set(`\0cdn:${sha256}`, { fault, once: true }); // the body fault happens on the CDN leg
      const location = `${cdnHost}/repos/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}?response-content-disposition=${encodeURIComponent(`inline; filename*=UTF-8''${file.split('/').pop()}`)}&Expires=9999999999`;
      res.writeHead(302, {
        ...CORS,
        location,
        'content-type': 'text/plain; charset=utf-8',
        'x-repo-commit': sha,
        'x-linked-size': String(src.size),
        'x-linked-etag': `"${sha256}"`,
        etag: `"${sha256}"`,
        vary: 'Origin, Accept',
      });
      return res.end(req.method === 'HEAD' ? undefined : `Found. Redirecting to ${location}`);
    }
    const blob = await digest(src, 'sha1');
    sendBody(
      req,
      res,
      src,
      {
        ...CORS,
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        etag: `"${blob}"`,
        'x-repo-commit': sha,
        'cache-control': 'no-cache',
        vary: 'Origin, Accept',
      },
      fault,
    );
  }

  async function cdn(req, res, url) {
    const m = /^\/repos\/[0-9a-f]{2}\/[0-9a-f]{2}\/([0-9a-f]{64})$/.exec(url.pathname);
    const blob = m && blobs.get(m[1]);
    if (!blob) {
      res.writeHead(404, { ...CORS, 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    const fault = faults.get(`\0cdn:${m[1]}`)?.fault;
    faults.delete(`\0cdn:${m[1]}`);
    const headers = {
      ...CORS,
      'content-type': 'application/octet-stream',
      etag: `"${m[1]}"`,
      'last-modified': new Date(0).toUTCString(),
      'cache-control': 'public, max-age=604800, immutable',
      'content-disposition': url.searchParams.get('response-content-disposition') ?? 'inline',
      ...(corp ? { 'cross-origin-resource-policy': 'cross-origin' } : {}),
    };
    sendBody(req, res, blob.src, headers, fault);
  }

  const handler = (server) => async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const entry = { server, method: req.method, path: url.pathname, range: req.headers.range ?? null, origin: req.headers.origin ?? null };
    log.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    if (req.method === 'OPTIONS') return res.writeHead(204, PREFLIGHT).end();
    if (req.method !== 'GET' && req.method !== 'HEAD') return errorAnswer(res, 405, 'MethodNotAllowed', 'Method not allowed');
    try {
      if (server === 'cdn') return await cdn(req, res, url);
      if (url.pathname.startsWith('/api/')) return await api(req, res, url);
      const parsed = parseHubPath(url.pathname);
      if (!parsed) return errorAnswer(res, 404, 'RepoNotFound', 'Repository not found');
      return await resolveFile(req, res, parsed);
    } catch (err) {
      if (!res.headersSent) errorAnswer(res, 500, 'Internal', String(err));
      else res.socket?.destroy();
    }
  };

  const hub = createServer(handler('hub'));
  const cdnServer = createServer(handler('cdn'));
  for (const s of [hub, cdnServer]) {
    s.on('connection', (sock) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
    });
  }
  await new Promise((r) => hub.listen(port, '127.0.0.1', r));
  await new Promise((r) => cdnServer.listen(cdnPort, '127.0.0.1', r));
  const host = `http://127.0.0.1:${hub.address().port}`;
  cdnHost = `http://${cdnHostname}:${cdnServer.address().port}`;
  let commitNo = 0;
  return {
    host,
    cdnHost,
    log,
    url: (id, file, revision = 'main') => `${host}/${id}/resolve/${revision}/${file}`,
    /** The commit sha a revision of `id` resolves to now. */
    async sha(id, revision = 'main') {
      const state = await repoState(id);
      return state ? resolveRevision(state, revision) : null;
    },
    /** A new commit on `branch` changing these files (bytes or a path on disk); returns its sha. */
    async pushCommit(id, files, branch = 'main') {
      const state = await repoState(id);
      if (!state) throw new Error(`no repository ${id}`);
      const parent = state.branches.get(branch) ?? null;
      const sha = sha1(id, parent ?? '', String(++commitNo), ...Object.keys(files));
      const over = new Map();
      for (const [f, v] of Object.entries(files)) {
        const s = typeof v === 'string' ? source(v) : source(v);
        if (typeof v === 'string') s.size = (await stat(v)).size;
        over.set(f, s);
      }
      state.commits.set(sha, { parent, files: over });
      state.branches.set(branch, sha);
      return sha;
    },
    /**
     * fault: 'interrupt' (cut the answer after half its bytes), { cutAt: 0..1 } (cut once the file's byte
     * cutAt·size has gone), or an HTTP status; null clears it. once: the fault applies to one request only.
     */
    setFault(fileSuffix, fault, { once = false } = {}) {
      if (fault === null) faults.delete(fileSuffix);
      else faults.set(fileSuffix, { fault, once });
    },
    clearFaults: () => faults.clear(),
    /** Limit every body to this many bytes per second (0 = unlimited). */
    setThrottle(bytesPerSecond) {
      throttle = bytesPerSecond;
    },
    /** Stops both servers at once (open downloads are cut), as if the machine went offline. */
    close() {
      for (const s of sockets) s.destroy();
      return Promise.all([new Promise((r) => hub.close(() => r())), new Promise((r) => cdnServer.close(() => r()))]).then(() => undefined);
    },
  };
}
