// Pure logic of the research tools: TSV builders (and a copied matrix parsed back equals the JSON export), head-role
// inputs from a result, word alignment, the compare pair (same tokenization vs word-aligned), signed pooling and the
// two-result exports (JSON {a, b}, NPZ a_/b_).
import { describe, expect, it } from 'vitest';
import { headRoles, offsetProfile, similarHeads } from '../../src/core/attention/head-roles';
import { headStats } from '../../src/core/attention/head-stats';
import { resultHeadRoles, roleInputs, rowsInSplitWords } from '../../src/core/attention/role-inputs';
import { alignedMatrix, alignWords } from '../../src/core/attention/word-alignment';
import { headMatrix } from '../../src/shared/attention-result';
import { comparePair, poolSigned, sameTokenization } from '../../src/views/compare/compare-model';
import { pairJsonBlob, pairNpzBlob, resultJsonBlob } from '../../src/views/lib/export';
import { headRoleData, headsLike, roleBadge, roleText } from '../../src/views/lib/roles';
import { columnsTsv, matrixTsv, parseTsv, round6, tsvNumber, tsvRows, tsvText } from '../../src/views/lib/tsv';
import { buildView } from '../../src/views/lib/view-model';
import { CHANGED_HEAD, editCase, makeCase, maskCase, SHORT_TEXT, tokenize } from '../views-harness/synthetic';

const short = makeCase('short');
const names = (r = short) => buildView(r, { hideSpecial: false, wordMode: false }).tokens.map((t) => t.name);

