// Head roles from hand-written RoleInputs: each role's label, evidence and fields, the sink's token, the distance
// range and signs, the broad threshold, the ordering of several roles, offsetProfile's row range and similarHeads.
import { describe, expect, it } from 'vitest';
import { headRoles, MAX_OFFSET, offsetProfile, similarHeads, type RoleInputs } from '../../src/core/attention/head-roles';

/** A head that meets no role: small masses everywhere, low entropy over 10 keys. */
function quiet(over: Partial<RoleInputs> = {}): RoleInputs {
  return {
    prevMass: 0.1,
    nextMass: 0.1,
    selfMass: 0.1,
    clsMass: 0.05,
    sepMass: 0.05,
    wordMass: 0.1,
    hasSplitWords: true,
    entropy: 0.5,
    n: 10,
    offsets: new Array<number>(2 * MAX_OFFSET + 1).fill(0.02),
    ...over,
  };
}

/** The offset profile with mass `w` on key i+k. */
function offsetsWith(k: number, w: number): number[] {
  const o = new Array<number>(2 * MAX_OFFSET + 1).fill(0.01);
  o[k + MAX_OFFSET] = w;
  return o;
}

describe('headRoles: a head that meets nothing', () => {
  it('is one mixed role with strength 0 and its own label and evidence', () => {
    expect(headRoles(quiet())).toEqual([{ kind: 'mixed', strength: 0, label: 'mixed', evidence: 'no single pattern holds half of the attention' }]);
  });

  it('lists no role for masses just under one half', () => {
    const roles = headRoles(quiet({ prevMass: 0.49, nextMass: 0.3, selfMass: 0.2, clsMass: 0.2, sepMass: 0.2, wordMass: 0.45, offsets: offsetsWith(3, 0.4) }));
    expect(roles.map((r) => r.kind)).toEqual(['mixed']);
  });
});

describe('headRoles: one role each', () => {
  it('next token: label, strength and evidence', () => {
    expect(headRoles(quiet({ nextMass: 0.625 }))).toEqual([
      { kind: 'next', strength: 0.625, label: 'next token', evidence: '62.5 % of each row on the next token' },
    ]);
  });

  it('self: label, strength and evidence', () => {
    expect(headRoles(quiet({ selfMass: 0.75 }))).toEqual([{ kind: 'self', strength: 0.75, label: 'self', evidence: '75.0 % of each row on the token itself' }]);
  });

  it('same word: label and evidence where words are split', () => {
    expect(headRoles(quiet({ wordMass: 0.875 }))).toEqual([
      { kind: 'same-word', strength: 0.875, label: 'same word', evidence: '87.5 % on the other pieces of the word' },
    ]);
    expect(headRoles(quiet({ wordMass: 0.875, hasSplitWords: false }))[0].kind).toBe('mixed');
  });

  it('roles other than distance and sink carry no offset or sinkOn field', () => {
    const [r] = headRoles(quiet({ prevMass: 0.6 }));
    expect(Object.keys(r).sort()).toEqual(['evidence', 'kind', 'label', 'strength']);
  });
});

describe('headRoles: [CLS]/[SEP] sinks', () => {
  const sink = (clsMass: number, sepMass: number) => headRoles(quiet({ clsMass, sepMass })).find((r) => r.kind === 'sink');

  it('names [CLS] when it takes at least twice what [SEP] takes (twice exactly included)', () => {
    expect(sink(0.5, 0.1)).toEqual({ kind: 'sink', strength: 0.6, label: '[CLS]/[SEP] sink', evidence: '60.0 % of each row on [CLS]', sinkOn: 'cls' });
    expect(sink(0.4, 0.2)).toMatchObject({ sinkOn: 'cls', evidence: '60.0 % of each row on [CLS]' });
    expect(sink(0.6, 0)).toMatchObject({ sinkOn: 'cls' });
  });

  it('names [SEP] when it takes at least twice what [CLS] takes (twice exactly included)', () => {
    expect(sink(0.1, 0.5)).toMatchObject({ sinkOn: 'sep', evidence: '60.0 % of each row on [SEP]' });
    expect(sink(0.2, 0.4)).toMatchObject({ sinkOn: 'sep', evidence: '60.0 % of each row on [SEP]' });
    expect(sink(0, 0.6)).toMatchObject({ sinkOn: 'sep' });
  });

  it('names both when neither takes twice the other', () => {
    expect(sink(0.35, 0.25)).toMatchObject({ sinkOn: 'both', evidence: '60.0 % of each row on [CLS] and [SEP]' });
    expect(sink(0.25, 0.35)).toMatchObject({ sinkOn: 'both' });
    expect(sink(0.3, 0.3)).toMatchObject({ sinkOn: 'both' });
  });

  it('is no role below half, whichever token takes the mass', () => {
    expect(sink(0.45, 0)).toBeUndefined();
    expect(sink(0.2, 0.2)).toBeUndefined();
  });
});

