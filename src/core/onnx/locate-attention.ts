// Finds, per encoder layer, the tensors worth exposing: the attention probabilities (a Softmax
// output) and the Q and Kᵀ operands of the MatMul that produced its scores. The pattern is
// found by data flow (walk back from each Softmax through scale / mask ops to a MatMul of two
// activations), and layers are ordered by topological position — names are never trusted.

import { type GraphIndex, indexGraph } from './graph-index';
import { type ScannedModel, type ScannedNode, attrInt, opsetVersion } from './scan-model';
import { t } from '../../shared/i18n';

/** Where the 1/√d scaling happens relative to the Q·Kᵀ MatMul. */
export type ScaleKind =
  | 'scores-div' // eager BERT: (Q·Kᵀ) / √d
  | 'scores-mul' // (Q·Kᵀ) · (1/√d)
  | 'qk-mul' // SDPA export: (Q·√s)·(Kᵀ·√s)
  | 'q-div' // DistilBERT eager: (Q / √d)·Kᵀ
  | 'q-mul' // (Q · 1/√d)·Kᵀ
  | 'mixed' // some other combination of the above
  | 'none'; // no explicit scale (e.g. folded into the query weights)

export interface AttentionLayer {
  /** Layer position, 0-based, in graph (topological) order. */
  index: number;
  softmaxNode: string;
  /** Tensor holding the attention probabilities, [batch, heads, n, n]. */
  softmaxOutput: string;
  /** Softmax axis attribute as written (default depends on opset). */
  softmaxAxis: number;
  /** Name of the Q·Kᵀ MatMul node. */
  scoresMatMul: string;
  /** Q per head, [batch, heads, n, d], before any scale factor. */
  queryTensor: string;
  /** Kᵀ per head, [batch, heads, d, n], before any scale factor. */
  keyTransposedTensor: string;
  scaleKind: ScaleKind;
  /** Overall factor applied to Q·Kᵀ (1/√d for BERT) when every factor is a known constant. */
  scale: number | null;
}

export interface LocatedAttention {
  layers: AttentionLayer[];
}

export type AttentionLocateErrorCode = 'fused-attention' | 'no-softmax' | 'no-attention-pattern';

