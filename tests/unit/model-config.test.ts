// core/model: one normalised view of config.json per architecture (field names, position numbering, limits).
import { describe, expect, it } from 'vitest';
import { ARCHITECTURES, architectureOf } from '../../src/core/model/architectures';
import { effectiveMaxTokens, normalizeConfig } from '../../src/core/model/config';

describe('normalizeConfig', () => {
  it('reads BERT names', () => {
    const c = normalizeConfig({ model_type: 'bert', num_hidden_layers: 12, num_attention_heads: 12, hidden_size: 768, intermediate_size: 3072, max_position_embeddings: 512, type_vocab_size: 2, layer_norm_eps: 1e-12, hidden_act: 'gelu', vocab_size: 30522 });
    expect(c).toMatchObject({ modelType: 'bert', numLayers: 12, numHeads: 12, hiddenSize: 768, headDim: 64, intermediateSize: 3072, maxTokens: 512, positionOffset: 0, typeVocabSize: 2, layerNormEps: 1e-12, hiddenAct: 'gelu', vocabSize: 30522 });
    expect(c.architecture.maskToken).toBe('[MASK]');
  });

  it("reads DistilBERT's own names and knows it has no segment embeddings", () => {
    const c = normalizeConfig({ model_type: 'distilbert', n_layers: 6, n_heads: 12, dim: 768, hidden_dim: 3072, activation: 'gelu', max_position_embeddings: 512 });
    expect(c).toMatchObject({ numLayers: 6, numHeads: 12, hiddenSize: 768, headDim: 64, intermediateSize: 3072, hiddenAct: 'gelu', typeVocabSize: 0, maxTokens: 512 });
    // BERT's names mean nothing for DistilBERT
    expect(normalizeConfig({ model_type: 'distilbert', num_hidden_layers: 3 }).numLayers).toBeUndefined();
  });

  it('numbers RoBERTa-style positions after the padding id', () => {
    for (const model_type of ['roberta', 'xlm-roberta', 'camembert', 'XLM-RoBERTa']) {
      const c = normalizeConfig({ model_type, max_position_embeddings: 514, pad_token_id: 1, type_vocab_size: 1 });
      expect(c.positionOffset).toBe(2);
      expect(c.maxTokens).toBe(512);
      expect(c.architecture.maskToken).toBe('<mask>');
    }
    expect(normalizeConfig({ model_type: 'roberta', max_position_embeddings: 514 }).positionOffset).toBe(2); // pad defaults to 1
  });

  it('caps the token limit at 512 and fills what config.json omits', () => {
    expect(normalizeConfig({ model_type: 'bert', max_position_embeddings: 4096 }).maxTokens).toBe(512);
    expect(normalizeConfig({ max_position_embeddings: 128 }).maxTokens).toBe(128);
    const empty = normalizeConfig({});
    expect(empty).toMatchObject({ modelType: '', maxTokens: 512, positionOffset: 0, typeVocabSize: 2 });
    expect(empty.numHeads).toBeUndefined();
    expect(empty.headDim).toBeUndefined();
  });

  it('reads unknown architectures with BERT names', () => {
    expect(architectureOf('mobilebert')).toBe(ARCHITECTURES.bert);
    expect(normalizeConfig({ model_type: 'mobilebert', num_attention_heads: 4 }).numHeads).toBe(4);
  });

  it('declares a trained length shorter than the position table', () => {
    expect(normalizeConfig({ max_position_embeddings: 512, attention_lens: { trained_tokens: 128 } }).trainedTokens).toBe(128);
    // not shorter: nothing to declare
    expect(normalizeConfig({ max_position_embeddings: 512, attention_lens: { trained_tokens: 512 } }).trainedTokens).toBeUndefined();
    expect(normalizeConfig({ attention_lens: { trained_tokens: 'long' } }).trainedTokens).toBeUndefined();
  });

  it('clamps the user setting to the model', () => {
    expect(effectiveMaxTokens(256, { max_position_embeddings: 512 })).toBe(256);
    expect(effectiveMaxTokens(512, normalizeConfig({ max_position_embeddings: 128 }))).toBe(128);
    expect(effectiveMaxTokens(2, {})).toBe(8);
  });
});

describe('tokenLimit', () => {
  it('names what set the limit', async () => {
    const { tokenLimit } = await import('../../src/core/model/config');
    const bert = normalizeConfig({ max_position_embeddings: 512 });
    expect(tokenLimit(256, bert)).toEqual({ maxTokens: 256, reason: 'setting' });
    expect(tokenLimit(512, normalizeConfig({ max_position_embeddings: 128 }))).toEqual({ maxTokens: 128, reason: 'model' });
    // a model that declares it was trained on 128 tokens is not run on more, whatever the setting
    const short = normalizeConfig({ max_position_embeddings: 512, attention_lens: { trained_tokens: 128 } });
    expect(tokenLimit(512, short)).toEqual({ maxTokens: 128, reason: 'trained' });
    expect(tokenLimit(100, short)).toEqual({ maxTokens: 100, reason: 'setting' });
  });
});
