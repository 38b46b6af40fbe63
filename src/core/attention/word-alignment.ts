// Aligning the words of two analyses whose tokenizations differ (a sentence and its edit, two tokenizers): the
// longest common subsequence of the words (compared case-folded) anchors the alignment; between two anchors the
// leftover words of A and B are paired in order as changed words, and what remains is in one text only.
// Then the attention of both can be compared over the words they share (alignedMatrix).

export type WordLink = { kind: 'same' | 'changed'; a: number; b: number } | { kind: 'only-a'; a: number; b: null } | { kind: 'only-b'; a: null; b: number };

const fold = (w: string) => w.normalize('NFKC').toLowerCase();

/** Links in reading order; every word of A and of B appears in exactly one link. */
export function alignWords(a: readonly string[], b: readonly string[]): WordLink[] {
  const fa = a.map(fold);
  const fb = b.map(fold);
  const m = a.length;
  const n = b.length;
  // lcs[i][j]: length of the LCS of a[i..] and b[j..]
  const lcs = Array.from({ length: m + 1 }, () => new Int32Array(n + 1));
  for (let i = m - 1; i >= 0; i--)
    for (let j = n - 1; j >= 0; j--) lcs[i][j] = fa[i] === fb[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: WordLink[] = [];
  let gapA: number[] = [];
  let gapB: number[] = [];
  const flush = () => {
    const k = Math.min(gapA.length, gapB.length);
    for (let t = 0; t < k; t++) out.push({ kind: 'changed', a: gapA[t], b: gapB[t] });
    for (let t = k; t < gapA.length; t++) out.push({ kind: 'only-a', a: gapA[t], b: null });
    for (let t = k; t < gapB.length; t++) out.push({ kind: 'only-b', a: null, b: gapB[t] });
    gapA = [];
    gapB = [];
  };
  let i = 0;
  let j = 0;
  while (i < m || j < n) {
    if (i < m && j < n && fa[i] === fb[j]) {
      flush();
      out.push({ kind: 'same', a: i++, b: j++ });
    } else if (j >= n || (i < m && lcs[i + 1][j] >= lcs[i][j + 1])) gapA.push(i++);
    else gapB.push(j++);
  }
  flush();
  return out;
}

/**
 * An n×n attention matrix restricted to the rows and columns `keep` (in that order), each row renormalised to sum
 * to 1 (a row with no mass left stays 0): the attention among the words both texts share.
 */
export function alignedMatrix(m: Float32Array, n: number, keep: readonly number[]): Float32Array {
  const k = keep.length;
  const out = new Float32Array(k * k);
  for (let r = 0; r < k; r++) {
    const o = keep[r] * n;
    let s = 0;
    for (let c = 0; c < k; c++) s += m[o + keep[c]];
    if (s > 0) for (let c = 0; c < k; c++) out[r * k + c] = m[o + keep[c]] / s;
  }
  return out;
}
