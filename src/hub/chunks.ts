// A model file in Cache Storage as numbered chunk entries (8 MiB each by default): a download writes each chunk as
// soon as it is complete, so the page never holds more than one chunk of a 438 MB file, and a cut connection
// leaves every byte that arrived stored, to resume from with a Range request. A small manifest (in the index cache)
// says which chunks a partial download has. The engine reads the chunks back into one buffer (store.ts).
import { HubError } from './errors';
import { t } from '../shared/i18n';

/** Chunk entries of stored and partial model files. */
export const CHUNK_CACHE = 'attention-lens-chunks';
export const DEFAULT_CHUNK_BYTES = 8 << 20;
/** Chunk size when chunks are streamed into the cache as they arrive (StreamingChunkWriter). */
export const DEFAULT_STREAM_CHUNK_BYTES = 64 << 20;
/** Chunk writes in flight while the next chunk fills (measured: 1 → 2 halved a 438 MB download's time). */
export const DEFAULT_PARALLEL_WRITES = 2;
const CHUNK_ORIGIN = 'https://attention-lens.invalid/chunks/';
const PARTIAL_ORIGIN = 'https://attention-lens.invalid/partial/';

/** Which chunk entries hold a file: their set (the commit, or a download stamp) and each chunk's length. */
export interface ChunkedFile {
  /** Keys are `${set}/${file}/${index}` under the model's prefix; the commit when known. */
  set: string;
  /** Byte length of every chunk, in order. */
  sizes: number[];
}

export function chunkKey(hubHost: string, id: string, file: string, set: string, index: number): string {
  return `${CHUNK_ORIGIN}${encodeURIComponent(hubHost)}/${id}/${encodeURIComponent(set)}/${file}/${index}`;
}

export function chunkedBytes(c: ChunkedFile): number {
  return c.sizes.reduce((s, n) => s + n, 0);
}

/** A download that stopped part-way: what is stored, and what it belongs to. */
export interface PartialDownload extends ChunkedFile {
  id: string;
  variant: string;
  /** The revision asked for ("main"). */
  revision: string;
  hubHost: string;
  file: string;
  /** Commit the bytes come from (null when the host did not say). */
  commit: string | null;
  /** ETag of the file (the CDN's, quotes included), to check a resumed answer is the same file. */
  etag: string | null;
  /** Size of the whole file. */
  size: number;
  updatedAt: string;
}

export function partialKey(hubHost: string, id: string, revision: string, variant: string): string {
  return `${PARTIAL_ORIGIN}${encodeURIComponent(hubHost)}/${id}/${encodeURIComponent(revision)}/${variant}.json`;
}

export async function readPartial(index: Cache, hubHost: string, id: string, revision: string, variant: string): Promise<PartialDownload | null> {
  const res = await index.match(partialKey(hubHost, id, revision, variant));
  if (!res) return null;
  try {
    const p = (await res.json()) as PartialDownload;
    return Array.isArray(p.sizes) && typeof p.size === 'number' ? p : null;
  } catch {
    return null;
  }
}

export async function writePartial(index: Cache, p: PartialDownload): Promise<void> {
  await index.put(partialKey(p.hubHost, p.id, p.revision, p.variant), new Response(JSON.stringify(p), { headers: { 'content-type': 'application/json' } }));
}

/** Every partial download's manifest (for the options page's "resume" state). */
export async function listPartials(index: Cache): Promise<PartialDownload[]> {
  const out: PartialDownload[] = [];
  for (const req of await index.keys()) {
    if (!req.url.startsWith(PARTIAL_ORIGIN)) continue;
    const res = await index.match(req);
    try {
      if (res) out.push((await res.json()) as PartialDownload);
    } catch {
      await index.delete(req);
    }
  }
  return out;
}

/**
 * Deletes the chunk entries of a set: the recorded ones, and up to `upTo` keys in all (chunks written past the
 * record, e.g. by a download stopped mid-write). Returns the bytes freed (as recorded).
 */