describe('headRoles: distance heads', () => {
  it('covers every offset from −8 to +8 except −1, 0 and +1, with sign, offset and direction', () => {
    for (let k = -MAX_OFFSET; k <= MAX_OFFSET; k++) {
      const roles = headRoles(quiet({ offsets: offsetsWith(k, 0.7) }));
      if (Math.abs(k) < 2) {
        expect(roles.map((r) => r.kind)).toEqual(['mixed']);
        continue;
      }
      const sign = k > 0 ? '+' : '−';
      expect(roles).toEqual([
        {
          kind: 'distance',
          offset: k,
          strength: 0.7,
          label: `distance ${sign}${Math.abs(k)}`,
          evidence: `70.0 % of each row ${Math.abs(k)} tokens ${k > 0 ? 'ahead' : 'back'}`,
        },
      ]);
    }
  });

  it('spells the farthest offsets out', () => {
    expect(headRoles(quiet({ offsets: offsetsWith(8, 0.55) }))[0]).toMatchObject({
      label: 'distance +8',
      offset: 8,
      evidence: '55.0 % of each row 8 tokens ahead',
    });
    expect(headRoles(quiet({ offsets: offsetsWith(-8, 0.55) }))[0]).toMatchObject({
      label: 'distance −8',
      offset: -8,
      evidence: '55.0 % of each row 8 tokens back',
    });
    expect(headRoles(quiet({ offsets: offsetsWith(2, 0.55) }))[0]).toMatchObject({ label: 'distance +2', evidence: '55.0 % of each row 2 tokens ahead' });
    expect(headRoles(quiet({ offsets: offsetsWith(-2, 0.55) }))[0]).toMatchObject({ label: 'distance −2', evidence: '55.0 % of each row 2 tokens back' });
  });

  it('a short offset profile counts missing offsets as 0', () => {
    expect(headRoles(quiet({ offsets: [0.9, 0.9] }))[0]).toMatchObject({ kind: 'distance', offset: -8 });
    expect(headRoles(quiet({ offsets: [] }))[0].kind).toBe('mixed');
  });
});

describe('headRoles: broad heads', () => {
  it('is broad from 0.85 × ln n exactly, with entropy / ln n as strength and evidence', () => {
    const n = 20;
    const at = headRoles(quiet({ n, entropy: 0.85 * Math.log(n) }));
    expect(at).toHaveLength(1);
    expect(at[0]).toMatchObject({ kind: 'broad', label: 'broad', evidence: 'entropy 85.0 % of uniform' });
    expect(at[0].strength).toBeCloseTo(0.85, 12);
    expect(headRoles(quiet({ n, entropy: 0.84 * Math.log(n) }))[0].kind).toBe('mixed');
    const full = headRoles(quiet({ n, entropy: Math.log(n) }))[0];
    expect(full).toMatchObject({ kind: 'broad', evidence: 'entropy 100.0 % of uniform' });
  });

  it('a single-key row (n = 1) is never broad, whatever its entropy', () => {
    expect(headRoles(quiet({ n: 1, entropy: 0.3 }))[0].kind).toBe('mixed');
    expect(headRoles(quiet({ n: 0, entropy: 0.3 }))[0].kind).toBe('mixed');
  });
});

