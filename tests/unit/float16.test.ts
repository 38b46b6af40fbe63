// float16 session outputs (fp16 exports) reach the views as the right float32 numbers.
import { describe, expect, it } from 'vitest';
import { halfBitsToFloat32, halfToFloat, outputAsFloat32 } from '../../src/core/attention/float16';

describe('float16 → float32', () => {
  it('decodes normal, subnormal and special values by hand', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x3555)).toBeCloseTo(0.333251953125, 12); // nearest half to 1/3
    expect(halfToFloat(0x0001)).toBe(2 ** -24); // smallest subnormal
    expect(halfToFloat(0x03ff)).toBe(1023 * 2 ** -24); // largest subnormal
    expect(halfToFloat(0x7bff)).toBe(65504); // largest normal
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0xfc00)).toBe(-Infinity);
    expect(Number.isNaN(halfToFloat(0x7e00))).toBe(true);
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
  });

  it('converts raw bits only when the tensor says float16', () => {
    const bits = Uint16Array.from([0x3c00, 0x3800, 0x0000]); // 1, 0.5, 0
    expect(Array.from(outputAsFloat32('float16', bits))).toEqual([1, 0.5, 0]);
    expect(Array.from(outputAsFloat32('uint16', bits))).toEqual([0x3c00, 0x3800, 0]);
    const f = Float32Array.from([0.25]);
    expect(outputAsFloat32('float32', f)).toBe(f); // no copy
    expect(Array.from(halfBitsToFloat32(Uint16Array.from([0x3400])))).toEqual([0.25]);
  });
});
