// A page profile's head roles, and its exports: CSV (one row per head: the heads table's columns, the role and
// the offset profile) and NumPy .npz (the same numbers as arrays, the pooled maps, windows and paragraphs).
import type { PageProfile } from '../../shared/attention-result';
import { npyParts, type NpyArray } from '../npz/npy';
import { zipStoreParts } from '../npz/zip-store';
import { headRoles, MAX_OFFSET, type HeadRole, type RoleInputs } from './head-roles';

/** What head-roles reads, for every head of a profile (layer-major). */
export function profileRoleInputs(p: PageProfile): RoleInputs[] {
  return p.stats.map((s) => ({
    prevMass: s.prevMass,
    nextMass: s.nextMass,
    selfMass: s.selfMass,
    clsMass: s.clsMass,
    sepMass: s.sepMass,
    wordMass: s.wordMass,
    hasSplitWords: p.hasSplitWords,
    entropy: s.entropy,
    n: Math.max(2, Math.round(p.meanWindowTokens)),
    offsets: s.offsets,
  }));
}

/** Every head's roles, strongest first (layer-major). */
export function profileRoles(p: PageProfile): HeadRole[][] {
  return profileRoleInputs(p).map(headRoles);
}

const STAT_KEYS = ['entropy', 'meanDistance', 'clsMass', 'sepMass', 'prevMass', 'nextMass', 'selfMass', 'wordMass'] as const;
const CSV_NAMES = ['entropy', 'mean_distance', 'cls_mass', 'sep_mass', 'prev_mass', 'next_mass', 'self_mass', 'word_mass'];
const OFFSET_NAMES = Array.from({ length: 2 * MAX_OFFSET + 1 }, (_, t) => `offset_${t - MAX_OFFSET}`);

const csvField = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** One row per head (layer and head 1-based, as the table shows them); numbers with 6 significant digits. */
export function profileCsv(p: PageProfile): string {
  const roles = profileRoles(p);
  const lines = [['layer', 'head', 'role', 'roles', ...CSV_NAMES, 'rows', ...OFFSET_NAMES].join(',')];
  p.stats.forEach((s, k) => {
    const num = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : '');
    lines.push(
      [
        String(s.layer + 1),
        String(s.head + 1),
        csvField(roles[k][0].label),
        csvField(roles[k].map((r) => r.label).join('; ')),
        ...STAT_KEYS.map((key) => num(s[key])),
        String(s.rows),
        ...s.offsets.map(num),
      ].join(','),
    );
  });
  return `${lines.join('\n')}\n`;
}

/**
 * The profile as NumPy arrays: stats (layers, heads, 8) in CSV_NAMES order with `stat_names`, offsets
 * (layers, heads, 17), maps (layers, heads, grid, grid), roles (layers, heads), windows (count, 4: token start/end,
 * char start/end), paragraphs (count, 3: char start/end, window), text, model_id.
 */
export function profileNpzArrays(p: PageProfile): Record<string, NpyArray> {
  const L = p.numLayers;
  const H = p.numHeads;
  const roles = profileRoles(p);
  const win = new Int32Array(p.windows.length * 4);
  p.windows.forEach((w, k) => win.set([w.start, w.end, w.charStart, w.charEnd], k * 4));
  const par = new Int32Array(p.paragraphs.length * 3);
  p.paragraphs.forEach((q, k) => par.set([q.start, q.end, q.window], k * 3));
  return {
    stats: { dtype: '<f4', shape: [L, H, STAT_KEYS.length], data: Float32Array.from(p.stats.flatMap((s) => STAT_KEYS.map((key) => s[key]))) },
    stat_names: { dtype: '<U', shape: [CSV_NAMES.length], data: CSV_NAMES },
    offsets: { dtype: '<f4', shape: [L, H, 2 * MAX_OFFSET + 1], data: Float32Array.from(p.stats.flatMap((s) => s.offsets)) },
    maps: { dtype: '<f4', shape: [L, H, p.grid, p.grid], data: p.maps },
    roles: { dtype: '<U', shape: [L, H], data: roles.map((r) => r[0].label) },
    windows: { dtype: '<i4', shape: [p.windows.length, 4], data: win },
    paragraphs: { dtype: '<i4', shape: [p.paragraphs.length, 3], data: par },
    windows_done: { dtype: '<i4', shape: [], data: Int32Array.of(p.windowsDone) },
    text: { dtype: '<U', shape: [], data: [p.text] },
    model_id: { dtype: '<U', shape: [], data: [p.modelId] },
  };
}

/** The .npz file as parts, ready for a Blob. */
export function profileNpzParts(p: PageProfile): Uint8Array[] {
  return zipStoreParts(Object.entries(profileNpzArrays(p)).map(([name, a]) => ({ name: `${name}.npy`, parts: npyParts(a) })));
}