export async function deleteChunks(chunks: Cache, hubHost: string, id: string, file: string, c: ChunkedFile, upTo = c.sizes.length): Promise<number> {
  let freed = 0;
  for (let i = 0; i < Math.max(upTo, c.sizes.length); i++) if (await chunks.delete(chunkKey(hubHost, id, file, c.set, i))) freed += c.sizes[i] ?? 0;
  return freed;
}

/** Whether every chunk entry of `c` is present. */
export async function hasChunks(chunks: Cache, hubHost: string, id: string, file: string, c: ChunkedFile): Promise<boolean> {
  const found = await Promise.all(c.sizes.map((_, i) => chunks.match(chunkKey(hubHost, id, file, c.set, i))));
  return found.every(Boolean);
}

/**
 * Collects a byte stream into fixed-size chunks and stores each one as it fills. Up to `parallel` chunk writes run
 * while the next chunk fills; a full buffer waits for the oldest write when that many are running (so a network
 * faster than the disk waits instead of piling up in memory: at most parallel + 1 chunks are held). `sizes` lists
 * only the chunks stored without a gap, so a resume never skips one. `flush()` stores a last, shorter chunk and waits
 * for every write.
 */
export class ChunkWriter {
  private buf: Uint8Array<ArrayBuffer>;
  private fill = 0;
  private nextIndex: number;
  private readonly running: Promise<void>[] = [];
  private failure: { err: unknown } | null = null;
  /** Lengths of chunks whose write completed, by index (resumed ones included). */
  private readonly done: Array<number | undefined>;
  /** Sizes of the chunks stored so far without a gap (including those stored before this writer, for a resume). */
  readonly sizes: number[];

  constructor(
    private readonly store: (index: number, bytes: Uint8Array<ArrayBuffer>) => Promise<void>,
    private readonly chunkBytes: number,
    stored: readonly number[] = [],
    /** Called after every stored chunk (the manifest is written there). */
    private readonly onStored: (sizes: readonly number[]) => Promise<void> = async () => undefined,
    private readonly parallel = 2,
  ) {
    this.buf = new Uint8Array(chunkBytes);
    this.sizes = [...stored];
    this.done = [...stored];
    this.nextIndex = stored.length;
  }

  /** Bytes in chunks stored without a gap. */
  get stored(): number {
    return this.sizes.reduce((s, n) => s + n, 0);
  }

  async write(data: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure.err;
    let at = 0;
    while (at < data.length) {
      const take = Math.min(data.length - at, this.chunkBytes - this.fill);
      this.buf.set(data.subarray(at, at + take), this.fill);
      this.fill += take;
      at += take;
      if (this.fill === this.chunkBytes) await this.emit();
    }
  }

  /** Starts the write of the filled buffer (after the oldest running one ends, if `parallel` are running). */
  private async emit(): Promise<void> {
    const bytes = this.fill === this.chunkBytes ? this.buf : this.buf.slice(0, this.fill);
    const index = this.nextIndex++;
    this.buf = new Uint8Array(this.chunkBytes);
    this.fill = 0;
    while (this.running.length >= this.parallel) await this.running.shift();
    if (this.failure) throw this.failure.err;
    const job = (async () => {
      await this.store(index, bytes);
      this.done[index] = bytes.length;
      let grew = false;
      while (this.done[this.sizes.length] !== undefined) {
        this.sizes.push(this.done[this.sizes.length]!);
        grew = true;
      }
      if (grew) await this.onStored(this.sizes);
    })().catch((err: unknown) => {
      this.failure ??= { err };
    });
    this.running.push(job);
  }

  /** Chunk indices handed to a write so far (stored or not): every key a cleanup may have to delete. */
  get written(): number {
    return this.nextIndex;
  }

  /** Waits for the running writes without storing what is buffered (cancel); ignores their errors. */
  async drain(): Promise<void> {
    while (this.running.length) await this.running.shift();
  }

  /** Stores what is buffered and waits for every write; throws the first write error. */
  async flush(): Promise<void> {
    if (this.fill > 0 && !this.failure) await this.emit();
    while (this.running.length) await this.running.shift();
    if (this.failure) throw this.failure.err;
  }
}

