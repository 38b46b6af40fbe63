// Minimal protobuf wire-format reader/writer: just enough to walk ONNX files in place and to
// append small records. Pure TypeScript over Uint8Array (no TextDecoder, no Node Buffer) so it
// runs unchanged in the extension, a worker and tests.
import { decodeUtf8, encodeUtf8 } from '../text/utf8';

export { decodeUtf8, encodeUtf8 };

export const enum WireType {
  Varint = 0,
  Fixed64 = 1,
  LengthDelimited = 2,
  StartGroup = 3,
  EndGroup = 4,
  Fixed32 = 5,
}

export class ProtobufError extends Error {
  override name = 'ProtobufError';
}

const TWO_32 = 4294967296;

/**
 * Cursor over one message's bytes [start, end) of a shared buffer. Length-delimited fields come
 * back as subarray views, never copies, so walking a 400 MB model allocates almost nothing.
 */
export class ProtoReader {
  readonly buf: Uint8Array;
  pos: number;
  readonly end: number;
  private view: DataView | null = null;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    if (start < 0 || end > buf.length || start > end) throw new ProtobufError('reader range out of bounds');
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  eof(): boolean {
    return this.pos >= this.end;
  }

  /** Field tag; returns field number and wire type. */
  readTag(): { field: number; wireType: WireType } {
    const tag = this.readVarint();
    const field = Math.floor(tag / 8);
    if (field === 0) throw new ProtobufError(`invalid field number 0 at byte ${this.pos}`);
    return { field, wireType: (tag & 7) as WireType };
  }

  /**
   * Varint as a JS number. Handles the full 10-byte form: negative int64 (e.g. Softmax axis -1,
   * stored as two's complement) comes back negative; magnitudes beyond 2^53 lose precision, which
   * never matters for ONNX dims, attributes or lengths.
   */
  readVarint(): number {
    let pos = this.pos;
    // fast path: one byte (tags, small lengths)
    let b = this.byteAt(pos++);
    if (b < 0x80) {
      this.pos = pos;
      return b;
    }
    let lo = b & 0x7f;
    let shift = 7;
    // low 28 bits
    while (shift < 28) {
      b = this.byteAt(pos++);
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return lo >>> 0;
      }
      shift += 7;
    }
    // 5th byte straddles bit 32
    b = this.byteAt(pos++);
    lo = (lo | ((b & 0x0f) << 28)) >>> 0;
    let hi = (b & 0x7f) >> 4;
    if (b >= 0x80) {
      shift = 3;
      for (let i = 0; i < 5; i++) {
        b = this.byteAt(pos++);
        hi |= (b & 0x7f) << shift;
        if (b < 0x80) break;
        shift += 7;
        if (i === 4) throw new ProtobufError(`varint longer than 10 bytes at byte ${this.pos}`);
      }
    }
    this.pos = pos;
    // hi as signed 32-bit gives two's-complement int64 semantics
    return (hi | 0) * TWO_32 + lo;
  }

  /** Varint as bigint (exact 64-bit, unsigned interpretation). Rarely needed. */
  readVarintBig(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      const b = this.byteAt(this.pos++);
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
    throw new ProtobufError('varint longer than 10 bytes');
  }

  /** sint32/sint64 (zigzag). */
  readSVarint(): number {
    const n = this.readVarint();
    // zigzag decode without 32-bit truncation
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  readFixed32(): number {
    const v = this.dv().getUint32(this.need(4), true);
    return v;
  }

  readFloat(): number {
    return this.dv().getFloat32(this.need(4), true);
  }

  readFixed64(): number {
    const p = this.need(8);
    const dv = this.dv();
    return dv.getInt32(p + 4, true) * TWO_32 + dv.getUint32(p, true);
  }

  readDouble(): number {
    return this.dv().getFloat64(this.need(8), true);
  }

  /** Length-delimited payload as a view into the same buffer (no copy). */
  readBytes(): Uint8Array {
    const len = this.readVarint();
    const start = this.need(len);
    return this.buf.subarray(start, start + len);
  }

  /** Bounds of a length-delimited payload, for nested readers without creating a view. */
  readSpan(): [number, number] {
    const len = this.readVarint();
    const start = this.need(len);
    return [start, start + len];
  }

  /** Reader over a nested message. */
  readMessage(): ProtoReader {
    const [s, e] = this.readSpan();
    return new ProtoReader(this.buf, s, e);
  }

  readString(): string {
    const [s, e] = this.readSpan();
    return decodeUtf8(this.buf, s, e);
  }

  /** Skips a field's payload of the given wire type. */
  skip(wireType: WireType): void {
    switch (wireType) {
      case WireType.Varint:
        while (this.byteAt(this.pos++) >= 0x80) {
          /* continuation bytes */
        }
        return;
      case WireType.Fixed64:
        this.need(8);
        return;
      case WireType.LengthDelimited: {
        const len = this.readVarint();
        this.need(len);
        return;
      }
      case WireType.Fixed32:
        this.need(4);
        return;
      case WireType.StartGroup: {
        // deprecated groups: skip nested fields until the matching end-group
        for (;;) {
          const { wireType: wt } = this.readTag();
          if (wt === WireType.EndGroup) return;
          this.skip(wt);
        }
      }
      default:
        throw new ProtobufError(`unsupported wire type ${wireType as number} at byte ${this.pos}`);
    }
  }

  /** Packed or unpacked repeated varints (dims, ints, int64_data): appends to `out`. */
  readRepeatedVarint(wireType: WireType, out: number[]): void {
    if (wireType === WireType.LengthDelimited) {
      const [s, e] = this.readSpan();
      const sub = new ProtoReader(this.buf, s, e);
      while (!sub.eof()) out.push(sub.readVarint());
    } else {
      out.push(this.readVarint());
    }
  }

  /** Packed or unpacked repeated float32 (floats attribute): appends to `out`. */
  readRepeatedFloat(wireType: WireType, out: number[]): void {
    if (wireType === WireType.LengthDelimited) {
      const [s, e] = this.readSpan();
      if ((e - s) % 4 !== 0) throw new ProtobufError('packed float length not a multiple of 4');
      const dv = this.dv();
      for (let p = s; p < e; p += 4) out.push(dv.getFloat32(p, true));
    } else {
      out.push(this.readFloat());
    }
  }

  private byteAt(p: number): number {
    if (p >= this.end) throw new ProtobufError(`truncated message at byte ${p}`);
    return this.buf[p];
  }

  /** Reserves n bytes at the cursor and returns their start. */
  private need(n: number): number {
    const p = this.pos;
    if (n < 0 || p + n > this.end) throw new ProtobufError(`truncated field: need ${n} bytes at byte ${p}`);
    this.pos = p + n;
    return p;
  }

  private dv(): DataView {
    if (!this.view) this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    return this.view;
  }
}

