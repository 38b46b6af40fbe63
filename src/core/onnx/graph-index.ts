// Lookup structures over a scanned graph: who produces / consumes each tensor, a topological
// rank per node (layer order must come from data flow, not from names), which tensors carry
// input-dependent data (versus weights, constants and shape arithmetic), and the values of small
// constants (attention scales).

import { type ScannedModel, type ScannedNode, attrFloat, attrInt, tensorSize, tensorToNumbers } from './scan-model';

export interface GraphIndex {
  readonly model: ScannedModel;
  /** Node producing a tensor (undefined for graph inputs and initializers). */
  producer(tensor: string): ScannedNode | undefined;
  consumers(tensor: string): readonly ScannedNode[];
  /** Position of a node in a topological order of the graph. */
  rank(node: ScannedNode): number;
  /**
   * True when the tensor depends on a graph input through something other than its shape.
   * Weights, Constant nodes and Shape-derived arithmetic are not data.
   */
  isData(tensor: string): boolean;
  /** Values of a small constant tensor (initializer, Constant node, or Identity/Cast/Sqrt of one). */
  constantValue(tensor: string): number[] | null;
}

const SHAPE_ONLY_OPS = new Set(['Shape', 'Size']);
const MAX_CONSTANT_ELEMENTS = 64;

export function indexGraph(model: ScannedModel): GraphIndex {
  const producers = new Map<string, ScannedNode>();
  const consumers = new Map<string, ScannedNode[]>();
  for (const node of model.nodes) {
    for (const o of node.outputs) if (o) producers.set(o, node);
    for (const i of node.inputs) {
      if (!i) continue;
      let list = consumers.get(i);
      if (!list) consumers.set(i, (list = []));
      list.push(node);
    }
  }

  const ranks = topologicalRanks(model.nodes, producers);

  // Forward data-dependence in topological order. Graph inputs that are also initializers
  // (IR < 4 lists weights as inputs) are weights, not data.
  const data = new Set<string>();
  for (const vi of model.inputs) if (!model.initializers.has(vi.name)) data.add(vi.name);
  const byRank = model.nodes.slice().sort((a, b) => (ranks.get(a) ?? 0) - (ranks.get(b) ?? 0));
  for (const node of byRank) {
    if (SHAPE_ONLY_OPS.has(node.opType)) continue;
    if (node.inputs.some((i) => i !== '' && data.has(i))) for (const o of node.outputs) if (o) data.add(o);
  }

  const constCache = new Map<string, number[] | null>();
  // evaluations that stopped at the depth limit: their null depends on where the chain was entered, so it is not kept
  let cutOff = 0;
  const constantValue = (tensor: string, depth = 0): number[] | null => {
    if (constCache.has(tensor)) return constCache.get(tensor) ?? null;
    const cutBefore = cutOff;
    let v: number[] | null = null;
    const init = model.initializers.get(tensor);
    if (init) {
      v = tensorSize(init) <= MAX_CONSTANT_ELEMENTS && !init.external ? safeNumbers(() => tensorToNumbers(init)) : null;
    } else {
      const p = producers.get(tensor);
      if (p && depth >= 8) cutOff++;
      else if (p) v = evalConstantNode(p, (t) => constantValue(t, depth + 1));
    }
    if (cutOff === cutBefore) constCache.set(tensor, v);
    return v;
  };

  return {
    model,
    producer: (t) => producers.get(t),
    consumers: (t) => consumers.get(t) ?? [],
    rank: (n) => ranks.get(n) ?? n.index,
    isData: (t) => data.has(t),
    constantValue: (t) => constantValue(t),
  };
}

function safeNumbers(f: () => number[]): number[] | null {
  try {
    return f();
  } catch {
    return null;
  }
}

function evalConstantNode(node: ScannedNode, input: (t: string) => number[] | null): number[] | null {
  switch (node.opType) {
    case 'Constant': {
      const t = node.attributes.get('value');
      if (t && t.kind === 'tensor') {
        return tensorSize(t.value) <= MAX_CONSTANT_ELEMENTS ? safeNumbers(() => tensorToNumbers(t.value)) : null;
      }
      const f = attrFloat(node, 'value_float');
      if (f !== undefined) return [f];
      const i = attrInt(node, 'value_int');
      if (i !== undefined) return [i];
      for (const k of ['value_floats', 'value_ints']) {
        const a = node.attributes.get(k);
        if (a && (a.kind === 'floats' || a.kind === 'ints')) return a.value.slice();
      }
      return null;
    }
    case 'Identity':
    case 'Cast': {
      const v = input(node.inputs[0]);
      return v ? v.slice() : null;
    }
    case 'Sqrt': {
      const v = input(node.inputs[0]);
      return v ? v.map(Math.sqrt) : null;
    }
    case 'Reciprocal': {
      const v = input(node.inputs[0]);
      return v ? v.map((x) => 1 / x) : null;
    }
    case 'Mul':
    case 'Div': {
      // scalar arithmetic, as in exports that compute 1/sqrt(sqrt(d)) from constants
      const a = input(node.inputs[0]);
      const b = input(node.inputs[1]);
      if (!a || !b || a.length !== 1 || b.length !== 1) return null;
      return [node.opType === 'Mul' ? a[0] * b[0] : a[0] / b[0]];
    }
    default:
      return null;
  }
}

/**
 * Kahn's algorithm; ready nodes are taken in file order, so a graph that is already sorted
 * keeps its order. Nodes on a cycle (invalid ONNX) are ranked after everything else.
 */
function topologicalRanks(nodes: readonly ScannedNode[], producers: Map<string, ScannedNode>): Map<ScannedNode, number> {
  const indeg = new Map<ScannedNode, number>();
  const dependents = new Map<ScannedNode, ScannedNode[]>();
  for (const n of nodes) {
    let deg = 0;
    const seen = new Set<ScannedNode>();
    for (const i of n.inputs) {
      const p = i ? producers.get(i) : undefined;
      if (!p || p === n || seen.has(p)) continue;
      seen.add(p);
      deg++;
      let list = dependents.get(p);
      if (!list) dependents.set(p, (list = []));
      list.push(n);
    }
    indeg.set(n, deg);
  }
  // A binary heap keyed by file index keeps "earliest ready node first" in O(n log n).
  const heap: ScannedNode[] = [];
  const push = (n: ScannedNode): void => {
    heap.push(n);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p].index <= heap[i].index) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const pop = (): ScannedNode => {
    const top = heap[0];
    const last = heap.pop() as ScannedNode;
    if (heap.length) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l].index < heap[m].index) m = l;
        if (r < heap.length && heap[r].index < heap[m].index) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };
  for (const n of nodes) if (indeg.get(n) === 0) push(n);
  const ranks = new Map<ScannedNode, number>();
  while (heap.length) {
    const n = pop();
    ranks.set(n, ranks.size);
    for (const d of dependents.get(n) ?? []) {
      const deg = (indeg.get(d) ?? 1) - 1;
      indeg.set(d, deg);
      if (deg === 0) push(d);
    }
  }
  for (const n of nodes) if (!ranks.has(n)) ranks.set(n, ranks.size);
  return ranks;
}
