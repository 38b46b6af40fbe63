// What clamping the shared view state to this result changed ("Layer 9 is not in this 4-layer model: showing layer
// 4."), shown until dismissed; a different set of notes shows again.
import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n';

export function StateNote(props: { notes: string[] }) {
  const key = props.notes.join('\n');
  const [dismissed, setDismissed] = useState<string | null>(null);
  if (dismissed === key) return null;
  return (
    <div class="al-state-note" role="status" data-testid="state-note">
      <p>{props.notes.join(' ')}</p>
      <button
        type="button"
        class="al-btn al-btn-icon al-btn-small"
        data-testid="state-note-dismiss"
        aria-label={t('note_dismiss')}
        onClick={() => setDismissed(key)}
      >
        ×
      </button>
    </div>
  );
}
