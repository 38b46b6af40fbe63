import { describe, expect, it } from 'vitest';
import { packLayers, untransposeKeys } from '../../src/core/attention/pack';
import { truncateEncoding } from '../../src/core/tokens/truncate-ids';
import { headMatrix, type AttentionResult } from '../../src/shared/attention-result';

describe('packLayers', () => {
  it('lays layers out as [layer][head][i][j]', () => {
    // 2 layers, 2 heads, n = 2: value = 1000*layer + 100*head + 10*i + j
    const layer = (l: number) => Float32Array.from({ length: 8 }, (_, k) => 1000 * l + 100 * (k >> 2) + 10 * ((k >> 1) & 1) + (k & 1));
    const packed = packLayers([layer(0), layer(1)], 2, 2);
    // [layer][head][i][j] with n = 2, H = 2: offset ((l·2 + h)·2 + i)·2 + j
    expect(packed[((1 * 2 + 0) * 2 + 1) * 2 + 0]).toBe(1010);
    expect(packed[((0 * 2 + 1) * 2 + 1) * 2 + 1]).toBe(111);
    expect(Array.from(packed.subarray(12, 16))).toEqual([1100, 1101, 1110, 1111]);
  });

  it('headMatrix reads (layer, head) from the per-layer arrays a result holds, as a view', () => {
    const layer = (l: number) => Float32Array.from({ length: 8 }, (_, k) => 1000 * l + 100 * (k >> 2) + 10 * ((k >> 1) & 1) + (k & 1));
    const r: Pick<AttentionResult, 'attentions' | 'seqLen'> = { seqLen: 2, attentions: [layer(0), layer(1)] };
    expect(Array.from(headMatrix(r, 1, 1))).toEqual([1100, 1101, 1110, 1111]);
    expect(Array.from(headMatrix(r, 0, 1))).toEqual([100, 101, 110, 111]);
    expect(Array.from(headMatrix(r, 1, 0))).toEqual([1000, 1001, 1010, 1011]);
    headMatrix(r, 1, 0)[3] = -1; // a view: no copy per head
    expect(r.attentions[1][3]).toBe(-1);
  });

  it('refuses a layer of the wrong size (a shape mismatch must not draw garbage)', () => {
    expect(() => packLayers([new Float32Array(7)], 2, 2)).toThrow(/expected 8 values/);
  });
});

describe('untransposeKeys', () => {
  it('turns Kᵀ [H][d][n] into K [H][n][d]', () => {
    // one head, d = 2, n = 3: Kᵀ rows are dimensions
    const kT = Float32Array.from([1, 2, 3, 4, 5, 6]); // d0: 1 2 3, d1: 4 5 6
    expect(Array.from(untransposeKeys(kT, 1, 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('several heads, d ≠ n: every K[h][j][t] equals Kᵀ[h][t][j]', () => {
    const [H, d, n] = [3, 2, 4];
    // Kᵀ value = 100·h + 10·t + j, so each element names its head, dimension and token
    const kT = Float32Array.from({ length: H * d * n }, (_, k) => 100 * Math.floor(k / (d * n)) + 10 * Math.floor((k % (d * n)) / n) + (k % n));
    const k = untransposeKeys(kT, H, d, n);
    expect(k).toHaveLength(H * n * d);
    for (let h = 0; h < H; h++) for (let j = 0; j < n; j++) for (let t = 0; t < d; t++) expect(k[(h * n + j) * d + t]).toBe(100 * h + 10 * t + j);
    // head 2's keys, token by token: [t0, t1] pairs
    expect(Array.from(k.subarray(2 * n * d, 3 * n * d))).toEqual([200, 210, 201, 211, 202, 212, 203, 213]);
  });

  it('feeds the neuron view: q·k over the un-transposed keys equals Q·Kᵀ of the session layout', () => {
    const [H, d, n] = [2, 3, 5];
    const q = Float32Array.from({ length: H * n * d }, (_, k) => Math.sin(k + 1));
    const kT = Float32Array.from({ length: H * d * n }, (_, k) => Math.cos(3 * k));
    const k = untransposeKeys(kT, H, d, n);
    for (let h = 0; h < H; h++)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let viaKT = 0;
          let viaK = 0;
          for (let t = 0; t < d; t++) {
            viaKT += q[(h * n + i) * d + t] * kT[(h * d + t) * n + j];
            viaK += q[(h * n + i) * d + t] * k[(h * n + j) * d + t];
          }
          expect(viaK).toBeCloseTo(viaKT, 10);
        }
  });
});

describe('truncateEncoding', () => {
  const enc = (n: number) => ({ ids: [101, ...Array.from({ length: n }, (_, i) => 1000 + i), 102], typeIds: Array(n + 2).fill(0) });

  it('keeps short inputs as they are', () => {
    const t = truncateEncoding(enc(5), 512, 102);
    expect(t.truncated).toBeNull();
    expect(t.ids).toHaveLength(7);
  });

  it('keeps the first tokens, closes with [SEP], and counts what was dropped', () => {
    const t = truncateEncoding(enc(600), 512, 102);
    expect(t.ids).toHaveLength(512);
    expect(t.ids[0]).toBe(101);
    expect(t.ids[510]).toBe(1000 + 509);
    expect(t.ids[511]).toBe(102);
    expect(t.typeIds).toHaveLength(512);
    expect(t.truncated).toEqual({ shown: 510, total: 600 });
    expect(t.typeIds.every((x) => x === 0)).toBe(true); // single text: the closing [SEP] is segment 0 too
  });

  // [CLS] A [SEP] B [SEP] with token type ids 0…0 0 1…1 1
  const pairEnc = (a: number, b: number) => ({
    ids: [101, ...Array.from({ length: a }, (_, i) => 1000 + i), 102, ...Array.from({ length: b }, (_, i) => 3000 + i), 102],
    typeIds: [...Array(a + 2).fill(0), ...Array(b + 1).fill(1)],
  });

  it('a sentence pair cut inside B closes with a [SEP] of segment 1', () => {
    const t = truncateEncoding(pairEnc(100, 500), 512, 102);
    expect(t.ids).toHaveLength(512);
    expect(t.ids[101]).toBe(102); // A's own [SEP] kept, segment 0
    expect(t.typeIds[101]).toBe(0);
    expect(t.ids[510]).toBe(3000 + 408);
    expect(t.ids[511]).toBe(102);
    expect(t.typeIds[511]).toBe(1);
    expect(t.typeIds.slice(102)).toEqual(Array(410).fill(1));
    expect(t.truncated).toEqual({ shown: 510, total: 601 });
  });

  it('a sentence pair cut inside A closes with a [SEP] of segment 0 (B is dropped entirely)', () => {
    const t = truncateEncoding(pairEnc(600, 20), 512, 102);
    expect(t.ids[511]).toBe(102);
    expect(t.typeIds).toEqual(Array(512).fill(0));
  });
});
