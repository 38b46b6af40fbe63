// The .npz export: CRC-32, .npy headers and a stored ZIP that NumPy reads (the views harness loads a real export
// with Debian's numpy; here the format rules are checked byte by byte).
import { describe, expect, it } from 'vitest';
import { attentionNpzArrays, attentionNpzParts, crc32, npyParts, zipStoreParts } from '../../src/core/npz';
import { toLittleEndian } from '../../src/core/npz/npy';
import { makeCase } from '../views-harness/synthetic';
import { headMatrix, type AttentionResult, type TokenInfo } from '../../src/shared/attention-result';
import { perLayer } from '../support/layers';

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
};
const ascii = (b: Uint8Array) => String.fromCharCode(...b);

/** Minimal reader of what we write: entries of a stored zip, via the central directory. */
function readZip(zip: Uint8Array): Map<string, Uint8Array> {
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.byteLength - 22;
  expect(dv.getUint32(end, true)).toBe(0x06054b50);
  const count = dv.getUint16(end + 10, true);
  let cd = dv.getUint32(end + 16, true);
  const out = new Map<string, Uint8Array>();
  for (let k = 0; k < count; k++) {
    expect(dv.getUint32(cd, true)).toBe(0x02014b50);
    const crc = dv.getUint32(cd + 16, true);
    const size = dv.getUint32(cd + 20, true);
    const nameLen = dv.getUint16(cd + 28, true);
    const local = dv.getUint32(cd + 42, true);
    const name = new TextDecoder().decode(zip.subarray(cd + 46, cd + 46 + nameLen));
    expect(dv.getUint32(local, true)).toBe(0x04034b50);
    const start = local + 30 + dv.getUint16(local + 26, true);
    const data = zip.subarray(start, start + size);
    expect(crc32([data])).toBe(crc);
    out.set(name, data);
    cd += 46 + nameLen;
  }
  return out;
}

