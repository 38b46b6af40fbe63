// Page profile exports in full: the CSV's header, rows, role lists and empty cells; every NumPy array the .npz holds
// (dtype, shape and values); and the .npz archive itself, read back entry by entry.
import { describe, expect, it } from 'vitest';
import type { PageProfile, ProfileHeadStat } from '../../src/shared/attention-result';
import { profileCsv, profileNpzArrays, profileNpzParts, profileRoles } from '../../src/core/attention/profile-export';
import { npyParts } from '../../src/core/npz/npy';

/** An offset profile (k = −8…8) of `base` everywhere but the given offsets. */
function offsets(base: number, at: Record<number, number> = {}): number[] {
  return Array.from({ length: 17 }, (_, t) => at[t - 8] ?? base);
}

const stats: ProfileHeadStat[] = [
  // layer 1, head 1: previous token, and a [CLS]-heavy sink
  {
    layer: 0,
    head: 0,
    entropy: 1.25,
    meanDistance: 2.123456789,
    clsMass: 0.4,
    sepMass: 0.15,
    prevMass: 0.6,
    nextMass: 0.05,
    selfMass: 0.02,
    wordMass: 0,
    offsets: offsets(0.01, { [-1]: 0.6 }),
    rows: 120,
  },
  // layer 1, head 2: nothing holds; no rows were averaged, so entropy and the +8 offset are not numbers
  {
    layer: 0,
    head: 1,
    entropy: Number.NaN,
    meanDistance: 3,
    clsMass: 0.1,
    sepMass: 0.1,
    prevMass: 0.2,
    nextMass: 0.2,
    selfMass: 0.1,
    wordMass: 0.1,
    offsets: offsets(0.02, { 8: Number.NaN }),
    rows: 0,
  },
  // layer 2, head 1: three tokens ahead
  {
    layer: 1,
    head: 0,
    entropy: 0.5,
    meanDistance: 3.5,
    clsMass: 0.05,
    sepMass: 0.05,
    prevMass: 0.1,
    nextMass: 0.1,
    selfMass: 0.05,
    wordMass: 0.05,
    offsets: offsets(0.01, { 3: 0.7 }),
    rows: 80,
  },
  // layer 2, head 2: the other pieces of the word
  {
    layer: 1,
    head: 1,
    entropy: 1,
    meanDistance: 1.5,
    clsMass: 0,
    sepMass: 0,
    prevMass: 0.3,
    nextMass: 0.3,
    selfMass: 0.1,
    wordMass: 0.8,
    offsets: offsets(0),
    rows: 80,
  },
];

const profile: PageProfile = {
  modelId: 'Xenova/bert-base-uncased',
  backend: 'wasm',
  numLayers: 2,
  numHeads: 2,
  text: 'Straw "berries", and more. Second paragraph here.',
  source: 'article',
  windows: [
    { start: 0, end: 9, charStart: 0, charEnd: 27 },
    { start: 6, end: 14, charStart: 17, charEnd: 50 },
  ],
  overlap: 3,
  paragraphs: [
    { start: 0, end: 26, window: 0 },
    { start: 27, end: 50, window: 1 },
    { start: 50, end: 50, window: -1 },
  ],
  totalTokens: 14,
  windowsDone: 2,
  complete: true,
  cancelled: false,
  stats,
  hasSplitWords: true,
  meanWindowTokens: 8.6,
  grid: 2,
  maps: Float32Array.from({ length: 16 }, (_, k) => k / 16),
  elapsedMs: 10,
  inferenceMs: 8,
  statsMs: 1,
};

const HEADER = [
  'layer',
  'head',
  'role',
  'roles',
  'entropy',
  'mean_distance',
  'cls_mass',
  'sep_mass',
  'prev_mass',
  'next_mass',
  'self_mass',
  'word_mass',
  'rows',
  ...Array.from({ length: 17 }, (_, t) => `offset_${t - 8}`),
].join(',');

