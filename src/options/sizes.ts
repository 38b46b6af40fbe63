// Pure size labels of a model's variants: catalog sizes, probed sizes of a typed Hub id, or the stored copy.
import { formatBytes, type CatalogEntry } from '../hub/catalog';
import type { ProbedSize } from '../hub/probe';
import type { StoredModel } from '../hub/store';
import type { ModelVariant } from '../shared/model-choice';
import { t } from '../shared/i18n';

/** Probed sizes of a typed Hub id: undefined = nothing probed, null = probe under way. */
export type ProbedSizes = Record<ModelVariant, ProbedSize> | null | undefined;

export interface SizeSources {
  /** The catalog entry of the picked model (undefined for a typed Hub id). */
  entry: CatalogEntry | undefined;
  probed: ProbedSizes;
  /** The picked model is a typed Hub id. */
  custom: boolean;
}

export interface SizeLabel {
  text: string;
  missing?: boolean;
}

/** Expected download size of a variant of the picked model, when known. */
export function expectedBytes(v: ModelVariant, { entry, probed }: Pick<SizeSources, 'entry' | 'probed'>): number | null {
  if (entry?.sizes[v]) return entry.sizes[v]! + entry.sharedBytes;
  const p = probed?.[v];
  return typeof p === 'number' ? p : null;
}

/** What the variant radio says about its size. */
export function sizeLabel(v: ModelVariant, have: StoredModel | undefined, src: SizeSources): SizeLabel {
  if (have) return { text: t('opt_size_stored', formatBytes(have.bytes)) };
  const bytes = expectedBytes(v, src);
  if (bytes) return { text: `≈ ${formatBytes(bytes)}` };
  if (src.custom && src.probed === null) return { text: t('opt_checking_size') };
  if (src.probed?.[v] === 'missing') return { text: t('opt_not_on_hub'), missing: true };
  return { text: t('opt_size_unknown') };
}

/** A catalog model's size line: "from 110 MB" for Hub models (smallest variant), the file size for the built-in one. */
export function catalogSizeText(e: CatalogEntry): string {
  return e.source === 'hub' ? t('opt_size_from', formatBytes(Math.min(...Object.values(e.sizes)))) : formatBytes(e.sizes.fp32!);
}