describe('headRoles: several roles', () => {
  it('orders them strongest first, whatever order they are found in', () => {
    // found in the order previous, next, self, sink, same word, distance, broad; strengths rise along it
    const n = 10;
    const roles = headRoles(
      quiet({
        prevMass: 0.5,
        nextMass: 0.52,
        selfMass: 0.54,
        clsMass: 0.56,
        sepMass: 0,
        wordMass: 0.58,
        offsets: offsetsWith(-3, 0.6),
        n,
        entropy: 0.9 * Math.log(n),
      }),
    );
    expect(roles.map((r) => r.kind)).toEqual(['broad', 'distance', 'same-word', 'sink', 'self', 'next', 'previous']);
    const s = roles.map((r) => r.strength);
    expect(s[0]).toBeCloseTo(0.9, 12);
    expect(s.slice(1)).toEqual([0.6, 0.58, 0.56, 0.54, 0.52, 0.5]);
  });

  it('a next-token head inside split words: same word first, then next token', () => {
    const roles = headRoles(quiet({ nextMass: 0.6, wordMass: 0.8 }));
    expect(roles.map((r) => r.label)).toEqual(['same word', 'next token']);
  });
});

describe('offsetProfile', () => {
  it('reads only the first n rows of a longer row selection', () => {
    const n = 3;
    const m = Float32Array.from([0.2, 0.5, 0.3, 0.6, 0.1, 0.3, 0.1, 0.7, 0.2]);
    const rows = [true, true, true, true];
    const prof = offsetProfile(m, n, rows, 2);
    expect(prof).toEqual(offsetProfile(m, n, rows.slice(0, n), 2));
    prof.forEach((v) => expect(Number.isFinite(v)).toBe(true));
    // k = −1: rows 1 and 2 → (0.6 + 0.7) / 2; k = 0: all three diagonals
    expect(prof[1]).toBeCloseTo((0.6 + 0.7) / 2, 6);
    expect(prof[2]).toBeCloseTo((0.2 + 0.1 + 0.2) / 3, 6);
  });
});

describe('similarHeads', () => {
  const base = (over: Partial<RoleInputs> = {}) => quiet({ offsets: offsetsWith(-1, 0.3), ...over });

  it('keeps the given order among heads at the same distance', () => {
    const t = base();
    expect(similarHeads(t, [t, t, t, t, t, t])).toEqual([0, 1, 2, 3, 4, 5]);
    const far = base({ prevMass: 0.9 });
    expect(similarHeads(t, [far, t, far, t, far, t, far])).toEqual([1, 3, 5, 0, 2, 4, 6]);
  });

  it('compares entropy as a share of ln n (the broad scale), not raw entropy', () => {
    // target: 10 keys, entropy 0.5 ln 10; a: 100 keys with the same share (raw entropy twice as large);
    // b: 10 keys, same raw entropy, but prevMass 0.2 off
    const t = base({ n: 10, entropy: 0.5 * Math.log(10) });
    const a = base({ n: 100, entropy: 0.5 * Math.log(100) });
    const b = base({ n: 10, entropy: 0.5 * Math.log(10), prevMass: 0.3 });
    expect(similarHeads(t, [b, a])).toEqual([1, 0]);
  });

  it('counts the entropy share of a head with fewer than two keys as 0', () => {
    // target: share 0; `one` has one key and some entropy (share 0 as well) — identical to the target
    const t = base({ n: 10, entropy: 0 });
    const one = base({ n: 1, entropy: 0.4 });
    const near = base({ n: 10, entropy: 0, prevMass: 0.15 });
    expect(similarHeads(t, [near, one])).toEqual([1, 0]);
    // a head with a real share is as far as that share
    const broad = base({ n: 10, entropy: 0.3 * Math.log(10) });
    const off = base({ n: 10, entropy: 0, prevMass: 0.2 });
    expect(similarHeads(t, [broad, off])).toEqual([1, 0]);
    expect(similarHeads(t, [off, broad])).toEqual([0, 1]);
  });
});
