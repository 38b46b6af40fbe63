// Candidate split points for analysing a selection as a sentence pair (A / B, token_type_ids 0 / 1):
// after sentence-ending punctuation (Latin, CJK, Devanagari, Arabic) followed by space or the end
// of a CJK sentence, never at the very start or end of the text.

const END = /[.!?。！？।؟]["'”’)\]]*/gu;

/** Offsets where sentence B could start (whitespace after the boundary is left to sentence B). */
export function sentenceBoundaries(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(END)) {
    const at = (m.index ?? 0) + m[0].length;
    const next = text.slice(at);
    const cjk = /[。！？]/u.test(m[0]);
    if (!cjk && !/^\s+\S/u.test(next)) continue; // "3.14", "e.g.x", or trailing punctuation
    if (!text.slice(0, at).trim() || !next.trim()) continue;
    out.push(at);
  }
  return out;
}
