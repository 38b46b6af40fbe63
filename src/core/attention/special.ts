// Hide special tokens ([CLS], [SEP] …) from an attention matrix.

import type { TokenInfo } from '../../shared/attention-result';

/**
 * Keep the rows and columns where keep[k] is true (m of them) and renormalise every kept row to sum
 * to 1 over the kept columns. A row whose mass went entirely to hidden columns (sum 0) stays all zero —
 * it is NOT spread uniformly. index[a] = original position of kept token a. Returns new arrays.
 */
export function hideSpecial(matrix: Float32Array, n: number, keep: boolean[]): { matrix: Float32Array; index: number[] } {
  const index: number[] = [];
  for (let k = 0; k < n; k++) if (keep[k]) index.push(k);
  const m = index.length;
  const out = new Float32Array(m * m);
  for (let a = 0; a < m; a++) {
    const ro = index[a] * n;
    let s = 0;
    for (let b = 0; b < m; b++) s += matrix[ro + index[b]];
    const inv = s > 0 ? 1 / s : 0;
    for (let b = 0; b < m; b++) out[a * m + b] = matrix[ro + index[b]] * inv;
  }
  return { matrix: out, index };
}

/** keep[] for hideSpecial: true for every non-special token. */
export function nonSpecialMask(tokens: readonly Pick<TokenInfo, 'special'>[]): boolean[] {
  return tokens.map((t) => !t.special);
}
