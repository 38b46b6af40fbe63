// The protobuf wire-format reader and writer (src/core/onnx/protobuf.ts) against hand-encoded bytes: every expected
// value below is worked out from the wire format (base-128 varints, little-endian fixed32/64, tag = field·8 + type),
// not taken from the code.
import { describe, expect, it } from 'vitest';
import { ProtoReader, ProtoWriter, ProtobufError, WireType } from '../../src/core/onnx/protobuf';
import { thrown } from '../support/thrown';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

/** `payload` placed at `offset` inside a larger buffer (so byteOffset ≠ 0) with junk around it. */
function offsetView(payload: number[], offset: number): Uint8Array {
  const backing = new Uint8Array(offset + payload.length + 3).fill(0xee);
  backing.set(payload, offset);
  return backing.subarray(offset, offset + payload.length);
}

function expectProtobufError(f: () => unknown, message: string): void {
  const e = thrown(f);
  expect(e).toBeInstanceOf(ProtobufError);
  expect((e as ProtobufError).name).toBe('ProtobufError');
  expect((e as ProtobufError).message).toBe(message);
}

describe('ProtoReader range', () => {
  it('accepts the whole buffer, an empty range and a range ending at the buffer end', () => {
    const buf = bytes(0x08, 0x01, 0x10, 0x02);
    const whole = new ProtoReader(buf);
    expect(whole.pos).toBe(0);
    expect(whole.end).toBe(4);
    const empty = new ProtoReader(buf, 2, 2);
    expect(empty.eof()).toBe(true);
    const tail = new ProtoReader(buf, 2, 4);
    expect(tail.eof()).toBe(false);
    expect(tail.readTag()).toEqual({ field: 2, wireType: WireType.Varint });
    expect(tail.readVarint()).toBe(2);
    expect(tail.eof()).toBe(true);
    expect(new ProtoReader(buf, 4, 4).eof()).toBe(true);
  });

  it('refuses a negative start, an end past the buffer and a start after the end', () => {
    const buf = bytes(1, 2, 3);
    expectProtobufError(() => new ProtoReader(buf, -1, 2), 'reader range out of bounds');
    expectProtobufError(() => new ProtoReader(buf, 0, 4), 'reader range out of bounds');
    expectProtobufError(() => new ProtoReader(buf, 2, 1), 'reader range out of bounds');
  });

  it('never reads past its own end, even when the buffer goes on', () => {
    // 0x80 0x01 would be 128, but the range stops after the first byte
    const r = new ProtoReader(bytes(0x80, 0x01), 0, 1);
    expectProtobufError(() => r.readVarint(), 'truncated message at byte 1');
    expectProtobufError(() => new ProtoReader(bytes(0x80, 0x01), 0, 1).readVarintBig(), 'truncated message at byte 1');
    // a fixed32 of 4 bytes in a 3-byte range of a 4-byte buffer
    expectProtobufError(() => new ProtoReader(bytes(1, 2, 3, 4), 0, 3).readFixed32(), 'truncated field: need 4 bytes at byte 0');
  });
});

describe('ProtoReader tags', () => {
  it('splits a tag into field number and wire type', () => {
    // 0x0d = field 1, fixed32; 0x12 = field 2, length-delimited; 0x82 0x13 = 2434 = field 304 · 8 + 2
    const r = new ProtoReader(bytes(0x0d, 0x12, 0x82, 0x13, 0x7d, 0x79));
    expect(r.readTag()).toEqual({ field: 1, wireType: WireType.Fixed32 });
    expect(r.readTag()).toEqual({ field: 2, wireType: WireType.LengthDelimited });
    expect(r.readTag()).toEqual({ field: 304, wireType: WireType.LengthDelimited });
    // 0x7d = 125 = field 15, wire type 5; 0x79 = 121 = field 15, wire type 1
    expect(r.readTag()).toEqual({ field: 15, wireType: WireType.Fixed32 });
    expect(r.readTag()).toEqual({ field: 15, wireType: WireType.Fixed64 });
  });

  it('refuses field number 0 and says where', () => {
    expectProtobufError(() => new ProtoReader(bytes(0x00)).readTag(), 'invalid field number 0 at byte 1');
    // 0x07: field 0 with wire type 7, after one valid varint field (0x08 0x01)
    const r = new ProtoReader(bytes(0x08, 0x01, 0x07));
    r.readTag();
    r.readVarint();
    expectProtobufError(() => r.readTag(), 'invalid field number 0 at byte 3');
  });
});

