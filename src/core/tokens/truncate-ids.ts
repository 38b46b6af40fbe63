// Keeps a too-long encoding within the model's maximum: the first tokens plus the closing [SEP],
// and says how many were dropped so the UI can show "showing the first N of M tokens".

export interface Encoding {
  ids: number[];
  typeIds: number[];
}

export interface Truncated extends Encoding {
  /** Content tokens (without [CLS]/[SEP]) shown / in the whole selection; null when nothing was cut. */
  truncated: { shown: number; total: number } | null;
}

export function truncateEncoding(enc: Encoding, maxTokens: number, sepId: number): Truncated {
  const n = enc.ids.length;
  if (n <= maxTokens) return { ...enc, truncated: null };
  const ids = [...enc.ids.slice(0, maxTokens - 1), sepId];
  const typeIds = [...enc.typeIds.slice(0, maxTokens - 1), enc.typeIds[maxTokens - 2] ?? 0];
  return { ids, typeIds, truncated: { shown: maxTokens - 2, total: n - 2 } };
}
