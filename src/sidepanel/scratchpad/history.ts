// The scratchpad's probe history: the last MAX_PROBES texts analysed, newest first. Pure; stored by
// useProbeHistory.ts in extension storage.

export const MAX_PROBES = 20;
/** Longest probe kept (characters): the history is for sentences, not for whole pasted documents. */
export const MAX_PROBE_CHARS = 4000;

export interface Probe {
  text: string;
  /** When it was last analysed (ms since the epoch). */
  at: number;
}

const clean = (text: string) => text.trim().slice(0, MAX_PROBE_CHARS);

/**
 * Adds `text` as the newest probe. A text already in the list moves to the top (no duplicates). Typing is one probe,
 * not one per pause: when the newest probe is a prefix of the new text or the other way round (the user typed on,
 * or deleted back), and `editing` says the same edit goes on, the newest probe is replaced.
 */
export function addProbe(history: readonly Probe[], text: string, at: number, editing = false): Probe[] {
  const t = clean(text);
  if (!t) return [...history];
  const rest = history.filter((p) => p.text !== t);
  const newest = rest[0];
  const sameEdit = editing && newest !== undefined && (t.startsWith(newest.text) || newest.text.startsWith(t));
  const kept = sameEdit ? rest.slice(1) : rest;
  return [{ text: t, at }, ...kept].slice(0, MAX_PROBES);
}

export function removeProbe(history: readonly Probe[], text: string): Probe[] {
  return history.filter((p) => p.text !== text);
}

/** Anything read from storage → a valid history (bad entries dropped, newest first, at most MAX_PROBES). */
export function normalizeHistory(raw: unknown): Probe[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  const out: Probe[] = [];
  for (const r of raw) {
    if (typeof r !== 'object' || r === null) continue;
    const { text, at } = r as { text?: unknown; at?: unknown };
    if (typeof text !== 'string' || !clean(text) || seen.has(clean(text))) continue;
    seen.add(clean(text));
    out.push({ text: clean(text), at: typeof at === 'number' && Number.isFinite(at) ? at : 0 });
  }
  return out.slice(0, MAX_PROBES);
}