describe('ProtoReader varints', () => {
  it.each([
    { enc: [0x00], value: 0 },
    { enc: [0x7f], value: 127 },
    { enc: [0x80, 0x01], value: 128 },
    { enc: [0x96, 0x01], value: 150 },
    { enc: [0xac, 0x02], value: 300 },
    { enc: [0xff, 0x7f], value: 16383 },
    { enc: [0x80, 0x80, 0x01], value: 16384 },
    { enc: [0xff, 0xff, 0xff, 0x7f], value: 2 ** 28 - 1 },
    { enc: [0x80, 0x80, 0x80, 0x80, 0x01], value: 2 ** 28 },
    { enc: [0xff, 0xff, 0xff, 0xff, 0x07], value: 2 ** 31 - 1 },
    { enc: [0x80, 0x80, 0x80, 0x80, 0x08], value: 2 ** 31 },
    { enc: [0xff, 0xff, 0xff, 0xff, 0x0f], value: 2 ** 32 - 1 },
    { enc: [0x80, 0x80, 0x80, 0x80, 0x10], value: 2 ** 32 },
    // 5th byte 0x7f: bits 28..31 = 0xf, bits 32..34 = 0x7
    { enc: [0x80, 0x80, 0x80, 0x80, 0x7f], value: 0x7f * 2 ** 28 },
    // 2^35 + 5: 5th byte 0x80 (continuation, nothing below bit 35), 6th byte 0x01
    { enc: [0x85, 0x80, 0x80, 0x80, 0x80, 0x01], value: 2 ** 35 + 5 },
    { enc: [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], value: 2 ** 49 },
    { enc: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f], value: 2 ** 53 - 1 },
    // two's complement int64: -2 = 0xffff_ffff_ffff_fffe, -(2^32) = 0xffff_ffff_0000_0000
    { enc: [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], value: -2 },
    { enc: [0x80, 0x80, 0x80, 0x80, 0xf0, 0xff, 0xff, 0xff, 0xff, 0x01], value: -(2 ** 32) },
    { enc: [0x80, 0x80, 0x80, 0x80, 0xf8, 0xff, 0xff, 0xff, 0xff, 0x01], value: -(2 ** 31) },
  ])('$value from $enc, consuming exactly its bytes', ({ enc, value }) => {
    const r = new ProtoReader(Uint8Array.from([...enc, 0x2a]));
    expect(r.readVarint()).toBe(value);
    expect(r.pos).toBe(enc.length);
    expect(r.readVarint()).toBe(42); // the next value starts right after
    expect(r.eof()).toBe(true);
  });

  it('reads non-minimal encodings (redundant continuation bytes) as the same value', () => {
    expect(new ProtoReader(bytes(0x81, 0x00)).readVarint()).toBe(1);
    expect(new ProtoReader(bytes(0x81, 0x80, 0x80, 0x00)).readVarint()).toBe(1);
    expect(new ProtoReader(bytes(0x81, 0x80, 0x80, 0x80, 0x80, 0x00)).readVarint()).toBe(1);
  });

  it('refuses an 11-byte varint and one cut short, naming the byte', () => {
    expectProtobufError(() => new ProtoReader(new Uint8Array(11).fill(0x80)).readVarint(), 'varint longer than 10 bytes at byte 0');
    // ten bytes, every one with the continuation bit: the 10th cannot end it
    expectProtobufError(() => new ProtoReader(new Uint8Array(10).fill(0xff)).readVarint(), 'varint longer than 10 bytes at byte 0');
    // nine such bytes: the input ends before the varint does
    expectProtobufError(() => new ProtoReader(new Uint8Array(9).fill(0xff)).readVarint(), 'truncated message at byte 9');
    expectProtobufError(() => new ProtoReader(bytes(0x80, 0x80, 0x80, 0x80)).readVarint(), 'truncated message at byte 4');
    expectProtobufError(() => new ProtoReader(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80)).readVarint(), 'truncated message at byte 6');
    expectProtobufError(() => new ProtoReader(new Uint8Array(0)).readVarint(), 'truncated message at byte 0');
  });

  it('readVarintBig: exact unsigned 64-bit values', () => {
    const r = new ProtoReader(bytes(0x96, 0x01, 0x00, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01));
    expect(r.readVarintBig()).toBe(150n);
    expect(r.pos).toBe(2);
    expect(r.readVarintBig()).toBe(0n);
    expect(r.readVarintBig()).toBe(2n ** 64n - 2n);
    expect(r.eof()).toBe(true);
    // 2^63: nine 0x80 bytes then 0x01
    expect(new ProtoReader(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01)).readVarintBig()).toBe(2n ** 63n);
  });

  it('readVarintBig refuses an 11-byte varint', () => {
    // ten continuation bytes, then a byte that would end an 11-byte varint
    expectProtobufError(() => new ProtoReader(bytes(...new Array<number>(10).fill(0x80), 0x01)).readVarintBig(), 'varint longer than 10 bytes');
  });

  it('readSVarint: zigzag from hand-encoded bytes', () => {
    // 0x01 → -1, 0x02 → 1, 0x96 0x01 (150) → 75, 0x95 0x01 (149) → -75
    const r = new ProtoReader(bytes(0x01, 0x02, 0x96, 0x01, 0x95, 0x01));
    expect([r.readSVarint(), r.readSVarint(), r.readSVarint(), r.readSVarint()]).toEqual([-1, 1, 75, -75]);
  });
});

