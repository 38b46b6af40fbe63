// Head colour swatches: click toggles a head, double-click (or Shift+click) shows only that head.
import { fmtInt } from '../lib/format';

export function HeadSwatches(props: { colors: string[]; selected: boolean[]; onChange: (sel: boolean[]) => void }) {
  const { colors, selected, onChange } = props;
  const count = selected.filter(Boolean).length;
  const only = (h: number) => onChange(selected.map((_, k) => k === h));
  return (
    <div class="al-swatches" role="group" aria-label="Heads shown (click toggles, double-click shows only that head)" data-testid="head-swatches">
      <span class="al-field-label" aria-hidden="true">Heads</span>
      <div class="al-swatch-list">
        {colors.map((c, h) => (
          <button
            key={h}
            type="button"
            class={`al-swatch${selected[h] ? ' is-on' : ''}`}
            style={{ '--al-swatch': c } as Record<string, string>}
            data-testid="head-swatch"
            data-head={h}
            aria-pressed={selected[h] ? 'true' : 'false'}
            aria-label={`Head ${h + 1}`}
            title={`Head ${h + 1} — click to toggle, double-click or Shift+click to show only this head`}
            onClick={(e) => {
              if (e.shiftKey) only(h);
              else onChange(selected.map((v, k) => (k === h ? !v : v)));
            }}
            onDblClick={() => only(h)}
          >
            {fmtInt(h + 1)}
          </button>
        ))}
      </div>
      <button
        type="button"
        class="al-btn al-btn-small"
        data-testid="heads-all"
        onClick={() => onChange(selected.map(() => count !== selected.length))}
      >
        {count === selected.length ? 'None' : 'All'}
      </button>
    </div>
  );
}
