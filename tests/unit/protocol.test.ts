import { describe, expect, it } from 'vitest';
import { fail, isEnginePortRequest, isMessageFor, ok, ProtocolError, toErrorInfo, transferablesOf } from '../../src/shared/protocol';

describe('protocol', () => {
  it('routes by target: a listener only takes its own messages', () => {
    const msg = { target: 'offscreen', type: 'engine/analyze', text: 'hi' };
    expect(isMessageFor(msg, 'offscreen')).toBe(true);
    expect(isMessageFor(msg, 'background')).toBe(false);
    expect(isMessageFor('offscreen', 'offscreen')).toBe(false);
    expect(isMessageFor(null, 'offscreen')).toBe(false);
  });

  it('recognises engine-port envelopes only with a request inside', () => {
    expect(isEnginePortRequest({ target: 'engine-port', request: { target: 'offscreen', type: 'engine/analyze', text: 'x' } })).toBe(true);
    expect(isEnginePortRequest({ target: 'engine-port' })).toBe(false);
    expect(isEnginePortRequest({ target: 'offscreen', request: {} })).toBe(false);
  });

  it("transfers the tensor buffers of a result (every layer's attention), and nothing for errors", () => {
    const attentions = [new Float32Array(16), new Float32Array(16), new Float32Array(16)];
    const queries = new Float32Array(4);
    const res = ok({ attentions, queries, tokens: [] });
    expect(transferablesOf(res)).toEqual([...attentions.map((a) => a.buffer), queries.buffer]);
    expect(transferablesOf(fail('engine', 'boom'))).toEqual([]);
  });

  it('keeps the code of a typed error and wraps anything else', () => {
    expect(toErrorInfo(new ProtocolError('model-file', 'models/x/onnx/model.onnx is corrupt'))).toEqual({
      code: 'model-file',
      message: 'models/x/onnx/model.onnx is corrupt',
    });
    expect(toErrorInfo(new Error('oops'), 'engine')).toEqual({ code: 'engine', message: 'oops' });
    expect(toErrorInfo('text')).toEqual({ code: 'internal', message: 'text' });
  });

  it('typed arrays survive structured cloning (the transport keeps binary)', () => {
    const res = { ok: true as const, value: { attentions: [Float32Array.from([0.25, 0.75]), Float32Array.from([1, 0])] } };
    const copy = structuredClone(res);
    expect(copy.value.attentions[1]).toBeInstanceOf(Float32Array);
    expect(copy.value.attentions.map((a) => Array.from(a))).toEqual([
      [0.25, 0.75],
      [1, 0],
    ]);
  });
});