/**
 * Like ChunkWriter, but each chunk is written as it arrives: a chunk entry is a Response whose body is a stream fed
 * with the network's bytes (Cache.put reads it while it fills), so nothing is collected in memory and large chunks
 * (64 MiB: few cache entries) cost no more memory than small ones. When the download stops (a cut connection),
 * flush() ends the current chunk's stream normally, so the bytes that arrived are stored exactly; drain() (cancel)
 * fails it, so that chunk is not stored. Backpressure: write() waits while the stream's queue is full.
 */
export class StreamingChunkWriter {
  private current: { ctrl: ReadableStreamDefaultController<Uint8Array>; bytes: number; put: Promise<void>; index: number } | null = null;
  private room: (() => void) | null = null;
  private nextIndex: number;
  private readonly running: Promise<void>[] = [];
  private failure: { err: unknown } | null = null;
  private readonly done: Array<number | undefined>;
  readonly sizes: number[];

  constructor(
    private readonly store: (index: number, body: ReadableStream<Uint8Array>) => Promise<void>,
    private readonly chunkBytes: number,
    stored: readonly number[] = [],
    private readonly onStored: (sizes: readonly number[]) => Promise<void> = async () => undefined,
    private readonly parallel = 2,
    private readonly queueBytes = 4 << 20,
  ) {
    this.sizes = [...stored];
    this.done = [...stored];
    this.nextIndex = stored.length;
  }

  get stored(): number {
    return this.sizes.reduce((s, n) => s + n, 0);
  }

  get written(): number {
    return this.nextIndex;
  }

  private async open(): Promise<void> {
    while (this.running.length >= this.parallel) await this.running.shift();
    this.rethrow();
    const index = this.nextIndex++;
    let ctrl!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>(
      {
        start: (c) => {
          ctrl = c;
        },
        pull: () => {
          this.room?.();
        },
      },
      new ByteLengthQueuingStrategy({ highWaterMark: this.queueBytes }),
    );
    const entry = { ctrl, bytes: 0, index, put: Promise.resolve() };
    entry.put = (async () => {
      await this.store(index, body);
      this.done[index] = entry.bytes;
      let grew = false;
      while (this.done[this.sizes.length] !== undefined) {
        this.sizes.push(this.done[this.sizes.length]!);
        grew = true;
      }
      if (grew) await this.onStored(this.sizes);
    })().catch((err: unknown) => {
      this.failure ??= { err };
      this.room?.();
    });
    this.current = entry;
  }

  private close(): void {
    const c = this.current;
    if (!c) return;
    this.current = null;
    c.ctrl.close();
    this.running.push(c.put);
  }

  async write(data: Uint8Array): Promise<void> {
    this.rethrow();
    let at = 0;
    while (at < data.length) {
      if (!this.current) await this.open();
      const c = this.current!;
      const take = Math.min(data.length - at, this.chunkBytes - c.bytes);
      c.ctrl.enqueue(at === 0 && take === data.length ? data : data.slice(at, at + take));
      c.bytes += take;
      at += take;
      if (c.bytes === this.chunkBytes) this.close();
      else
        while ((c.ctrl.desiredSize ?? 1) <= 0 && !this.failure && this.current === c) {
          await new Promise<void>((r) => (this.room = r));
        }
      this.rethrow();
    }
  }

  async drain(): Promise<void> {
    const c = this.current;
    this.current = null;
    if (c) {
      c.ctrl.error(new DOMException('The download stopped.', 'AbortError'));
      this.running.push(c.put);
    }
    while (this.running.length) await this.running.shift();
  }

  async flush(): Promise<void> {
    this.close();
    while (this.running.length) await this.running.shift();
    this.rethrow();
  }

  private rethrow(): void {
    const f = this.failure as { err: unknown } | null;
    if (f) throw f.err;
  }
}

/**
 * A pull source fed by pushes: the network body goes to the chunk writer and, through this, to the graph check that
 * runs alongside the download. push() waits while more than `limit` bytes are queued (the reader is behind).
 */
