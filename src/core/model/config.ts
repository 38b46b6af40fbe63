// One typed view of a Hugging Face config.json, whatever the architecture calls its fields: used by the
// engine, the Hub validator, the catalog and the TypeScript reference pass.
import { architectureOf, type Architecture } from './architectures';

/** config.json as read from disk: any JSON object. */
export type RawConfig = Record<string, unknown>;

/** BERT-family encoders have 512 positions; nothing this extension runs takes more. */
export const ABSOLUTE_MAX_TOKENS = 512;

export interface ModelConfig {
  /** config.json's model_type ("bert", "roberta", …; "" when missing). */
  modelType: string;
  architecture: Architecture;
  /** Geometry; undefined when config.json does not say (the graph then decides). */
  numLayers?: number;
  numHeads?: number;
  hiddenSize?: number;
  /** hiddenSize / numHeads when both are known. */
  headDim?: number;
  intermediateSize?: number;
  vocabSize?: number;
  maxPositionEmbeddings?: number;
  typeVocabSize: number;
  layerNormEps?: number;
  hiddenAct?: string;
  padTokenId?: number;
  /** First position id of the first token: 0 for BERT, pad_token_id + 1 for RoBERTa-style models. */
  positionOffset: number;
  /** How many tokens (special tokens included) the model's position table holds, capped at ABSOLUTE_MAX_TOKENS. */
  maxTokens: number;
  /**
   * Longest input the model was trained on, when its card/config declares one shorter than maxTokens
   * (`attention_lens.trained_tokens`); analyses longer than this are windowed or truncated to it.
   */
  trainedTokens?: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function normalizeConfig(raw: RawConfig = {}): ModelConfig {
  const modelType = typeof raw.model_type === 'string' ? raw.model_type : '';
  const arch = architectureOf(modelType);
  const pick = (key: keyof typeof arch.keys) => num(raw[arch.keys[key]]);
  const numHeads = pick('numHeads');
  const hiddenSize = pick('hiddenSize');
  const padTokenId = num(raw.pad_token_id);
  const positionOffset = arch.positions === 'after-padding' ? (padTokenId ?? 1) + 1 : 0;
  const maxPositionEmbeddings = num(raw.max_position_embeddings);
  const maxTokens = Math.max(1, Math.min(ABSOLUTE_MAX_TOKENS, (maxPositionEmbeddings ?? ABSOLUTE_MAX_TOKENS) - positionOffset));
  const lens = (typeof raw.attention_lens === 'object' && raw.attention_lens !== null ? raw.attention_lens : {}) as Record<string, unknown>;
  const trained = num(lens.trained_tokens);
  const typeVocab = num(raw.type_vocab_size);
  return {
    modelType,
    architecture: arch,
    numLayers: pick('numLayers'),
    numHeads,
    hiddenSize,
    headDim: numHeads && hiddenSize ? hiddenSize / numHeads : undefined,
    intermediateSize: pick('intermediateSize'),
    vocabSize: num(raw.vocab_size),
    maxPositionEmbeddings,
    typeVocabSize: typeVocab ?? (arch.tokenTypes ? 2 : 0),
    layerNormEps: num(raw.layer_norm_eps) ?? num(raw.layer_norm_epsilon),
    hiddenAct: typeof raw.hidden_act === 'string' ? raw.hidden_act : typeof raw.activation === 'string' ? raw.activation : undefined,
    padTokenId,
    positionOffset,
    maxTokens,
    ...(trained !== undefined && trained >= 8 && trained < maxTokens ? { trainedTokens: Math.round(trained) } : {}),
  };
}

/** How many tokens (special tokens included) a model takes, from its config.json. */
export function modelMaxTokens(raw: RawConfig): number {
  return normalizeConfig(raw).maxTokens;
}

export const MIN_MAX_TOKENS = 8;
export const DEFAULT_MAX_TOKENS = 512;

export type LimitReason = 'setting' | 'model' | 'trained';

/**
 * The engine's token limit and what set it: the user's setting, never more than the model's position table
 * ('model'), nor more than the length it was trained on when its config declares one ('trained').
 */
export function tokenLimit(setting: number, config: ModelConfig): { maxTokens: number; reason: LimitReason } {
  const wanted = Math.max(MIN_MAX_TOKENS, Math.round(setting) || DEFAULT_MAX_TOKENS);
  const trained = config.trainedTokens ?? Number.POSITIVE_INFINITY;
  const cap = Math.min(config.maxTokens, trained);
  if (wanted <= cap) return { maxTokens: wanted, reason: 'setting' };
  return { maxTokens: Math.max(MIN_MAX_TOKENS, cap), reason: trained < config.maxTokens ? 'trained' : 'model' };
}

/** The engine's token limit: the user's setting, never more than the model takes. */
export function effectiveMaxTokens(setting: number, raw: RawConfig | ModelConfig): number {
  const max = 'architecture' in raw ? (raw as ModelConfig).maxTokens : modelMaxTokens(raw);
  return Math.max(MIN_MAX_TOKENS, Math.min(Math.round(setting) || DEFAULT_MAX_TOKENS, max));
}
