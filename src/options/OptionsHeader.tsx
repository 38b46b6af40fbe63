// Header of the Options page: brand, "Settings", and the model in use.
import { choiceLabel, type ModelChoice } from '../shared/model-choice';

export function OptionsHeader({ model }: { model: ModelChoice }) {
  return (
    <header class="lens-header opt-header">
      <div class="lens-brand">
        <span class="lens-logo" aria-hidden="true" />
        <span class="lens-title">Attention Lens</span>
      </div>
      <span class="opt-header-sub">Settings</span>
      <div class="lens-meta opt-active" data-testid="active-model">
        <span class="lens-chip" title="Model the popup and overlay use">In use: {choiceLabel(model)}</span>
      </div>
      {/* PRIVACY.md, rendered into the package root at build time (scripts/lib/release-files.mjs). */}
      <a class="opt-privacy" href="../../privacy.html" target="_blank" rel="noopener" style={{ color: 'inherit', marginLeft: '12px' }} data-testid="privacy-link">
        Privacy
      </a>
    </header>
  );
}
