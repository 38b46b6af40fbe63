// The "Running the model" card: backend and maximum tokens.
import type { Settings } from '../app/settings';
import type { StoredModel } from '../hub/store';
import { BackendField } from './BackendField';
import { MaxTokensField } from './MaxTokensField';
import { modelMaxTokens } from './stored';
import type { UpdateSettings } from './useSettings';
import { t } from '../shared/i18n';

export function RunSection({ settings, stored, update }: { settings: Settings; stored: StoredModel[]; update: UpdateSettings }) {
  return (
    <section class="opt-card" aria-labelledby="opt-run-h">
      <h2 id="opt-run-h">{t('opt_running')}</h2>
      <BackendField backend={settings.backend} onBackend={(backend) => void update({ backend })} />
      <MaxTokensField
        maxTokens={settings.maxTokens}
        modelMax={modelMaxTokens(settings.model, stored, settings.hubHost)}
        onMaxTokens={(maxTokens) => void update({ maxTokens })}
      />
      <label class="opt-check" data-testid="page-heat-setting">
        <input type="checkbox" checked={settings.pageHeat} onChange={(e) => void update({ pageHeat: e.currentTarget.checked })} />
        <span>
          {t('opt_page_heat')}
          <span class="opt-hint">{t('opt_page_heat_hint')}</span>
        </span>
      </label>
    </section>
  );
}
