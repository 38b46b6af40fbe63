// Assemble AttentionResult.tokens from a tokenizer's output: span, special flag, word index, segment.

import type { TokenInfo } from '../../shared/attention-result';
import { alignTokens, type AlignOptions } from './align';
import { wordIndices } from './words';

export interface BuildTokenOptions extends Partial<AlignOptions> {
  /** token_type_ids (BigInt64Array from transformers.js is fine); segment 0 when absent. */
  tokenTypeIds?: ArrayLike<number | bigint>;
}

/** bert-base-uncased defaults used when an option is not given. */
export const BERT_UNCASED: AlignOptions = {
  lowercase: true,
  stripAccents: true,
  continuationPrefix: '##',
  specialTokens: new Set(['[CLS]', '[SEP]', '[PAD]', '[MASK]', '[UNK]']),
  scheme: 'wordpiece',
  unkToken: '[UNK]',
};

function toNumber(v: number | bigint | undefined): number {
  if (typeof v === 'bigint') return Number(v);
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/**
 * TokenInfo for every token. `special` = the token is in `specialTokens` and is not the unknown token
 * ([UNK] stands for text, so it gets a span and a word). Spans come from alignTokens (null for special
 * tokens and tokens that could not be placed); word from wordIndices (-1 for special tokens); segment
 * from token_type_ids. Options default to bert-base-uncased (BERT_UNCASED).
 *
 * Also callable as buildTokenInfos(text, ids, tokenStrings, typeIds, specialTokens).
 */
export function buildTokenInfos(text: string, ids: ArrayLike<number | bigint>, tokenStrings: readonly string[], opts?: BuildTokenOptions): TokenInfo[];
export function buildTokenInfos(
  text: string,
  ids: ArrayLike<number | bigint>,
  tokenStrings: readonly string[],
  tokenTypeIds: ArrayLike<number | bigint> | undefined,
  specialTokens: Set<string>,
): TokenInfo[];
export function buildTokenInfos(
  text: string,
  ids: ArrayLike<number | bigint>,
  tokenStrings: readonly string[],
  optsOrTypeIds?: BuildTokenOptions | ArrayLike<number | bigint>,
  specialTokens?: Set<string>,
): TokenInfo[] {
  const opts: BuildTokenOptions =
    optsOrTypeIds === undefined || isArrayLike(optsOrTypeIds)
      ? { tokenTypeIds: optsOrTypeIds as ArrayLike<number | bigint> | undefined, specialTokens }
      : (optsOrTypeIds as BuildTokenOptions);
  const align: AlignOptions = {
    ...BERT_UNCASED,
    ...definedOnly(opts),
    specialTokens: opts.specialTokens ?? BERT_UNCASED.specialTokens,
  };
  const tokens = Array.from(tokenStrings, (t) => (typeof t === 'string' ? t : ''));
  const unk = align.unkToken === undefined ? (align.scheme === 'bpe' ? null : align.scheme === 'sentencepiece' ? '<unk>' : '[UNK]') : align.unkToken;
  const special = tokens.map((t) => align.specialTokens.has(t) && t !== unk);
  const spans = alignTokens(text, tokens, align);
  // a special token typed in the text ("[MASK]" in the page) keeps its characters and its word
  const typed = special.map((s, k) => s && spans[k] !== null);
  const words = wordIndices(
    tokens,
    special.map((s, k) => s && !typed[k]),
    {
      scheme: align.scheme,
      continuationPrefix: align.continuationPrefix,
      spaceMarker: align.spaceMarker,
      spans,
    },
  );
  const typeIds = opts.tokenTypeIds;
  return tokens.map((t, k) => ({
    text: t,
    id: toNumber(ids[k]),
    span: spans[k],
    special: special[k],
    ...(typed[k] ? { typed: true as const } : {}),
    word: words[k],
    segment: typeIds ? toNumber(typeIds[k]) : 0,
  }));
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}

function definedOnly(o: BuildTokenOptions): Partial<AlignOptions> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && k !== 'tokenTypeIds') out[k] = v;
  return out as Partial<AlignOptions>;
}
