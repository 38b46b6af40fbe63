// Variant radios (q4f16 / q8 / bnb4 / q4 / fp16 / fp32) of the picked Hub model, each with its download or stored
// size, its one-line trade-off, and a badge on the variant recommended for the backend that will run it.
import { FLOAT16_VARIANTS, VARIANTS, VARIANT_LABELS, VARIANT_TRADEOFFS } from '../hub/catalog';
import type { StoredModel } from '../hub/store';
import type { ModelVariant } from '../shared/model-choice';
import type { SizeLabel } from './sizes';
import { t } from '../shared/i18n';

export interface VariantPickerProps {
  variant: ModelVariant;
  onVariant: (v: ModelVariant) => void;
  busy: boolean;
  /** The variant's stored copy (if any) and its size label. */
  sizeOf: (v: ModelVariant) => { have: StoredModel | undefined; size: SizeLabel };
  /** The variant to recommend, and for which backend ("WebGPU", "WebAssembly"). */
  recommended: { variant: ModelVariant; backend: string };
  /** WebGPU will run the model on an adapter without shader-f16: the float16 variants cannot use it. */
  f16Blocked?: boolean;
}

export function VariantPicker({ variant, onVariant, busy, sizeOf, recommended, f16Blocked = false }: VariantPickerProps) {
  return (
    <fieldset class="opt-variants" disabled={busy}>
      <legend>{t('opt_variant')}</legend>
      {VARIANTS.map((v) => {
        const { have, size } = sizeOf(v);
        return (
          <label key={v} class={`opt-variant${variant === v ? ' is-picked' : ''}`} data-testid={`variant-${v}`} title={VARIANT_TRADEOFFS[v]}>
            <input type="radio" name="variant" value={v} checked={variant === v} onChange={() => onVariant(v)} />
            <span class="opt-variant-name">
              {v}
              {recommended.variant === v && (
                <span class="opt-badge opt-badge-accent" data-testid="variant-recommended">
                  {t('opt_recommended_for', recommended.backend)}
                </span>
              )}
            </span>
            <span class="opt-variant-desc">{VARIANT_LABELS[v]}</span>
            <span class={`opt-variant-size${size.missing ? ' is-missing' : ''}${have ? ' is-stored' : ''}`} data-testid="variant-size">
              {size.text}
            </span>
            <span class="opt-variant-trade" data-testid="variant-tradeoff">
              {VARIANT_TRADEOFFS[v]}
            </span>
            {f16Blocked && FLOAT16_VARIANTS.includes(v) && (
              <span class="opt-variant-warn" data-testid="variant-f16-warning">
                {t('opt_f16_warning')}
              </span>
            )}
          </label>
        );
      })}
      <p class="opt-hint">{t('opt_variants_hint')}</p>
    </fieldset>
  );
}
