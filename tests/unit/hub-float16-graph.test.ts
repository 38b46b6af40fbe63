// graphUsesFloat16 (src/core/onnx/float16-graph.ts) on every Hub export style: true exactly for fp16 and q4f16,
// the variants a WebGPU adapter without shader-f16 cannot run.
import { describe, expect, it } from 'vitest';
import { graphUsesFloat16 } from '../../src/core/onnx/float16-graph';
import { scanModel } from '../../src/core/onnx/scan-model';
import { HUB_FIXTURES, HUB_VARIANTS, hubFixtureFile, hubFixtureRef } from '../fixtures/hub/helpers';
import { fixtureBytes } from '../fixtures/onnx/helpers';

describe('graphUsesFloat16', () => {
  it.each(HUB_FIXTURES)('%s: only fp16 and q4f16', (name) => {
    const ref = hubFixtureRef(name);
    const f16 = HUB_VARIANTS.filter((v) => graphUsesFloat16(scanModel(hubFixtureFile(ref.id, ref.variantFiles[v]))));
    expect(f16).toEqual(['fp16', 'q4f16']);
  });

  it('false for the float32 fixtures of other styles', () => {
    for (const f of ['bert_eager', 'bert_sdpa', 'distilbert', 'bert_quant', 'arch-roberta', 'arch-albert']) expect(graphUsesFloat16(scanModel(fixtureBytes(f)))).toBe(false);
  });
});