function readNpy(b: Uint8Array): { header: string; data: Uint8Array } {
  expect(Array.from(b.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const len = b[8] | (b[9] << 8);
  expect((10 + len) % 64).toBe(0); // numpy aligns the data
  const header = ascii(b.subarray(10, 10 + len));
  expect(header.endsWith('\n')).toBe(true);
  return { header, data: b.subarray(10 + len) };
}

describe('npz export', () => {
  it('CRC-32 matches the standard check value', () => {
    expect(crc32([new TextEncoder().encode('123456789')])).toBe(0xcbf43926);
    expect(crc32([new TextEncoder().encode('1234'), new TextEncoder().encode('56789')])).toBe(0xcbf43926);
  });

  it('writes fixed-width UTF-32 strings, astral characters included', () => {
    const { header, data } = readNpy(concat(npyParts({ dtype: '<U', shape: [2], data: ['é😀', 'a'] })));
    expect(header).toContain("'descr': '<U2'");
    expect(header).toContain("'shape': (2,)");
    expect(Array.from(new Uint32Array(data.slice().buffer))).toEqual([0xe9, 0x1f600, 0x61, 0]);
  });

  it('holds the attention tensor, tokens and spans of a result', () => {
    const r = makeCase('pair');
    const files = readZip(concat(attentionNpzParts(r)));
    expect([...files.keys()]).toEqual(Object.keys(attentionNpzArrays(r)).map((k) => `${k}.npy`));
    const att = readNpy(files.get('attentions.npy')!);
    expect(att.header).toContain(`'descr': '<f4', 'fortran_order': False, 'shape': (${r.numLayers}, ${r.numHeads}, ${r.seqLen}, ${r.seqLen})`);
    // layer after layer, each [head][i][j]: NumPy's C order of (layers, heads, n, n)
    expect(new Float32Array(att.data.slice().buffer)).toEqual(Float32Array.from(r.attentions.flatMap((a) => Array.from(a))));
    const spans = new Int32Array(readNpy(files.get('spans.npy')!).data.slice().buffer);
    r.tokens.forEach((t, i) => expect([spans[2 * i], spans[2 * i + 1]]).toEqual(t.span ?? [-1, -1]));
    expect(readNpy(files.get('text.npy')!).header).toContain("'shape': ()");
    expect(files.has('queries.npy')).toBe(!!r.queries);
  });

  it('axes are (layers, heads, n, n) and (layers, heads, n, d): distinct sizes, so a swap cannot pass', () => {
    const [L, H, n, d] = [2, 3, 5, 4];
    const tokens: TokenInfo[] = Array.from({ length: n }, (_, i) => {
      const special = i === 0 || i === n - 1;
      return {
        text: special ? (i ? '[SEP]' : '[CLS]') : `w${i}`,
        id: 1000 + i,
        span: special ? null : [2 * i, 2 * i + 1],
        special,
        word: special ? -1 : i - 1,
        segment: 0,
      };
    });
    // every value is its own flat index, so any reordering shows
    const r: AttentionResult = {
      modelId: 'm',
      backend: 'wasm',
      text: 'abcdefghij',
      tokens,
      numLayers: L,
      numHeads: H,
      seqLen: n,
      attentions: perLayer(
        Float32Array.from({ length: L * H * n * n }, (_, k) => k),
        L,
      ),
      queries: Float32Array.from({ length: L * H * n * d }, (_, k) => k + 0.5),
      keys: Float32Array.from({ length: L * H * n * d }, (_, k) => -k),
      headDim: d,
      truncated: null,
      timings: { tokenizeMs: 0, inferenceMs: 0 },
    };
    const files = readZip(concat(attentionNpzParts(r)));
    const shapeOf = (h: string) =>
      /'shape': \(([^)]*)\)/
        .exec(h)![1]
        .split(',')
        .filter((x) => x.trim())
        .map(Number);
    /** Read a C-order array at a multi-index, as numpy does from the header's shape. */
    const at = (name: string, idx: number[]) => {
      const { header, data } = readNpy(files.get(name)!);
      const shape = shapeOf(header);
      const flat = idx.reduce((acc, x, k) => acc * shape[k] + x, 0);
      return new Float32Array(data.slice().buffer)[flat];
    };
    expect(shapeOf(readNpy(files.get('attentions.npy')!).header)).toEqual([L, H, n, n]);
    expect(shapeOf(readNpy(files.get('queries.npy')!).header)).toEqual([L, H, n, d]);
    expect(shapeOf(readNpy(files.get('keys.npy')!).header)).toEqual([L, H, n, d]);
    expect(shapeOf(readNpy(files.get('spans.npy')!).header)).toEqual([n, 2]);
    for (const [name] of [['tokens'], ['token_ids'], ['special'], ['segments'], ['words']])
      expect(shapeOf(readNpy(files.get(`${name}.npy`)!).header)).toEqual([n]);
    for (let l = 0; l < L; l++)
      for (let h = 0; h < H; h++)
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) expect(at('attentions.npy', [l, h, i, j])).toBe(headMatrix(r, l, h)[i * n + j]);
          for (let t = 0; t < d; t++) expect(at('queries.npy', [l, h, i, t])).toBe(r.queries![((l * H + h) * n + i) * d + t]);
        }
  });

  it('every array has the dtype and the values numpy will read (tokens, ids, flags, segments, words, text, keys)', () => {
    const r = makeCase('pair');
    const n = r.seqLen;
    const files = readZip(concat(attentionNpzParts(r)));
    const arr = (name: string) => readNpy(files.get(`${name}.npy`)!);
    const descr = (name: string) => /'descr': '([^']*)'/.exec(arr(name).header)![1];
    const i32 = (name: string) => Array.from(new Int32Array(arr(name).data.slice().buffer));
    /** '<Uw' strings: fixed width w code points, NUL-padded. */
    const strings = (name: string) => {
      const w = Number(descr(name).slice(2));
      const u = new Uint32Array(arr(name).data.slice().buffer);
      return Array.from({ length: u.length / w }, (_, k) => String.fromCodePoint(...Array.from(u.subarray(k * w, k * w + w)).filter((c) => c !== 0)));
    };
    expect(descr('attentions')).toBe('<f4');
    expect(descr('tokens')).toBe(`<U${Math.max(...r.tokens.map((t) => [...t.text].length))}`);
    expect(strings('tokens')).toEqual(r.tokens.map((t) => t.text));
    expect(descr('token_ids')).toBe('<i4');
    expect(i32('token_ids')).toEqual(r.tokens.map((t) => t.id));
    expect(descr('spans')).toBe('<i4');
    expect(descr('special')).toBe('|b1');
    expect(Array.from(arr('special').data)).toEqual(r.tokens.map((t) => (t.special ? 1 : 0)));
    expect(descr('segments')).toBe('<i4');
    expect(i32('segments')).toEqual(r.tokens.map((t) => t.segment));
    expect(i32('segments')).toContain(1);
    expect(descr('words')).toBe('<i4');
    expect(i32('words')).toEqual(r.tokens.map((t) => t.word));
    expect(strings('text')).toEqual([r.text]);
    expect(strings('model_id')).toEqual([r.modelId]);
    for (const name of ['queries', 'keys']) {
      expect(descr(name)).toBe('<f4');
      expect(arr(name).header).toContain(`'shape': (${r.numLayers}, ${r.numHeads}, ${n}, ${r.headDim})`);
    }
    expect(new Float32Array(arr('queries').data.slice().buffer)).toEqual(r.queries);
    expect(new Float32Array(arr('keys').data.slice().buffer)).toEqual(r.keys);
  });

  it('queries and keys are exported only when the result has both and a head size', () => {
    const r = makeCase('pair');
    const names = (x: typeof r) => Object.keys(attentionNpzArrays(x));
    expect(names(r)).toEqual(expect.arrayContaining(['queries', 'keys']));
    expect(names({ ...r, queries: undefined, keys: undefined, headDim: undefined })).not.toContain('queries');
    expect(names({ ...r, keys: undefined })).not.toContain('queries');
    expect(names({ ...r, queries: undefined })).not.toContain('keys');
    expect(names({ ...r, headDim: undefined })).not.toContain('keys');
  });

  it('zip headers follow the APPNOTE: version 2.0, UTF-8 names, stored, 1980-01-01, sizes, offsets, counts', () => {
    const parts = zipStoreParts([
      { name: 'a.npy', parts: [Uint8Array.of(1, 2, 3), Uint8Array.of(4)] },
      { name: 'é.npy', parts: [] },
    ]);
    const zip = concat(parts);
    const dv = new DataView(zip.buffer);
    const u16 = (o: number) => dv.getUint16(o, true);
    const u32 = (o: number) => dv.getUint32(o, true);
    const nameB = new TextEncoder().encode('é.npy');
    // local header of entry 1
    expect([u32(0), u16(4), u16(6), u16(8), u16(10), u16(12), u32(14), u32(18), u32(22), u16(26), u16(28)]).toEqual([
      0x04034b50,
      20,
      0x0800,
      0,
      0,
      0x21,
      crc32([Uint8Array.of(1, 2, 3, 4)]),
      4,
      4,
      5,
      0,
    ]);
    const second = 30 + 5 + 4;
    expect([u32(second), u32(second + 14), u32(second + 18), u16(second + 26)]).toEqual([0x04034b50, 0, 0, nameB.length]);
    const cd = second + 30 + nameB.length;
    // central directory: both entries, with their local header offsets
    const cdFields = (o: number) => [
      u32(o),
      u16(o + 4),
      u16(o + 6),
      u16(o + 8),
      u16(o + 10),
      u16(o + 12),
      u16(o + 14),
      u32(o + 16),
      u32(o + 20),
      u32(o + 24),
      u16(o + 28),
      u16(o + 30),
      u16(o + 32),
      u32(o + 42),
    ];
    expect(cdFields(cd)).toEqual([0x02014b50, 20, 20, 0x0800, 0, 0, 0x21, crc32([Uint8Array.of(1, 2, 3, 4)]), 4, 4, 5, 0, 0, 0]);
    const cd2 = cd + 46 + 5;
    expect(cdFields(cd2)).toEqual([0x02014b50, 20, 20, 0x0800, 0, 0, 0x21, 0, 0, 0, nameB.length, 0, 0, second]);
    expect(zip.subarray(cd2 + 46, cd2 + 46 + nameB.length)).toEqual(nameB);
    // end of central directory
    const end = zip.byteLength - 22;
    expect(end).toBe(cd2 + 46 + nameB.length);
    expect([u32(end), u16(end + 4), u16(end + 6), u16(end + 8), u16(end + 10), u32(end + 12), u32(end + 16), u16(end + 20)]).toEqual([
      0x06054b50,
      0,
      0,
      2,
      2,
      end - cd,
      cd,
      0,
    ]);
  });

  it('refuses archives of 4 GiB or more (no ZIP64), by entry size and by offset', () => {
    const fake = (byteLength: number) => ({ byteLength, length: 0 }) as unknown as Uint8Array;
    expect(() => zipStoreParts([{ name: 'big', parts: [fake(0xffffffff)] }])).toThrow(/4 GiB/);
    expect(() => zipStoreParts([{ name: 'ok', parts: [fake(0xfffffff0)] }])).not.toThrow();
    expect(() =>
      zipStoreParts([
        { name: 'a', parts: [fake(0xfffffff0)] },
        { name: 'b', parts: [] },
      ]),
    ).toThrow(/4 GiB/);
    // an entry starting exactly at offset 0xFFFFFFFF cannot be written either: readers take that value as
    // "see the ZIP64 extra field"; one byte earlier is the last offset a plain ZIP holds
    const before = (gap: number) => [
      { name: 'a', parts: [fake(0xffffffff - 30 - 1 - gap)] },
      { name: 'b', parts: [] },
    ];
    expect(() => zipStoreParts(before(0))).toThrow(/4 GiB/);
    expect(() => zipStoreParts(before(1))).not.toThrow();
  });

  it('CRC-32 of every byte value, and of data split anywhere', () => {
    const all = Uint8Array.from({ length: 256 }, (_, k) => k);
    expect(crc32([all])).toBe(0x29058c73);
    expect(crc32([all.subarray(0, 1), all.subarray(1, 200), all.subarray(200)])).toBe(0x29058c73);
    expect(crc32([])).toBe(0);
  });

  it('refuses data that does not match the shape', () => {
    expect(() => npyParts({ dtype: '<f4', shape: [2, 2], data: new Float32Array(3) })).toThrow(/shape/);
  });
});