// (computed inside each test: a value computed while the describe block is collected counts as 'static' for
// Stryker, which then does not recompute it under each mutant)
describe('profile CSV', () => {
  it('has the documented header, comma-separated, offsets named offset_-8 … offset_8', () => {
    const lines = profileCsv(profile).split('\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines[0]).toContain(',offset_-8,offset_-7,');
    expect(lines[0].endsWith(',offset_7,offset_8')).toBe(true);
  });

  it('has one row per head and ends with a newline', () => {
    const lines = profileCsv(profile).split('\n');
    expect(lines).toHaveLength(1 + 4 + 1);
    expect(lines[5]).toBe('');
  });

  it('writes the label, then every role met joined by "; ", then the numbers with 6 significant digits', () => {
    const lines = profileCsv(profile).split('\n');
    const o = (v: string, at: Record<number, string> = {}) => Array.from({ length: 17 }, (_, t) => at[t - 8] ?? v).join(',');
    expect(lines[1]).toBe(`1,1,previous token,previous token; [CLS]/[SEP] sink,1.25,2.12346,0.4,0.15,0.6,0.05,0.02,0,120,${o('0.01', { [-1]: '0.6' })}`);
    expect(lines[3]).toBe(`2,1,distance +3,distance +3,0.5,3.5,0.05,0.05,0.1,0.1,0.05,0.05,80,${o('0.01', { 3: '0.7' })}`);
    expect(lines[4]).toBe(`2,2,same word,same word,1,1.5,0,0,0.3,0.3,0.1,0.8,80,${o('0')}`);
  });

  it('leaves cells that are not numbers empty', () => {
    const lines = profileCsv(profile).split('\n');
    expect(lines[2]).toBe(`1,2,mixed,mixed,,3,0.1,0.1,0.2,0.2,0.1,0.1,0,${Array.from({ length: 16 }, () => '0.02').join(',')},`);
    const cells = lines[2].split(',');
    expect(cells).toHaveLength(4 + 8 + 1 + 17);
    expect(cells[4]).toBe('');
    expect(cells[cells.length - 1]).toBe('');
  });

  it('its role column matches profileRoles', () => {
    const lines = profileCsv(profile).split('\n');
    const roles = profileRoles(profile);
    expect(roles.map((r) => r[0].label)).toEqual(['previous token', 'mixed', 'distance +3', 'same word']);
    expect(lines.slice(1, 5).map((l) => l.split(',')[2])).toEqual(roles.map((r) => r[0].label));
  });
});

describe('profile NumPy arrays', () => {
  it('holds exactly the documented arrays, in order', () => {
    const a = profileNpzArrays(profile);
    expect(Object.keys(a)).toEqual(['stats', 'stat_names', 'offsets', 'maps', 'roles', 'windows', 'paragraphs', 'windows_done', 'text', 'model_id']);
  });

  it('stats: (layers, heads, 8) float32 in stat_names order', () => {
    const a = profileNpzArrays(profile);
    const data = stats.flatMap((s) => [s.entropy, s.meanDistance, s.clsMass, s.sepMass, s.prevMass, s.nextMass, s.selfMass, s.wordMass]);
    expect(a.stats).toEqual({ dtype: '<f4', shape: [2, 2, 8], data: Float32Array.from(data) });
    expect(a.stat_names).toEqual({
      dtype: '<U',
      shape: [8],
      data: ['entropy', 'mean_distance', 'cls_mass', 'sep_mass', 'prev_mass', 'next_mass', 'self_mass', 'word_mass'],
    });
  });

  it('offsets: (layers, heads, 17) float32, head by head', () => {
    const a = profileNpzArrays(profile);
    expect(a.offsets).toEqual({ dtype: '<f4', shape: [2, 2, 17], data: Float32Array.from(stats.flatMap((s) => s.offsets)) });
  });

  it('maps: (layers, heads, grid, grid) float32, the profile’s own values', () => {
    const a = profileNpzArrays(profile);
    expect(a.maps).toEqual({ dtype: '<f4', shape: [2, 2, 2, 2], data: profile.maps });
  });

  it('roles: (layers, heads) strings, each head’s label', () => {
    const a = profileNpzArrays(profile);
    expect(a.roles).toEqual({ dtype: '<U', shape: [2, 2], data: ['previous token', 'mixed', 'distance +3', 'same word'] });
  });

  it('windows: (count, 4) int32 rows of token start/end, char start/end', () => {
    const a = profileNpzArrays(profile);
    expect(a.windows).toEqual({ dtype: '<i4', shape: [2, 4], data: Int32Array.from([0, 9, 0, 27, 6, 14, 17, 50]) });
  });

  it('paragraphs: (count, 3) int32 rows of char start/end, window', () => {
    const a = profileNpzArrays(profile);
    expect(a.paragraphs).toEqual({ dtype: '<i4', shape: [3, 3], data: Int32Array.from([0, 26, 0, 27, 50, 1, 50, 50, -1]) });
  });

  it('windows_done, text and model_id are scalars', () => {
    const a = profileNpzArrays(profile);
    expect(a.windows_done).toEqual({ dtype: '<i4', shape: [], data: Int32Array.of(2) });
    expect(a.text).toEqual({ dtype: '<U', shape: [], data: [profile.text] });
    expect(a.model_id).toEqual({ dtype: '<U', shape: [], data: ['Xenova/bert-base-uncased'] });
  });

  it('every array encodes as .npy (its data fits its shape)', () => {
    const a = profileNpzArrays(profile);
    for (const arr of Object.values(a)) expect(() => npyParts(arr)).not.toThrow();
  });
});

/** The stored entries of a zip archive: name and bytes, in archive order. */
function readZip(parts: Uint8Array[]): Array<{ name: string; data: Uint8Array }> {
  const bytes = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.byteLength;
  }
  const view = new DataView(bytes.buffer);
  const out: Array<{ name: string; data: Uint8Array }> = [];
  let pos = 0;
  while (pos + 4 <= bytes.length && view.getUint32(pos, true) === 0x04034b50) {
    const size = view.getUint32(pos + 18, true);
    const nameLen = view.getUint16(pos + 26, true);
    const extraLen = view.getUint16(pos + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(pos + 30, pos + 30 + nameLen));
    const start = pos + 30 + nameLen + extraLen;
    out.push({ name, data: bytes.slice(start, start + size) });
    pos = start + size;
  }
  return out;
}

const concat = (parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

describe('profile .npz archive', () => {
  it('stores one <name>.npy entry per array, in the arrays’ order', () => {
    const entries = readZip(profileNpzParts(profile));
    const arrays = profileNpzArrays(profile);
    expect(entries.map((e) => e.name)).toEqual(Object.keys(arrays).map((k) => `${k}.npy`));
  });

  it('each entry is that array’s .npy file', () => {
    const entries = readZip(profileNpzParts(profile));
    const arrays = profileNpzArrays(profile);
    for (const e of entries) {
      const arr = arrays[e.name.replace(/\.npy$/, '')];
      expect(Array.from(e.data.subarray(0, 6))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);
      expect(e.data).toEqual(concat(npyParts(arr)));
    }
    const header = (name: string) => new TextDecoder().decode(entries.find((e) => e.name === name)!.data.subarray(10, 128));
    expect(header('stats.npy')).toContain("'shape': (2, 2, 8)");
    expect(header('windows.npy')).toContain("'descr': '<i4'");
    expect(header('model_id.npy')).toContain("'shape': ()");
  });
});
