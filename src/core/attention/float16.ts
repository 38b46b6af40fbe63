// Float16 session outputs as float32: onnxruntime-web returns float16 tensors as Float16Array where the browser
// has it (Chromium 156, Firefox ≥ 129), else as a Uint16Array of the raw half-precision bits.

/** IEEE 754 binary16 bits → number (subnormals, ±Infinity and NaN included). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Raw binary16 bits → float32 values. */
export function halfBitsToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = halfToFloat(bits[i]);
  return out;
}

/**
 * A session output's data as float32 values: float32 as is, float16 converted whether it arrives as
 * Float16Array or as raw bits (`type` says which the tensor holds: "float16" with Uint16Array data = raw bits).
 */
export function outputAsFloat32(type: string, data: ArrayLike<number>): Float32Array {
  if (data instanceof Float32Array) return data;
  if (type === 'float16' && data instanceof Uint16Array) return halfBitsToFloat32(data);
  return Float32Array.from(data);
}