describe('npy byte order: the files are little-endian whatever machine writes them', () => {
  type Put = 'setFloat32' | 'setInt32' | 'setUint32';
  /** 4-byte values as bytes in the given order. */
  const bytes = (values: number[], put: Put, little: boolean) => {
    const dv = new DataView(new ArrayBuffer(values.length * 4));
    values.forEach((v, k) => dv[put](k * 4, v, little));
    return Array.from(new Uint8Array(dv.buffer));
  };
  const cases = [
    { name: 'float32 attentions', put: 'setFloat32' as const, values: [1.5, -2, 3.25e-5, 0.1], of: (b: ArrayBuffer) => new Float32Array(b) },
    { name: 'int32 ids and spans', put: 'setInt32' as const, values: [1, -2, 0x01020304, 30522], of: (b: ArrayBuffer) => new Int32Array(b) },
    { name: 'UTF-32 code points', put: 'setUint32' as const, values: [0x1f600, 0x41, 0xe9, 0x10ffff], of: (b: ArrayBuffer) => new Uint32Array(b) },
  ];

  it('this machine writes little-endian bytes, whichever order it holds numbers in', () => {
    for (const c of cases) {
      const held = c.of(new ArrayBuffer(16));
      held.set(c.values);
      expect(Array.from(toLittleEndian(held)), c.name).toEqual(bytes(c.values, c.put, true));
    }
    const { data } = readNpy(concat(npyParts({ dtype: '<i4', shape: [2], data: Int32Array.of(1, -2) })));
    expect(Array.from(data)).toEqual([1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff]);
  });

  it('a big-endian machine swaps every element to little-endian, views into larger buffers included', () => {
    for (const c of cases) {
      // the array as a big-endian machine holds it: most significant byte first
      const held = c.of(Uint8Array.from(bytes(c.values, c.put, false)).buffer);
      expect(Array.from(toLittleEndian(held, false)), c.name).toEqual(bytes(c.values, c.put, true));
      // a subarray (one layer of a bigger tensor) swaps its own elements only
      expect(Array.from(toLittleEndian(held.subarray(1, 3), false)), `${c.name}, subarray`).toEqual(bytes(c.values.slice(1, 3), c.put, true));
    }
  });

  it('single bytes (the special-token flags) have no order to swap', () => {
    for (const little of [true, false]) expect(Array.from(toLittleEndian(Uint8Array.of(1, 0, 0, 1), little))).toEqual([1, 0, 0, 1]);
  });

  it('a little-endian machine writes the bytes as they are', () => {
    const held = new Float32Array(Uint8Array.from(bytes([1.5, -2], 'setFloat32', true)).buffer);
    expect(Array.from(toLittleEndian(held, true))).toEqual(bytes([1.5, -2], 'setFloat32', true));
  });
});
