// Head roles in words: what a head mostly does, with the number that shows it. Thresholds (a share of each query
// row's attention, averaged over the rows the statistics use):
//   previous token   mass on key i−1            ≥ 0.50
//   next token       mass on key i+1            ≥ 0.50
//   distance k       mass on key i+k, |k| ≥ 2    ≥ 0.50   (k in ±2…±8)
//   self             mass on key i              ≥ 0.50
//   [CLS]/[SEP] sink mass on [CLS] + [SEP]      ≥ 0.50   (a "no-op" head, Clark et al. 2019)
//   same word        mass on the other pieces of the query's own word ≥ 0.50 (only where words are split)
//   broad            row entropy ≥ 0.85 × ln(n) (attention spread almost evenly)
// A head can meet several; the label is the one with the strongest evidence, the others are listed.
// Nothing met: 'mixed' (content-dependent heads — the interesting ones to look at).

export type HeadRoleKind = 'previous' | 'next' | 'distance' | 'self' | 'sink' | 'same-word' | 'broad' | 'mixed';

export interface HeadRole {
  kind: HeadRoleKind;
  /** For 'distance': the offset k (key = query + k). */
  offset?: number;
  /** The statistic behind it, 0..1 (for 'broad': entropy / ln n). */
  strength: number;
  /** "previous token", "distance +3", "[CLS]/[SEP] sink", … */
  label: string;
  /** "72.8 % of each row on the previous token" */
  evidence: string;
  /** For 'sink': which special tokens take the mass. */
  sinkOn?: 'cls' | 'sep' | 'both';
}

export const ROLE_THRESHOLD = 0.5;
export const BROAD_THRESHOLD = 0.85;
export const MAX_OFFSET = 8;

/** What head-roles reads: HeadStat's masses plus the offset profile of the same rows. */
export interface RoleInputs {
  prevMass: number;
  nextMass: number;
  selfMass: number;
  clsMass: number;
  sepMass: number;
  wordMass: number;
  /** Whether any averaged row belongs to a word split into several pieces (else same-word cannot apply). */
  hasSplitWords: boolean;
  entropy: number;
  /** Number of keys in a row (for the uniform entropy ln n). */
  n: number;
  /** Mean mass on key i+k for k = −MAX_OFFSET…MAX_OFFSET (index k + MAX_OFFSET); rows without such a key skipped. */
  offsets: number[];
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** Every role a head meets, strongest first; [mixed] when none. */
export function headRoles(s: RoleInputs): HeadRole[] {
  const found: HeadRole[] = [];
  const add = (kind: HeadRoleKind, strength: number, label: string, evidence: string, offset?: number, sinkOn?: HeadRole['sinkOn']) => {
    if (strength >= ROLE_THRESHOLD) found.push({ kind, strength, label, evidence, ...(offset !== undefined ? { offset } : {}), ...(sinkOn ? { sinkOn } : {}) });
  };
  add('previous', s.prevMass, 'previous token', `${pct(s.prevMass)} of each row on the previous token`);
  add('next', s.nextMass, 'next token', `${pct(s.nextMass)} of each row on the next token`);
  add('self', s.selfMass, 'self', `${pct(s.selfMass)} of each row on the token itself`);
  const sink = s.clsMass + s.sepMass;
  const on = s.clsMass >= 2 * s.sepMass ? 'cls' : s.sepMass >= 2 * s.clsMass ? 'sep' : 'both';
  const which = { cls: '[CLS]', sep: '[SEP]', both: '[CLS] and [SEP]' }[on];
  add('sink', sink, '[CLS]/[SEP] sink', `${pct(sink)} of each row on ${which}`, undefined, on);
  if (s.hasSplitWords) add('same-word', s.wordMass, 'same word', `${pct(s.wordMass)} on the other pieces of the word`);
  for (let k = -MAX_OFFSET; k <= MAX_OFFSET; k++) {
    if (Math.abs(k) < 2) continue;
    const m = s.offsets[k + MAX_OFFSET] ?? 0;
    const sign = k > 0 ? '+' : '−';
    add('distance', m, `distance ${sign}${Math.abs(k)}`, `${pct(m)} of each row ${Math.abs(k)} tokens ${k > 0 ? 'ahead' : 'back'}`, k);
  }
  const uniform = s.n > 1 ? s.entropy / Math.log(s.n) : 0;
  if (uniform >= BROAD_THRESHOLD) found.push({ kind: 'broad', strength: uniform, label: 'broad', evidence: `entropy ${pct(uniform)} of uniform` });
  found.sort((a, b) => b.strength - a.strength);
  return found.length ? found : [{ kind: 'mixed', strength: 0, label: 'mixed', evidence: 'no single pattern holds half of the attention' }];
}

/** Mean mass on key i+k per offset k, over the selected rows (rows without key i+k are skipped for that k). */
export function offsetProfile(m: Float32Array, n: number, rows: readonly boolean[], maxOffset = MAX_OFFSET): number[] {
  const sums = new Array<number>(2 * maxOffset + 1).fill(0);
  const counts = new Array<number>(2 * maxOffset + 1).fill(0);
  for (let i = 0; i < n; i++) {
    if (!rows[i]) continue;
    for (let k = -maxOffset; k <= maxOffset; k++) {
      const j = i + k;
      if (j < 0 || j >= n) continue;
      sums[k + maxOffset] += m[i * n + j];
      counts[k + maxOffset]++;
    }
  }
  return sums.map((s, t) => (counts[t] ? s / counts[t] : 0));
}

/**
 * "Find heads like this": heads ordered by how close their profile (role masses and offset profile) is to the
 * given head's, nearest first (Euclidean distance over the same numbers the roles use).
 */
export function similarHeads(target: RoleInputs, all: readonly RoleInputs[]): number[] {
  const vec = (s: RoleInputs) => [s.prevMass, s.nextMass, s.selfMass, s.clsMass, s.sepMass, s.wordMass, s.n > 1 ? s.entropy / Math.log(s.n) : 0, ...s.offsets];
  const t = vec(target);
  return all
    .map((s, k) => ({ k, d: Math.hypot(...vec(s).map((v, i) => v - (t[i] ?? 0))) }))
    .sort((a, b) => a.d - b.d || a.k - b.k)
    .map((x) => x.k);
}
