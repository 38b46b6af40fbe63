// The "Advanced: Hub host" card: the host models are fetched from, with Save and Reset.
import { DEFAULT_HUB_HOST } from '../shared/model-choice';
import { useHubHost } from './useHubHost';
import type { UpdateSettings } from './useSettings';
import { t, tParts } from '../shared/i18n';

export interface HubHostSettingsProps {
  /** The saved host (it seeds the field when the page opens). */
  host: string;
  busy: boolean;
  update: UpdateSettings;
}

export function HubHostSettings({ host, busy, update }: HubHostSettingsProps) {
  const { draft, note, edit, save, reset } = useHubHost(host, update);
  return (
    <details class="opt-card opt-advanced">
      <summary>
        <h2>{t('opt_advanced_host')}</h2>
      </summary>
      <p class="opt-sub">{tParts('opt_host_desc', <code>{'{host}/{model}/resolve/main/{file}'}</code>)}</p>
      <div class="opt-host-row">
        <input
          class="opt-input opt-input-wide"
          type="url"
          spellcheck={false}
          aria-label={t('opt_host_label')}
          data-testid="hub-host"
          value={draft}
          disabled={busy}
          onInput={(ev) => edit((ev.target as HTMLInputElement).value)}
        />
        <button type="button" class="lens-button" disabled={busy} data-testid="hub-host-save" onClick={() => void save()}>
          {t('opt_save')}
        </button>
        <button type="button" class="lens-button" disabled={busy || host === DEFAULT_HUB_HOST} onClick={reset}>
          {t('opt_reset')}
        </button>
      </div>
      {note && (
        <p class={note.ok ? 'opt-hint' : 'opt-field-error'} data-testid="hub-host-note">
          {note.text}
        </p>
      )}
    </details>
  );
}
