// Reads BERT weights out of an ONNX export for the independent reference forward pass.
// Each weight is identified by the node that consumes it, using the Hub/Optimum scoped node
// names (e.g. input 1 of /encoder/layer.0/attention/self/query/MatMul is Wq as [in, out]),
// because initializer names are exporter-specific ("onnx::MatMul_271") and de-duplicated
// weights hide behind Identity nodes.

import { normalizeConfig, type RawConfig } from '../model/config';
import { indexGraph, type GraphIndex } from '../onnx/graph-index';
import { locateAttention } from '../onnx/locate-attention';
import { type ScannedModel, type ScannedNode, type ScannedTensor, DataType, attrFloat, attrInt, tensorSize, tensorToFloat32 } from '../onnx/scan-model';

export type HiddenAct = 'gelu' | 'gelu_tanh';

export interface BertConfig {
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  headDim: number;
  intermediateSize: number;
  vocabSize: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
  hiddenAct: HiddenAct;
}

/** y = x·W + b with W stored row-major as [in, out]. */
export interface Dense {
  weight: Float32Array;
  bias: Float32Array;
  inFeatures: number;
  outFeatures: number;
}

export interface LayerNormWeights {
  gamma: Float32Array;
  beta: Float32Array;
  eps: number;
}

export interface BertLayerWeights {
  query: Dense;
  key: Dense;
  value: Dense;
  attentionOutput: Dense;
  attentionLayerNorm: LayerNormWeights;
  intermediate: Dense;
  output: Dense;
  outputLayerNorm: LayerNormWeights;
}

export interface BertWeights {
  config: BertConfig;
  /** [vocab, hidden] */
  wordEmbeddings: Float32Array;
  /** [maxPositions, hidden] */
  positionEmbeddings: Float32Array;
  /** [typeVocab, hidden], or null when the model has no token-type embeddings */
  tokenTypeEmbeddings: Float32Array | null;
  embeddingsLayerNorm: LayerNormWeights;
  layers: BertLayerWeights[];
}

export class ReferenceWeightsError extends Error {
  override name = 'ReferenceWeightsError';
}

/**
 * Collects BERT weights from a scanned ONNX model. `config` values (from config.json) win over
 * what is inferred from the graph; anything missing is inferred from weight shapes and the
 * attention reshape / scale constants.
 */
export function loadBertWeights(model: ScannedModel, rawConfig: RawConfig = {}): BertWeights {
  const config = normalizeConfig(rawConfig);
  const g = indexGraph(model);
  const scopes = groupByScope(model.nodes);
  const prefix = findPrefix(model.nodes);
  const P = (s: string): string => `${prefix}/${s}`;

  const embedding = (name: string, required: boolean): ScannedTensor | null => {
    const scope = P(`embeddings/${name}`);
    const gather = (scopes.get(scope) ?? []).find((n) => n.opType === 'Gather');
    const t = gather ? resolveConstant(gather.inputs[0], g) : null;
    if (!t || t.dims.length !== 2) {
      if (required) throw new ReferenceWeightsError(`no ${scope}/Gather with a constant 2-D table`);
      return null;
    }
    return t;
  };
  const wordT = embedding('word_embeddings', true) as ScannedTensor;
  const [vocabSize, hidden] = wordT.dims;
  const word = floatData(wordT, 'word_embeddings');
  const position = floatData(embedding('position_embeddings', true) as ScannedTensor, 'position_embeddings');
  const tokenTypeT = embedding('token_type_embeddings', false);
  const tokenType = tokenTypeT ? floatData(tokenTypeT, 'token_type_embeddings') : null;

  const graphEps = { value: null as number | null };
  const ln = (scope: string): LayerNormWeights => readLayerNorm(scopes.get(P(scope)) ?? [], P(scope), g, hidden, graphEps);
  const embeddingsLayerNorm = ln('embeddings/LayerNorm');

  const numLayers = countLayers(model.nodes, prefix);
  if (config.numLayers !== undefined && config.numLayers !== numLayers) {
    throw new ReferenceWeightsError(`config says ${config.numLayers} layers, graph has ${numLayers}`);
  }
  const layers: BertLayerWeights[] = [];
  for (let l = 0; l < numLayers; l++) {
    const L = `encoder/layer.${l}`;
    const dense = (s: string): Dense => readDense(scopes.get(P(`${L}/${s}`)) ?? [], P(`${L}/${s}`), g);
    layers.push({
      query: dense('attention/self/query'),
      key: dense('attention/self/key'),
      value: dense('attention/self/value'),
      attentionOutput: dense('attention/output/dense'),
      attentionLayerNorm: ln(`${L}/attention/output/LayerNorm`),
      intermediate: dense('intermediate/dense'),
      output: dense('output/dense'),
      outputLayerNorm: ln(`${L}/output/LayerNorm`),
    });
  }
  if (layers.length === 0) throw new ReferenceWeightsError('no /encoder/layer.N/ nodes found');

  const hiddenSize = config.hiddenSize ?? hidden;
  if (hiddenSize !== hidden) throw new ReferenceWeightsError(`config hidden_size ${hiddenSize} != embedding width ${hidden}`);
  const numHeads = config.numHeads ?? inferHeads(model, g, scopes, prefix, hidden);
  if (!Number.isInteger(numHeads) || numHeads <= 0 || hidden % numHeads !== 0) {
    throw new ReferenceWeightsError(`cannot split hidden size ${hidden} into ${numHeads} heads`);
  }
  const eps = config.layerNormEps ?? graphEps.value ?? 1e-12;
  const act = config.hiddenAct ?? 'gelu';
  const hiddenAct: HiddenAct = act === 'gelu' ? 'gelu' : act === 'gelu_new' || act === 'gelu_pytorch_tanh' ? 'gelu_tanh' : unsupported(act);
  const cfg: BertConfig = {
    hiddenSize,
    numLayers,
    numHeads,
    headDim: hidden / numHeads,
    intermediateSize: layers[0].intermediate.outFeatures,
    vocabSize,
    maxPositions: position.length / hidden,
    typeVocabSize: tokenType ? tokenType.length / hidden : 0,
    layerNormEps: eps,
    hiddenAct,
  };
  // config.json's layer_norm_eps wins over per-node epsilons so both paths use one value
  if (config.layerNormEps !== undefined) {
    for (const w of [embeddingsLayerNorm, ...layers.flatMap((x) => [x.attentionLayerNorm, x.outputLayerNorm])]) w.eps = config.layerNormEps;
  }
  return { config: cfg, wordEmbeddings: word, positionEmbeddings: position, tokenTypeEmbeddings: tokenType, embeddingsLayerNorm, layers };
}

