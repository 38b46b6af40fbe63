// What head-roles.ts reads, computed from one result: per head, headStats' masses over the non-special query rows
// plus the offset profile of the same rows (mean mass on key i+k). Layer-major, like headStats.
import type { AttentionResult } from '../../shared/attention-result';
import { headRoles, type HeadRole, type RoleInputs } from './head-roles';
import { selectRows, specialKeys, type HeadStat } from './head-stats';
import { RunningHeadStats } from './running-stats';

/** Whether any of the rows belongs to a word of several (non-special) tokens. */
export function rowsInSplitWords(tokens: AttentionResult['tokens'], rows: readonly boolean[]): boolean {
  const pieces = new Map<number, number>();
  for (const t of tokens) if (!t.special && t.word >= 0) pieces.set(t.word, (pieces.get(t.word) ?? 0) + 1);
  return tokens.some((t, i) => rows[i] && !t.special && t.word >= 0 && (pieces.get(t.word) ?? 0) > 1);
}

/** One head's RoleInputs from its statistics (HeadStat's masses, or any source of the same numbers). */
export function toRoleInputs(
  s: Pick<HeadStat, 'prevMass' | 'nextMass' | 'selfMass' | 'clsMass' | 'sepMass' | 'wordMass' | 'entropy'>,
  offsets: number[],
  hasSplitWords: boolean,
  n: number,
): RoleInputs {
  const { prevMass, nextMass, selfMass, clsMass, sepMass, wordMass, entropy } = s;
  return { prevMass, nextMass, selfMass, clsMass, sepMass, wordMass, hasSplitWords, entropy, n, offsets };
}

/**
 * RoleInputs of every head (index layer · numHeads + head); rows = the non-special tokens. headStats' numbers and
 * offsetProfile's, from one read of each row (the running statistics of this one result).
 */
export function roleInputs(r: AttentionResult): RoleInputs[] {
  const rows = selectRows(r, 'non-special');
  const split = rowsInSplitWords(r.tokens, rows);
  const stats = new RunningHeadStats(r.numLayers, r.numHeads);
  stats.add({ layers: r.attentions, n: r.seqLen, rows, ...specialKeys(r.tokens), words: r.tokens.map((t) => (t.special ? -1 : t.word)) });
  return stats.result().map((s) => toRoleInputs(s, s.offsets, split, r.seqLen));
}

/** Every head's roles (strongest first; [mixed] when none holds), layer-major. */
export function resultHeadRoles(r: AttentionResult): HeadRole[][] {
  return roleInputs(r).map(headRoles);
}
