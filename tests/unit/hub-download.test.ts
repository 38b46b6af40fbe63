// downloadModel / listStoredModels / loadStoredModel / deleteStoredModel against a fake Hub (fetch)
// and a fake Cache Storage, with the real bundled model's files — and transformers.js' own
// AutoTokenizer reading what was stored.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AutoTokenizer, env } from '@huggingface/transformers';
import {
  HUB_CACHE,
  HubError,
  deleteStoredModel,
  downloadModel,
  isStored,
  listStoredModels,
  loadStoredModel,
  useHubCache,
  type DownloadProgress,
} from '../../src/hub';
import { hubFileUrl } from '../../src/hub/catalog';
import { CHUNK_CACHE, chunkKey } from '../../src/hub/chunks';
import { discardPartialDownload, partialDownloadOf } from '../../src/hub/download';
import { MODEL_HEADROOM } from '../../src/hub/read-body';
import { lookupCommit, shortSha, updateState } from '../../src/hub/revision';
import { INDEX_CACHE, indexKey, keepStoredVersion } from '../../src/hub/store';
import { verifyStoredModel } from '../../src/hub/verify';
import type { ModelChoice } from '../../src/shared/model-choice';

const MODEL_DIR = join(import.meta.dirname, '../../models/attention-lens-mini');
const FILES: Record<string, Uint8Array> = {
  'config.json': readFileSync(join(MODEL_DIR, 'config.json')),
  'tokenizer.json': readFileSync(join(MODEL_DIR, 'tokenizer.json')),
  'tokenizer_config.json': readFileSync(join(MODEL_DIR, 'tokenizer_config.json')),
  'onnx/model.onnx': readFileSync(join(MODEL_DIR, 'onnx/model.onnx')),
};
const HOST = 'http://127.0.0.1:9999';
const ID = 'test-org/tiny-bert';
const FP32: ModelChoice = { id: ID, source: 'hub', variant: 'fp32', revision: 'main' };
const Q8: ModelChoice = { ...FP32, variant: 'q8' };

// ---------- fakes ----------

class FakeCache {
  readonly entries = new Map<string, { body: Uint8Array; headers: [string, string][] }>();
  constructor(private readonly owner: FakeCacheStorage) {}
  private key(req: RequestInfo | URL): string {
    return typeof req === 'string' ? req : req instanceof URL ? req.href : req.url;
  }
  async match(req: RequestInfo | URL): Promise<Response | undefined> {
    const e = this.entries.get(this.key(req));
    return e ? new Response(e.body.slice(), { headers: e.headers }) : undefined;
  }
  async put(req: RequestInfo | URL, res: Response): Promise<void> {
    const body = new Uint8Array(await res.arrayBuffer());
    const key = this.key(req);
    const replacing = this.entries.get(key)?.body.byteLength ?? 0;
    if (this.owner.used() - replacing + body.byteLength > this.owner.quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.entries.set(key, { body, headers: [...res.headers] });
    this.owner.puts.push(key);
  }
  async delete(req: RequestInfo | URL): Promise<boolean> {
    return this.entries.delete(this.key(req));
  }
  async keys(): Promise<Request[]> {
    return [...this.entries.keys()].map((k) => new Request(k));
  }
}

class FakeCacheStorage {
  readonly caches = new Map<string, FakeCache>();
  quota = Infinity;
  readonly puts: string[] = [];
  async open(name: string): Promise<FakeCache> {
    if (!this.caches.has(name)) this.caches.set(name, new FakeCache(this));
    return this.caches.get(name)!;
  }
  used(): number {
    let n = 0;
    for (const c of this.caches.values()) for (const e of c.entries.values()) n += e.body.byteLength;
    return n;
  }
  get storage(): CacheStorage {
    return this as unknown as CacheStorage;
  }
}

interface HubOptions {
  files?: Record<string, Uint8Array>;
  /** Answer these files with this status. */
  status?: Record<string, number>;
  /** Cut the connection of this file after half the answer's bytes. */
  interrupt?: string;
  /** Cut this file's answer once its byte at this fraction of the file has been sent (whatever the range). */
  cutAt?: Record<string, number>;
  /** No answer at all. */
  offline?: boolean;
  /** Send no content-length for these files. */
  noLength?: string[];
  chunk?: number;
  /** The commit the Hub API and x-repo-commit report (absent: a mirror that names no commit). */
  commit?: string;
  /** Serve /api/models/… (default: when a commit is set). */
  api?: boolean;
  /** Ignore Range headers (answer 200 with the whole file). */
  ignoreRange?: boolean;
}

/**
 * A fetch that answers like the Hub: `${HOST}/${ID}/resolve/{main|commit}/<file>` (Range → 206), the model-info API
 * with the commit sha, x-repo-commit on file answers — streaming bodies in chunks. Options can change between calls.
 */
function fakeHub(init: HubOptions = {}) {
  const opts: HubOptions = { ...init };
  const requests: string[] = [];
  const ranges: Array<string | null> = [];
  const fetchFn = async (input: RequestInfo | URL, reqInit?: RequestInit): Promise<Response> => {
    const url = String(input);
    const files = opts.files ?? FILES;
    requests.push(url);
    const range = new Headers(reqInit?.headers).get('range');
    ranges.push(range);
    if (opts.offline) throw new TypeError('Failed to fetch');
    const signal = reqInit?.signal;
    if (signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
    const commitHeaders: Record<string, string> = opts.commit ? { 'x-repo-commit': opts.commit } : {};
    if (url === `${HOST}/api/models/${ID}/revision/main`) {
      if (!(opts.api ?? Boolean(opts.commit))) return new Response('Not Found', { status: 404 });
      return Response.json({ id: ID, sha: opts.commit }, { headers: commitHeaders });
    }
    const m = new RegExp(`^${HOST.replace(/[.:/]/g, '\\$&')}/${ID}/resolve/([^/]+)/(.+)$`).exec(url);
    const rev = m?.[1];
    const file = m?.[2] ?? '';
    if (m && rev !== 'main' && rev !== opts.commit) return new Response('Invalid rev id', { status: 404, headers: { 'x-error-code': 'RevisionNotFound' } });
    const status = opts.status?.[file] ?? (files[file] ? 200 : 404);
    if (status !== 200) return new Response('Entry not found', { status, headers: commitHeaders });
    const whole = files[file];
    let start = 0;
    const r = !opts.ignoreRange && range ? /^bytes=(\d+)-$/.exec(range) : null;
    if (r) start = Number(r[1]);
    const bytes = whole.subarray(start);
    const headers: Record<string, string> = { 'access-control-allow-origin': '*', etag: `"${whole.byteLength}"`, ...commitHeaders };
    if (!opts.noLength?.includes(file)) headers['content-length'] = String(bytes.length);
    if (r) headers['content-range'] = `bytes ${start}-${whole.length - 1}/${whole.length}`;
    if (reqInit?.method === 'HEAD') return new Response(null, { status: 200, headers });
    const chunk = opts.chunk ?? 1 << 20;
    const cut = opts.interrupt === file ? start + bytes.length / 2 : opts.cutAt?.[file] !== undefined ? whole.length * opts.cutAt[file] : Infinity;
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(ctrl) {
        signal?.addEventListener('abort', () => ctrl.error(new DOMException('The operation was aborted.', 'AbortError')));
      },
      async pull(ctrl) {
        await new Promise((res) => setTimeout(res, 0));
        if (signal?.aborted) return;
        if (start + offset >= cut) return ctrl.error(new TypeError('network error'));
        if (offset >= bytes.length) return ctrl.close();
        const end = Math.min(offset + chunk, bytes.length, Number.isFinite(cut) ? Math.ceil(cut - start) : Infinity);
        ctrl.enqueue(bytes.slice(offset, end));
        offset = end;
      },
    });
    return new Response(stream, { status: r ? 206 : 200, headers });
  };
  return { fetch: fetchFn as typeof fetch, requests, ranges, opts };
}

