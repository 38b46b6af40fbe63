// The shipped default model (models/attention-lens-mini) checked two independent ways: attention
// exposed from onnxruntime-web vs the plain-TypeScript reference forward pass. Reads whatever
// model.onnx / config.json are on disk, so retrained weights need no edit here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as ortTypes from 'onnxruntime-web';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { exposeAttentionOutputs, type ExposedModel } from '../../src/core/onnx/expose-outputs';
import { scanModel } from '../../src/core/onnx/scan-model';
import { type BertWeights, type MlmHeadWeights, loadBertWeights, loadMlmHead } from '../../src/core/reference/bert-weights';
import { mlmLogits } from '../../src/core/reference/mlm-forward';
import { softmaxTopK } from '../../src/core/attention/top-k';
import { bertForward } from '../../src/core/reference/bert-forward';
import { REPO_ROOT, floatData, maxAbsDiff, ortRuntime } from '../fixtures/onnx/helpers';
import type { RawConfig } from '../../src/core/model/config';

// ATTENTION_LENS_MODEL_DIR: check another export of the same tokenizer's model (e.g. a candidate checkpoint)
const MODEL_DIR = process.env.ATTENTION_LENS_MODEL_DIR ?? join(REPO_ROOT, 'models', 'attention-lens-mini');
const MODEL_PATH = join(MODEL_DIR, 'onnx', 'model.onnx');
const TOL = 1e-4;

interface Encoded {
  ids: BigInt64Array;
  mask: BigInt64Array;
  types: BigInt64Array;
  batch: number;
  n: number;
}

const TEXTS = {
  short: 'Hello world.',
  medium: 'The quick brown fox jumps over the lazy dog while the farmer watches from the porch.',
  long:
    'Attention maps show, for every token, how strongly it draws on every other token when the model ' +
    'builds its representation. Some heads look at the previous word, some at the next, some at the ' +
    'separator tokens, and a few track syntactic relations such as verbs and their objects. Naïve café ' +
    'owners in Zürich rarely discuss transformer interpretability, but unbelievably, some do.',
  pairA: 'Where is the station?',
  pairB: 'It is two blocks north of the old cathedral.',
};

