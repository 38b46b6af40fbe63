// Test inputs are written as one packed [layer][head][i][j] array; AttentionResult holds one array per layer.

/** The packed array cut into `numLayers` equal per-layer views (no copy). */
export function perLayer(packed: Float32Array, numLayers: number): Float32Array[] {
  const block = numLayers > 0 ? packed.length / numLayers : 0;
  if (!Number.isInteger(block)) throw new Error(`${packed.length} values do not split into ${numLayers} layers`);
  return Array.from({ length: numLayers }, (_, l) => packed.subarray(l * block, (l + 1) * block));
}