/**
 * Append-only writer for small messages (the records we add to a model). Nested messages are
 * built with a child writer and emitted with `message()`, which length-prefixes them.
 */
export class ProtoWriter {
  private chunks: number[] = [];

  /** Unsigned varint, or a negative int64 as its 10-byte two's complement form. */
  varint(n: number): this {
    if (!Number.isInteger(n)) throw new ProtobufError(`varint must be an integer, got ${n}`);
    if (n < 0) {
      // two's complement over 64 bits, little-endian base-128
      let v = BigInt.asUintN(64, BigInt(n));
      for (let i = 0; i < 10; i++) {
        const b = Number(v & 0x7fn);
        v >>= 7n;
        if (v === 0n) {
          this.chunks.push(b);
          return this;
        }
        this.chunks.push(b | 0x80);
      }
      return this;
    }
    while (n >= 0x80) {
      this.chunks.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.chunks.push(n);
    return this;
  }

  tag(field: number, wireType: WireType): this {
    return this.varint(field * 8 + wireType);
  }

  /** Field with a varint payload (int32/int64/enum/bool). */
  int(field: number, n: number): this {
    return this.tag(field, WireType.Varint).varint(n);
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, WireType.LengthDelimited).varint(data.length);
    for (let i = 0; i < data.length; i++) this.chunks.push(data[i]);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, encodeUtf8(s));
  }

  /** Nested message field; `build` fills a fresh writer. */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const child = new ProtoWriter();
    build(child);
    return this.bytes(field, child.finish());
  }

  float(field: number, v: number): this {
    this.tag(field, WireType.Fixed32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    for (let i = 0; i < 4; i++) this.chunks.push(b[i]);
    return this;
  }

  double(field: number, v: number): this {
    this.tag(field, WireType.Fixed64);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    for (let i = 0; i < 8; i++) this.chunks.push(b[i]);
    return this;
  }

  get length(): number {
    return this.chunks.length;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}
