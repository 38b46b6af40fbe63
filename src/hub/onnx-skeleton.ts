// The structure of an ONNX model without its weights, read as a stream: everything of the ModelProto is copied
// except the payload of large initializers (TensorProto raw_data / *_data fields over `keepBytes`), which is
// skipped. The result is a small, valid ModelProto (a bert-base export: 438 MB in, ~0.3 MB out) that the scanner,
// the attention locator and the output exposer read exactly as they read the full model — so a download can be
// checked chunk by chunk from Cache Storage without ever holding the model in memory.
// Pure: the bytes come from `next()`, one chunk at a time, in order.

const GRAPH = 7; // ModelProto.graph
const INITIALIZER = 5; // GraphProto.initializer
/** TensorProto payload fields: float_data, int32_data, int64_data, raw_data, double_data, uint64_data. */
const PAYLOAD = new Set([4, 5, 7, 9, 10, 11]);
const LEN = 2;

export class SkeletonError extends Error {
  override name = 'SkeletonError';
}

/** Sequential reads across a stream of chunks. */
class ChunkReader {
  private chunk: Uint8Array = new Uint8Array(0);
  private at = 0;
  /** Bytes consumed so far. */
  pos = 0;

  constructor(private readonly next: () => Promise<Uint8Array | null>) {}

  private async fill(): Promise<boolean> {
    while (this.at >= this.chunk.length) {
      const c = await this.next();
      if (!c) return false;
      this.chunk = c;
      this.at = 0;
    }
    return true;
  }

  async atEnd(): Promise<boolean> {
    return !(await this.fill());
  }

  async byte(): Promise<number> {
    if (this.at >= this.chunk.length && !(await this.fill())) throw new SkeletonError(`the file ends inside a field (at byte ${this.pos})`);
    this.pos++;
    return this.chunk[this.at++];
  }

  /** A varint's value (exact below 2^53) and its raw bytes. */
  async varint(): Promise<{ value: number; raw: number[] }> {
    const raw: number[] = [];
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = await this.byte();
      raw.push(b);
      value += (b & 0x7f) * scale;
      if (!(b & 0x80)) return { value, raw };
      scale *= 128;
      if (raw.length > 10) throw new SkeletonError(`malformed varint at byte ${this.pos}`);
    }
  }

  async bytes(n: number): Promise<Uint8Array> {
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      if (!(await this.fill())) throw new SkeletonError(`the file ends ${n - got} bytes short of a field`);
      const take = Math.min(n - got, this.chunk.length - this.at);
      out.set(this.chunk.subarray(this.at, this.at + take), got);
      this.at += take;
      got += take;
      this.pos += take;
    }
    return out;
  }

  async skip(n: number): Promise<void> {
    let left = n;
    while (left > 0) {
      if (!(await this.fill())) throw new SkeletonError(`the file ends ${left} bytes short of a field`);
      const take = Math.min(left, this.chunk.length - this.at);
      this.at += take;
      this.pos += take;
      left -= take;
    }
  }
}

/** Byte parts of a message being rebuilt. */
class Parts {
  private readonly parts: Uint8Array[] = [];
  length = 0;

  push(bytes: Uint8Array | number[]): void {
    const b = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes);
    this.parts.push(b);
    this.length += b.length;
  }

  /** A length-delimited field holding `body`. */
  field(field: number, body: Uint8Array): void {
    this.push(varintBytes(field * 8 + LEN));
    this.push(varintBytes(body.length));
    this.push(body);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

function varintBytes(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

/** Copies one field (key already read) verbatim. */
async function copyField(r: ChunkReader, out: Parts, keyRaw: number[], wireType: number): Promise<void> {
  out.push(keyRaw);
  switch (wireType) {
    case 0:
      out.push((await r.varint()).raw);
      return;
    case 1:
      out.push(await r.bytes(8));
      return;
    case 5:
      out.push(await r.bytes(4));
      return;
    case LEN: {
      const len = await r.varint();
      out.push(len.raw);
      out.push(await r.bytes(len.value));
      return;
    }
    default:
      throw new SkeletonError(`unsupported wire type ${wireType} at byte ${r.pos}: not an ONNX model`);
  }
}

async function message(
  r: ChunkReader,
  end: number,
  onField: (field: number, wireType: number, keyRaw: number[], out: Parts) => Promise<boolean>,
): Promise<Uint8Array> {
  const out = new Parts();
  while (r.pos < end) {
    const key = await r.varint();
    const field = Math.floor(key.value / 8);
    const wt = key.value & 7;
    if (field === 0) throw new SkeletonError(`field number 0 at byte ${r.pos}: not an ONNX model`);
    if (!(await onField(field, wt, key.raw, out))) await copyField(r, out, key.raw, wt);
  }
  if (r.pos !== end) throw new SkeletonError(`a message overruns its length (at byte ${r.pos}, expected ${end})`);
  return out.finish();
}

export interface SkeletonStats {
  /** Bytes read from the stream. */
  bytesIn: number;
  /** Payload bytes left out. */
  bytesSkipped: number;
  /** Initializers whose payload was left out. */
  tensorsStripped: number;
}

/**
 * Reads a whole ModelProto from `next()` and returns it without the payload of initializers larger than
 * `keepBytes` (default 4 KiB: scalars and shape constants stay, so scale factors are still readable).
 */
export async function onnxSkeleton(
  next: () => Promise<Uint8Array | null>,
  options: { keepBytes?: number } = {},
): Promise<{ bytes: Uint8Array; stats: SkeletonStats }> {
  const keep = options.keepBytes ?? 4096;
  const r = new ChunkReader(next);
  const stats: SkeletonStats = { bytesIn: 0, bytesSkipped: 0, tensorsStripped: 0 };

  const tensorMessage = async (end: number): Promise<Uint8Array> => {
    const out = new Parts();
    let stripped = false;
    while (r.pos < end) {
      const key = await r.varint();
      const field = Math.floor(key.value / 8);
      const wt = key.value & 7;
      if (PAYLOAD.has(field) && wt === LEN) {
        const len = await r.varint();
        if (len.value <= keep) {
          out.push(key.raw);
          out.push(len.raw);
          out.push(await r.bytes(len.value));
        } else {
          await r.skip(len.value);
          stats.bytesSkipped += len.value;
          stripped = true;
        }
        continue;
      }
      await copyField(r, out, key.raw, wt);
    }
    if (r.pos !== end) throw new SkeletonError(`a tensor overruns its length (at byte ${r.pos})`);
    if (stripped) stats.tensorsStripped++;
    return out.finish();
  };
  const graph = (end: number) =>
    message(r, end, async (field, wt, _keyRaw, out) => {
      if (field !== INITIALIZER || wt !== LEN) return false;
      const len = await r.varint();
      out.field(INITIALIZER, await tensorMessage(r.pos + len.value));
      return true;
    });

  const model = new Parts();
  while (!(await r.atEnd())) {
    const key = await r.varint();
    const field = Math.floor(key.value / 8);
    const wt = key.value & 7;
    if (field === 0) throw new SkeletonError('field number 0 at the start: not an ONNX model');
    if (field === GRAPH && wt === LEN) {
      const len = await r.varint();
      model.field(GRAPH, await graph(r.pos + len.value));
    } else {
      await copyField(r, model, key.raw, wt);
    }
  }
  stats.bytesIn = r.pos;
  return { bytes: model.finish(), stats };
}

/** `next()` over an array of chunks (tests, and bytes already in memory). */
export function chunksOf(chunks: readonly Uint8Array[]): () => Promise<Uint8Array | null> {
  let i = 0;
  return async () => (i < chunks.length ? chunks[i++] : null);
}
