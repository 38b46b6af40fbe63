// The "Advanced: Hub host" card: the host models are fetched from, with Save and Reset.
import { DEFAULT_HUB_HOST } from '../shared/model-choice';
import { useHubHost } from './useHubHost';
import type { UpdateSettings } from './useSettings';

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
        <h2>Advanced: Hub host</h2>
      </summary>
      <p class="opt-sub">
        Models are fetched from <code>{'{host}/{model}/resolve/main/{file}'}</code>. Change this only for a mirror of the Hugging Face Hub.
      </p>
      <div class="opt-host-row">
        <input
          class="opt-input opt-input-wide"
          type="url"
          spellcheck={false}
          aria-label="Hub host"
          data-testid="hub-host"
          value={draft}
          disabled={busy}
          onInput={(ev) => edit((ev.target as HTMLInputElement).value)}
        />
        <button type="button" class="lens-button" disabled={busy} data-testid="hub-host-save" onClick={() => void save()}>
          Save
        </button>
        <button type="button" class="lens-button" disabled={busy || host === DEFAULT_HUB_HOST} onClick={reset}>
          Reset
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