async function expectHubError(p: Promise<unknown>, reason: HubError['reason'], message?: RegExp): Promise<HubError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HubError);
  expect((err as HubError).reason).toBe(reason);
  if (message) expect((err as HubError).message).toMatch(message);
  return err as HubError;
}

/** What is left in the caches besides the records: chunk entries and partial manifests. */
function leftovers(cs: FakeCacheStorage) {
  const chunks = [...(cs.caches.get(CHUNK_CACHE)?.entries.keys() ?? [])];
  const partials = [...(cs.caches.get(INDEX_CACHE)?.entries.keys() ?? [])].filter((k) => k.includes('/partial/'));
  return { chunks, partials };
}

const MODEL = FILES['onnx/model.onnx'];
/** The shipped model's size as the messages print it ("19.3"), as a regular-expression fragment. */
// the size as the messages write it ("19.3 MB", "9.71 MB": decimal units, 3 significant digits)
const MODEL_MB = (MODEL.length / 1e6).toPrecision(3).replace('.', '\\.');
const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);

// ---------- tests ----------

describe('downloadModel', () => {
  it('downloads every file with progress to 100%, validates and stores it: ONNX file in chunks, the rest under transformers.js keys', async () => {
    const cs = new FakeCacheStorage();
    const hub = fakeHub({ chunk: 1 << 20, commit: SHA_A });
    const events: DownloadProgress[] = [];
    const got = await downloadModel(FP32, {
      hubHost: `${HOST}/`,
      fetch: hub.fetch,
      caches: cs.storage,
      onProgress: (p) => events.push(p),
      progressIntervalMs: 0,
      chunkBytes: 4 << 20,
    });

    const total = Object.values(FILES).reduce((s, b) => s + b.byteLength, 0);
    expect(got.bytes).toBe(total);
    expect(got.received).toBe(total);
    expect(got.resumedFrom).toBe(0);
    expect(got.commit).toBe(SHA_A);
    expect(got.summary).toEqual({ layers: 4, heads: 4, maxTokens: 512, modelType: 'bert' });
    expect(got.config.num_attention_heads).toBe(4);
    expect(got.tokenizerConfig.tokenizer_class).toBe('BertTokenizer');

    // progress: overall bytes only grow, the total is known from the start, ends at exactly 100%
    expect(events.length).toBeGreaterThan(10);
    expect(events.every((e) => e.total === total)).toBe(true);
    for (let i = 1; i < events.length; i++) expect(events[i].loaded).toBeGreaterThanOrEqual(events[i - 1].loaded);
    expect(events.slice(0, -1).every((e) => (e.percent ?? 0) < 100)).toBe(true);
    expect(events.at(-1)).toMatchObject({ loaded: total, total, percent: 100, done: true, resumed: 0 });

    // pinned to the commit: the API first, then every file from resolve/<sha>/
    expect(hub.requests[0]).toBe(`${HOST}/api/models/${ID}/revision/main`);
    expect(hub.requests.slice(1).every((u) => u.startsWith(`${HOST}/${ID}/resolve/${SHA_A}/`))).toBe(true);

    // config + tokenizer under the URLs transformers.js asks its cache for (revision "main"); no whole ONNX entry
    const cache = cs.caches.get(HUB_CACHE)!;
    expect([...cache.entries.keys()].sort()).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json'].map((f) => hubFileUrl(HOST, ID, 'main', f)));
    for (const f of ['config.json', 'tokenizer.json'])
      expect((await cache.match(hubFileUrl(HOST, ID, 'main', f)))!.headers.get('content-length')).toBe(String(FILES[f].byteLength));
    // the ONNX file as 4 MiB chunks, written first, keyed by the commit
    const chunkKeys = [...cs.caches.get(CHUNK_CACHE)!.entries.keys()];
    expect(chunkKeys).toHaveLength(Math.ceil(MODEL.byteLength / (4 << 20)));
    expect(chunkKeys[0]).toBe(chunkKey(HOST, ID, 'onnx/model.onnx', SHA_A, 0));
    expect(cs.puts.filter((k) => !k.includes('/partial/')).slice(0, chunkKeys.length)).toEqual(chunkKeys);
    expect(leftovers(cs).partials).toEqual([]);

    const listed = await listStoredModels({ caches: cs.storage });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: ID, variant: 'fp32', hubHost: HOST, bytes: total, layers: 4, heads: 4, complete: true, commit: SHA_A });
    expect(listed[0].modelChunks!.sizes.reduce((a, b) => a + b, 0)).toBe(MODEL.byteLength);
    expect(await isStored(FP32, HOST, { caches: cs.storage })).toBe(true);
    expect(await isStored(Q8, HOST, { caches: cs.storage })).toBe(false);
  });

  it('a mirror without the Hub API: the commit comes from x-repo-commit, or stays unknown', async () => {
    const cs = new FakeCacheStorage();
    const hub = fakeHub({ commit: SHA_A, api: false });
    expect((await downloadModel(FP32, { hubHost: HOST, fetch: hub.fetch, caches: cs.storage })).commit).toBe(SHA_A);
    const bare = new FakeCacheStorage();
    const got = await downloadModel(FP32, { hubHost: HOST, fetch: fakeHub().fetch, caches: bare.storage });
    expect(got.commit).toBeNull();
    expect((await listStoredModels({ caches: bare.storage }))[0]).toMatchObject({ commit: null, complete: true });
  });

  it('reads back from the cache alone (offline), chunks into one buffer with headroom — and AutoTokenizer finds the tokenizer there', async () => {
    const cs = new FakeCacheStorage();
    await downloadModel(FP32, { hubHost: HOST, fetch: fakeHub({ commit: SHA_A }).fetch, caches: cs.storage, chunkBytes: 1 << 20 });
    const fractions: number[] = [];
    const loaded = await loadStoredModel(FP32, { hubHost: HOST, caches: cs.storage, onModelBytes: (f) => fractions.push(f) });
    expect(Buffer.from(loaded.modelBytes).equals(Buffer.from(MODEL))).toBe(true);
    // the engine's contract: MODEL_HEADROOM spare bytes after the model, in the same buffer
    expect(loaded.modelBytes.buffer.byteLength - loaded.modelBytes.byteOffset - loaded.modelBytes.byteLength).toBeGreaterThanOrEqual(MODEL_HEADROOM);
    expect(fractions.at(-1)).toBe(1);
    expect(loaded.modelUrl).toBe(`${HOST}/${ID}/resolve/main/onnx/model.onnx`);
    expect((loaded.tokenizerJson.model as { type: string }).type).toBe('WordPiece');

    const saved = { ...env };
    try {
      useHubCache(env, HOST);
      env.useCustomCache = true; // Node has no Cache Storage: hand transformers.js the same cache object
      env.customCache = cs.caches.get(HUB_CACHE)! as unknown as typeof env.customCache;
      env.fetch = () => {
        throw new Error('transformers.js must not touch the network');
      };
      const tok = await AutoTokenizer.from_pretrained(ID);
      expect(tok.tokenize('Hello attention lens')).toEqual(['hello', 'attention', 'lens']);
    } finally {
      Object.assign(env, saved);
    }
  });

  it('404: the message names the model and the missing variant; nothing is stored', async () => {
    const cs = new FakeCacheStorage();
    await expectHubError(
      downloadModel(Q8, { hubHost: HOST, fetch: fakeHub({ commit: SHA_A }).fetch, caches: cs.storage }),
      'not-found',
      /^Model test-org\/tiny-bert has no onnx\/model_quantized\.onnx on 127\.0\.0\.1:9999/,
    );
    expect(await listStoredModels({ caches: cs.storage })).toEqual([]);
    expect(cs.puts).toEqual([]);
  });

  it('offline: a clear message, and nothing stored', async () => {
    const cs = new FakeCacheStorage();
    await expectHubError(
      downloadModel(FP32, { hubHost: HOST, fetch: fakeHub({ offline: true }).fetch, caches: cs.storage }),
      'offline',
      /Could not reach 127\.0\.0\.1:9999/,
    );
    expect(cs.puts).toEqual([]);
  });

  it('an interrupted download keeps what arrived and never touches the model stored before', async () => {
    const cs = new FakeCacheStorage();
    await downloadModel(FP32, { hubHost: HOST, fetch: fakeHub({ commit: SHA_A }).fetch, caches: cs.storage });
    const before = await listStoredModels({ caches: cs.storage });
    // the branch moved: a new commit whose download is cut half-way
    await expectHubError(
      downloadModel(FP32, { hubHost: HOST, fetch: fakeHub({ commit: SHA_B, interrupt: 'onnx/model.onnx' }).fetch, caches: cs.storage }),
      'interrupted',
      new RegExp(
        `^The download of onnx/model\\.onnx \\(test-org/tiny-bert\\) was interrupted after [\\d.]+ MB of ${MODEL_MB} MB\\. The [\\d.]+ MB received are kept: click Download to resume from there\\.$`,
      ),
    );
    expect(await listStoredModels({ caches: cs.storage })).toEqual(before);
    const loaded = await loadStoredModel(FP32, { hubHost: HOST, caches: cs.storage });
    expect(Buffer.from(loaded.modelBytes).equals(Buffer.from(MODEL))).toBe(true);
    const partial = await partialDownloadOf(FP32, HOST, { caches: cs.storage });
    expect(partial).toMatchObject({ commit: SHA_B, size: MODEL.byteLength, file: 'onnx/model.onnx' });
  });

  it('a body shorter than its content-length is an interruption even without a stream error', async () => {
    const cs = new FakeCacheStorage();
    const base = fakeHub().fetch;
    const short = (async (url: RequestInfo | URL, init?: RequestInit) => {
      const res = await base(url, init);
      if (!String(url).endsWith('.onnx')) return res;
      return new Response(MODEL.slice(0, 1000), { headers: { 'content-length': String(MODEL.byteLength) } });
    }) as typeof fetch;
    await expectHubError(
      downloadModel(FP32, { hubHost: HOST, fetch: short, caches: cs.storage }),
      'interrupted',
      new RegExp(`after 1 kB of ${MODEL_MB} MB\\. The 1 kB received are kept`),
    );
  });

  it('a corrupt (truncated) ONNX file is refused and its chunks dropped; nothing else is written', async () => {
    const cs = new FakeCacheStorage();
    const files = { ...FILES, 'onnx/model.onnx': MODEL.slice(0, 5_000_000) };
    await expectHubError(
      downloadModel(FP32, { hubHost: HOST, fetch: fakeHub({ files }).fetch, caches: cs.storage }),
      'corrupt',
      /^The downloaded onnx\/model\.onnx of test-org\/tiny-bert is not a valid ONNX model .*Nothing was saved\.$/,
    );
    expect(leftovers(cs)).toEqual({ chunks: [], partials: [] });
    expect(cs.caches.get(HUB_CACHE)?.entries.size ?? 0).toBe(0);
    expect(await listStoredModels({ caches: cs.storage })).toEqual([]);
  });

  it('a file that is not ONNX at all (an HTML error page) is refused as soon as it arrives, without reading it all', async () => {
    const cs = new FakeCacheStorage();
    const html = new TextEncoder().encode(`<!doctype html><title>Sign in</title>${'<p>x</p>'.repeat(2_000_000)}`);
    const hub = fakeHub({ files: { ...FILES, 'onnx/model.onnx': html }, chunk: 64 * 1024 });
    let read = 0;
    const fetchFn = (async (url: RequestInfo | URL, init?: RequestInit) => {
      const res = await hub.fetch(url, init);
      if (!String(url).endsWith('.onnx') || !res.body) return res;
      const counted = res.body.pipeThrough(new TransformStream({ transform: (c, ctrl) => ((read += c.length), ctrl.enqueue(c)) }));
      return new Response(counted, { status: res.status, headers: res.headers });
    }) as typeof fetch;
    await expectHubError(
      downloadModel(FP32, { hubHost: HOST, fetch: fetchFn, caches: cs.storage, chunkBytes: 1 << 20 }),
      'corrupt',
      /is not a valid ONNX model .*Nothing was saved\.$/,
    );
    expect(read).toBeLessThan(html.length / 4);
    expect(leftovers(cs)).toEqual({ chunks: [], partials: [] });
  });

  it('corrupt JSON and a config that does not match the graph are refused too', async () => {
    const cs = new FakeCacheStorage();
    const badJson = { ...FILES, 'tokenizer.json': new TextEncoder().encode('{"model": ') };
    await expectHubError(
      downloadModel(FP32, { hubHost: HOST, fetch: fakeHub({ files: badJson }).fetch, caches: cs.storage }),
      'corrupt',
      /tokenizer\.json of test-org\/tiny-bert is not valid JSON/,
    );
    const cfg = JSON.parse(new TextDecoder().decode(FILES['config.json']));
    const wrongLayers = { ...FILES, 'config.json': new TextEncoder().encode(JSON.stringify({ ...cfg, num_hidden_layers: 12 })) };
    await expectHubError(
      downloadModel(FP32, { hubHost: HOST, fetch: fakeHub({ files: wrongLayers }).fetch, caches: cs.storage }),
      'corrupt',
      /has 4 attention layers but config\.json says 12/,
    );
    expect(leftovers(cs)).toEqual({ chunks: [], partials: [] });
    expect(await listStoredModels({ caches: cs.storage })).toEqual([]);
  });

  it('quota exceeded while writing: a clear message, the previous model intact, a new one not half-written', async () => {
    const cs = new FakeCacheStorage();
    await downloadModel(FP32, { hubHost: HOST, fetch: fakeHub().fetch, caches: cs.storage });
    const used = cs.used();
    // The same model again from another host: a new entry that does not fit.
    cs.quota = used + 1000;
    const other = 'http://127.0.0.1:9998';
    const otherFetch = (async (url: RequestInfo | URL, init?: RequestInit) => fakeHub().fetch(String(url).replace(other, HOST), init)) as typeof fetch;
    await expectHubError(
      downloadModel(FP32, { hubHost: other, fetch: otherFetch, caches: cs.storage }),
      'quota',
      new RegExp(`^Not enough storage to save test-org/tiny-bert \\(${MODEL_MB} MB\\)`),
    );
    expect(cs.used()).toBe(used);
    expect((await listStoredModels({ caches: cs.storage })).map((m) => m.hubHost)).toEqual([HOST]);
    // and downloading it again when the quota is hit keeps the old bytes
    cs.quota = used + 1000;
    await expectHubError(downloadModel(FP32, { hubHost: HOST, fetch: fakeHub().fetch, caches: cs.storage }), 'quota');
    expect(Buffer.from((await loadStoredModel(FP32, { hubHost: HOST, caches: cs.storage })).modelBytes).equals(Buffer.from(MODEL))).toBe(true);
    expect(cs.used()).toBe(used);
  });

  it('checks the storage estimate before reading the body: the numbers in the message, nothing downloaded or stored', async () => {
    const cs = new FakeCacheStorage();
    const hub = fakeHub({ commit: SHA_A });
    const bodyReads: string[] = [];
    const fetchFn = (async (url: RequestInfo | URL, init?: RequestInit) => {
      const res = await hub.fetch(url, init);
      if (!res.body) return res;
      const reader = res.body.getReader();
      const body = new ReadableStream(
        {
          async pull(ctrl) {
            bodyReads.push(String(url));
            const { done, value } = await reader.read();
            if (done) ctrl.close();
            else ctrl.enqueue(value);
          },
        },
        { highWaterMark: 0 }, // pulled only when read
      );
      return new Response(body, { status: res.status, headers: res.headers });
    }) as typeof fetch;
    const err = await expectHubError(
      downloadModel(FP32, { hubHost: HOST, fetch: fetchFn, caches: cs.storage, estimate: async () => ({ usage: 995_000_000, quota: 1_000_000_000 }) }),
      'quota',
      /^Not enough storage for test-org\/tiny-bert \(fp32\): the download needs (?:[6-9]|\d\d)\.?\d* MB, but the browser lets this extension store only 5 MB more \(995 MB of its 1 GB are used\)\./,
    );
    expect(err.message).toMatch(/Nothing was downloaded\.$/);
    expect(bodyReads.filter((u) => u.endsWith('.onnx'))).toEqual([]);
    expect(cs.puts.filter((k) => !k.includes('/api/'))).toEqual([]);
    // enough room: the same download goes through
    await downloadModel(FP32, { hubHost: HOST, fetch: fetchFn, caches: cs.storage, estimate: async () => ({ usage: 0, quota: 1_000_000_000 }) });
  });

  it('cancel (AbortSignal) stops every request and keeps nothing, not even chunks', async () => {
    const cs = new FakeCacheStorage();
    const ctrl = new AbortController();
    let events = 0;
    await expectHubError(
      downloadModel(FP32, {
        hubHost: HOST,
        fetch: fakeHub({ chunk: 256 * 1024, commit: SHA_A }).fetch,
        caches: cs.storage,
        signal: ctrl.signal,
        progressIntervalMs: 0,
        chunkBytes: 1 << 20,
        onProgress: () => {
          if (++events === 30) ctrl.abort();
        },
      }),
      'cancelled',
      /^Download of test-org\/tiny-bert cancelled\. Nothing was saved\.$/,
    );
    expect(cs.puts.some((k) => k.includes('/chunks/'))).toBe(true); // some chunks had been written…
    expect(leftovers(cs)).toEqual({ chunks: [], partials: [] }); // …and are gone
    expect(await listStoredModels({ caches: cs.storage })).toEqual([]);
    const already = new AbortController();
    already.abort();
    await expectHubError(downloadModel(FP32, { hubHost: HOST, fetch: fakeHub().fetch, caches: cs.storage, signal: already.signal }), 'cancelled');
  });

  it('works without content-length (progress has no percent until the size is known)', async () => {
    const cs = new FakeCacheStorage();
    const events: DownloadProgress[] = [];
    await downloadModel(FP32, {
      hubHost: HOST,
      fetch: fakeHub({ noLength: ['onnx/model.onnx'] }).fetch,
      caches: cs.storage,
      progressIntervalMs: 0,
      onProgress: (p) => events.push(p),
    });
    expect(events.some((e) => e.percent === null)).toBe(true);
    expect(events.at(-1)!.percent).toBe(100);
    expect(Buffer.from((await loadStoredModel(FP32, { hubHost: HOST, caches: cs.storage })).modelBytes).equals(Buffer.from(MODEL))).toBe(true);
  });

  it('refuses bad ids, hosts and the bundled model before any request', async () => {
    const hub = fakeHub();
    const cs = new FakeCacheStorage();
    await expectHubError(
      downloadModel({ ...FP32, id: 'https://huggingface.co/x/y' }, { hubHost: HOST, fetch: hub.fetch, caches: cs.storage }),
      'invalid',
      /not a URL/,
    );
    await expectHubError(downloadModel(FP32, { hubHost: 'ftp://x', fetch: hub.fetch, caches: cs.storage }), 'invalid', /not an http\(s\) URL/);
    await expectHubError(
      downloadModel({ ...FP32, id: 'attention-lens-mini', source: 'bundled' }, { fetch: hub.fetch, caches: cs.storage }),
      'invalid',
      /built into the extension/,
    );
    expect(hub.requests).toEqual([]);
  });
});

