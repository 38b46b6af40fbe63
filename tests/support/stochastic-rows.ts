// Attention-like test matrices: rows of positive values that each sum to 1, the same for the same seed.

/** `count` rows of `n` positive values (≥ 0.05 before normalising), each row summing to 1 (a linear congruential generator). */
export function stochasticRows(count: number, n: number, seed: number): Float32Array {
  let x = seed >>> 0;
  const rand = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const a = new Float32Array(count * n);
  for (let r = 0; r < count; r++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[r * n + j] = 0.05 + rand();
    for (let j = 0; j < n; j++) a[r * n + j] /= s;
  }
  return a;
}
