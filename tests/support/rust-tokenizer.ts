// Hugging Face's Rust tokenizer (npm `tokenizers`, the "fast" tokenizer of `transformers`) as a test oracle.
import { createRequire } from 'node:module';

// The N-API addon is CommonJS (loaded with require, as its index.js expects).
export const { Tokenizer: RustTokenizer } = createRequire(import.meta.url)('tokenizers') as typeof import('tokenizers');

/**
 * tokenizer.json as the Rust library can load it: the Unigram fixtures' `Precompiled` normalizer carries a
 * placeholder charsmap (no sentencepiece here to compile a real one; the Rust library refuses it), so it becomes what
 * transformers.js implements for it — control characters removed, odd spaces → ' ', NFKC (nmt_nfkc) — built from
 * Rust's own normalizers, so the pre-tokenizer, model and offsets compared are still Rust's. (The real nmt_nfkc
 * charsmap differs from NFKC in a few characters.)
 */
export function rustJson(json: { normalizer?: unknown }): string {
  const swap = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(swap);
    if (!n || typeof n !== 'object') return n;
    const o = n as Record<string, unknown>;
    if (o.type === 'Precompiled') {
      return {
        type: 'Sequence',
        normalizers: [
          { type: 'Replace', pattern: { Regex: '[\u0001-\u0008\u000B\u000E-\u001F\u007F\u008F\u009F]' }, content: '' },
          {
            type: 'Replace',
            pattern: { Regex: '[\u0009\u000A\u000C\u000D\u00A0\u1680\u2000-\u200F\u2028\u2029\u202F\u205F\u2581\u3000\uFEFF\uFFFD]' },
            content: ' ',
          },
          { type: 'NFKC' },
        ],
      };
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, swap(v)]));
  };
  return JSON.stringify({ ...json, normalizer: swap(json.normalizer ?? null) });
}

/** The Rust library's offsets count code points: index k of the result is code point k's UTF-16 offset in `text` (the last, its length). */
export function utf16Index(text: string): number[] {
  const at: number[] = [];
  let u = 0;
  for (const ch of text) {
    at.push(u);
    u += ch.length;
  }
  at.push(u);
  return at;
}
