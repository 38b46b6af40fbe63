// Lowercasing as Hugging Face's fast (Rust) tokenizer does it, which `transformers` runs by default: each code point
// on its own (Rust char::to_lowercase), so a word-final capital sigma becomes σ. transformers.js lowercases with
// String.prototype.toLowerCase, whose Final_Sigma rule gives ς for "ΟΔΟΣ" — another id than Python users get.
// Mapping Σ → σ before the tokenizer's normaliser runs makes the two agree; every other context-free mapping of
// toLowerCase is the per-code-point one already. Only for tokenizers that lowercase (a cased vocabulary keeps Σ).

/** The part of a transformers.js tokenizer this touches: its inner tokenizer's callable normaliser. */
interface WithNormalizer {
  _tokenizer?: { normalizer?: ((text: string) => string) | null };
}

export function lowercaseLikeFastTokenizer(text: string): string {
  return text.includes('Σ') ? text.replace(/Σ/g, 'σ') : text;
}

/** Wraps the tokenizer's normaliser (when it lowercases): Σ → σ first. Returns whether it did. */
export function matchFastTokenizerLowercase(tokenizer: unknown, lowercases: boolean): boolean {
  const inner = (tokenizer as WithNormalizer)._tokenizer;
  const normalizer = inner?.normalizer;
  if (!lowercases || !inner || typeof normalizer !== 'function') return false;
  inner.normalizer = (text: string) => normalizer(lowercaseLikeFastTokenizer(text));
  return true;
}