describe('resume after a cut connection', () => {
  it('cut at 50 %: the bytes that arrived stay stored, the next download asks for the rest with Range and continues from there', async () => {
    const cs = new FakeCacheStorage();
    const hub = fakeHub({ commit: SHA_A, cutAt: { 'onnx/model.onnx': 0.5 }, chunk: 300_000 });
    const first = await expectHubError(downloadModel(FP32, { hubHost: HOST, fetch: hub.fetch, caches: cs.storage, chunkBytes: 1 << 20 }), 'interrupted');
    const half = Math.floor(MODEL.length / 2e6); // cut at 50 %: "9.66 MB" of 19.3, "4.86 MB" of 9.71
    expect(first.message).toMatch(new RegExp(`after ${half}\\.\\d+ MB of ${MODEL_MB} MB\\. The ${half}\\.\\d+ MB received are kept`));
    const partial = (await partialDownloadOf(FP32, HOST, { caches: cs.storage }))!;
    const kept = partial.sizes.reduce((a, b) => a + b, 0);
    expect(kept).toBe(Math.ceil(MODEL.byteLength / 2)); // every byte that arrived (the fake host cuts after ⌈n/2⌉), the short last chunk included
    expect(partial.sizes.slice(0, -1).every((n) => n === 1 << 20)).toBe(true);
    expect(await listStoredModels({ caches: cs.storage })).toEqual([]);

    hub.opts.cutAt = undefined;
    const before = hub.requests.length;
    const events: DownloadProgress[] = [];
    const got = await downloadModel(FP32, {
      hubHost: HOST,
      fetch: hub.fetch,
      caches: cs.storage,
      chunkBytes: 1 << 20,
      progressIntervalMs: 0,
      onProgress: (p) => events.push(p),
    });
    const modelRequests = hub.requests
      .slice(before)
      .map((u, i) => ({ u, range: hub.ranges[before + i] }))
      .filter((r) => r.u.endsWith('.onnx'));
    expect(modelRequests).toEqual([{ u: `${HOST}/${ID}/resolve/${SHA_A}/onnx/model.onnx`, range: `bytes=${kept}-` }]);
    expect(got.resumedFrom).toBe(kept);
    expect(got.received).toBe(got.bytes - kept);
    // progress starts at the kept half, not at 0
    expect(events[0].loaded).toBeGreaterThanOrEqual(kept);
    expect(events[0].percent!).toBeGreaterThan(45);
    expect(events[0].resumed).toBe(kept);
    const loaded = await loadStoredModel(FP32, { hubHost: HOST, caches: cs.storage });
    expect(Buffer.from(loaded.modelBytes).equals(Buffer.from(MODEL))).toBe(true);
    expect(leftovers(cs).partials).toEqual([]);
    expect((await listStoredModels({ caches: cs.storage }))[0]).toMatchObject({ commit: SHA_A, complete: true });
  });

  it('a host that ignores Range: starts over from 0, still correct', async () => {
    const cs = new FakeCacheStorage();
    const hub = fakeHub({ commit: SHA_A, cutAt: { 'onnx/model.onnx': 0.3 } });
    await expectHubError(downloadModel(FP32, { hubHost: HOST, fetch: hub.fetch, caches: cs.storage, chunkBytes: 1 << 20 }), 'interrupted');
    hub.opts.cutAt = undefined;
    hub.opts.ignoreRange = true;
    const got = await downloadModel(FP32, { hubHost: HOST, fetch: hub.fetch, caches: cs.storage, chunkBytes: 1 << 20 });
    expect(got.resumedFrom).toBe(0);
    expect(Buffer.from((await loadStoredModel(FP32, { hubHost: HOST, caches: cs.storage })).modelBytes).equals(Buffer.from(MODEL))).toBe(true);
    // no chunk of the abandoned partial is left behind
    expect(leftovers(cs).chunks).toHaveLength(Math.ceil(MODEL.byteLength / (1 << 20)));
  });

  it('the branch moved since the cut: the partial of the old commit is dropped, the new commit downloaded whole', async () => {
    const cs = new FakeCacheStorage();
    const hub = fakeHub({ commit: SHA_A, cutAt: { 'onnx/model.onnx': 0.5 } });
    await expectHubError(downloadModel(FP32, { hubHost: HOST, fetch: hub.fetch, caches: cs.storage }), 'interrupted');
    hub.opts.cutAt = undefined;
    hub.opts.commit = SHA_B;
    const got = await downloadModel(FP32, { hubHost: HOST, fetch: hub.fetch, caches: cs.storage });
    expect(got).toMatchObject({ resumedFrom: 0, commit: SHA_B });
    expect(hub.ranges.every((r) => r === null)).toBe(true);
    expect(leftovers(cs).chunks.every((k) => k.includes(SHA_B))).toBe(true);
  });

  it('cancel after a cut discards the kept bytes too', async () => {
    const cs = new FakeCacheStorage();
    const hub = fakeHub({ commit: SHA_A, cutAt: { 'onnx/model.onnx': 0.5 } });
    await expectHubError(downloadModel(FP32, { hubHost: HOST, fetch: hub.fetch, caches: cs.storage }), 'interrupted');
    expect(leftovers(cs).chunks.length).toBeGreaterThan(0);
    hub.opts.cutAt = undefined;
    const ctrl = new AbortController();
    let n = 0;
    await expectHubError(
      downloadModel(FP32, {
        hubHost: HOST,
        fetch: hub.fetch,
        caches: cs.storage,
        signal: ctrl.signal,
        progressIntervalMs: 0,
        onProgress: () => ++n === 3 && ctrl.abort(),
      }),
      'cancelled',
    );
    expect(leftovers(cs)).toEqual({ chunks: [], partials: [] });
    // and discardPartialDownload does the same on demand
    await expectHubError(
      downloadModel(FP32, { hubHost: HOST, fetch: fakeHub({ commit: SHA_A, cutAt: { 'onnx/model.onnx': 0.5 } }).fetch, caches: cs.storage }),
      'interrupted',
    );
    expect(await discardPartialDownload(FP32, HOST, { caches: cs.storage })).toBe(true);
    expect(leftovers(cs)).toEqual({ chunks: [], partials: [] });
  });
});