describe('ProtoReader fixed-width values', () => {
  it('fixed32 is unsigned little-endian', () => {
    const r = new ProtoReader(bytes(0x78, 0x56, 0x34, 0x12, 0xff, 0xff, 0xff, 0xff));
    expect(r.readFixed32()).toBe(0x12345678);
    expect(r.pos).toBe(4);
    expect(r.readFixed32()).toBe(4294967295);
    expect(r.eof()).toBe(true);
  });

  it('float is little-endian IEEE single precision', () => {
    // 1.5 = 0x3fc00000, -2 = 0xc0000000
    const r = new ProtoReader(bytes(0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x00, 0xc0));
    expect(r.readFloat()).toBe(1.5);
    expect(r.readFloat()).toBe(-2);
    expect(r.pos).toBe(8);
  });

  it('fixed64 is signed little-endian (high word signed, low word unsigned)', () => {
    const r = new ProtoReader(
      bytes(
        ...[0x01, 0, 0, 0, 0, 0, 0, 0], // 1
        ...[0, 0, 0, 0, 0x01, 0, 0, 0], // 2^32
        ...[0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0], // 2^32 - 1
        ...[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // -1
        ...[0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff], // -(2^32)
      ),
    );
    expect([r.readFixed64(), r.readFixed64(), r.readFixed64(), r.readFixed64(), r.readFixed64()]).toEqual([1, 2 ** 32, 2 ** 32 - 1, -1, -(2 ** 32)]);
    expect(r.eof()).toBe(true);
  });

  it('double is little-endian IEEE double precision', () => {
    // 1 = 0x3ff0000000000000, -0.5 = 0xbfe0000000000000
    const r = new ProtoReader(bytes(0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0xe0, 0xbf));
    expect(r.readDouble()).toBe(1);
    expect(r.readDouble()).toBe(-0.5);
    expect(r.eof()).toBe(true);
  });

  it('reads fixed-width values from a view that does not start at byte 0 of its buffer', () => {
    const buf = offsetView([0x00, 0x00, 0xc0, 0x3f, 0x78, 0x56, 0x34, 0x12, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x02, 0, 0, 0, 0, 0, 0, 0], 5);
    const r = new ProtoReader(buf);
    expect(r.readFloat()).toBe(1.5);
    expect(r.readFixed32()).toBe(0x12345678);
    expect(r.readDouble()).toBe(1);
    expect(r.readFixed64()).toBe(2);
  });

  it('fixed-width reads past the end are refused with the size and position', () => {
    expectProtobufError(() => new ProtoReader(bytes(1, 2, 3)).readFixed32(), 'truncated field: need 4 bytes at byte 0');
    expectProtobufError(() => new ProtoReader(bytes(1, 2, 3)).readFloat(), 'truncated field: need 4 bytes at byte 0');
    expectProtobufError(() => new ProtoReader(bytes(1, 2, 3, 4, 5, 6, 7)).readFixed64(), 'truncated field: need 8 bytes at byte 0');
    expectProtobufError(() => new ProtoReader(bytes(1, 2, 3, 4, 5, 6, 7)).readDouble(), 'truncated field: need 8 bytes at byte 0');
  });
});

describe('ProtoReader length-delimited fields', () => {
  it('readBytes and readSpan return the payload right after the length', () => {
    // field 1 "abc", field 2 empty, field 3 [7, 8]
    const buf = bytes(0x0a, 0x03, 0x61, 0x62, 0x63, 0x12, 0x00, 0x1a, 0x02, 0x07, 0x08);
    const r = new ProtoReader(buf);
    r.readTag();
    expect(Array.from(r.readBytes())).toEqual([0x61, 0x62, 0x63]);
    expect(r.pos).toBe(5);
    r.readTag();
    expect(r.readSpan()).toEqual([7, 7]);
    r.readTag();
    expect(r.readSpan()).toEqual([9, 11]);
    expect(r.eof()).toBe(true);
  });

  it('readString decodes UTF-8 and readMessage reads only the nested bytes', () => {
    // field 1 "hé" (68 c3 a9); field 2 message { field 1 varint 5 } followed by field 3 varint 9 outside it
    const r = new ProtoReader(bytes(0x0a, 0x03, 0x68, 0xc3, 0xa9, 0x12, 0x02, 0x08, 0x05, 0x18, 0x09));
    r.readTag();
    expect(r.readString()).toBe('hé');
    r.readTag();
    const m = r.readMessage();
    expect([m.pos, m.end]).toEqual([7, 9]);
    expect(m.readTag()).toEqual({ field: 1, wireType: WireType.Varint });
    expect(m.readVarint()).toBe(5);
    expect(m.eof()).toBe(true);
    expect(r.readTag()).toEqual({ field: 3, wireType: WireType.Varint });
    expect(r.readVarint()).toBe(9);
  });

  it('a payload longer than the rest of the message is refused', () => {
    // length 4, only 3 bytes left
    expectProtobufError(() => new ProtoReader(bytes(0x04, 1, 2, 3)).readBytes(), 'truncated field: need 4 bytes at byte 1');
    expectProtobufError(() => new ProtoReader(bytes(0x04, 1, 2, 3)).readSpan(), 'truncated field: need 4 bytes at byte 1');
    expectProtobufError(() => new ProtoReader(bytes(0x04, 1, 2, 3)).readMessage(), 'truncated field: need 4 bytes at byte 1');
    expectProtobufError(() => new ProtoReader(bytes(0x04, 1, 2, 3)).readString(), 'truncated field: need 4 bytes at byte 1');
    // exactly as long as the rest: fine
    expect(Array.from(new ProtoReader(bytes(0x03, 1, 2, 3)).readBytes())).toEqual([1, 2, 3]);
  });

  it('a negative length (a 10-byte -1) is refused, not read as an empty payload', () => {
    const negOne = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    expectProtobufError(() => new ProtoReader(bytes(...negOne, 1, 2)).readBytes(), 'truncated field: need -1 bytes at byte 10');
  });
});

describe('ProtoReader.skip', () => {
  it('skips each wire type by exactly its size', () => {
    const r = new ProtoReader(
      bytes(
        ...[0x80, 0x01], // varint 128
        ...[1, 2, 3, 4, 5, 6, 7, 8], // fixed64
        ...[0x02, 0xaa, 0xbb], // length-delimited, 2 bytes
        ...[9, 9, 9, 9], // fixed32
        0x2a,
      ),
    );
    r.skip(WireType.Varint);
    expect(r.pos).toBe(2);
    r.skip(WireType.Fixed64);
    expect(r.pos).toBe(10);
    r.skip(WireType.LengthDelimited);
    expect(r.pos).toBe(13);
    r.skip(WireType.Fixed32);
    expect(r.pos).toBe(17);
    expect(r.readVarint()).toBe(42);
  });

  it('skips a group up to its matching end-group, nested groups included', () => {
    // field 1 start-group (0x0b) { field 2 varint 5 (0x10 0x05); field 3 start-group (0x1b) { field 4 fixed32 (0x25 ×4) } end 3 (0x1c) } end 1 (0x0c); field 5 varint 7
    const r = new ProtoReader(bytes(0x0b, 0x10, 0x05, 0x1b, 0x25, 1, 2, 3, 4, 0x1c, 0x0c, 0x28, 0x07));
    expect(r.readTag()).toEqual({ field: 1, wireType: WireType.StartGroup });
    r.skip(WireType.StartGroup);
    expect(r.pos).toBe(11);
    expect(r.readTag()).toEqual({ field: 5, wireType: WireType.Varint });
    expect(r.readVarint()).toBe(7);
  });

  it('refuses wire types 4, 6 and 7 and truncated payloads', () => {
    expectProtobufError(() => new ProtoReader(bytes(0x01, 0x02)).skip(6 as WireType), 'unsupported wire type 6 at byte 0');
    expectProtobufError(() => new ProtoReader(bytes(0x01)).skip(7 as WireType), 'unsupported wire type 7 at byte 0');
    expectProtobufError(() => new ProtoReader(bytes(0x01)).skip(WireType.EndGroup), 'unsupported wire type 4 at byte 0');
    // a group that contains wire type 6
    expectProtobufError(() => new ProtoReader(bytes(0x0e, 0x00)).skip(WireType.StartGroup), 'unsupported wire type 6 at byte 1');
    expectProtobufError(() => new ProtoReader(bytes(0x80, 0x80)).skip(WireType.Varint), 'truncated message at byte 2');
    expectProtobufError(() => new ProtoReader(bytes(1, 2, 3, 4, 5, 6, 7)).skip(WireType.Fixed64), 'truncated field: need 8 bytes at byte 0');
    expectProtobufError(() => new ProtoReader(bytes(1, 2, 3)).skip(WireType.Fixed32), 'truncated field: need 4 bytes at byte 0');
    expectProtobufError(() => new ProtoReader(bytes(0x03, 1, 2)).skip(WireType.LengthDelimited), 'truncated field: need 3 bytes at byte 1');
    // a group with no end-group runs into the end of the message
    expectProtobufError(() => new ProtoReader(bytes(0x10, 0x05)).skip(WireType.StartGroup), 'truncated message at byte 2');
  });
});

describe('ProtoReader repeated fields', () => {
  it('packed varints: every value of the payload, then the next field', () => {
    // field 4 packed [3, 270, 86942] = 03 8e 02 9e a7 05, then field 5 varint 1
    const r = new ProtoReader(bytes(0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05, 0x28, 0x01));
    const out = [99];
    r.readRepeatedVarint(r.readTag().wireType, out);
    expect(out).toEqual([99, 3, 270, 86942]);
    expect(r.readTag()).toEqual({ field: 5, wireType: WireType.Varint });
  });

  it('an empty packed payload adds nothing; an unpacked value adds one', () => {
    const r = new ProtoReader(bytes(0x22, 0x00, 0x20, 0x96, 0x01));
    const out: number[] = [];
    r.readRepeatedVarint(r.readTag().wireType, out);
    expect(out).toEqual([]);
    r.readRepeatedVarint(r.readTag().wireType, out);
    expect(out).toEqual([150]);
    expect(r.eof()).toBe(true);
  });

  it('packed floats: little-endian singles; unpacked: one fixed32', () => {
    // field 7 packed [1.5, -2], field 7 unpacked 0.5 (0x3f000000)
    const payload = [0x3a, 0x08, 0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x00, 0xc0, 0x3d, 0x00, 0x00, 0x00, 0x3f];
    for (const buf of [Uint8Array.from(payload), offsetView(payload, 3)]) {
      const r = new ProtoReader(buf);
      const out: number[] = [];
      r.readRepeatedFloat(r.readTag().wireType, out);
      expect(r.pos).toBe(10);
      r.readRepeatedFloat(r.readTag().wireType, out);
      expect(out).toEqual([1.5, -2, 0.5]);
      expect(r.eof()).toBe(true);
    }
  });

  it('packed floats that start at an odd byte', () => {
    // field 1 varint 150 (08 96 01), then field 7 packed [1.5, -2]: the payload spans bytes 5..13
    const r = new ProtoReader(bytes(0x08, 0x96, 0x01, 0x3a, 0x08, 0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x00, 0xc0));
    r.readTag();
    expect(r.readVarint()).toBe(150);
    const out: number[] = [];
    r.readRepeatedFloat(r.readTag().wireType, out);
    expect(out).toEqual([1.5, -2]);
    expect(r.eof()).toBe(true);
  });

  it('packed floats whose length is not a multiple of 4 are refused', () => {
    const r = new ProtoReader(bytes(0x3a, 0x06, 0, 0, 0xc0, 0x3f, 0, 0));
    expectProtobufError(() => r.readRepeatedFloat(r.readTag().wireType, []), 'packed float length not a multiple of 4');
    const empty = new ProtoReader(bytes(0x3a, 0x00));
    const out: number[] = [];
    empty.readRepeatedFloat(empty.readTag().wireType, out);
    expect(out).toEqual([]);
  });
});

describe('ProtoWriter', () => {
  it.each([
    { value: 0, enc: [0x00] },
    { value: 1, enc: [0x01] },
    { value: 127, enc: [0x7f] },
    { value: 128, enc: [0x80, 0x01] },
    { value: 150, enc: [0x96, 0x01] },
    { value: 300, enc: [0xac, 0x02] },
    { value: 16384, enc: [0x80, 0x80, 0x01] },
    { value: 2 ** 32, enc: [0x80, 0x80, 0x80, 0x80, 0x10] },
    { value: 2 ** 53 - 1, enc: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f] },
    { value: -1, enc: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01] },
    { value: -2, enc: [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01] },
    { value: -128, enc: [0x80, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01] },
    { value: -(2 ** 32), enc: [0x80, 0x80, 0x80, 0x80, 0xf0, 0xff, 0xff, 0xff, 0xff, 0x01] },
  ])('varint($value) is $enc', ({ value, enc }) => {
    const w = new ProtoWriter().varint(value);
    expect(w.length).toBe(enc.length);
    expect(Array.from(w.finish())).toEqual(enc);
  });

  it('refuses a varint that is not an integer', () => {
    expectProtobufError(() => new ProtoWriter().varint(1.5), 'varint must be an integer, got 1.5');
    expectProtobufError(() => new ProtoWriter().varint(NaN), 'varint must be an integer, got NaN');
  });

  it('tags, ints, bytes and strings', () => {
    const w = new ProtoWriter()
      .tag(2, WireType.LengthDelimited) // 0x12
      .tag(16, WireType.Varint) // 128 → 80 01
      .int(1, 150) // 08 96 01
      .int(3, -1) // 18 + ten bytes
      .bytes(4, bytes(1, 2, 3)) // 22 03 01 02 03
      .string(5, 'hé'); // 2a 03 68 c3 a9
    expect(Array.from(w.finish())).toEqual([
      0x12,
      0x80,
      0x01,
      0x08,
      0x96,
      0x01,
      0x18,
      ...[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
      0x22,
      0x03,
      1,
      2,
      3,
      0x2a,
      0x03,
      0x68,
      0xc3,
      0xa9,
    ]);
    expect(w.length).toBe(27);
  });

  it('nested messages are length-prefixed', () => {
    // field 6 { field 1 varint 5, field 2 "x" } = 32 05 08 05 12 01 78
    const w = new ProtoWriter().message(6, (m) => m.int(1, 5).string(2, 'x'));
    expect(Array.from(w.finish())).toEqual([0x32, 0x05, 0x08, 0x05, 0x12, 0x01, 0x78]);
    // an empty nested message is a zero length
    expect(Array.from(new ProtoWriter().message(1, () => undefined).finish())).toEqual([0x0a, 0x00]);
  });

  it('a payload of 200 bytes has a two-byte length', () => {
    const out = new ProtoWriter().bytes(1, new Uint8Array(200).fill(7)).finish();
    expect(out.length).toBe(203);
    expect(Array.from(out.subarray(0, 3))).toEqual([0x0a, 0xc8, 0x01]);
    expect(out[202]).toBe(7);
  });

  it('float and double fields are little-endian IEEE', () => {
    const w = new ProtoWriter().float(1, 1.5).double(2, -0.5);
    // 0d + 0x3fc00000; 11 + 0xbfe0000000000000
    expect(Array.from(w.finish())).toEqual([0x0d, 0x00, 0x00, 0xc0, 0x3f, 0x11, 0, 0, 0, 0, 0, 0, 0xe0, 0xbf]);
    expect(w.length).toBe(14);
  });

  it('finish returns a fresh copy; the writer keeps appending', () => {
    const w = new ProtoWriter().int(1, 1);
    const first = w.finish();
    w.int(2, 2);
    expect(Array.from(first)).toEqual([0x08, 0x01]);
    expect(Array.from(w.finish())).toEqual([0x08, 0x01, 0x10, 0x02]);
    expect(new ProtoWriter().length).toBe(0);
    expect(new ProtoWriter().finish()).toEqual(new Uint8Array(0));
  });
});
