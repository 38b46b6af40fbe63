// The "Running the model" card: backend and maximum tokens.
import type { Settings } from '../app/settings';
import type { StoredModel } from '../hub/store';
import { BackendField } from './BackendField';
import { MaxTokensField } from './MaxTokensField';
import { modelMaxTokens } from './stored';
import type { UpdateSettings } from './useSettings';

export function RunSection({ settings, stored, update }: { settings: Settings; stored: StoredModel[]; update: UpdateSettings }) {
  return (
    <section class="opt-card" aria-labelledby="opt-run-h">
      <h2 id="opt-run-h">Running the model</h2>
      <BackendField backend={settings.backend} onBackend={(backend) => void update({ backend })} />
      <MaxTokensField
        maxTokens={settings.maxTokens}
        modelMax={modelMaxTokens(settings.model, stored, settings.hubHost)}
        onMaxTokens={(maxTokens) => void update({ maxTokens })}
      />
      <label class="opt-check" data-testid="page-heat-setting">
        <input type="checkbox" checked={settings.pageHeat} onChange={(e) => void update({ pageHeat: e.currentTarget.checked })} />
        <span>
          Colour the page's text with the heatmap
          <span class="opt-hint">Drawn in a closed layer the page cannot read. Off: nothing is drawn in pages; the panels still show every score.</span>
        </span>
      </label>
    </section>
  );
}