export class ByteQueue {
  private readonly items: Uint8Array[] = [];
  private queued = 0;
  private ended = false;
  private failed: { err: unknown } | null = null;
  private closed = false;
  private wake: (() => void) | null = null;
  private room: (() => void) | null = null;

  constructor(private readonly limit = 32 << 20) {}

  async push(chunk: Uint8Array): Promise<void> {
    if (this.closed) return;
    this.items.push(chunk);
    this.queued += chunk.length;
    this.wake?.();
    while (this.queued > this.limit && !this.closed) await new Promise<void>((r) => (this.room = r));
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  error(err: unknown): void {
    this.failed = { err };
    this.wake?.();
  }

  /** The reader stopped (it failed or finished): pushes are dropped from now on. */
  close(): void {
    this.closed = true;
    this.items.length = 0;
    this.queued = 0;
    this.room?.();
  }

  readonly next = async (): Promise<Uint8Array | null> => {
    for (;;) {
      if (this.items.length) {
        const c = this.items.shift()!;
        this.queued -= c.length;
        if (this.queued <= this.limit) this.room?.();
        return c;
      }
      if (this.failed) throw this.failed.err;
      if (this.ended) return null;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = null;
    }
  };
}

/** One source after another. */
export function concatSources(...sources: Array<() => Promise<Uint8Array | null>>): () => Promise<Uint8Array | null> {
  let i = 0;
  return async () => {
    while (i < sources.length) {
      const c = await sources[i]();
      if (c) return c;
      i++;
    }
    return null;
  };
}

/**
 * The bytes of a stored file, in order, streamed from its chunk entries (one read of one entry at a time in
 * memory, however large the entries). A missing entry, or one whose length differs from the record, throws.
 */
export function chunkSource(
  chunks: Cache,
  hubHost: string,
  id: string,
  file: string,
  c: ChunkedFile,
  onChunk?: (bytes: number) => void,
): () => Promise<Uint8Array | null> {
  let i = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let got = 0;
  const missing = () => new HubError('corrupt', t('hub_part_missing', i + 1, c.sizes.length, file, id));
  const wrongLength = () => new HubError('corrupt', t('hub_part_length', i + 1, file, id, got, c.sizes[i]));
  return async () => {
    for (;;) {
      if (i >= c.sizes.length) return null;
      if (!reader) {
        const res = await chunks.match(chunkKey(hubHost, id, file, c.set, i));
        if (!res?.body) {
          if (res && c.sizes[i] === 0) {
            i++;
            continue;
          }
          throw missing();
        }
        reader = res.body.getReader();
        got = 0;
      }
      const { done, value } = await reader.read();
      if (done) {
        reader = null;
        if (got !== c.sizes[i]) throw wrongLength();
        i++;
        continue;
      }
      got += value.length;
      if (got > c.sizes[i]) throw wrongLength();
      onChunk?.(value.length);
      return value;
    }
  };
}

/** Reads a chunked file into one buffer with `headroom` spare bytes after it (the engine's MODEL_HEADROOM contract). */
export async function readChunkedInto(
  chunks: Cache,
  hubHost: string,
  id: string,
  file: string,
  c: ChunkedFile,
  headroom: number,
  onChunk?: (bytes: number) => void,
): Promise<Uint8Array<ArrayBuffer>> {
  const total = chunkedBytes(c);
  const out = new Uint8Array(total + headroom);
  let at = 0;
  for (let i = 0; i < c.sizes.length; i++) {
    const res = await chunks.match(chunkKey(hubHost, id, file, c.set, i));
    if (!res?.body) throw new HubError('corrupt', t('hub_part_missing', i + 1, c.sizes.length, file, id));
    const reader = res.body.getReader();
    const start = at;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (at + value.length > start + c.sizes[i]) throw new HubError('corrupt', t('hub_part_longer', i + 1, file, id));
        out.set(value, at);
        at += value.length;
        onChunk?.(value.length);
      }
    } finally {
      reader.releaseLock();
    }
    if (at - start !== c.sizes[i]) throw new HubError('corrupt', t('hub_part_shorter', i + 1, file, id));
  }
  return out.subarray(0, total);
}
