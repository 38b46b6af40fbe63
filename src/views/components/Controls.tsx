// Shared controls: layer, heads (mean / max / single), aggregate, hide [CLS]/[SEP], word mode.
import type { HeadSel } from '../lib/view-model';
import type { AggregateMode, TabId } from '../types';

export interface ControlValues {
  layer: number;
  headSel: HeadSel;
  aggregate: AggregateMode;
  hideSpecial: boolean;
  wordMode: boolean;
}

type AggChoice = 'mean' | 'max' | 'single' | 'rollout' | 'cls';

function aggChoice(v: ControlValues): AggChoice {
  if (v.aggregate === 'rollout') return 'rollout';
  if (v.aggregate === 'cls') return 'cls';
  return typeof v.headSel === 'number' ? 'single' : v.headSel;
}

const SHOWN: Record<TabId, (keyof ControlValues)[]> = {
  tokens: ['layer', 'headSel', 'aggregate', 'hideSpecial', 'wordMode'],
  head: ['layer', 'hideSpecial', 'wordMode'],
  model: ['hideSpecial', 'wordMode'],
  heads: [],
  neuron: ['layer'],
};

export function hasControls(tab: TabId): boolean {
  return SHOWN[tab].length > 0;
}

export function Controls(props: {
  tab: TabId;
  numLayers: number;
  numHeads: number;
  hasCls: boolean;
  values: ControlValues;
  onChange: (patch: Partial<ControlValues>) => void;
  idPrefix: string;
}) {
  const { values: v, onChange, numLayers, numHeads, idPrefix } = props;
  const shown = new Set(SHOWN[props.tab]);
  if (!shown.size) return null;
  const choice = aggChoice(v);
  const headValue = typeof v.headSel === 'number' ? String(v.headSel) : v.headSel;
  const id = (s: string) => `${idPrefix}-${s}`;
  return (
    <div class="al-controls" role="group" aria-label="View settings" data-testid="controls">
      {shown.has('layer') && (
        <div class="al-field">
          <label for={id('layer')}>Layer</label>
          <div class="al-stepper">
            <button
              type="button"
              class="al-btn al-btn-icon"
              aria-label="Previous layer"
              disabled={v.layer <= 0}
              onClick={() => onChange({ layer: Math.max(0, v.layer - 1) })}
            >
              ‹
            </button>
            <select
              id={id('layer')}
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
      )}
      {shown.has('headSel') && (
        <div class="al-field">
          <label for={id('heads')}>Heads</label>
          <select
            id={id('heads')}
            class="al-select"
            data-testid="head-select"
            value={headValue}
            disabled={v.aggregate === 'rollout'}
            title={v.aggregate === 'rollout' ? 'Rollout always averages the heads of each layer' : undefined}
            onChange={(e) => {
              const val = (e.currentTarget as HTMLSelectElement).value;
              onChange({ headSel: val === 'mean' || val === 'max' ? val : Number(val) });
            }}
          >
            <option value="mean">All heads · mean</option>
            <option value="max">All heads · max</option>
            {Array.from({ length: numHeads }, (_, h) => (
              <option key={h} value={String(h)}>{`Head ${h + 1}`}</option>
            ))}
          </select>
        </div>
      )}
      {shown.has('aggregate') && (
        <div class="al-field">
          <label for={id('agg')}>Aggregate</label>
          <select
            id={id('agg')}
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
      )}
      {(shown.has('hideSpecial') || shown.has('wordMode')) && (
        <div class="al-toggles">
          {shown.has('hideSpecial') && (
            <label class="al-switch" title="Drop [CLS]/[SEP] rows and columns and renormalise each row">
              <input
                type="checkbox"
                role="switch"
                data-testid="toggle-hide-special"
                checked={v.hideSpecial}
                onChange={(e) => onChange({ hideSpecial: (e.currentTarget as HTMLInputElement).checked })}
              />
              <span class="al-switch-track" aria-hidden="true" />
              <span>Hide [CLS]/[SEP]</span>
            </label>
          )}
          {shown.has('wordMode') && (
            <label class="al-switch" title="Merge word pieces: attention to a word is summed over its pieces, attention from it averaged">
              <input
                type="checkbox"
                role="switch"
                data-testid="toggle-word-mode"
                checked={v.wordMode}
                onChange={(e) => onChange({ wordMode: (e.currentTarget as HTMLInputElement).checked })}
              />
              <span class="al-switch-track" aria-hidden="true" />
              <span>Words</span>
            </label>
          )}
        </div>
      )}
    </div>
  );
}
