import { describe, expect, it } from 'vitest';
import { ProtoReader, ProtoWriter, ProtobufError, WireType, decodeUtf8, encodeUtf8 } from '../../src/core/onnx/protobuf';

describe('protobuf varints', () => {
  const values = [0, 1, 127, 128, 300, 16383, 16384, 2 ** 28 - 1, 2 ** 28, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 35 + 5, 2 ** 49 + 3, 2 ** 53 - 1];
  const negatives = [-1, -2, -3, -128, -(2 ** 31), -(2 ** 32) - 7, -(2 ** 40)];

  it.each([...values, ...negatives])('round-trips %d', (v) => {
    const bytes = new ProtoWriter().varint(v).finish();
    if (v < 0) expect(bytes.length).toBe(10); // int64 two's complement is always 10 bytes
    const r = new ProtoReader(bytes);
    expect(r.readVarint()).toBe(v);
    expect(r.eof()).toBe(true);
  });

  it('reads -1 as written by protoc (ff ff ff ff ff ff ff ff ff 01)', () => {
    const r = new ProtoReader(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]));
    expect(r.readVarint()).toBe(-1);
  });

  it('readVarintBig is exact over 64 bits', () => {
    const r = new ProtoReader(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]));
    expect(r.readVarintBig()).toBe(2n ** 64n - 1n);
  });

  it('zigzag', () => {
    for (const [enc, dec] of [
      [0, 0],
      [1, -1],
      [2, 1],
      [3, -2],
      [4294967294, 2147483647],
      [4294967295, -2147483648],
    ] as const) {
      expect(new ProtoReader(new ProtoWriter().varint(enc).finish()).readSVarint()).toBe(dec);
    }
  });

  it('rejects varints longer than 10 bytes and truncated input', () => {
    expect(() => new ProtoReader(new Uint8Array(11).fill(0xff)).readVarint()).toThrow(ProtobufError);
    expect(() => new ProtoReader(Uint8Array.from([0x80, 0x80])).readVarint()).toThrow(ProtobufError);
  });
});

describe('protobuf fields', () => {
  function sample(): Uint8Array {
    return new ProtoWriter()
      .int(1, 150)
      .double(2, Math.PI)
      .string(3, 'héllo ✓ 𝄞')
      .float(5, 1.5)
      .message(6, (m) => m.int(1, -1).string(2, 'inner'))
      .int(7, 42)
      .finish();
  }

  it('reads every wire type', () => {
    const r = new ProtoReader(sample());
    const seen: Record<number, unknown> = {};
    while (!r.eof()) {
      const { field, wireType } = r.readTag();
      if (field === 1) seen[1] = r.readVarint();
      else if (field === 2) seen[2] = r.readDouble();
      else if (field === 3) seen[3] = r.readString();
      else if (field === 5) seen[5] = r.readFloat();
      else if (field === 6) {
        const m = r.readMessage();
        const inner: unknown[] = [];
        while (!m.eof()) {
          const t = m.readTag();
          inner.push(t.field === 1 ? m.readVarint() : m.readString());
        }
        seen[6] = inner;
      } else if (field === 7) seen[7] = r.readVarint();
      else r.skip(wireType);
    }
    expect(seen).toEqual({ 1: 150, 2: Math.PI, 3: 'héllo ✓ 𝄞', 5: 1.5, 6: [-1, 'inner'], 7: 42 });
  });

  it('skips every wire type', () => {
    const r = new ProtoReader(sample());
    let last = -1;
    while (!r.eof()) {
      const { field, wireType } = r.readTag();
      if (field === 7) last = r.readVarint();
      else r.skip(wireType);
    }
    expect(last).toBe(42);
  });

  it('length-delimited payloads are views, not copies', () => {
    const bytes = new ProtoWriter().bytes(1, Uint8Array.from([9, 8, 7])).finish();
    const r = new ProtoReader(bytes);
    r.readTag();
    const v = r.readBytes();
    expect(Array.from(v)).toEqual([9, 8, 7]);
    expect(v.buffer).toBe(bytes.buffer);
  });

  it('packed and unpacked repeated fields', () => {
    const packed = new ProtoWriter()
      .message(8, (m) =>
        m
          .varint(1)
          .varint(300)
          .varint(2 ** 33),
      )
      .finish();
    const r = new ProtoReader(packed);
    const out: number[] = [];
    const { wireType } = r.readTag();
    r.readRepeatedVarint(wireType, out);
    expect(out).toEqual([1, 300, 2 ** 33]);

    const unpacked = new ProtoWriter().int(8, 5).int(8, -1).finish();
    const r2 = new ProtoReader(unpacked);
    const out2: number[] = [];
    while (!r2.eof()) r2.readRepeatedVarint(r2.readTag().wireType, out2);
    expect(out2).toEqual([5, -1]);

    const f = new Float32Array([0.5, -2, 3.25]);
    const pf = new ProtoWriter().bytes(7, new Uint8Array(f.buffer)).finish();
    const r3 = new ProtoReader(pf);
    const out3: number[] = [];
    r3.readRepeatedFloat(r3.readTag().wireType, out3);
    expect(out3).toEqual([0.5, -2, 3.25]);
  });

  it('throws on a length past the end', () => {
    const r = new ProtoReader(Uint8Array.from([0x0a, 0x05, 1, 2]));
    r.readTag();
    expect(() => r.readBytes()).toThrow(ProtobufError);
  });

  it('respects sub-ranges', () => {
    const r = new ProtoReader(Uint8Array.from([0xff, 0x08, 0x01, 0xff]), 1, 3);
    expect(r.readTag()).toEqual({ field: 1, wireType: WireType.Varint });
    expect(r.readVarint()).toBe(1);
    expect(r.eof()).toBe(true);
  });

  it('utf-8 round trip', () => {
    for (const s of ['', 'plain ascii', 'héllo', '✓ 東京', '𝄞 music', 'a'.repeat(10000)]) {
      const b = encodeUtf8(s);
      expect(Array.from(b)).toEqual(Array.from(new TextEncoder().encode(s)));
      expect(decodeUtf8(b)).toBe(s);
    }
  });
});
