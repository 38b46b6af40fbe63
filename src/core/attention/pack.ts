// Packs per-layer attention into one contiguous [layer][head][n][n] array (NumPy exports) and un-transposes keys.

/** Copies L outputs of shape [1, H, n, n] (batch 1) into one Float32Array. */
export function packLayers(perLayer: ArrayLike<number>[], numHeads: number, n: number): Float32Array {
  const block = numHeads * n * n;
  const out = new Float32Array(perLayer.length * block);
  perLayer.forEach((data, layer) => {
    if (data.length !== block) throw new Error(`layer ${layer}: expected ${block} values ([1,${numHeads},${n},${n}]), got ${data.length}`);
    out.set(data, layer * block);
  });
  return out;
}

/** Q/K outputs come as [1, H, n, d] (Q) and [1, H, d, n] (Kᵀ): store K un-transposed as [H][n][d]. */
export function untransposeKeys(kT: ArrayLike<number>, numHeads: number, d: number, n: number): Float32Array {
  const out = new Float32Array(numHeads * n * d);
  for (let h = 0; h < numHeads; h++) {
    for (let r = 0; r < d; r++) {
      for (let c = 0; c < n; c++) out[(h * n + c) * d + r] = kT[(h * d + r) * n + c];
    }
  }
  return out;
}
