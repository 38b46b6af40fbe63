// Word mode: merge word pieces ("play", "##ing") into words ("playing").
//
// Rule, for word groups W, V (sets of token indices):
//   M[W][V] = (1/|W|) · Σ_{i∈W} Σ_{j∈V} A[i][j]
// i.e. attention TO a word is the SUM over its pieces' columns (pieces split the attention a word gets),
// attention FROM a word is the MEAN over its pieces' rows. Rows of M still sum to 1 when rows of A do.

import type { TokenInfo } from '../../shared/attention-result';

export interface MergedWords {
  /** m×m merged matrix. */
  matrix: Float32Array;
  /** Number of groups m. */
  n: number;
  /** One label per group: the pieces joined without '##' (and without a leading 'Ġ' / '▁'). */
  labels: string[];
  /** groups[g] = original token indices of group g, in order. */
  groups: number[][];
}

/**
 * Groups of consecutive tokens sharing a word index (≥ 0). Special tokens (word −1) and any token with
 * a negative word index are each a group of their own.
 */
export function wordGroups(tokens: readonly Pick<TokenInfo, 'word'>[]): number[][] {
  const groups: number[][] = [];
  let lastWord = -1;
  tokens.forEach((t, k) => {
    if (t.word >= 0 && t.word === lastWord && groups.length) groups[groups.length - 1].push(k);
    else groups.push([k]);
    lastWord = t.word;
  });
  return groups;
}

/** Display text of a piece: '##ing' → 'ing', 'Ġworld' → 'world', '▁the' → 'the'. */
export function pieceText(token: string): string {
  if (token.startsWith('##') && token.length > 2) return token.slice(2);
  if ((token.startsWith('Ġ') || token.startsWith('▁')) && token.length > 1) return token.slice(1);
  return token;
}

/**
 * Merge an n×n matrix by groups (see the file comment for the rule). Tokens in no group are dropped
 * (their columns too, so rows then sum to less than 1). Returns a new m×m matrix.
 */
export function mergeGroups(matrix: Float32Array, n: number, groups: readonly (readonly number[])[]): Float32Array {
  const m = groups.length;
  const colGroup = new Int32Array(n).fill(-1);
  groups.forEach((g, gi) => g.forEach((k) => (colGroup[k] = gi)));
  const acc = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    const members = groups[a];
    if (members.length === 0) continue;
    const inv = 1 / members.length;
    const ro = a * m;
    for (const i of members) {
      const o = i * n;
      for (let j = 0; j < n; j++) {
        const g = colGroup[j];
        if (g >= 0) acc[ro + g] += matrix[o + j] * inv;
      }
    }
  }
  return Float32Array.from(acc);
}

/**
 * Word mode for an n×n matrix whose rows/columns are `tokens` (tokens.length === n; after hideSpecial
 * pass the kept tokens). Consecutive pieces with the same TokenInfo.word merge; specials stay alone.
 */
export function mergeWords(matrix: Float32Array, n: number, tokens: readonly Pick<TokenInfo, 'text' | 'word'>[]): MergedWords {
  const groups = wordGroups(tokens.slice(0, n));
  return {
    matrix: mergeGroups(matrix, n, groups),
    n: groups.length,
    labels: groups.map((g) => g.map((k) => pieceText(tokens[k].text)).join('')),
    groups,
  };
}