describe('revisions', () => {
  it('a new commit on the branch: update available; updating replaces the stored copy (old chunks removed)', async () => {
    const cs = new FakeCacheStorage();
    const hub = fakeHub({ commit: SHA_A });
    await downloadModel(FP32, { hubHost: HOST, fetch: hub.fetch, caches: cs.storage });
    const [stored] = await listStoredModels({ caches: cs.storage });
    expect(updateState(stored, await lookupCommit(HOST, ID, 'main', { fetch: hub.fetch }))).toEqual({ kind: 'current', commit: SHA_A });
    hub.opts.commit = SHA_B;
    const remote = await lookupCommit(HOST, ID, 'main', { fetch: hub.fetch });
    expect(remote).toEqual({ kind: 'commit', sha: SHA_B });
    expect(updateState(stored, remote)).toEqual({ kind: 'update-available', commit: SHA_A, remote: SHA_B });
    // keep this version: quiet until the branch moves again
    await keepStoredVersion(stored, SHA_B, { caches: cs.storage });
    const [kept] = await listStoredModels({ caches: cs.storage });
    expect(updateState(kept, remote)).toEqual({ kind: 'kept', commit: SHA_A, remote: SHA_B });
    expect(updateState(kept, { kind: 'commit', sha: 'c'.repeat(40) }).kind).toBe('update-available');
    // update
    await downloadModel(FP32, { hubHost: HOST, fetch: hub.fetch, caches: cs.storage });
    const after = await listStoredModels({ caches: cs.storage });
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ commit: SHA_B, complete: true });
    expect(after[0].keptRemote).toBeUndefined();
    expect(leftovers(cs).chunks.every((k) => k.includes(SHA_B))).toBe(true);
  });

  it('lookupCommit: the API, x-repo-commit on a HEAD of config.json, or unknown; missing repos and branches', async () => {
    const hub = fakeHub({ commit: SHA_A });
    expect(await lookupCommit(HOST, ID, 'main', { fetch: hub.fetch })).toEqual({ kind: 'commit', sha: SHA_A });
    expect(await lookupCommit(HOST, ID, SHA_B, { fetch: hub.fetch })).toEqual({ kind: 'commit', sha: SHA_B }); // a sha is its own commit
    expect(await lookupCommit(HOST, ID, 'main', { fetch: fakeHub({ commit: SHA_A, api: false }).fetch })).toEqual({ kind: 'commit', sha: SHA_A });
    expect(await lookupCommit(HOST, ID, 'main', { fetch: fakeHub().fetch })).toEqual({ kind: 'no-api' });
    const answer = (status: number, code: string) => (async () => new Response('', { status, headers: { 'x-error-code': code } })) as unknown as typeof fetch;
    expect(await lookupCommit(HOST, ID, 'main', { fetch: answer(404, 'RepoNotFound') })).toEqual({ kind: 'repo-not-found' });
    expect(await lookupCommit(HOST, ID, 'v9', { fetch: answer(404, 'RevisionNotFound') })).toEqual({ kind: 'revision-not-found' });
    expect(await lookupCommit(HOST, ID, 'main', { fetch: answer(500, '') })).toEqual({ kind: 'failed', status: 500 });
    await expect(lookupCommit(HOST, ID, 'main', { fetch: fakeHub({ offline: true }).fetch })).rejects.toThrow(/Failed to fetch/);
  });

  it('updateState: unknown stored commit, and hosts that cannot say', () => {
    expect(updateState({ commit: null }, { kind: 'commit', sha: SHA_A })).toEqual({ kind: 'unknown', remote: SHA_A });
    expect(updateState({ commit: SHA_A }, { kind: 'no-api' })).toEqual({ kind: 'unavailable', reason: 'this host does not say which commit it serves' });
    expect(updateState({ commit: SHA_A }, { kind: 'failed', status: 503 })).toEqual({ kind: 'unavailable', reason: 'the host answered HTTP 503' });
    expect(shortSha(SHA_A)).toBe('aaaaaaa');
  });
});