function unsupported(act: string): never {
  throw new ReferenceWeightsError(`unsupported hidden_act "${act}"`);
}

function scopeOf(name: string): string {
  const i = name.lastIndexOf('/');
  return i <= 0 ? '' : name.slice(0, i);
}

function groupByScope(nodes: readonly ScannedNode[]): Map<string, ScannedNode[]> {
  const m = new Map<string, ScannedNode[]>();
  for (const n of nodes) {
    const s = scopeOf(n.name);
    let list = m.get(s);
    if (!list) m.set(s, (list = []));
    list.push(n);
  }
  return m;
}

/** '' for BertModel exports, '/bert' (etc.) when BertModel sits inside a task model. */
function findPrefix(nodes: readonly ScannedNode[]): string {
  for (const n of nodes) {
    const m = /^(.*?)\/embeddings\/word_embeddings\//.exec(n.name);
    if (m) return m[1];
  }
  throw new ReferenceWeightsError('no /embeddings/word_embeddings/ node: not a Hub-style BERT export');
}

function countLayers(nodes: readonly ScannedNode[], prefix: string): number {
  const re = new RegExp(`^${escapeRe(prefix)}/encoder/layer\\.(\\d+)/`);
  let max = -1;
  for (const n of nodes) {
    const m = re.exec(n.name);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function castsToFloat(n: ScannedNode): boolean {
  const to = attrInt(n, 'to');
  return to === DataType.FLOAT || to === DataType.DOUBLE;
}

/** A constant tensor behind `name`: an initializer, a Constant node, or Identity / Cast-to-float chains of them. */
function resolveConstant(name: string, g: GraphIndex): ScannedTensor | null {
  for (let i = 0; i < 8 && name; i++) {
    const init = g.model.initializers.get(name);
    if (init) return init;
    const p = g.producer(name);
    if (!p) return null;
    // Identity, or a Cast to float of stored float16 weights (an export that halves its file): same values
    if (p.opType === 'Identity' || (p.opType === 'Cast' && castsToFloat(p))) {
      name = p.inputs[0];
      continue;
    }
    if (p.opType === 'Constant') {
      const v = p.attributes.get('value');
      return v && v.kind === 'tensor' ? v.value : null;
    }
    return null;
  }
  return null;
}

function floatData(t: ScannedTensor, where: string): Float32Array {
  if (t.dataType !== DataType.FLOAT && t.dataType !== DataType.FLOAT16 && t.dataType !== DataType.DOUBLE) {
    throw new ReferenceWeightsError(`${where}: weight "${t.name}" has data type ${t.dataType}; the reference pass needs float weights (quantized export?)`);
  }
  return tensorToFloat32(t);
}

/** A 2-D weight operand, as [in, out]; Transpose(perm 1,0) of a constant is undone. */
function resolveMatrix(name: string, g: GraphIndex, where: string): { data: Float32Array; rows: number; cols: number } | null {
  const direct = resolveConstant(name, g);
  if (direct) {
    if (direct.dims.length !== 2) return null;
    return { data: floatData(direct, where), rows: direct.dims[0], cols: direct.dims[1] };
  }
  const p = g.producer(name);
  if (p && p.opType === 'Transpose') {
    const src = resolveConstant(p.inputs[0], g);
    if (src && src.dims.length === 2) {
      const [r, c] = src.dims;
      return { data: transpose(floatData(src, where), r, c), rows: c, cols: r };
    }
  }
  return null;
}

function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
}

function readDense(nodes: readonly ScannedNode[], scope: string, g: GraphIndex): Dense {
  let weight: { data: Float32Array; rows: number; cols: number } | null = null;
  let bias: Float32Array | null = null;
  for (const n of nodes) {
    if (n.opType === 'MatMul' && !weight) {
      weight = resolveMatrix(n.inputs[1], g, scope);
    } else if (n.opType === 'Gemm' && !weight) {
      // Gemm(x, W, b): W is [out, in] when transB=1
      const w = resolveMatrix(n.inputs[1], g, scope);
      if (w) weight = attrInt(n, 'transB') === 1 ? { data: transpose(w.data, w.rows, w.cols), rows: w.cols, cols: w.rows } : w;
      const c = n.inputs[2] ? resolveConstant(n.inputs[2], g) : null;
      if (c) bias = floatData(c, scope);
    } else if (n.opType === 'Add' && !bias) {
      for (const i of n.inputs) {
        const c = resolveConstant(i, g);
        if (c && c.dims.length === 1) bias = floatData(c, scope);
      }
    }
  }
  if (!weight) {
    const quant = nodes.some((n) => n.opType === 'MatMulInteger' || n.opType === 'MatMulNBits' || n.opType === 'QLinearMatMul');
    throw new ReferenceWeightsError(
      quant ? `${scope}: quantized weights (MatMulInteger/…); the reference pass needs a float export` : `${scope}: no MatMul with a constant weight found`,
    );
  }
  if (!bias) bias = new Float32Array(weight.cols); // Linear without bias
  if (bias.length !== weight.cols) throw new ReferenceWeightsError(`${scope}: bias length ${bias.length} != ${weight.cols}`);
  return { weight: weight.data, bias, inFeatures: weight.rows, outFeatures: weight.cols };
}

/**
 * LayerNormalization node (opset 17 exports) or the decomposed ReduceMean/Sub/Pow/…/Mul/Add form:
 * gamma is the Mul's constant vector, beta the Add's constant vector, eps the scalar Add's constant.
 */
function readLayerNorm(nodes: readonly ScannedNode[], scope: string, g: GraphIndex, hidden: number, graphEps: { value: number | null }): LayerNormWeights {
  const vec = (name: string | undefined): Float32Array | null => {
    const t = name ? resolveConstant(name, g) : null;
    return t && tensorSize(t) === hidden && t.dims.length >= 1 ? floatData(t, scope) : null;
  };
  // SimplifiedLayerNormalization is RMSNorm (no mean subtracted): not BERT's LayerNorm, which the forward pass computes
  if (nodes.some((n) => n.opType === 'SimplifiedLayerNormalization')) {
    throw new ReferenceWeightsError(`${scope}: SimplifiedLayerNormalization (RMSNorm) is not BERT's LayerNorm; the reference pass cannot compute it`);
  }
  const fused = nodes.find((n) => n.opType === 'LayerNormalization');
  if (fused) {
    const gamma = vec(fused.inputs[1]);
    const beta = vec(fused.inputs[2]) ?? new Float32Array(hidden);
    if (!gamma) throw new ReferenceWeightsError(`${scope}: LayerNormalization without constant scale`);
    const eps = attrFloat(fused, 'epsilon') ?? 1e-5;
    graphEps.value ??= eps;
    return { gamma, beta, eps };
  }
  let gamma: Float32Array | null = null;
  let beta: Float32Array | null = null;
  let eps: number | null = null;
  for (const n of nodes) {
    if (n.opType === 'Mul' && !gamma) gamma = vec(n.inputs[0]) ?? vec(n.inputs[1]);
    if (n.opType === 'Add') {
      const b = vec(n.inputs[0]) ?? vec(n.inputs[1]);
      if (b) beta ??= b;
      else {
        for (const i of n.inputs) {
          const c = g.constantValue(i);
          if (c && c.length === 1) eps ??= c[0];
        }
      }
    }
  }
  if (!gamma || !beta) throw new ReferenceWeightsError(`${scope}: LayerNorm scale/bias not found`);
  const e = eps ?? 1e-12;
  graphEps.value ??= e;
  return { gamma, beta, eps: e };
}

/** Heads from the Q reshape target [.., heads, headDim], else from the 1/√d attention scale. */
function inferHeads(model: ScannedModel, g: GraphIndex, scopes: Map<string, ScannedNode[]>, prefix: string, hidden: number): number {
  const selfScope = `${prefix}/encoder/layer.0/attention/self`;
  const queryAdd = (scopes.get(`${selfScope}/query`) ?? []).find((n) => n.opType === 'Add');
  const qOut = queryAdd?.outputs[0];
  for (const r of qOut ? g.consumers(qOut) : []) {
    if (r.opType !== 'Reshape') continue;
    const shape = reshapeTarget(r.inputs[1], g);
    if (shape && shape.length >= 2) {
      const [h, d] = shape.slice(-2);
      if (h > 0 && d > 0 && h * d === hidden) return h;
    }
  }
  try {
    const first = locateAttention(model, g).layers[0];
    if (first?.scale) {
      const d = Math.round(1 / (first.scale * first.scale));
      if (d > 0 && hidden % d === 0) return hidden / d;
    }
  } catch {
    // fall through to the error below
  }
  throw new ReferenceWeightsError('cannot infer num_attention_heads from the graph; pass config.json values');
}

/** Reshape target as numbers: a constant, or a Concat of constants / dynamic dims (kept as -1). */
function reshapeTarget(name: string, g: GraphIndex): number[] | null {
  const c = g.constantValue(name);
  if (c) return c;
  const p = g.producer(name);
  if (!p || p.opType !== 'Concat') return null;
  const out: number[] = [];
  for (const i of p.inputs) {
    const v = g.constantValue(i);
    out.push(...(v ?? [-1]));
  }
  return out;
}

/** The masked-LM head of a fill-mask export: transform (dense → GELU → LayerNorm) and the (tied) decoder. */
export interface MlmHeadWeights {
  transform: Dense;
  layerNorm: LayerNormWeights;
  /** [hidden, vocab] as a Dense (weight [in, out]), with the output bias. */
  decoder: Dense;
  hiddenAct: HiddenAct;
}

/**
 * Reads cls.predictions.* (Hugging Face BertForMaskedLM naming: /cls/predictions/transform/dense,
 * /cls/predictions/transform/LayerNorm, and the decoder MatMul + bias in /cls/predictions[/decoder]).
 * A decoder stored as Transpose(word_embeddings) (tied, one table in the file) is resolved like any constant.
 */
export function loadMlmHead(model: ScannedModel, rawConfig: RawConfig = {}): MlmHeadWeights {
  const config = normalizeConfig(rawConfig);
  const g = indexGraph(model);
  const scopes = groupByScope(model.nodes);
  const base = [...scopes.keys()].find((s) => /(^|\/)cls\/predictions\/transform\/dense$/.test(s))?.replace(/\/transform\/dense$/, '');
  if (!base) throw new ReferenceWeightsError('no /cls/predictions/transform/dense scope: this export has no masked-LM head');
  const transform = readDense(scopes.get(`${base}/transform/dense`) ?? [], `${base}/transform/dense`, g);
  const graphEps = { value: null as number | null };
  const layerNorm = readLayerNorm(scopes.get(`${base}/transform/LayerNorm`) ?? [], `${base}/transform/LayerNorm`, g, transform.outFeatures, graphEps);
  if (config.layerNormEps !== undefined) layerNorm.eps = config.layerNormEps;
  // The decoder's MatMul sits in …/decoder (Hugging Face's exports) or, when the table is tied in the graph (a
  // Transpose of the word embeddings in …/decoder), in the predictions scope itself: look in both, decoder first.
  const decoderNodes = [...(scopes.get(`${base}/decoder`) ?? []), ...(scopes.get(base) ?? [])];
  const decoder = readDense(decoderNodes, `${base}/decoder`, g);
  const act = config.hiddenAct ?? 'gelu';
  const hiddenAct: HiddenAct = act === 'gelu' ? 'gelu' : act === 'gelu_new' || act === 'gelu_pytorch_tanh' ? 'gelu_tanh' : unsupported(act);
  return { transform, layerNorm, decoder, hiddenAct };
}
