// Maximum-tokens field, capped at what the model in use takes.
import { MIN_MAX_TOKENS } from '../core/model/config';
import { t } from '../shared/i18n';

export interface MaxTokensFieldProps {
  maxTokens: number;
  /** The most tokens the model in use takes. */
  modelMax: number;
  onMaxTokens: (n: number) => void;
}

export function MaxTokensField({ maxTokens, modelMax, onMaxTokens }: MaxTokensFieldProps) {
  return (
    <div class="opt-row">
      <div class="opt-row-label">
        <label class="opt-label" for="opt-max-tokens">
          {t('opt_max_tokens')}
        </label>
        <span class="opt-hint">{t('opt_max_tokens_hint', modelMax)}</span>
      </div>
      <input
        id="opt-max-tokens"
        class="opt-input opt-input-num"
        type="number"
        min={MIN_MAX_TOKENS}
        max={modelMax}
        step={8}
        data-testid="max-tokens"
        value={Math.min(maxTokens, modelMax)}
        onChange={(ev) => {
          const n = Number((ev.target as HTMLInputElement).value);
          onMaxTokens(Math.min(Number.isFinite(n) ? n : maxTokens, modelMax));
        }}
      />
    </div>
  );
}
