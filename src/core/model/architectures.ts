// What each model architecture calls its config.json fields and how it numbers positions — one entry per
// `model_type` (the idea of transformers.js' getNormalizedConfig). Adding an architecture is one entry here.

/** config.json field names for the geometry, per architecture (snake_case, as in the file). */
export interface ConfigKeys {
  numLayers: string;
  numHeads: string;
  hiddenSize: string;
  intermediateSize: string;
}

export interface Architecture {
  /** config.json field names (BERT's unless the architecture renames them). */
  keys: ConfigKeys;
  /**
   * 'absolute': position ids 0..n-1 (BERT). 'after-padding': RoBERTa-style ids that start at pad_token_id + 1, so
   * max_position_embeddings holds pad_token_id + 1 fewer tokens.
   */
  positions: 'absolute' | 'after-padding';
  /** Whether the model has segment (token type) embeddings by default; config.type_vocab_size can say otherwise. */
  tokenTypes: boolean;
  /** The mask token written by this family's tokenizers (masked-token probing). */
  maskToken: string;
}

const BERT_KEYS: ConfigKeys = {
  numLayers: 'num_hidden_layers',
  numHeads: 'num_attention_heads',
  hiddenSize: 'hidden_size',
  intermediateSize: 'intermediate_size',
};

const BERT: Architecture = { keys: BERT_KEYS, positions: 'absolute', tokenTypes: true, maskToken: '[MASK]' };
const ROBERTA: Architecture = { keys: BERT_KEYS, positions: 'after-padding', tokenTypes: false, maskToken: '<mask>' };

export const ARCHITECTURES: Readonly<Record<string, Architecture>> = {
  bert: BERT,
  electra: BERT,
  albert: BERT,
  mpnet: { ...ROBERTA },
  roberta: ROBERTA,
  'xlm-roberta': ROBERTA,
  camembert: ROBERTA,
  longformer: ROBERTA,
  distilbert: {
    keys: { numLayers: 'n_layers', numHeads: 'n_heads', hiddenSize: 'dim', intermediateSize: 'hidden_dim' },
    positions: 'absolute',
    tokenTypes: false,
    maskToken: '[MASK]',
  },
};

/** The architecture of a model_type; unknown types are read as BERT (most encoders on the Hub use its names). */
export function architectureOf(modelType: string | undefined): Architecture {
  return ARCHITECTURES[(modelType ?? '').toLowerCase()] ?? BERT;
}
