// Derive AlignOptions from a tokenizer.json (Hugging Face tokenizers format), so new models need no code.

import type { AlignOptions, TokenScheme } from './align';
import { pipelineFromTokenizerJson } from './pipeline';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

/** Every normaliser / pre-tokenizer in a (possibly Sequence) component. */
function flatten(component: unknown): Json[] {
  const c = obj(component);
  const list = c.normalizers ?? c.pretokenizers ?? c.pre_tokenizers;
  return Array.isArray(list) ? list.flatMap(flatten) : c.type ? [c] : [];
}

/**
 * AlignOptions for a tokenizer.json object. BertNormalizer: lowercase, strip_accents (null follows
 * lowercase, as in BERT), clean_text. The first NFC/NFD/NFKC/NFKD normaliser, or Precompiled (NFKC; also
 * sets `precompiled`), gives unicodeNormalization. WordPiece → 'wordpiece' (continuing_subword_prefix, unk_token);
 * BPE with a ByteLevel pre-tokenizer → 'bpe'; Metaspace or a Unigram model → 'sentencepiece'.
 * Special tokens = added_tokens with special: true, plus `extraSpecial`. BPE, Unigram and WordLevel models also get
 * `pipeline` (pipeline.ts): the tokenizer's own steps, so their spans are the offsets Hugging Face's Rust tokenizer gives.
 */
export function alignOptionsFromTokenizerJson(tokenizerJson: unknown, extraSpecial: Iterable<string> = []): AlignOptions {
  const root = obj(tokenizerJson);
  const model = obj(root.model);
  const norms = flatten(root.normalizer);
  const pres = flatten(root.pre_tokenizer);
  const bert = norms.find((n) => n.type === 'BertNormalizer');
  const lowercase = bert ? bert.lowercase !== false : norms.some((n) => n.type === 'Lowercase');
  const stripAccents = bert
    ? bert.strip_accents === null || bert.strip_accents === undefined
      ? lowercase
      : bert.strip_accents === true
    : norms.some((n) => n.type === 'StripAccents');
  // Precompiled = SentencePiece's compiled normaliser (nmt_nfkc); transformers.js applies NFKC
  const precompiled = norms.some((n) => n.type === 'Precompiled');
  const nf = norms.map((n) => (n.type === 'Precompiled' ? 'NFKC' : n.type)).find((t) => t === 'NFC' || t === 'NFD' || t === 'NFKC' || t === 'NFKD') as
    'NFC' | 'NFD' | 'NFKC' | 'NFKD' | undefined;

  let scheme: TokenScheme = 'wordpiece';
  if (model.type === 'BPE') scheme = pres.some((p) => p.type === 'Metaspace') ? 'sentencepiece' : 'bpe';
  if (model.type === 'Unigram' || pres.some((p) => p.type === 'Metaspace')) scheme = 'sentencepiece';
  const byteLevel = pres.some((p) => p.type === 'ByteLevel') || flatten(root.decoder).some((d) => d.type === 'ByteLevel');

  const special = new Set<string>(extraSpecial);
  if (Array.isArray(root.added_tokens)) {
    for (const t of root.added_tokens) {
      const o = obj(t);
      if (o.special === true && typeof o.content === 'string') special.add(o.content);
    }
  }
  const unk = typeof model.unk_token === 'string' ? model.unk_token : null;
  const metaspace = pres.find((p) => p.type === 'Metaspace');
  const opts: AlignOptions = {
    lowercase,
    stripAccents,
    specialTokens: special,
    scheme,
    unkToken: scheme === 'bpe' && !unk ? null : (unk ?? (scheme === 'sentencepiece' ? '<unk>' : '[UNK]')),
    cleanText: bert ? bert.clean_text !== false : false,
  };
  if (scheme === 'wordpiece') opts.continuationPrefix = typeof model.continuing_subword_prefix === 'string' ? model.continuing_subword_prefix : '##';
  if (scheme === 'bpe') opts.byteLevel = byteLevel;
  if (metaspace && typeof metaspace.replacement === 'string') opts.spaceMarker = metaspace.replacement;
  if (nf) opts.unicodeNormalization = nf;
  if (precompiled) opts.precompiled = true;
  const pipeline = pipelineFromTokenizerJson(tokenizerJson);
  if (pipeline) opts.pipeline = pipeline;
  return opts;
}
