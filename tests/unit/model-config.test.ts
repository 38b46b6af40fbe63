// core/model: one normalised view of config.json per architecture (field names, position numbering, limits).
import { describe, expect, it } from 'vitest';
import { ARCHITECTURES, architectureOf } from '../../src/core/model/architectures';
import { effectiveMaxTokens, normalizeConfig, tokenLimit } from '../../src/core/model/config';

describe('normalizeConfig', () => {
  it('reads BERT names', () => {
    const c = normalizeConfig({
      model_type: 'bert',
      num_hidden_layers: 12,
      num_attention_heads: 12,
      hidden_size: 768,
      intermediate_size: 3072,
      max_position_embeddings: 512,
      type_vocab_size: 2,
      layer_norm_eps: 1e-12,
      hidden_act: 'gelu',
      vocab_size: 30522,
    });
    expect(c).toMatchObject({
      modelType: 'bert',
      numLayers: 12,
      numHeads: 12,
      hiddenSize: 768,
      headDim: 64,
      intermediateSize: 3072,
      maxTokens: 512,
      positionOffset: 0,
      typeVocabSize: 2,
      layerNormEps: 1e-12,
      hiddenAct: 'gelu',
      vocabSize: 30522,
    });
    expect(c.architecture.maskToken).toBe('[MASK]');
  });

  it("reads DistilBERT's own names and knows it has no segment embeddings", () => {
    const c = normalizeConfig({
      model_type: 'distilbert',
      n_layers: 6,
      n_heads: 12,
      dim: 768,
      hidden_dim: 3072,
      activation: 'gelu',
      max_position_embeddings: 512,
    });
    expect(c).toMatchObject({
      numLayers: 6,
      numHeads: 12,
      hiddenSize: 768,
      headDim: 64,
      intermediateSize: 3072,
      hiddenAct: 'gelu',
      typeVocabSize: 0,
      maxTokens: 512,
    });
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

  it('treats numbers that are not numbers as missing: strings, null, and overflowing JSON (1e999 → Infinity)', () => {
    const c = normalizeConfig(
      JSON.parse('{"num_attention_heads": 1e999, "hidden_size": "768", "num_hidden_layers": null, "max_position_embeddings": -1e999, "pad_token_id": "1"}'),
    );
    expect(c.numHeads).toBeUndefined();
    expect(c.hiddenSize).toBeUndefined();
    expect(c.numLayers).toBeUndefined();
    expect(c.headDim).toBeUndefined();
    expect(c.maxPositionEmbeddings).toBeUndefined();
    expect(c.padTokenId).toBeUndefined();
    expect(c.maxTokens).toBe(512);
  });

  it('has a head size only when both the head count and the hidden size are known', () => {
    expect(normalizeConfig({ num_attention_heads: 12 }).headDim).toBeUndefined();
    expect(normalizeConfig({ hidden_size: 768 }).headDim).toBeUndefined();
    expect(normalizeConfig({ num_attention_heads: 12, hidden_size: 768 }).headDim).toBe(64);
  });

  it("reads the activation from hidden_act, else DistilBERT's activation, else leaves it unknown", () => {
    expect(normalizeConfig({ hidden_act: 'gelu_new', activation: 'relu' }).hiddenAct).toBe('gelu_new');
    expect(normalizeConfig({ model_type: 'distilbert', activation: 'relu' }).hiddenAct).toBe('relu');
    expect(normalizeConfig({ hidden_act: null, activation: null }).hiddenAct).toBeUndefined();
    expect(normalizeConfig({ activation: { name: 'gelu' } }).hiddenAct).toBeUndefined();
  });

  it('a RoBERTa position table holds pad_token_id + 1 fewer tokens than its size', () => {
    // small tables show it (at 514 the 512 cap hides it): 130 positions, padding id 1 → 128 tokens
    expect(normalizeConfig({ model_type: 'roberta', max_position_embeddings: 130, pad_token_id: 1 }).maxTokens).toBe(128);
    expect(normalizeConfig({ model_type: 'roberta', max_position_embeddings: 130, pad_token_id: 0 }).maxTokens).toBe(129);
    expect(normalizeConfig({ model_type: 'bert', max_position_embeddings: 130, pad_token_id: 0 }).maxTokens).toBe(130);
  });

  it('knows which families have segment embeddings and which mask token they write', () => {
    // RoBERTa-style models have no token types unless config.json says so; BERT has two
    expect(normalizeConfig({ model_type: 'roberta' }).typeVocabSize).toBe(0);
    expect(normalizeConfig({ model_type: 'roberta', type_vocab_size: 1 }).typeVocabSize).toBe(1);
    expect(normalizeConfig({ model_type: 'bert' }).typeVocabSize).toBe(2);
    expect(architectureOf('distilbert').maskToken).toBe('[MASK]');
    expect(architectureOf('electra').maskToken).toBe('[MASK]');
    // MPNet numbers positions and masks like RoBERTa, with BERT's field names
    const mpnet = normalizeConfig({ model_type: 'mpnet', num_attention_heads: 12, hidden_size: 768, max_position_embeddings: 514, pad_token_id: 1 });
    expect(mpnet).toMatchObject({ numHeads: 12, headDim: 64, positionOffset: 2, maxTokens: 512, typeVocabSize: 0 });
    expect(mpnet.architecture.maskToken).toBe('<mask>');
    // no or an unknown model_type: BERT
    expect(architectureOf(undefined)).toBe(ARCHITECTURES.bert);
    expect(architectureOf('')).toBe(ARCHITECTURES.bert);
  });

  it('declares a trained length shorter than the position table', () => {
    expect(normalizeConfig({ max_position_embeddings: 512, attention_lens: { trained_tokens: 128 } }).trainedTokens).toBe(128);
    // not shorter: nothing to declare
    expect(normalizeConfig({ max_position_embeddings: 512, attention_lens: { trained_tokens: 512 } }).trainedTokens).toBeUndefined();
    expect(normalizeConfig({ attention_lens: { trained_tokens: 'long' } }).trainedTokens).toBeUndefined();
  });

  it('a trained length counts from 8 tokens (the smallest limit) up to one less than the position table', () => {
    const trained = (t: unknown, max = 128) => normalizeConfig({ max_position_embeddings: max, attention_lens: { trained_tokens: t } }).trainedTokens;
    expect(trained(7)).toBeUndefined();
    expect(trained(8)).toBe(8);
    expect(trained(127)).toBe(127);
    expect(trained(128)).toBeUndefined();
    expect(trained(600)).toBeUndefined(); // longer than the model: the table is the limit
    expect(trained(63.6)).toBe(64);
    // none declared, or an empty attention_lens: the position table is the limit
    for (const raw of [{ max_position_embeddings: 128 }, { max_position_embeddings: 128, attention_lens: null }]) {
      expect(normalizeConfig(raw).trainedTokens).toBeUndefined();
      expect(tokenLimit(512, normalizeConfig(raw))).toEqual({ maxTokens: 128, reason: 'model' });
    }
  });

  it('clamps the user setting to the model', () => {
    expect(effectiveMaxTokens(256, { max_position_embeddings: 512 })).toBe(256);
    expect(effectiveMaxTokens(512, normalizeConfig({ max_position_embeddings: 128 }))).toBe(128);
    expect(effectiveMaxTokens(2, {})).toBe(8);
  });
});

describe('tokenLimit', () => {
  it('names what set the limit', () => {
    const bert = normalizeConfig({ max_position_embeddings: 512 });
    expect(tokenLimit(256, bert)).toEqual({ maxTokens: 256, reason: 'setting' });
    expect(tokenLimit(512, normalizeConfig({ max_position_embeddings: 128 }))).toEqual({ maxTokens: 128, reason: 'model' });
    // a model that declares it was trained on 128 tokens is not run on more, whatever the setting
    const short = normalizeConfig({ max_position_embeddings: 512, attention_lens: { trained_tokens: 128 } });
    expect(tokenLimit(512, short)).toEqual({ maxTokens: 128, reason: 'trained' });
    expect(tokenLimit(100, short)).toEqual({ maxTokens: 100, reason: 'setting' });
  });

  it('a setting exactly at the limit is the setting (the notice does not blame the model)', () => {
    expect(tokenLimit(128, normalizeConfig({ max_position_embeddings: 128 }))).toEqual({ maxTokens: 128, reason: 'setting' });
    expect(tokenLimit(129, normalizeConfig({ max_position_embeddings: 128 }))).toEqual({ maxTokens: 128, reason: 'model' });
    const short = normalizeConfig({ max_position_embeddings: 512, attention_lens: { trained_tokens: 128 } });
    expect(tokenLimit(128, short)).toEqual({ maxTokens: 128, reason: 'setting' });
    expect(tokenLimit(129, short)).toEqual({ maxTokens: 128, reason: 'trained' });
  });

  it('a trained length equal to the position table is the model limit, not a training one', () => {
    const config = { ...normalizeConfig({ max_position_embeddings: 128 }), trainedTokens: 128 };
    expect(tokenLimit(512, config)).toEqual({ maxTokens: 128, reason: 'model' });
  });
});
