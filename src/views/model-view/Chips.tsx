// A row of numbered toggle chips (the model view's layer and head filters); at least one stays on.
import { t } from '../../shared/i18n';
export function Chips(props: { label: string; item: (k: number) => string; on: boolean[]; onChange: (v: boolean[]) => void; testid: string }) {
  const all = props.on.every(Boolean);
  return (
    <div class="al-chips" role="group" aria-label={t('mv_chips_shown', props.label)} data-testid={props.testid}>
      <span class="al-field-label" aria-hidden="true">
        {props.label}
      </span>
      <div class="al-chip-list">
        {props.on.map((v, k) => (
          <button
            key={k}
            type="button"
            class={`al-toggle-chip${v ? ' is-on' : ''}`}
            aria-pressed={v ? 'true' : 'false'}
            aria-label={props.item(k)}
            onClick={() => {
              const next = props.on.map((x, m) => (m === k ? !x : x));
              props.onChange(next.some(Boolean) ? next : props.on);
            }}
          >
            {k + 1}
          </button>
        ))}
      </div>
      <button
        type="button"
        class="al-btn al-btn-small"
        aria-disabled={all ? 'true' : undefined}
        onClick={() => !all && props.onChange(props.on.map(() => true))}
      >
        {t('mv_all')}
      </button>
    </div>
  );
}
