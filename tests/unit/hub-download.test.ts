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
  /** Cut the connection of this file after half its bytes. */
  interrupt?: string;
  /** No answer at all. */
  offline?: boolean;
  /** Send no content-length for these files. */
  noLength?: string[];
  chunk?: number;
}

/** A fetch that answers `${HOST}/${ID}/resolve/main/<file>` like the Hub, streaming in chunks. */
function fakeHub(opts: HubOptions = {}) {
  const files = opts.files ?? FILES;
  const requests: string[] = [];
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    requests.push(url);
    if (opts.offline) throw new TypeError('Failed to fetch');
    const signal = init?.signal;
    if (signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
    const prefix = `${HOST}/${ID}/resolve/main/`;
    const file = url.startsWith(prefix) ? url.slice(prefix.length) : '';
    const status = opts.status?.[file] ?? (files[file] ? 200 : 404);
    if (status !== 200) return new Response('Entry not found', { status });
    const bytes = files[file];
    const chunk = opts.chunk ?? 1 << 20;
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(ctrl) {
        signal?.addEventListener('abort', () => ctrl.error(new DOMException('The operation was aborted.', 'AbortError')));
      },
      async pull(ctrl) {
        await new Promise((r) => setTimeout(r, 0));
        if (signal?.aborted) return;
        if (opts.interrupt === file && offset >= bytes.length / 2) return ctrl.error(new TypeError('network error'));
        if (offset >= bytes.length) return ctrl.close();
        ctrl.enqueue(bytes.slice(offset, offset + chunk));
        offset += chunk;
      },
    });
    const headers: Record<string, string> = { 'access-control-allow-origin': '*' };
    if (!opts.noLength?.includes(file)) headers['content-length'] = String(bytes.length);
    return new Response(stream, { status: 200, headers });
  };
  return { fetch: fetchFn as typeof fetch, requests };
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

// ---------- tests ----------

