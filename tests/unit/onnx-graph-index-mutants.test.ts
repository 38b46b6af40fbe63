// indexGraph on small hand-built graphs: producers and consumers, the topological rank (data flow, ties in file order,
// cycles last), which tensors carry input data, and the constant folding of small scale constants.
import { describe, expect, it } from 'vitest';
import { indexGraph } from '../../src/core/onnx/graph-index';
import { type AttributeValue, type ScannedModel, type ScannedNode, type ScannedTensor, DataType, attrInts } from '../../src/core/onnx/scan-model';

type Spec = [opType: string, inputs: string[], outputs: string[], attributes?: Record<string, AttributeValue>];

function graph(specs: Spec[], options: { inputs?: string[]; initializers?: ScannedTensor[] } = {}): ScannedModel {
  const nodes: ScannedNode[] = specs.map(([opType, inputs, outputs, attributes = {}], index) => ({
    index,
    name: `${opType}_${index}`,
    opType,
    domain: '',
    inputs,
    outputs,
    attributes: new Map(Object.entries(attributes)),
  }));
  return {
    irVersion: 8,
    producerName: 'test',
    opsetImports: [{ domain: '', version: 17 }],
    graphName: 'g',
    nodes,
    initializers: new Map((options.initializers ?? []).map((t) => [t.name, t])),
    inputs: (options.inputs ?? ['x']).map((name) => ({ name, elemType: DataType.FLOAT, shape: null })),
    outputs: [],
    valueInfo: [],
    graphRecords: [{ start: 0, end: 0 }],
  };
}

function floats(name: string, values: number[], dims = [values.length], external = false): ScannedTensor {
  const f = new Float32Array(values);
  return { name, dims, dataType: DataType.FLOAT, encoding: 'raw', data: new Uint8Array(f.buffer), external };
}

const tensorAttr = (t: ScannedTensor): AttributeValue => ({ kind: 'tensor', value: t });

describe('producer and consumers', () => {
  it('maps each tensor to the node writing it and the nodes reading it; graph inputs and omitted names have none', () => {
    const m = graph([
      ['MatMul', ['x', 'w'], ['y']],
      ['Relu', ['y'], ['r']],
      ['LayerNormalization', ['y', 'gamma', ''], ['n', '', '']],
    ]);
    const g = indexGraph(m);
    const [mm, relu, ln] = m.nodes;
    expect(g.model).toBe(m);
    expect(g.producer('y')).toBe(mm);
    expect(g.producer('n')).toBe(ln);
    expect(g.producer('x')).toBeUndefined();
    expect(g.producer('')).toBeUndefined();
    expect(g.consumers('y')).toEqual([relu, ln]);
    expect(g.consumers('x')).toEqual([mm]);
    expect(g.consumers('r')).toEqual([]);
    expect(g.consumers('')).toEqual([]);
  });
});

