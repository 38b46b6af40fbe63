// "Other Hub model" radio: any Hub id typed by the user, with what is wrong with it.
import { catalogEntry } from '../hub/catalog';
import { choiceLabel, type ModelChoice } from '../shared/model-choice';
import { CUSTOM, customIdProblem } from './pick';
import type { ModelPick } from './useModelPick';
import { t } from '../shared/i18n';

export interface CustomHubModelProps {
  picked: ModelPick;
  inUse: ModelChoice;
  busy: boolean;
}

export function CustomHubModel({ picked, inUse, busy }: CustomHubModelProps) {
  const { pick, customId, setPick, setCustomId } = picked;
  const problem = customIdProblem(picked);
  return (
    <label class={`opt-model${pick === CUSTOM ? ' is-picked' : ''}`} data-testid="model-custom">
      <input type="radio" name="model" value={CUSTOM} checked={pick === CUSTOM} disabled={busy} onChange={() => setPick(CUSTOM)} />
      <span class="opt-model-body">
        <span class="opt-model-name">
          {t('opt_other_hub')}
          {inUse.source === 'hub' && !catalogEntry(inUse.id) && <span class="opt-badge opt-badge-ok">{t('opt_in_use_variant', choiceLabel(inUse))}</span>}
        </span>
        <span class="opt-model-desc">{t('opt_other_hub_desc')}</span>
        <input
          class="opt-input opt-input-wide"
          type="text"
          spellcheck={false}
          autocomplete="off"
          placeholder={t('opt_hub_id_placeholder')}
          aria-label={t('opt_hub_id_label')}
          data-testid="hub-id"
          value={customId}
          disabled={busy}
          onFocus={() => setPick(CUSTOM)}
          onInput={(ev) => setCustomId((ev.target as HTMLInputElement).value)}
        />
        {pick === CUSTOM && customId && problem && <span class="opt-field-error">{problem}</span>}
      </span>
    </label>
  );
}