describe('downloadModel', () => {
  it('downloads every file with progress to 100%, validates and stores it under transformers.js keys', async () => {
    const cs = new FakeCacheStorage();
    const hub = fakeHub({ chunk: 1 << 20 });
    const events: DownloadProgress[] = [];
    const got = await downloadModel(FP32, { hubHost: `${HOST}/`, fetch: hub.fetch, caches: cs.storage, onProgress: (p) => events.push(p), progressIntervalMs: 0 });

    const total = Object.values(FILES).reduce((s, b) => s + b.byteLength, 0);
    expect(got.bytes).toBe(total);
    expect(got.summary).toEqual({ layers: 4, heads: 4, maxTokens: 512, modelType: 'bert' });
    expect(Buffer.from(got.modelBytes).equals(Buffer.from(FILES['onnx/model.onnx']))).toBe(true);
    expect(got.config.num_attention_heads).toBe(4);
    expect(got.tokenizerConfig.tokenizer_class).toBe('BertTokenizer');

    // progress: overall bytes only grow, the total is known from the start, ends at exactly 100%
    expect(events.length).toBeGreaterThan(10);
    expect(events.every((e) => e.total === total)).toBe(true);
    for (let i = 1; i < events.length; i++) expect(events[i].loaded).toBeGreaterThanOrEqual(events[i - 1].loaded);
    expect(events.slice(0, -1).every((e) => (e.percent ?? 0) < 100)).toBe(true);
    expect(events.at(-1)).toMatchObject({ loaded: total, total, percent: 100, done: true });

    // stored under the URLs transformers.js asks its cache for; the ONNX file is written first
    const cache = cs.caches.get(HUB_CACHE)!;
    for (const f of Object.keys(FILES)) {
      const key = hubFileUrl(HOST, ID, 'main', f);
      expect(cache.entries.has(key)).toBe(true);
      const res = (await cache.match(key))!;
      expect(res.headers.get('content-length')).toBe(String(FILES[f].byteLength));
    }
    expect(cs.puts[0]).toBe(hubFileUrl(HOST, ID, 'main', 'onnx/model.onnx'));
    expect(hub.requests.every((u) => u.startsWith(`${HOST}/${ID}/resolve/main/`))).toBe(true);

    const listed = await listStoredModels({ caches: cs.storage });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: ID, variant: 'fp32', hubHost: HOST, bytes: total, layers: 4, heads: 4, complete: true });
    expect(await isStored(FP32, HOST, { caches: cs.storage })).toBe(true);
    expect(await isStored(Q8, HOST, { caches: cs.storage })).toBe(false);
  });

  it('reads back from the cache alone (offline) — and AutoTokenizer finds the tokenizer there', async () => {
    const cs = new FakeCacheStorage();
    await downloadModel(FP32, { hubHost: HOST, fetch: fakeHub().fetch, caches: cs.storage });
    const loaded = await loadStoredModel(FP32, { hubHost: HOST, caches: cs.storage });
    expect(Buffer.from(loaded.modelBytes).equals(Buffer.from(FILES['onnx/model.onnx']))).toBe(true);
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
      downloadModel(Q8, { hubHost: HOST, fetch: fakeHub().fetch, caches: cs.storage }),
      'not-found',
      /^Model test-org\/tiny-bert has no onnx\/model_quantized\.onnx on 127\.0\.0\.1:9999/,
    );
    expect(await listStoredModels({ caches: cs.storage })).toEqual([]);
    expect(cs.puts).toEqual([]);
  });

  it('offline: a clear message, and nothing stored', async () => {
    const cs = new FakeCacheStorage();
    await expectHubError(downloadModel(FP32, { hubHost: HOST, fetch: fakeHub({ offline: true }).fetch, caches: cs.storage }), 'offline', /Could not reach 127\.0\.0\.1:9999/);
    expect(cs.puts).toEqual([]);
  });

  it('an interrupted download never removes the model stored before', async () => {
    const cs = new FakeCacheStorage();
    await downloadModel(FP32, { hubHost: HOST, fetch: fakeHub().fetch, caches: cs.storage });
    const before = await listStoredModels({ caches: cs.storage });
    const putsBefore = cs.puts.length;
    await expectHubError(
      downloadModel(FP32, { hubHost: HOST, fetch: fakeHub({ interrupt: 'onnx/model.onnx' }).fetch, caches: cs.storage }),
      'interrupted',
      /^The download of onnx\/model\.onnx \(test-org\/tiny-bert\) was interrupted after \d+(\.\d)? MB of 19\.1 MB/,
    );
    expect(cs.puts.length).toBe(putsBefore);
    expect(await listStoredModels({ caches: cs.storage })).toEqual(before);
    const loaded = await loadStoredModel(FP32, { hubHost: HOST, caches: cs.storage });
    expect(loaded.modelBytes.byteLength).toBe(FILES['onnx/model.onnx'].byteLength);
  });

  it('a body shorter than its content-length is an interruption even without a stream error', async () => {
    const cs = new FakeCacheStorage();
    const base = fakeHub().fetch;
    const short = (async (url: RequestInfo | URL, init?: RequestInit) => {
      const res = await base(url, init);
      if (!String(url).endsWith('.onnx')) return res;
      const half = FILES['onnx/model.onnx'].slice(0, 1000);
      return new Response(half, { headers: { 'content-length': String(FILES['onnx/model.onnx'].byteLength) } });
    }) as typeof fetch;
    await expectHubError(downloadModel(FP32, { hubHost: HOST, fetch: short, caches: cs.storage }), 'interrupted', /after 1 kB of 19\.1 MB/);
  });

  it('a corrupt (truncated) ONNX file is refused before anything is written', async () => {
    const cs = new FakeCacheStorage();
    const files = { ...FILES, 'onnx/model.onnx': FILES['onnx/model.onnx'].slice(0, 5_000_000) };
    await expectHubError(
      downloadModel(FP32, { hubHost: HOST, fetch: fakeHub({ files }).fetch, caches: cs.storage }),
      'corrupt',
      /^The downloaded onnx\/model\.onnx of test-org\/tiny-bert is not a valid ONNX model/,
    );
    expect(cs.puts).toEqual([]);
  });

  it('corrupt JSON and a config that does not match the graph are refused too', async () => {
    const cs = new FakeCacheStorage();
    const badJson = { ...FILES, 'tokenizer.json': new TextEncoder().encode('{"model": ') };
    await expectHubError(downloadModel(FP32, { hubHost: HOST, fetch: fakeHub({ files: badJson }).fetch, caches: cs.storage }), 'corrupt', /tokenizer\.json of test-org\/tiny-bert is not valid JSON/);
    const cfg = JSON.parse(new TextDecoder().decode(FILES['config.json']));
    const wrongLayers = { ...FILES, 'config.json': new TextEncoder().encode(JSON.stringify({ ...cfg, num_hidden_layers: 12 })) };
    await expectHubError(downloadModel(FP32, { hubHost: HOST, fetch: fakeHub({ files: wrongLayers }).fetch, caches: cs.storage }), 'corrupt', /has 4 attention layers but config\.json says 12/);
    expect(cs.puts).toEqual([]);
  });

  it('quota exceeded: a clear message, the previous model intact, a new one not half-written', async () => {
    const cs = new FakeCacheStorage();
    await downloadModel(FP32, { hubHost: HOST, fetch: fakeHub().fetch, caches: cs.storage });
    const used = cs.used();
    // The same model again from another host: a new entry that does not fit.
    cs.quota = used + 1000;
    const other = 'http://127.0.0.1:9998';
    const otherFetch = (async (url: RequestInfo | URL, init?: RequestInit) => fakeHub().fetch(String(url).replace(other, HOST), init)) as typeof fetch;
    await expectHubError(downloadModel(FP32, { hubHost: other, fetch: otherFetch, caches: cs.storage }), 'quota', /^Not enough storage to save test-org\/tiny-bert \(19\.\d MB\)/);
    expect(cs.used()).toBe(used);
    expect((await listStoredModels({ caches: cs.storage })).map((m) => m.hubHost)).toEqual([HOST]);
    // and replacing the stored one in place when the quota is hit keeps the old bytes
    cs.quota = used - 1;
    await expectHubError(downloadModel(FP32, { hubHost: HOST, fetch: fakeHub().fetch, caches: cs.storage }), 'quota');
    expect((await loadStoredModel(FP32, { hubHost: HOST, caches: cs.storage })).modelBytes.byteLength).toBe(FILES['onnx/model.onnx'].byteLength);
  });

  it('cancel (AbortSignal) stops every request and stores nothing', async () => {
    const cs = new FakeCacheStorage();
    const ctrl = new AbortController();
    let events = 0;
    await expectHubError(
      downloadModel(FP32, {
        hubHost: HOST,
        fetch: fakeHub({ chunk: 256 * 1024 }).fetch,
        caches: cs.storage,
        signal: ctrl.signal,
        progressIntervalMs: 0,
        onProgress: () => {
          if (++events === 5) ctrl.abort();
        },
      }),
      'cancelled',
      /^Download of test-org\/tiny-bert cancelled\. Nothing was saved\.$/,
    );
    expect(cs.puts).toEqual([]);
    const already = new AbortController();
    already.abort();
    await expectHubError(downloadModel(FP32, { hubHost: HOST, fetch: fakeHub().fetch, caches: cs.storage, signal: already.signal }), 'cancelled');
  });

  it('works without content-length (progress has no percent until the size is known)', async () => {
    const cs = new FakeCacheStorage();
    const events: DownloadProgress[] = [];
    await downloadModel(FP32, { hubHost: HOST, fetch: fakeHub({ noLength: ['onnx/model.onnx'] }).fetch, caches: cs.storage, progressIntervalMs: 0, onProgress: (p) => events.push(p) });
    expect(events.some((e) => e.percent === null)).toBe(true);
    expect(events.at(-1)!.percent).toBe(100);
  });

  it('refuses bad ids, hosts and the bundled model before any request', async () => {
    const hub = fakeHub();
    const cs = new FakeCacheStorage();
    await expectHubError(downloadModel({ ...FP32, id: 'https://huggingface.co/x/y' }, { hubHost: HOST, fetch: hub.fetch, caches: cs.storage }), 'invalid', /not a URL/);
    await expectHubError(downloadModel(FP32, { hubHost: 'ftp://x', fetch: hub.fetch, caches: cs.storage }), 'invalid', /not an http\(s\) URL/);
    await expectHubError(downloadModel({ ...FP32, id: 'attention-lens-mini', source: 'bundled' }, { fetch: hub.fetch, caches: cs.storage }), 'invalid', /built into the extension/);
    expect(hub.requests).toEqual([]);
  });
});

