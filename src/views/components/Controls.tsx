// Shared controls above the views: layer, which heads (one HeadChoice: mean / max / rollout / one head / several),
// the token view's score source, hide [CLS]/[SEP], word mode, and the table alternative. A view lists the ones it
// uses in its registry entry; they always render in this order. Buttons that can run out (previous / next layer)
// are aria-disabled, never disabled, so the focus stays on them.
import { headList, type HeadChoice, type ViewState } from '../view-state';
import { Switch } from './Switch';
import { t, type MessageKey } from '../../shared/i18n';

export type ControlId = 'layer' | 'heads' | 'source' | 'hideSpecial' | 'wordMode' | 'table';

type Patch = (patch: Partial<ViewState>) => void;

const TOGGLES: { key: 'hideSpecial' | 'wordMode'; testid: string; label: MessageKey; title: MessageKey }[] = [
  { key: 'hideSpecial', testid: 'toggle-hide-special', label: 'ctl_hide_special', title: 'ctl_hide_special_title' },
  { key: 'wordMode', testid: 'toggle-word-mode', label: 'ctl_words', title: 'ctl_words_title' },
];

/** `<option>`s "Head 1" … "Head H", values "0" … "H−1" (the neuron view's head list). */
export function headOptions(numHeads: number) {
  return Array.from({ length: numHeads }, (_, h) => (
    <option key={h} value={String(h)}>
      {t('ctl_head_n', h + 1)}
    </option>
  ));
}

/** The heads select's value for a choice, and back. */
function choiceValue(c: HeadChoice): string {
  return c.kind === 'single' ? `h${c.head}` : c.kind;
}
function valueChoice(v: string, current: HeadChoice): HeadChoice {
  if (v.startsWith('h')) return { kind: 'single', head: Number(v.slice(1)) };
  if (v === 'max' || v === 'rollout' || v === 'mean') return { kind: v };
  return current;
}

export function Controls(props: {
  shown: readonly ControlId[];
  numLayers: number;
  numHeads: number;
  hasCls: boolean;
  /** The view state as it applies to the result (clamped). */
  state: ViewState;
  onChange: Patch;
  table: boolean;
  onTable: (on: boolean) => void;
  idPrefix: string;
}) {
  const { state: v, onChange, idPrefix } = props;
  const shown = new Set(props.shown);
  if (!shown.size) return null;
  const id = (s: string) => `${idPrefix}-${s}`;
  const toggles = TOGGLES.filter((g) => shown.has(g.key));
  return (
    <div class="al-controls" role="group" aria-label={t('ctl_view_settings')} data-testid="controls">
      {shown.has('layer') && <LayerField id={id('layer')} layer={v.layer} numLayers={props.numLayers} onChange={onChange} />}
      {shown.has('heads') && <HeadsField id={id('heads')} choice={v.heads} layer={v.layer} numHeads={props.numHeads} onChange={onChange} />}
      {shown.has('source') && <SourceField id={id('source')} v={v} hasCls={props.hasCls} onChange={onChange} />}
      {(toggles.length > 0 || shown.has('table')) && (
        <div class="al-toggles">
          {toggles.map((g) => (
            <Switch key={g.key} title={t(g.title)} testid={g.testid} checked={v[g.key]} onChange={(on) => onChange({ [g.key]: on })} label={t(g.label)} />
          ))}
          {shown.has('table') && (
            <Switch title={t('ctl_table_title')} testid="table-toggle" checked={props.table} onChange={props.onTable} label={t('ctl_table')} />
          )}
        </div>
      )}
    </div>
  );
}

function LayerField(props: { id: string; layer: number; numLayers: number; onChange: Patch }) {
  const { id, layer, numLayers, onChange } = props;
  return (
    <div class="al-field">
      <label for={id}>{t('ctl_layer')}</label>
      <div class="al-stepper">
        <button
          type="button"
          class="al-btn al-btn-icon"
          aria-label={t('ctl_prev_layer')}
          aria-disabled={layer <= 0 ? 'true' : undefined}
          onClick={() => onChange({ layer: Math.max(0, layer - 1) })}
        >
          ‹
        </button>
        <select
          id={id}
          class="al-select"
          data-testid="layer-select"
          value={String(layer)}
          onChange={(e) => onChange({ layer: Number((e.currentTarget as HTMLSelectElement).value) })}
        >
          {Array.from({ length: numLayers }, (_, l) => (
            <option key={l} value={String(l)}>
              {t('ctl_layer_of', l + 1, numLayers)}
            </option>
          ))}
        </select>
        <button
          type="button"
          class="al-btn al-btn-icon"
          aria-label={t('ctl_next_layer')}
          aria-disabled={layer >= numLayers - 1 ? 'true' : undefined}
          onClick={() => onChange({ layer: Math.min(numLayers - 1, layer + 1) })}
        >
          ›
        </button>
      </div>
    </div>
  );
}

/** The one "which heads" control: combine all heads (mean / max / rollout), one head, or (from the head view's swatches) several. */
function HeadsField(props: { id: string; choice: HeadChoice; layer: number; numHeads: number; onChange: Patch }) {
  const { id, choice, onChange } = props;
  return (
    <div class="al-field">
      <label for={id}>{t('ctl_heads')}</label>
      <select
        id={id}
        class="al-select"
        data-testid="head-select"
        data-kind={choice.kind}
        value={choiceValue(choice)}
        onChange={(e) => onChange({ heads: valueChoice((e.currentTarget as HTMLSelectElement).value, choice) })}
      >
        {choice.kind === 'several' && (
          <optgroup label={t('ctl_several_heads')}>
            <option value="several">{t('ctl_several_mean', headList(choice.heads))}</option>
          </optgroup>
        )}
        <optgroup label={t('ctl_all_heads')}>
          <option value="mean">{t('ctl_all_mean')}</option>
          <option value="max">{t('ctl_all_max')}</option>
          <option value="rollout">{t('ctl_rollout_option', props.layer + 1)}</option>
        </optgroup>
        <optgroup label={t('ctl_one_head')}>
          {Array.from({ length: props.numHeads }, (_, h) => (
            <option key={h} value={`h${h}`}>
              {t('ctl_head_n', h + 1)}
            </option>
          ))}
        </optgroup>
      </select>
    </div>
  );
}

function SourceField(props: { id: string; v: ViewState; hasCls: boolean; onChange: Patch }) {
  const { id, v, onChange } = props;
  return (
    <div class="al-field">
      <label for={id}>{t('ctl_colour_by')}</label>
      <select
        id={id}
        class="al-select"
        data-testid="source-select"
        value={v.source}
        onChange={(e) => onChange({ source: (e.currentTarget as HTMLSelectElement).value === 'cls' ? 'cls' : 'received' })}
      >
        <option value="received">{t('ctl_received')}</option>
        <option value="cls" disabled={!props.hasCls}>
          {t('ctl_from_cls')}
        </option>
      </select>
    </div>
  );
}