describe('rank', () => {
  it('follows data flow; nodes ready together are taken in file order', () => {
    // 0 needs 5; 1 needs 0 and 3; 2..7 read only the graph input
    const m = graph([
      ['Relu', ['s5'], ['a']],
      ['Add', ['a', 's3'], ['b']],
      ['Neg', ['x'], ['s2']],
      ['Neg', ['x'], ['s3']],
      ['Neg', ['x'], ['s4']],
      ['Neg', ['x'], ['s5']],
      ['Neg', ['x'], ['s6']],
      ['Neg', ['x'], ['s7']],
    ]);
    const g = indexGraph(m);
    // ready: 2..7; after 5 runs, 0 is ready and comes before 6; after 0, 1 (3 ran already)
    expect(m.nodes.map((n) => g.rank(n))).toEqual([4, 5, 0, 1, 2, 3, 6, 7]);
  });

  it('a graph already in data-flow order keeps its file order', () => {
    const m = graph([
      ['Neg', ['x'], ['a']],
      ['Neg', ['x'], ['b']],
      ['Relu', ['a'], ['c']],
      ['Neg', ['x'], ['d']],
      ['Abs', ['a'], ['e']],
      ['Exp', ['c'], ['f']],
    ]);
    const g = indexGraph(m);
    expect(m.nodes.map((n) => g.rank(n))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('a graph listed in reverse is ranked in data-flow order', () => {
    const m = graph([
      ['Softmax', ['d'], ['e']],
      ['Div', ['c', 'k'], ['d']],
      ['MatMul', ['b', 'b'], ['c']],
      ['Add', ['a', 'x'], ['b']],
      ['Relu', ['x'], ['a']],
    ]);
    const g = indexGraph(m);
    expect(m.nodes.map((n) => g.rank(n))).toEqual([4, 3, 2, 1, 0]);
  });

  it('a node reading its own output is not blocked by itself', () => {
    const m = graph([
      ['Loop', ['x', 'l'], ['l']],
      ['Relu', ['l'], ['m']],
      ['Neg', ['x'], ['n']],
    ]);
    const g = indexGraph(m);
    expect(m.nodes.map((n) => g.rank(n))).toEqual([0, 1, 2]);
  });

  it('nodes on a cycle (invalid ONNX) come after every other node, in file order', () => {
    const m = graph([
      ['Relu', ['b'], ['a']],
      ['Neg', ['a'], ['b']],
      ['Abs', ['x'], ['z']],
      ['Exp', ['z'], ['e']],
    ]);
    const g = indexGraph(m);
    expect(m.nodes.map((n) => g.rank(n))).toEqual([2, 3, 0, 1]);
  });

  it('a node that is not part of the graph ranks by its index', () => {
    const m = graph([
      ['Relu', ['y'], ['z']],
      ['Neg', ['x'], ['y']],
    ]);
    const g = indexGraph(m);
    const stranger: ScannedNode = { ...m.nodes[0], index: 7 };
    expect(g.rank(stranger)).toBe(7);
    expect(g.rank(m.nodes[0])).toBe(1);
  });
});

describe('isData', () => {
  it('data flows from graph inputs through every op except Shape and Size, in data-flow order', () => {
    const m = graph(
      [
        // listed consumers first, so a pass in file order would miss the data
        ['MatMul', ['h', 'wt'], ['scores']],
        ['Add', ['hidden', 'pos'], ['h']],
        ['Gather', ['emb', 'x'], ['hidden']],
        ['Transpose', ['w'], ['wt']],
        ['Shape', ['hidden'], ['shape']],
        ['Gather', ['shape', 'axis'], ['len']],
        ['Size', ['h'], ['size']],
        ['Div', ['size', 'len'], ['ratio']],
        ['Constant', [], ['axis']],
        ['Mul', ['', 'scores'], ['scaled', '']],
      ],
      { inputs: ['x', 'emb'], initializers: [floats('emb', [0, 1]), floats('w', [1]), floats('pos', [0])] },
    );
    const g = indexGraph(m);
    const data = ['x', 'hidden', 'h', 'scores', 'scaled'];
    const notData = ['emb', 'w', 'wt', 'pos', 'shape', 'len', 'size', 'ratio', 'axis', '', 'unknown'];
    expect(data.filter((t) => !g.isData(t))).toEqual([]);
    expect(notData.filter((t) => g.isData(t))).toEqual([]);
  });
});

describe('constantValue', () => {
  it('reads small initializers, up to 64 elements, but not external ones or undecodable ones', () => {
    const sixtyFour = Array.from({ length: 64 }, (_, i) => i);
    const m = graph([], {
      initializers: [
        floats('scale', [8]),
        floats('pair', [0.5, -1], [1, 2]),
        floats('64', sixtyFour, [8, 8]),
        floats('65', [...sixtyFour, 64]),
        floats('external', [2], [1], true),
        { name: 'short', dims: [2], dataType: DataType.FLOAT, encoding: 'raw', data: new Uint8Array(4), external: false },
        { name: 'strings', dims: [1], dataType: DataType.STRING, encoding: 'raw', data: new Uint8Array(4), external: false },
      ],
    });
    const g = indexGraph(m);
    expect(g.constantValue('scale')).toEqual([8]);
    expect(g.constantValue('pair')).toEqual([0.5, -1]);
    expect(g.constantValue('64')).toEqual(sixtyFour);
    expect(g.constantValue('65')).toBeNull();
    expect(g.constantValue('external')).toBeNull();
    expect(g.constantValue('short')).toBeNull();
    expect(g.constantValue('strings')).toBeNull();
    expect(g.constantValue('x')).toBeNull();
    expect(g.constantValue('nothing')).toBeNull();
  });

  it('reads Constant nodes: a tensor of up to 64 elements, value_float, value_int, value_floats, value_ints', () => {
    const sixtyFour = Array.from({ length: 64 }, (_, i) => i / 2);
    const m = graph([
      ['Constant', [], ['t'], { value: tensorAttr(floats('t', [2.5, 4])) }],
      ['Constant', [], ['t64'], { value: tensorAttr(floats('t64', sixtyFour)) }],
      ['Constant', [], ['t65'], { value: tensorAttr(floats('t65', [...sixtyFour, 1])) }],
      [
        'Constant',
        [],
        ['bad'],
        { value: tensorAttr({ name: 'bad', dims: [3], dataType: DataType.FLOAT, encoding: 'raw', data: new Uint8Array(4), external: false }) },
      ],
      ['Constant', [], ['f'], { value_float: { kind: 'float', value: 0.125 } }],
      ['Constant', [], ['i'], { value_int: { kind: 'int', value: -3 } }],
      ['Constant', [], ['fs'], { value_floats: { kind: 'floats', value: [1.5, 2.5] } }],
      ['Constant', [], ['is'], { value_ints: { kind: 'ints', value: [0, -1] } }],
      ['Constant', [], ['str'], { value_string: { kind: 'string', value: 'a' } }],
      ['Constant', [], ['missing'], { value: { kind: 'other', type: 4 } }],
      ['Constant', [], ['none'], {}],
    ]);
    const g = indexGraph(m);
    expect(g.constantValue('t')).toEqual([2.5, 4]);
    expect(g.constantValue('t64')).toEqual(sixtyFour);
    expect(g.constantValue('t65')).toBeNull();
    expect(g.constantValue('bad')).toBeNull();
    expect(g.constantValue('f')).toEqual([0.125]);
    expect(g.constantValue('i')).toEqual([-3]);
    expect(g.constantValue('fs')).toEqual([1.5, 2.5]);
    expect(g.constantValue('is')).toEqual([0, -1]);
    expect(g.constantValue('str')).toBeNull();
    expect(g.constantValue('missing')).toBeNull();
    expect(g.constantValue('none')).toBeNull();
  });

  it('values are copies: changing one leaves the graph and the values of other tensors untouched', () => {
    const m = graph(
      [
        ['Constant', [], ['is'], { value_ints: { kind: 'ints', value: [4, 5] } }],
        ['Identity', ['c'], ['id']],
        ['Cast', ['id'], ['cast']],
      ],
      { initializers: [floats('c', [1, 2])] },
    );
    const g = indexGraph(m);
    g.constantValue('is')![0] = 99;
    expect(attrInts(m.nodes[0], 'value_ints')).toEqual([4, 5]);
    expect(g.constantValue('cast')).toEqual([1, 2]);
    g.constantValue('id')![0] = 99;
    expect(g.constantValue('c')).toEqual([1, 2]);
    expect(g.constantValue('cast')).toEqual([1, 2]);
  });

  it('a chain longer than the depth limit: the answer for a tensor does not depend on what was asked before', () => {
    // c → t1 → … → t9 (Identity): t9 is 9 steps from the constant (past the limit of 8), t1 one step
    const chain: Spec[] = Array.from({ length: 9 }, (_, k) => ['Identity', [k === 0 ? 'c' : `t${k}`], [`t${k + 1}`]] as Spec);
    const fresh = indexGraph(graph(chain, { initializers: [floats('c', [0.5])] }));
    expect(fresh.constantValue('t1')).toEqual([0.5]);
    expect(fresh.constantValue('t8')).toEqual([0.5]);
    const deepFirst = indexGraph(graph(chain, { initializers: [floats('c', [0.5])] }));
    expect(deepFirst.constantValue('t9')).toBeNull();
    expect(deepFirst.constantValue('t1')).toEqual([0.5]);
    expect(deepFirst.constantValue('t8')).toEqual([0.5]);
    expect(deepFirst.constantValue('t9')).toEqual([0.5]); // the chain below it is known now
  });

  it('a Constant whose value_floats / value_ints attribute is not a list has no value', () => {
    const m = graph([
      ['Constant', [], ['f'], { value_floats: { kind: 'float', value: 2 } }],
      ['Constant', [], ['i'], { value_ints: { kind: 'int', value: 3 } }],
    ]);
    const g = indexGraph(m);
    expect([g.constantValue('f'), g.constantValue('i')]).toEqual([null, null]);
  });

  it('folds Identity, Cast, Sqrt and Reciprocal of constants, and Mul / Div of two scalars', () => {
    const m = graph(
      [
        ['Identity', ['d'], ['id']],
        ['Cast', ['pair'], ['cast']],
        ['Sqrt', ['d'], ['sqrt']],
        ['Reciprocal', ['sqrt'], ['inv']],
        ['Sqrt', ['sqrt'], ['root4']],
        ['Mul', ['root4', 'two'], ['mul']],
        ['Div', ['one', 'root4'], ['div']],
      ],
      { initializers: [floats('d', [64]), floats('pair', [3, -4]), floats('two', [2]), floats('one', [1])] },
    );
    const g = indexGraph(m);
    expect(g.constantValue('id')).toEqual([64]);
    expect(g.constantValue('cast')).toEqual([3, -4]);
    expect(g.constantValue('sqrt')).toEqual([8]);
    expect(g.constantValue('inv')).toEqual([0.125]);
    expect(g.constantValue('root4')).toEqual([Math.sqrt(8)]);
    expect(g.constantValue('mul')).toEqual([2 * Math.sqrt(8)]);
    expect(g.constantValue('div')).toEqual([1 / Math.sqrt(8)]);
  });

  it('does not fold ops on data, other ops, or Mul / Div of non-scalars', () => {
    const m = graph(
      [
        ['Identity', ['x'], ['id']],
        ['Cast', ['x'], ['cast']],
        ['Sqrt', ['x'], ['sqrt']],
        ['Reciprocal', ['x'], ['inv']],
        ['Mul', ['x', 'two'], ['mulData']],
        ['Div', ['two', 'x'], ['divData']],
        ['Mul', ['pair', 'two'], ['mulPair']],
        ['Div', ['two', 'pair'], ['divPair']],
        ['Add', ['two', 'two'], ['add']],
      ],
      { initializers: [floats('two', [2]), floats('pair', [3, 4])] },
    );
    const g = indexGraph(m);
    for (const t of ['id', 'cast', 'sqrt', 'inv', 'mulData', 'divData', 'mulPair', 'divPair', 'add']) expect([t, g.constantValue(t)]).toEqual([t, null]);
  });

  it('follows a chain of up to 8 nodes from the constant, not 9', () => {
    const chain = (length: number): ScannedModel =>
      graph(
        Array.from({ length }, (_, i): Spec => ['Identity', [i === 0 ? 'c' : `t${i}`], [`t${i + 1}`]]),
        { initializers: [floats('c', [0.5])] },
      );
    expect(indexGraph(chain(8)).constantValue('t8')).toEqual([0.5]);
    expect(indexGraph(chain(9)).constantValue('t9')).toBeNull();
  });

  it('a cycle of Identity nodes (invalid ONNX) has no value and does not recurse forever', () => {
    const m = graph([
      ['Identity', ['b'], ['a']],
      ['Identity', ['a'], ['b']],
    ]);
    expect(indexGraph(m).constantValue('a')).toBeNull();
  });
});
