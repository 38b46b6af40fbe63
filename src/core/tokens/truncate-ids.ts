// Keeps a too-long encoding within the model's maximum and says how many tokens were dropped, so the UI can show
// "showing the first N of M tokens". A single text keeps its first tokens plus the closing [SEP]; a pair is cut the
// way Hugging Face's tokenizers cut it with `truncation: 'longest_first'` (the default of `tokenizer(a, b,
// truncation=True)`), so the analysed pair is the one a Python user of the same model gets.

export interface Encoding {
  ids: number[];
  typeIds: number[];
}

/** Content tokens (without added [CLS]/[SEP]) shown / in the whole text. */
export interface Shown {
  shown: number;
  total: number;
}

export interface Truncated extends Encoding {
  /** Content tokens shown / in the whole selection; null when nothing was cut. For a pair, also per part. */
  truncated: (Shown & { pair?: { a: Shown; b: Shown } }) | null;
  /** Indices into the untruncated encoding of the tokens kept (so spans computed on it can be picked). */
  kept: number[] | null;
}

export function truncateEncoding(enc: Encoding, maxTokens: number, sepId: number): Truncated {
  const n = enc.ids.length;
  if (n <= maxTokens) return { ...enc, truncated: null, kept: null };
  const kept = [...range(0, maxTokens - 1), n - 1];
  const ids = [...enc.ids.slice(0, maxTokens - 1), sepId];
  const typeIds = [...enc.typeIds.slice(0, maxTokens - 1), enc.typeIds[maxTokens - 2] ?? 0];
  return { ids, typeIds, truncated: { shown: maxTokens - 2, total: n - 2 }, kept };
}

/**
 * How many content tokens of each part `longest_first` keeps when `capacity` content tokens fit (the model's
 * maximum minus the tokens the template adds), as Hugging Face tokenizers does (utils/truncation.rs): the shorter
 * part stays whole when the longer can take the rest, otherwise both get half and the longer one the odd token (on
 * a tie, the second part). `a` and `b` are the lengths the Rust library compares: with truncation on it stops
 * tokenising a part after `max_length` words (HfTokenizer.tokensInFirstWords), which can change which is longer.
 */
export function longestFirst(a: number, b: number, capacity: number): [number, number] {
  if (a + b <= capacity) return [a, b];
  const swap = a > b;
  let short = swap ? b : a;
  let long = short > capacity ? short : Math.max(short, capacity - short);
  if (short + long > capacity) {
    short = Math.floor(capacity / 2);
    long = short + (capacity % 2);
  }
  return swap ? [long, short] : [short, long];
}

/**
 * Truncates the encoding of a pair (`enc`: the pair with the tokens the tokenizer's template adds) given each part's
 * content ids encoded alone (`compared`: the lengths longest_first compares, see longestFirst). The parts are found inside `enc` (the template only adds tokens before, between and
 * after them), each is cut to its `longestFirst` length and the template's tokens are kept. Falls back to
 * `truncateEncoding` (first tokens) when the parts cannot be found.
 */
export function truncatePairEncoding(
  enc: Encoding,
  a: readonly number[],
  b: readonly number[],
  maxTokens: number,
  sepId: number,
  compared: { a: number; b: number } = { a: a.length, b: b.length },
): Truncated {
  if (enc.ids.length <= maxTokens) return { ...enc, truncated: null, kept: null };
  const at = locateParts(enc.ids, a, b);
  if (!at) return truncateEncoding(enc, maxTokens, sepId);
  const added = enc.ids.length - a.length - b.length;
  const [ka, kb] = longestFirst(Math.min(a.length, compared.a), Math.min(b.length, compared.b), Math.max(0, maxTokens - added));
  const kept = [
    ...range(0, at.a),
    ...range(at.a, at.a + ka),
    ...range(at.a + a.length, at.b),
    ...range(at.b, at.b + kb),
    ...range(at.b + b.length, enc.ids.length),
  ];
  return {
    ids: kept.map((i) => enc.ids[i]),
    typeIds: kept.map((i) => enc.typeIds[i] ?? 0),
    truncated: { shown: ka + kb, total: a.length + b.length, pair: { a: { shown: ka, total: a.length }, b: { shown: kb, total: b.length } } },
    kept,
  };
}

/** Where parts a and b start in `ids` (a first, b after it; at most 8 template tokens around them), or null. */
function locateParts(ids: readonly number[], a: readonly number[], b: readonly number[]): { a: number; b: number } | null {
  const TEMPLATE = 8;
  for (let pa = 0; pa <= TEMPLATE && pa + a.length <= ids.length; pa++) {
    if (!matchesAt(ids, a, pa)) continue;
    for (let pb = pa + a.length; pb <= pa + a.length + TEMPLATE && pb + b.length <= ids.length; pb++) {
      if (ids.length - (pb + b.length) <= TEMPLATE && matchesAt(ids, b, pb)) return { a: pa, b: pb };
    }
  }
  return null;
}

function matchesAt(ids: readonly number[], part: readonly number[], at: number): boolean {
  for (let i = 0; i < part.length; i++) if (ids[at + i] !== part[i]) return false;
  return true;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}
