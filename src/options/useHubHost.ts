// Hub-host hook: the host being edited, the note under it, and saving or resetting it.
import { useState } from 'preact/hooks';
import { normalizeHubHost } from '../hub/catalog';
import { DEFAULT_HUB_HOST } from '../shared/model-choice';
import type { UpdateSettings } from './useSettings';
import { t } from '../shared/i18n';

export interface HostNote {
  ok: boolean;
  text: string;
}

const savedNote = (host: string): HostNote => ({ ok: true, text: t('opt_host_saved', host) });

/** `saved` seeds the draft (read once, when the component mounts). */
export function useHubHost(saved: string, update: UpdateSettings) {
  const [draft, setDraft] = useState(saved);
  const [note, setNote] = useState<HostNote | null>(null);

  function edit(value: string) {
    setDraft(value);
    setNote(null);
  }

  async function save() {
    const normal = normalizeHubHost(draft);
    if (!normal) {
      setNote({ ok: false, text: t('opt_host_invalid') });
      return;
    }
    await update({ hubHost: normal });
    setDraft(normal);
    setNote(savedNote(normal));
  }

  function reset() {
    setDraft(DEFAULT_HUB_HOST);
    void update({ hubHost: DEFAULT_HUB_HOST }).then(() => setNote(savedNote(DEFAULT_HUB_HOST)));
  }

  return { draft, note, edit, save, reset };
}