describe('stored models', () => {
  it('loadStoredModel of a model never downloaded says how to get it', async () => {
    const cs = new FakeCacheStorage();
    await expectHubError(
      loadStoredModel(Q8, { hubHost: HOST, caches: cs.storage }),
      'not-downloaded',
      /test-org\/tiny-bert \(q8\) is not downloaded yet\. Open the Attention Lens options/,
    );
  });

  it('a missing chunk is named when loading', async () => {
    const cs = new FakeCacheStorage();
    await downloadModel(FP32, { hubHost: HOST, fetch: fakeHub({ commit: SHA_A }).fetch, caches: cs.storage, chunkBytes: 4 << 20 });
    await cs.caches.get(CHUNK_CACHE)!.delete(chunkKey(HOST, ID, 'onnx/model.onnx', SHA_A, 2));
    expect((await listStoredModels({ caches: cs.storage }))[0].complete).toBe(false);
    await expectHubError(
      loadStoredModel(FP32, { hubHost: HOST, caches: cs.storage }),
      'not-downloaded',
      new RegExp(
        `not completely in the browser's cache \\(Part 3 of ${Math.ceil(MODEL.length / (4 << 20))} of the stored onnx/model\\.onnx of test-org/tiny-bert is missing`,
      ),
    );
  });

  it('models stored whole by an older version (no chunks, no commit) still list, load and delete', async () => {
    const cs = new FakeCacheStorage();
    const files = await cs.open(HUB_CACHE);
    for (const [f, b] of Object.entries(FILES)) await files.put(hubFileUrl(HOST, ID, 'main', f), new Response(new Uint8Array(b)));
    const {
      commit: _c,
      modelChunks: _m,
      ...legacy
    } = {
      id: ID,
      variant: 'fp32' as const,
      revision: 'main' as const,
      hubHost: HOST,
      bytes: 1,
      files: { 'onnx/model.onnx': MODEL.byteLength },
      layers: 4,
      heads: 4,
      maxTokens: 512,
      modelType: 'bert',
      downloadedAt: '2026-01-01T00:00:00.000Z',
      commit: null,
      modelChunks: undefined,
    };
    await (await cs.open(INDEX_CACHE)).put(indexKey(HOST, ID, 'main', 'fp32'), new Response(JSON.stringify(legacy)));
    expect((await listStoredModels({ caches: cs.storage }))[0]).toMatchObject({ commit: null, complete: true });
    expect(Buffer.from((await loadStoredModel(FP32, { hubHost: HOST, caches: cs.storage })).modelBytes).equals(Buffer.from(MODEL))).toBe(true);
    expect(await deleteStoredModel(ID, { caches: cs.storage })).toMatchObject({ deleted: 1 });
    expect(files.entries.size).toBe(0);
  });

  it('delete removes one variant, keeps shared files for the other, and the last variant takes them', async () => {
    const cs = new FakeCacheStorage();
    const files = { ...FILES, 'onnx/model_quantized.onnx': MODEL };
    const fetchFn = fakeHub({ files, commit: SHA_A }).fetch;
    await downloadModel(FP32, { hubHost: HOST, fetch: fetchFn, caches: cs.storage });
    await downloadModel(Q8, { hubHost: HOST, fetch: fetchFn, caches: cs.storage });
    expect((await listStoredModels({ caches: cs.storage })).map((m) => m.variant)).toEqual(['fp32', 'q8']);

    const one = await deleteStoredModel(ID, { variant: 'fp32', caches: cs.storage });
    expect(one).toEqual({ deleted: 1, bytes: MODEL.byteLength });
    expect((await listStoredModels({ caches: cs.storage })).map((m) => m.variant)).toEqual(['q8']);
    expect(await isStored(Q8, HOST, { caches: cs.storage })).toBe(true);

    const rest = await deleteStoredModel(ID, { caches: cs.storage });
    expect(rest.deleted).toBe(1);
    expect(cs.caches.get(HUB_CACHE)!.entries.size).toBe(0);
    expect(leftovers(cs).chunks).toEqual([]);
    expect(await listStoredModels({ caches: cs.storage })).toEqual([]);
  });

  it('lists a model whose files were evicted as incomplete', async () => {
    const cs = new FakeCacheStorage();
    await downloadModel(FP32, { hubHost: HOST, fetch: fakeHub().fetch, caches: cs.storage });
    await cs.caches.get(HUB_CACHE)!.delete(hubFileUrl(HOST, ID, 'main', 'tokenizer.json'));
    expect((await listStoredModels({ caches: cs.storage }))[0].complete).toBe(false);
    expect(await isStored(FP32, HOST, { caches: cs.storage })).toBe(false);
  });

  it('verifyStoredModel reads the chunks back and checks the graph without loading the whole model', async () => {
    const cs = new FakeCacheStorage();
    await downloadModel(FP32, { hubHost: HOST, fetch: fakeHub({ commit: SHA_A }).fetch, caches: cs.storage });
    const saved = { ...env };
    try {
      env.useCustomCache = true;
      env.customCache = cs.caches.get(HUB_CACHE)! as unknown as typeof env.customCache;
      const v = await verifyStoredModel(FP32, { hubHost: HOST, caches: cs.storage });
      expect(v).toMatchObject({ layers: 4, heads: 4 });
      expect(v.tokens[0]).toBe('[CLS]');
    } finally {
      Object.assign(env, saved);
    }
  });
});
