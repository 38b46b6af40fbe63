// Shared controls above the views: layer, heads (mean / max / single), aggregate, hide [CLS]/[SEP], word mode.
// A view lists the ones it uses in its registry entry; they always render in this order.
import type { HeadSel } from '../lib/view-model';
import type { AggregateMode } from '../types';
import { Switch } from './Switch';

export interface ControlValues {
  layer: number;
  headSel: HeadSel;
  aggregate: AggregateMode;
  hideSpecial: boolean;
  wordMode: boolean;
}

type Patch = (patch: Partial<ControlValues>) => void;

const TOGGLES: { key: 'hideSpecial' | 'wordMode'; testid: string; label: string; title: string }[] = [
  { key: 'hideSpecial', testid: 'toggle-hide-special', label: 'Hide [CLS]/[SEP]', title: 'Drop [CLS]/[SEP] rows and columns and renormalise each row' },
  { key: 'wordMode', testid: 'toggle-word-mode', label: 'Words', title: 'Merge word pieces: attention to a word is summed over its pieces, attention from it averaged' },
];
type AggChoice = 'mean' | 'max' | 'single' | 'rollout' | 'cls';

function aggChoice(v: ControlValues): AggChoice {
  if (v.aggregate === 'rollout') return 'rollout';
  if (v.aggregate === 'cls') return 'cls';
  return typeof v.headSel === 'number' ? 'single' : v.headSel;
}

/** `<option>`s "Head 1" … "Head H", values "0" … "H−1". */
export function headOptions(numHeads: number) {
  return Array.from({ length: numHeads }, (_, h) => (
    <option key={h} value={String(h)}>{`Head ${h + 1}`}</option>
  ));
}

export function Controls(props: {
  shown: readonly (keyof ControlValues)[];
  numLayers: number;
  numHeads: number;
  hasCls: boolean;
  values: ControlValues;
  onChange: Patch;
  idPrefix: string;
}) {
  const { values: v, onChange, idPrefix } = props;
  const shown = new Set(props.shown);
  if (!shown.size) return null;
  const id = (s: string) => `${idPrefix}-${s}`;
  return (
    <div class="al-controls" role="group" aria-label="View settings" data-testid="controls">
      {shown.has('layer') && <LayerField id={id('layer')} v={v} numLayers={props.numLayers} onChange={onChange} />}
      {shown.has('headSel') && <HeadsField id={id('heads')} v={v} numHeads={props.numHeads} onChange={onChange} />}
      {shown.has('aggregate') && <AggregateField id={id('agg')} v={v} hasCls={props.hasCls} onChange={onChange} />}
      {TOGGLES.some((t) => shown.has(t.key)) && (
        <div class="al-toggles">
          {TOGGLES.filter((t) => shown.has(t.key)).map((t) => (
            <Switch key={t.key} title={t.title} testid={t.testid} checked={v[t.key]} onChange={(on) => onChange({ [t.key]: on })} label={t.label} />
          ))}
        </div>
      )}
    </div>
  );
}

function LayerField(props: { id: string; v: ControlValues; numLayers: number; onChange: Patch }) {
  const { id, v, numLayers, onChange } = props;
  return (
    <div class="al-field">
      <label for={id}>Layer</label>
      <div class="al-stepper">
        <button type="button" class="al-btn al-btn-icon" aria-label="Previous layer" disabled={v.layer <= 0} onClick={() => onChange({ layer: Math.max(0, v.layer - 1) })}>
          ‹
        </button>
        <select
          id={id}
          class="al-select"
          data-testid="layer-select"
          value={String(v.layer)}
          onChange={(e) => onChange({ layer: Number((e.currentTarget as HTMLSelectElement).value) })}
        >
          {Array.from({ length: numLayers }, (_, l) => (
            <option key={l} value={String(l)}>
              {`${l + 1} of ${numLayers}`}
            </option>
          ))}
        </select>
        <button
          type="button"
          class="al-btn al-btn-icon"
          aria-label="Next layer"
          disabled={v.layer >= numLayers - 1}
          onClick={() => onChange({ layer: Math.min(numLayers - 1, v.layer + 1) })}
        >
          ›
        </button>
      </div>
    </div>
  );
}

function HeadsField(props: { id: string; v: ControlValues; numHeads: number; onChange: Patch }) {
  const { id, v, onChange } = props;
  return (
    <div class="al-field">
      <label for={id}>Heads</label>
      <select
        id={id}
        class="al-select"
        data-testid="head-select"
        value={typeof v.headSel === 'number' ? String(v.headSel) : v.headSel}
        disabled={v.aggregate === 'rollout'}
        title={v.aggregate === 'rollout' ? 'Rollout always averages the heads of each layer' : undefined}
        onChange={(e) => {
          const val = (e.currentTarget as HTMLSelectElement).value;
          onChange({ headSel: val === 'mean' || val === 'max' ? val : Number(val) });
        }}
      >
        <option value="mean">All heads · mean</option>
        <option value="max">All heads · max</option>
        {headOptions(props.numHeads)}
      </select>
    </div>
  );
}

function AggregateField(props: { id: string; v: ControlValues; hasCls: boolean; onChange: Patch }) {
  const { id, v, onChange } = props;
  const choice = aggChoice(v);
  return (
    <div class="al-field">
      <label for={id}>Aggregate</label>
      <select
        id={id}
        class="al-select"
        data-testid="aggregate-select"
        value={choice}
        onChange={(e) => {
          const val = (e.currentTarget as HTMLSelectElement).value as AggChoice;
          if (val === 'mean' || val === 'max') onChange({ aggregate: 'layer', headSel: val });
          else if (val === 'rollout') onChange({ aggregate: 'rollout' });
          else if (val === 'cls') onChange({ aggregate: 'cls' });
        }}
      >
        <option value="mean">Mean over heads</option>
        <option value="max">Max over heads</option>
        {choice === 'single' && (
          <option value="single" disabled>
            {`Single head (${typeof v.headSel === 'number' ? v.headSel + 1 : ''})`}
          </option>
        )}
        <option value="rollout">{`Rollout (layers 1–${v.layer + 1})`}</option>
        <option value="cls" disabled={!props.hasCls}>
          Attention from [CLS]
        </option>
      </select>
    </div>
  );
}
