// Variant sizes from one-byte Range requests (before any download).
import { describe, expect, it } from 'vitest';
import { probeVariantSizes, sizeFromHeaders } from '../../src/hub/probe';

describe('probeVariantSizes', () => {
  it('reads the size from content-range (206), content-length (200), and 404 as missing', () => {
    expect(sizeFromHeaders(206, new Headers({ 'content-range': 'bytes 0-0/110958316', 'content-length': '1' }))).toBe(110958316);
    expect(sizeFromHeaders(200, new Headers({ 'content-length': '19109489' }))).toBe(19109489);
    expect(sizeFromHeaders(404, new Headers())).toBe('missing');
    expect(sizeFromHeaders(206, new Headers({ 'content-range': 'bytes 0-0/*' }))).toBeNull();
    expect(sizeFromHeaders(401, new Headers())).toBeNull();
  });

  it('asks each variant file for its first byte, never the whole file', async () => {
    const asked: Array<{ url: string; range: string | null }> = [];
    const fetchFn = (async (url: string, init?: RequestInit) => {
      asked.push({ url, range: new Headers(init?.headers).get('range') });
      if (url.endsWith('model_quantized.onnx')) return new Response('Entry not found', { status: 404 });
      if (url.endsWith('model_fp16.onnx')) throw new TypeError('Failed to fetch');
      return new Response(new Uint8Array(1), { status: 206, headers: { 'content-range': 'bytes 0-0/438000000' } });
    }) as unknown as typeof fetch;
    const sizes = await probeVariantSizes('Xenova/bert-base-uncased', { hubHost: 'https://huggingface.co', fetch: fetchFn });
    expect(sizes).toEqual({ q8: 'missing', fp16: null, fp32: 438000000, q4: 438000000, q4f16: 438000000, bnb4: 438000000 });
    expect(asked.map((a) => a.range)).toEqual(Array(6).fill('bytes=0-0'));
    expect(asked.map((a) => a.url).sort()).toEqual(
      ['model.onnx', 'model_bnb4.onnx', 'model_fp16.onnx', 'model_q4.onnx', 'model_q4f16.onnx', 'model_quantized.onnx'].map(
        (f) => `https://huggingface.co/Xenova/bert-base-uncased/resolve/main/onnx/${f}`,
      ),
    );
  });
});