export class AttentionLocateError extends Error {
  override name = 'AttentionLocateError';
  constructor(
    readonly code: AttentionLocateErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The export fused attention into one op: the probabilities never exist as a tensor. */
export class FusedAttentionError extends AttentionLocateError {
  override name = 'FusedAttentionError';
  constructor(
    /** e.g. "com.microsoft.Attention" or "Attention" (ONNX domain). */
    readonly op: string,
    readonly nodeName: string,
    readonly count: number,
  ) {
    super('fused-attention', t(count === 1 ? 'graph_fused_one' : 'graph_fused', count, op, nodeName));
  }
}

const MS_FUSED_OPS = new Set([
  'Attention',
  'MultiHeadAttention',
  'PackedAttention',
  'PackedMultiHeadAttention',
  'QAttention',
  'GroupQueryAttention',
  'DecoderAttention',
  'DecoderMaskedMultiHeadAttention',
  'DecoderMaskedSelfAttention',
  'LongformerAttention',
  'SparseAttention',
  'QOrderedAttention',
  'PagedAttention',
]);

// Ops that may sit between Q·Kᵀ and Softmax (scale, mask, dtype, layout).
const SCORE_PATH_OPS = new Set(['Div', 'Mul', 'Add', 'Sub', 'Where', 'Cast', 'Identity', 'Reshape', 'Max', 'Min', 'Clip']);
const MAX_WALK_STEPS = 12;

/** Throws FusedAttentionError if the graph contains a fused attention op. */
export function assertNoFusedAttention(model: ScannedModel): void {
  let first: ScannedNode | null = null;
  let op = '';
  let count = 0;
  for (const n of model.nodes) {
    const fused = (n.domain === 'com.microsoft' && MS_FUSED_OPS.has(n.opType)) || (n.domain === '' && n.opType === 'Attention'); // ONNX Attention (opset 23)
    if (!fused) continue;
    const name = n.domain ? `${n.domain}.${n.opType}` : n.opType;
    if (!first) {
      first = n;
      op = name;
    }
    if (name === op) count++;
  }
  if (first) throw new FusedAttentionError(op, first.name || first.outputs[0] || '(unnamed)', count);
}

/** Locates every layer's attention probabilities, Q and Kᵀ. */
export function locateAttention(model: ScannedModel, index: GraphIndex = indexGraph(model)): LocatedAttention {
  assertNoFusedAttention(model);
  const softmaxes = model.nodes.filter((n) => n.opType === 'Softmax' && n.domain === '');
  if (softmaxes.length === 0) {
    throw new AttentionLocateError('no-softmax', t('graph_no_softmax'));
  }
  const found: Array<Omit<AttentionLayer, 'index'> & { rank: number }> = [];
  for (const sm of softmaxes) {
    const hit = traceScores(sm, index);
    if (hit) found.push({ ...hit, rank: index.rank(sm) });
  }
  if (found.length === 0) {
    throw new AttentionLocateError('no-attention-pattern', t('graph_no_pattern', softmaxes.length));
  }
  found.sort((a, b) => a.rank - b.rank);
  return { layers: found.map(({ rank: _rank, ...l }, i) => ({ index: i, ...l })) };
}

interface ScaleFactor {
  op: 'Mul' | 'Div';
  value: number | null;
}

function traceScores(sm: ScannedNode, g: GraphIndex): Omit<AttentionLayer, 'index'> | null {
  const start = sm.inputs[0];
  if (!start || !g.isData(start)) return null;
  // BFS back through score-path ops; `via` remembers how each tensor was reached so the scale
  // ops on the winning path can be classified.
  const via = new Map<string, string | null>([[start, null]]);
  const queue: string[] = [start];
  let matmul: ScannedNode | null = null;
  let steps = 0;
  while (queue.length && steps++ < MAX_WALK_STEPS * 4) {
    const t = queue.shift() as string;
    const p = g.producer(t);
    if (!p) continue;
    if (isActivationMatMul(p, g)) {
      matmul = p;
      break;
    }
    if (!SCORE_PATH_OPS.has(p.opType) || p.domain !== '') continue;
    if (depth(via, t) >= MAX_WALK_STEPS) continue;
    for (const i of p.inputs) {
      if (i && g.isData(i) && !via.has(i)) {
        via.set(i, t);
        queue.push(i);
      }
    }
  }
  if (!matmul) return null;

  // Scale ops between the MatMul and the Softmax.
  const after: ScaleFactor[] = [];
  for (let t: string | null = via.get(matmul.outputs[0]) ?? null; t !== null; t = via.get(t) ?? null) {
    const p = g.producer(t);
    if (!p) break;
    const f = scaleFactor(p, g);
    if (f) after.push(f.factor);
  }
  // Scale ops on the operands (SDPA / DistilBERT style).
  const q = unwrapScale(matmul.inputs[0], g);
  const k = unwrapScale(matmul.inputs[1], g);

  const axis = attrInt(sm, 'axis') ?? ((opsetVersion(g.model) ?? 13) >= 13 ? -1 : 1);
  return {
    softmaxNode: sm.name,
    softmaxOutput: sm.outputs[0],
    softmaxAxis: axis,
    scoresMatMul: matmul.name,
    queryTensor: q.tensor,
    keyTransposedTensor: k.tensor,
    scaleKind: classify(after, q.factors, k.factors),
    scale: combine([...after, ...q.factors, ...k.factors]),
  };
}

function depth(via: Map<string, string | null>, t: string): number {
  let d = 0;
  for (let c = via.get(t); c; c = via.get(c)) d++;
  return d;
}

/** MatMul (or com.microsoft FusedMatMul) whose two operands are both activations. */
function isActivationMatMul(n: ScannedNode, g: GraphIndex): boolean {
  const isMatMul = (n.opType === 'MatMul' && n.domain === '') || (n.opType === 'FusedMatMul' && n.domain === 'com.microsoft');
  return isMatMul && n.inputs.length >= 2 && g.isData(n.inputs[0]) && g.isData(n.inputs[1]);
}

/** A Mul/Div of a data tensor by a non-data operand (a scale); returns the data side. */
function scaleFactor(n: ScannedNode, g: GraphIndex): { data: string; factor: ScaleFactor } | null {
  if ((n.opType !== 'Mul' && n.opType !== 'Div') || n.domain !== '' || n.inputs.length !== 2) return null;
  const [a, b] = n.inputs;
  const aData = g.isData(a);
  const bData = g.isData(b);
  if (aData === bData) return null;
  if (n.opType === 'Div' && !aData) return null; // c / x is not a scale of x
  const c = g.constantValue(aData ? b : a);
  const value = c && c.length === 1 ? c[0] : null;
  return { data: aData ? a : b, factor: { op: n.opType, value } };
}

function unwrapScale(tensor: string, g: GraphIndex): { tensor: string; factors: ScaleFactor[] } {
  const factors: ScaleFactor[] = [];
  let t = tensor;
  for (let i = 0; i < 3; i++) {
    const p = g.producer(t);
    const f = p ? scaleFactor(p, g) : null;
    if (!f) break;
    factors.push(f.factor);
    t = f.data;
  }
  return { tensor: t, factors };
}

function classify(after: ScaleFactor[], q: ScaleFactor[], k: ScaleFactor[]): ScaleKind {
  const n = after.length + q.length + k.length;
  if (n === 0) return 'none';
  if (after.length === 1 && n === 1) return after[0].op === 'Div' ? 'scores-div' : 'scores-mul';
  if (q.length === 1 && n === 1) return q[0].op === 'Div' ? 'q-div' : 'q-mul';
  if (q.length === 1 && k.length === 1 && n === 2 && q[0].op === 'Mul' && k[0].op === 'Mul') return 'qk-mul';
  return 'mixed';
}

function combine(factors: ScaleFactor[]): number | null {
  let s = 1;
  for (const f of factors) {
    if (f.value === null || f.value === 0) return null;
    s *= f.op === 'Mul' ? f.value : 1 / f.value;
  }
  return s;
}
