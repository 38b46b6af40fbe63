// Head colour swatches: they edit the shared HeadChoice. Click shows only that head; Shift/Ctrl/⌘-click adds or
// removes it (several heads); "All" goes back to every head (mean).
import type { HeadRole } from '../../core/attention/head-roles';
import { textOn } from '../lib/colors';
import { fmtInt } from '../lib/format';
import { roleText } from '../lib/roles';
import { soloHead, toggleHead, type HeadChoice } from '../view-state';

export function HeadSwatches(props: {
  colors: string[];
  choice: HeadChoice;
  selected: boolean[];
  onChange: (c: HeadChoice) => void;
  /** Each head's role in this layer (tooltip), when known. */
  roles?: readonly (HeadRole | null)[];
}) {
  const { colors, selected, onChange, choice } = props;
  const all = selected.every(Boolean);
  return (
    <div class="al-swatches" role="group" aria-label="Heads shown (click shows only that head, Shift+click adds or removes it)" data-testid="head-swatches">
      <span class="al-field-label" aria-hidden="true">
        Heads
      </span>
      <div class="al-swatch-list">
        {colors.map((c, h) => (
          <button
            key={h}
            type="button"
            class={`al-swatch${selected[h] ? ' is-on' : ''}`}
            style={{ '--al-swatch': c, '--al-swatch-text': textOn(c) } as Record<string, string>}
            data-testid="head-swatch"
            data-head={h}
            aria-pressed={selected[h] ? 'true' : 'false'}
            aria-label={`Head ${h + 1}`}
            data-role={props.roles?.[h]?.kind}
            title={`Head ${h + 1}${props.roles?.[h] ? ` — ${roleText(props.roles[h]!)}` : ''} — click to show only this head, Shift+click to add or remove it`}
            onClick={(e) => onChange(e.shiftKey || e.ctrlKey || e.metaKey ? toggleHead(choice, h, colors.length) : soloHead(h))}
          >
            {fmtInt(h + 1)}
          </button>
        ))}
      </div>
      <button type="button" class="al-btn al-btn-small" data-testid="heads-all" aria-pressed={all ? 'true' : 'false'} onClick={() => onChange({ kind: 'mean' })}>
        All
      </button>
    </div>
  );
}