describe('attention-lens-mini: reference forward pass vs onnxruntime', () => {
  let ort: typeof ortTypes;
  let session: ortTypes.InferenceSession;
  let exposed: ExposedModel;
  let weights: BertWeights;
  /** The masked-LM head when the export has one (mask_positions → mask_logits), else null. */
  let head: MlmHeadWeights | null = null;
  let tokenizer: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
  const summary: string[] = [];

  beforeAll(async () => {
    ort = ortRuntime();
    const bytes = new Uint8Array(readFileSync(MODEL_PATH));
    const config = JSON.parse(readFileSync(join(MODEL_DIR, 'config.json'), 'utf8')) as RawConfig;
    const scanned = scanModel(bytes);
    exposed = exposeAttentionOutputs(bytes, { mode: 'attention+qk', scanned });
    weights = loadBertWeights(scanned, config);
    if (scanned.inputs.some((i) => i.name === 'mask_positions')) head = loadMlmHead(scanned, config);
    session = await ort.InferenceSession.create(exposed.bytes);
    env.localModelPath = join(REPO_ROOT, 'models') + '/';
    env.allowRemoteModels = false;
    tokenizer = await AutoTokenizer.from_pretrained('attention-lens-mini');
  }, 120_000); // loading and rewriting the model takes seconds, more on a busy machine

  afterAll(async () => {
    await session?.release();
    if (summary.length) console.log(`attention-lens-mini max |ref − ort|:\n  ${summary.join('\n  ')}`);
  });

  async function encode(text: string | string[], pair?: string): Promise<Encoded> {
    const e = await tokenizer(text, { padding: true, ...(pair ? { text_pair: pair } : {}) });
    const [batch, n] = e.input_ids.dims as number[];
    const ids = e.input_ids.data as BigInt64Array;
    const mask = e.attention_mask.data as BigInt64Array;
    const types = (e.token_type_ids?.data as BigInt64Array | undefined) ?? new BigInt64Array(ids.length);
    return { ids, mask, types, batch, n };
  }

  async function compare(label: string, x: Encoded): Promise<void> {
    const { batch, n } = x;
    const feeds: Record<string, ortTypes.Tensor> = {};
    const all: Record<string, BigInt64Array> = { input_ids: x.ids, attention_mask: x.mask, token_type_ids: x.types };
    for (const name of session.inputNames) {
      // an export with a masked-LM head takes the positions to score; position 1 is a word in every text here
      feeds[name] = name === 'mask_positions' ? new ort.Tensor('int64', BigInt64Array.from([1n]), [1]) : new ort.Tensor('int64', all[name], [batch, n]);
    }
    const out = await session.run(feeds);
    const ref = bertForward(weights, { inputIds: x.ids, attentionMask: x.mask, tokenTypeIds: x.types, batchSize: batch }, { withQueryKey: true });
    const { numLayers: L, numHeads: h, headDim: d } = ref;
    expect(exposed.layers).toHaveLength(L);
    let att = 0;
    let qk = 0;
    for (let l = 0; l < L; l++) {
      const a = floatData(out[exposed.attentionOutputs[l]]);
      const q = floatData(out[exposed.queryOutputs![l]]);
      const kt = floatData(out[exposed.keyTransposedOutputs![l]]);
      expect(out[exposed.attentionOutputs[l]].dims).toEqual([batch, h, n, n]);
      for (let b = 0; b < batch; b++) {
        const refA = ref.attentions.subarray((b * L + l) * h * n * n, (b * L + l + 1) * h * n * n);
        att = Math.max(att, maxAbsDiff(a.subarray(b * h * n * n, (b + 1) * h * n * n), refA));
        const refQ = ref.queries!.subarray((b * L + l) * h * n * d, (b * L + l + 1) * h * n * d);
        qk = Math.max(qk, maxAbsDiff(q.subarray(b * h * n * d, (b + 1) * h * n * d), refQ));
        // ORT gives Kᵀ [h, d, n]; the reference gives K [h, n, d]
        for (let hd = 0; hd < h; hd++) {
          for (let j = 0; j < n; j++) {
            for (let e = 0; e < d; e++) {
              const o = kt[((b * h + hd) * d + e) * n + j];
              const r = ref.keys![(((b * L + l) * h + hd) * n + j) * d + e];
              qk = Math.max(qk, Math.abs(o - r));
            }
          }
        }
      }
    }
    const hidden = maxAbsDiff(floatData(out.last_hidden_state), ref.lastHiddenState);
    summary.push(
      `${label} (batch ${batch}, n ${n}): attention ${att.toExponential(2)}, Q/K ${qk.toExponential(2)}, last_hidden_state ${hidden.toExponential(2)}`,
    );
    expect(att).toBeLessThanOrEqual(TOL);
    expect(hidden).toBeLessThanOrEqual(TOL);
    expect(qk).toBeLessThanOrEqual(TOL);
  }

  it('locates one attention Softmax per layer, in order', () => {
    expect(exposed.layers.map((l) => l.index)).toEqual(weights.layers.map((_, i) => i));
    exposed.layers.forEach((l, i) => expect(l.softmaxOutput).toContain(`layer.${i}/`));
    expect(exposed.layers.every((l) => Math.abs((l.scale ?? 0) - 1 / Math.sqrt(weights.config.headDim)) < 1e-6)).toBe(true);
  });

  it('short text', async () => {
    const x = await encode(TEXTS.short);
    expect(x.n).toBeLessThan(8);
    await compare('short', x);
  });

  it('medium text', async () => compare('medium', await encode(TEXTS.medium)));

  it('long text', async () => {
    const x = await encode(TEXTS.long);
    expect(x.n).toBeGreaterThan(60);
    await compare('long', x);
  });

  it('sentence pair (token_type_ids 1 on the second segment)', async () => {
    const x = await encode(TEXTS.pairA, TEXTS.pairB);
    expect(Array.from(x.types)).toContain(1n);
    await compare('pair', x);
  });

  it('padded batch of two texts of different lengths', async () => {
    const x = await encode([TEXTS.medium, TEXTS.short]);
    expect(x.batch).toBe(2);
    expect(Array.from(x.mask)).toContain(0n);
    await compare('padded batch', x);
  });

  it('masked-LM head: logits at [MASK] positions and their top 10 equal the TypeScript head on the reference hidden states', async () => {
    expect(head, 'the shipped export has a masked-LM head (mask_positions → mask_logits)').not.toBeNull();
    const x = await encode(TEXTS.long);
    const maskId = BigInt(tokenizer.mask_token_id as number);
    const positions = [3, 17, x.n - 5];
    for (const p of positions) x.ids[p] = maskId;
    const out = await session.run({
      input_ids: new ort.Tensor('int64', x.ids, [1, x.n]),
      attention_mask: new ort.Tensor('int64', x.mask, [1, x.n]),
      token_type_ids: new ort.Tensor('int64', x.types, [1, x.n]),
      mask_positions: new ort.Tensor('int64', BigInt64Array.from(positions.map(BigInt)), [positions.length]),
    });
    const V = weights.config.vocabSize;
    expect(out.mask_logits.dims).toEqual([1, positions.length, V]);
    const logits = floatData(out.mask_logits);
    const ref = bertForward(weights, { inputIds: x.ids, attentionMask: x.mask, tokenTypeIds: x.types, batchSize: 1 });
    const Hd = weights.config.hiddenSize;
    let worst = 0;
    positions.forEach((p, k) => {
      const refLogits = mlmLogits(head!, ref.lastHiddenState.subarray(p * Hd, (p + 1) * Hd));
      const ort10 = softmaxTopK(logits, k * V, V, 10);
      const ref10 = softmaxTopK(refLogits, 0, V, 10);
      worst = Math.max(worst, maxAbsDiff(logits.subarray(k * V, (k + 1) * V), refLogits));
      expect(ort10.map((e) => e.id)).toEqual(ref10.map((e) => e.id));
      ort10.forEach((e, i) => expect(Math.abs(e.prob - ref10[i].prob)).toBeLessThan(1e-5));
    });
    summary.push(`mask_logits at ${positions.length} positions (vocab ${V}): ${worst.toExponential(2)}`);
    expect(worst).toBeLessThanOrEqual(TOL);
  });

  it('a masked position inside a sequence', async () => {
    const x = await encode(TEXTS.medium);
    x.mask = x.mask.slice();
    x.mask[4] = 0n;
    await compare('masked position', x);
    // both sides give that key (almost) no attention
    const ref = bertForward(weights, { inputIds: x.ids, attentionMask: x.mask, tokenTypeIds: x.types });
    for (let r = 0; r < ref.attentions.length / x.n; r++) expect(ref.attentions[r * x.n + 4]).toBeLessThan(1e-30);
  });
});
