// Variant radios (q8 / fp16 / fp32) of the picked Hub model, each with its download or stored size.
import { VARIANTS, VARIANT_LABELS } from '../hub/catalog';
import type { StoredModel } from '../hub/store';
import type { ModelVariant } from '../shared/model-choice';
import type { SizeLabel } from './sizes';

export interface VariantPickerProps {
  variant: ModelVariant;
  onVariant: (v: ModelVariant) => void;
  busy: boolean;
  /** The variant's stored copy (if any) and its size label. */
  sizeOf: (v: ModelVariant) => { have: StoredModel | undefined; size: SizeLabel };
}

export function VariantPicker({ variant, onVariant, busy, sizeOf }: VariantPickerProps) {
  return (
    <fieldset class="opt-variants" disabled={busy}>
      <legend>Variant</legend>
      {VARIANTS.map((v) => {
        const { have, size } = sizeOf(v);
        return (
          <label key={v} class={`opt-variant${variant === v ? ' is-picked' : ''}`} data-testid={`variant-${v}`}>
            <input type="radio" name="variant" value={v} checked={variant === v} onChange={() => onVariant(v)} />
            <span class="opt-variant-name">{v}</span>
            <span class="opt-variant-desc">{VARIANT_LABELS[v]}</span>
            <span class={`opt-variant-size${size.missing ? ' is-missing' : ''}${have ? ' is-stored' : ''}`} data-testid="variant-size">
              {size.text}
            </span>
          </label>
        );
      })}
      <p class="opt-hint">8-bit is a quarter of the download and shows nearly the same attention patterns; fp32 is the reference.</p>
    </fieldset>
  );
}
