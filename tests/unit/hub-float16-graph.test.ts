// graphUsesFloat16 (src/core/onnx/float16-graph.ts) on every Hub export style: true exactly for fp16 and q4f16,
// the variants a WebGPU adapter without shader-f16 cannot run.
import { beforeEach, describe, expect, it } from 'vitest';
import { graphUsesFloat16 } from '../../src/core/onnx/float16-graph';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataType, type ScannedModel, scanModel } from '../../src/core/onnx/scan-model';
import { HUB_FIXTURES, HUB_VARIANTS, hubFixtureFile, hubFixtureRef } from '../fixtures/hub/helpers';
import { fixtureBytes } from '../fixtures/onnx/helpers';

describe('graphUsesFloat16', () => {
  it.each(HUB_FIXTURES)('%s: only fp16 and q4f16', (name) => {
    const ref = hubFixtureRef(name);
    const f16 = HUB_VARIANTS.filter((v) => graphUsesFloat16(scanModel(hubFixtureFile(ref.id, ref.variantFiles[v]))));
    expect(f16).toEqual(['fp16', 'q4f16']);
  });

  it('false for the float32 fixtures of other styles', () => {
    for (const f of ['bert_eager', 'bert_sdpa', 'distilbert', 'bert_quant', 'arch-roberta', 'arch-albert'])
      expect(graphUsesFloat16(scanModel(fixtureBytes(f)))).toBe(false);
  });
});

describe('graphUsesFloat16: float16 only as storage', () => {
  const model = readFileSync(join(import.meta.dirname, '../../models/attention-lens-mini/onnx/model.onnx'));
  // scanned before each test (not at collection time, which mutation testing never re-runs)
  let scanned: ScannedModel;
  beforeEach(() => {
    scanned = scanModel(model);
  });

  it('the embedded model stores its weights as float16 and casts them to float32 first: it computes in float32', () => {
    const halves = [...scanned.initializers.values()].filter((t) => t.dataType === DataType.FLOAT16);
    expect(halves.length).toBeGreaterThan(50); // every weight matrix, embeddings included
    expect(graphUsesFloat16(scanned)).toBe(false); // so WebGPU needs no shader-f16 for it
  });

  it('a float16 weight read by anything but its Cast to float32 makes the graph float16', () => {
    const half = [...scanned.initializers.values()].find((t) => t.dataType === DataType.FLOAT16)!;
    const reader = { ...scanned.nodes[0], opType: 'MatMul', inputs: [half.name, 'x'], outputs: ['y'], attributes: new Map() };
    expect(graphUsesFloat16({ ...scanned, nodes: [...scanned.nodes, reader] })).toBe(true);
  });
});