describe('stored models', () => {
  it('loadStoredModel of a model never downloaded says how to get it', async () => {
    const cs = new FakeCacheStorage();
    await expectHubError(loadStoredModel(Q8, { hubHost: HOST, caches: cs.storage }), 'not-downloaded', /test-org\/tiny-bert \(q8\) is not downloaded yet\. Open the Attention Lens options/);
  });

  it('delete removes one variant, keeps shared files for the other, and the last variant takes them', async () => {
    const cs = new FakeCacheStorage();
    const files = { ...FILES, 'onnx/model_quantized.onnx': FILES['onnx/model.onnx'] };
    const fetchFn = fakeHub({ files }).fetch;
    await downloadModel(FP32, { hubHost: HOST, fetch: fetchFn, caches: cs.storage });
    await downloadModel(Q8, { hubHost: HOST, fetch: fetchFn, caches: cs.storage });
    expect((await listStoredModels({ caches: cs.storage })).map((m) => m.variant)).toEqual(['fp32', 'q8']);

    const one = await deleteStoredModel(ID, { variant: 'fp32', caches: cs.storage });
    expect(one).toEqual({ deleted: 1, bytes: FILES['onnx/model.onnx'].byteLength });
    expect((await listStoredModels({ caches: cs.storage })).map((m) => m.variant)).toEqual(['q8']);
    expect(await isStored(Q8, HOST, { caches: cs.storage })).toBe(true);

    const rest = await deleteStoredModel(ID, { caches: cs.storage });
    expect(rest.deleted).toBe(1);
    expect(cs.caches.get(HUB_CACHE)!.entries.size).toBe(0);
    expect(await listStoredModels({ caches: cs.storage })).toEqual([]);
  });

  it('lists a model whose files were evicted as incomplete', async () => {
    const cs = new FakeCacheStorage();
    await downloadModel(FP32, { hubHost: HOST, fetch: fakeHub().fetch, caches: cs.storage });
    await cs.caches.get(HUB_CACHE)!.delete(hubFileUrl(HOST, ID, 'main', 'tokenizer.json'));
    expect((await listStoredModels({ caches: cs.storage }))[0].complete).toBe(false);
    expect(await isStored(FP32, HOST, { caches: cs.storage })).toBe(false);
  });
});