describe('TSV builders', () => {
  it('write numbers as the JSON export rounds them, text guarded against spreadsheet formulas', () => {
    expect(tsvNumber(0.12345678)).toBe('0.123457');
    expect(tsvNumber(-0)).toBe('0');
    expect(tsvNumber(3e-7)).toBe('0');
    expect(tsvNumber(NaN)).toBe('');
    expect(tsvText('a\tb\nc')).toBe('a b c');
    expect(tsvText('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(tsvText('-·3')).toBe("'-·3");
    expect(
      tsvRows([
        ['x', 1.5],
        ['+', 2],
      ]),
    ).toBe("x\t1.5\n'+\t2");
  });
  it('name rows and columns by token text·position, so a paste lines up', () => {
    const n = names();
    const m = headMatrix(short, 1, 2);
    const rows = parseTsv(matrixTsv(n, n, m));
    expect(rows.length).toBe(short.seqLen + 1);
    expect(rows[0][0]).toBe('from ↓ · to →');
    expect(rows[0].slice(1)).toEqual(n);
    expect(rows.map((r) => r[0]).slice(1)).toEqual(n);
    expect(rows.every((r) => r.length === short.seqLen + 1)).toBe(true);
    expect(Number(rows[4][6])).toBe(round6(m[3 * short.seqLen + 5]));
  });
  it('columns: one row per name', () => {
    const t = parseTsv(
      columnsTsv(
        'Token',
        ['a·1', 'b·2'],
        [
          { label: 'Score', values: [0.5, 0.25] },
          { label: 'Rank', values: [1, 2] },
        ],
      ),
    );
    expect(t).toEqual([
      ['Token', 'Score', 'Rank'],
      ['a·1', '0.5', '1'],
      ['b·2', '0.25', '2'],
    ]);
  });
  it('a copied matrix parsed back equals the exported JSON values', async () => {
    const json = JSON.parse(await (await resultJsonBlob(short)).text()) as { attentions: number[][][][]; tokens: string[] };
    for (const [l, h] of [
      [0, 0],
      [2, 1],
      [3, 3],
    ]) {
      const rows = parseTsv(matrixTsv(names(), names(), headMatrix(short, l, h)));
      const values = rows.slice(1).map((r) => r.slice(1).map(Number));
      expect(values).toEqual(json.attentions[l][h]);
      expect(rows[0].slice(1)).toEqual(json.tokens.map((t, k) => `${t}·${k}`));
    }
  });
});

describe('head roles from a result', () => {
  it('feeds head-roles with the non-special rows of each head', () => {
    const inputs = roleInputs(short);
    expect(inputs.length).toBe(short.numLayers * short.numHeads);
    const rows = short.tokens.map((t) => !t.special);
    const stats = headStats(short, { rows: 'non-special' });
    const k = 1 * short.numHeads + 1; // layer 2, head 2
    expect(inputs[k].prevMass).toBeCloseTo(stats[k].prevMass, 6);
    expect(inputs[k].offsets).toEqual(offsetProfile(headMatrix(short, 1, 1), short.seqLen, rows));
    expect(inputs[k].hasSplitWords).toBe(true); // "jumps" = jump ##s
    expect(inputs[k].n).toBe(short.seqLen);
  });
  it('names the synthetic heads by what they were built to do', () => {
    const roles = resultHeadRoles(short);
    // SHORT_PLAN: layer 1 head 1 previous token, layer 1 head 2 next token, layer 2 head 1 [SEP] sink.
    expect(roles[0][0].kind).toBe('previous');
    expect(roles[1][0].kind).toBe('next');
    expect(roles[4][0].kind).toBe('sink');
    expect(roleText(roles[0][0])).toMatch(/^previous token: \d+\.\d % of each row on the previous token$/);
    expect(roleBadge(roles[0][0])).toBe('prev');
    expect(roleBadge({ kind: 'distance', offset: -3, strength: 0.6, label: '', evidence: '' })).toBe('−3');
  });
  it('splits words only where a word has several pieces', () => {
    const { tokens } = tokenize('The cat sat.');
    expect(
      rowsInSplitWords(
        tokens,
        tokens.map((t) => !t.special),
      ),
    ).toBe(false);
  });
  it('the views cache computes layer by layer to the same roles; "like this" starts with the head itself', () => {
    const data = headRoleData(short);
    expect(data.roles.map((r) => r[0].kind)).toEqual(resultHeadRoles(short).map((r) => r[0].kind));
    const like = headsLike(data, 0);
    expect(like[0]).toBe(0);
    expect(like).toEqual(similarHeads(data.inputs[0], data.inputs));
    // The other previous-token head (layer 2, head 2) is nearer to layer 1, head 1 than a broad head.
    expect(like.indexOf(5)).toBeLessThan(like.indexOf(3));
    expect(headRoles(data.inputs[3])[0].kind).toBe('broad');
  });
});

describe('word alignment', () => {
  it('anchors on common words, pairs the rest as changed, keeps every word once', () => {
    const links = alignWords(['The', 'quick', 'brown', 'fox'], ['the', 'slow', 'red', 'fox', 'ran']);
    expect(links).toEqual([
      { kind: 'same', a: 0, b: 0 },
      { kind: 'changed', a: 1, b: 1 },
      { kind: 'changed', a: 2, b: 2 },
      { kind: 'same', a: 3, b: 3 },
      { kind: 'only-b', a: null, b: 4 },
    ]);
    expect(alignWords(['a', 'b', 'c'], ['c'])).toEqual([
      { kind: 'only-a', a: 0, b: null },
      { kind: 'only-a', a: 1, b: null },
      { kind: 'same', a: 2, b: 0 },
    ]);
    expect(alignWords([], ['x'])).toEqual([{ kind: 'only-b', a: null, b: 0 }]);
  });
  it('restricts a matrix to kept rows/columns and renormalises each row', () => {
    const m = Float32Array.from([0.5, 0.25, 0.25, 0.1, 0.1, 0.8, 0, 0, 1]);
    const out = alignedMatrix(m, 3, [0, 2]);
    expect(Array.from(out).map((v) => +v.toFixed(4))).toEqual([0.6667, 0.3333, 0, 1]);
  });
});

describe('compare pair', () => {
  it('same tokenization: the constructed head ranks first, the edited row is left out', () => {
    const edited = SHORT_TEXT.replace('quick', 'slow');
    const b = editCase('short', edited);
    expect(sameTokenization(short, b)).toBe(true);
    const d = comparePair({ a: short, b, labelA: 'A', labelB: 'B' }, { hideSpecial: false, wordMode: false });
    expect(d.mode).toBe('tokens');
    expect(d.changedRows).toEqual([2]);
    expect(d.names[2]).toBe('quick→slow·2');
    expect({ layer: d.changes[0].layer, head: d.changes[0].head }).toEqual(CHANGED_HEAD);
    expect(d.changes[0].divergence).toBeGreaterThan(0.1);
    expect(d.changes[0].divergence).toBeGreaterThan(3 * d.changes[1].divergence); // the others only by noise
    expect(d.changes.every((c, k) => k === 0 || c.divergence <= d.changes[k - 1].divergence)).toBe(true);
    const diff = d.diff(CHANGED_HEAD.layer, CHANGED_HEAD.head);
    const n = short.seqLen;
    expect(diff[5 * n + 4]).toBeCloseTo(headMatrix(short, 2, 1)[5 * n + 4] - headMatrix(b, 2, 1)[5 * n + 4], 6);
    expect(d.maxAbs).toBeCloseTo(d.changes[0].maxAbsDiff, 6);
  });
  it('display transforms apply to both sides', () => {
    const b = editCase('short', SHORT_TEXT.replace('quick', 'slow'));
    const d = comparePair({ a: short, b, labelA: 'A', labelB: 'B' }, { hideSpecial: true, wordMode: true });
    expect(d.mode).toBe('tokens');
    expect(d.m).toBe(buildView(short, { hideSpecial: true, wordMode: true }).n);
    expect(d.changes[0]).toMatchObject(CHANGED_HEAD);
  });
  it('masked input vs original: same tokens, the masked row is the edited one', () => {
    const m = maskCase('short', [4]);
    const d = comparePair({ a: short, b: m, labelA: 'Original', labelB: 'Masked' }, { hideSpecial: false, wordMode: false });
    expect(d.mode).toBe('tokens');
    expect(d.changedRows).toEqual([4]);
    expect(d.names[4]).toBe('fox→[MASK]·4');
    expect(m.masked?.top[0].length).toBe(10);
  });
  it('different tokenizations: compared over the shared words, with the alignment', () => {
    const b = editCase('short', 'The quick brown fox happily jumps over the lazy dog because it was tired.');
    expect(sameTokenization(short, b)).toBe(false);
    const d = comparePair({ a: short, b, labelA: 'A', labelB: 'B' }, { hideSpecial: false, wordMode: false });
    expect(d.mode).toBe('words');
    expect(d.links?.filter((l) => l.kind === 'only-b').map((l) => d.wordsB[l.b!])).toEqual(['happily']);
    expect(d.m).toBe(d.wordsA.length);
    expect(d.changes.length).toBe(16);
    const row = d
      .headA(0, 0)
      .subarray(0, d.m)
      .reduce((s, v) => s + v, 0);
    expect(row).toBeCloseTo(1, 5);
  });
  it('different shapes: alignment only', () => {
    const b = editCase('short', SHORT_TEXT, 'wide', { numLayers: 6, numHeads: 8 });
    const d = comparePair({ a: short, b, labelA: 'A', labelB: 'B' }, { hideSpecial: false, wordMode: false });
    expect(d.sameShape).toBe(false);
    expect(d.changes).toEqual([]);
    expect(d.links?.every((l) => l.kind === 'same')).toBe(true);
  });
  it('signed pooling keeps the value of largest magnitude, sign included', () => {
    const m = Float32Array.from([0.1, -0.9, 0.2, 0.3, 0.5, 0, 0, 0, 0, 0, 0, 0.7, 0, 0, -0.2, 0]);
    expect(Array.from(poolSigned(m, 4, 2)).map((v) => +v.toFixed(2))).toEqual([-0.9, 0.3, 0, 0.7]);
    expect(poolSigned(m, 4, 4)).toBe(m);
  });
});

describe('two-result exports', () => {
  it('JSON holds {a, b}, each as the single export writes it', async () => {
    const b = editCase('short', SHORT_TEXT.replace('quick', 'slow'));
    const pair = JSON.parse(await (await pairJsonBlob(short, b)).text());
    const one = JSON.parse(await (await resultJsonBlob(b)).text());
    expect(Object.keys(pair)).toEqual(['a', 'b']);
    expect(pair.b).toEqual(one);
    expect(pair.a.tokens[2]).toBe('quick');
    expect(pair.b.tokens[2]).toBe('slow');
  });
  it('NPZ holds every array twice, prefixed a_ and b_', async () => {
    const b = editCase('short', SHORT_TEXT.replace('quick', 'slow'));
    const bytes = new Uint8Array(await pairNpzBlob(short, b).arrayBuffer());
    const text = new TextDecoder('latin1').decode(bytes);
    for (const name of ['a_attentions.npy', 'b_attentions.npy', 'a_tokens.npy', 'b_tokens.npy', 'a_queries.npy', 'b_text.npy']) expect(text).toContain(name);
    expect(text).not.toContain('b_queries.npy'); // B was run without query/key vectors
  });
});
