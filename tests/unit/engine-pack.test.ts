import { describe, expect, it } from 'vitest';
import { packLayers, untransposeKeys } from '../../src/core/attention/pack';
import { truncateEncoding } from '../../src/core/tokens/truncate-ids';
import { headMatrix, rowOffset, type AttentionResult } from '../../src/shared/attention-result';

describe('packLayers', () => {
  it('lays layers out as [layer][head][i][j]', () => {
    // 2 layers, 2 heads, n = 2: value = 1000*layer + 100*head + 10*i + j
    const layer = (l: number) => Float32Array.from({ length: 8 }, (_, k) => 1000 * l + 100 * (k >> 2) + 10 * ((k >> 1) & 1) + (k & 1));
    const packed = packLayers([layer(0), layer(1)], 2, 2);
    const r = { numHeads: 2, seqLen: 2, attentions: packed } as AttentionResult;
    expect(packed[rowOffset(r, 1, 0, 1) + 0]).toBe(1010);
    expect(packed[rowOffset(r, 0, 1, 1) + 1]).toBe(111);
    expect(Array.from(headMatrix(r, 1, 1))).toEqual([1100, 1101, 1110, 1111]);
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
  });
});
