// Header of the Options page: brand, "Settings", and the model in use.
import { choiceLabel, type ModelChoice } from '../shared/model-choice';
import { t } from '../shared/i18n';

export function OptionsHeader({ model }: { model: ModelChoice }) {
  return (
    <header class="lens-header opt-header">
      <div class="lens-brand">
        <span class="lens-logo" aria-hidden="true" />
        <span class="lens-title">{t('app_name')}</span>
      </div>
      <span class="opt-header-sub">{t('opt_settings')}</span>
      <div class="lens-meta opt-active" data-testid="active-model">
        <span class="lens-chip" title={t('opt_model_in_use_title')}>
          {t('opt_model_in_use', choiceLabel(model))}
        </span>
      </div>
      {/* PRIVACY.md, rendered into the package root at build time (scripts/lib/release-files.mjs). */}
      <a
        class="opt-privacy"
        href="../../privacy.html"
        target="_blank"
        rel="noopener"
        style={{ color: 'inherit', marginLeft: '12px' }}
        data-testid="privacy-link"
      >
        {t('opt_privacy')}
      </a>
    </header>
  );
}
