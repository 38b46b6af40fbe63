// The head view's toolbar: head swatches, the sentence-pair filter (pairs only) and the edge-mass slider.
import type { HeadRole } from '../../core/attention/head-roles';
import { fmtInt } from '../lib/format';
import type { HeadChoice } from '../view-state';
import { HeadSwatches } from './HeadSwatches';
import { LINE_CAP, type PairFilter } from './lines';

const PAIR_OPTIONS: { value: PairFilter; label: string; aria: string }[] = [
  { value: 'all', label: 'All', aria: 'All token pairs' },
  { value: 'AA', label: 'A→A', aria: 'Sentence A to sentence A' },
  { value: 'AB', label: 'A→B', aria: 'Sentence A to sentence B' },
  { value: 'BA', label: 'B→A', aria: 'Sentence B to sentence A' },
  { value: 'BB', label: 'B→B', aria: 'Sentence B to sentence B' },
];

export function HeadToolbar(props: {
  layer: number;
  colors: string[];
  choice: HeadChoice;
  /** [head]: drawn or not (the choice as a mask). */
  selected: boolean[];
  onHeads: (c: HeadChoice) => void;
  /** Show the pair filter (the input has a sentence B). */
  isPair: boolean;
  pairFilter: PairFilter;
  onPairFilter: (f: PairFilter) => void;
  /** Share of each row's mass the drawn edges cover (0..1), whether the user set it, and how many edges that is. */
  mass: number;
  massIsManual: boolean;
  onMass: (mass: number | null) => void;
  lineCount: number;
  /** The layer's head roles (swatch tooltips), when known. */
  roles?: readonly (HeadRole | null)[];
}) {
  const { layer, pairFilter } = props;
  const massPct = Math.round(props.mass * 100);
  return (
    <div class="al-hv-toolbar">
      <HeadSwatches colors={props.colors} choice={props.choice} selected={props.selected} onChange={props.onHeads} roles={props.roles} />
      <div class="al-hv-toolrow">
        {props.isPair && (
          <fieldset class="al-seg al-seg-small" data-testid="pair-filter">
            <legend class="al-field-label">Pairs</legend>
            {PAIR_OPTIONS.map((o) => (
              <label key={o.value} class="al-seg-item">
                <input type="radio" name={`al-pair-${layer}`} value={o.value} checked={pairFilter === o.value} onChange={() => props.onPairFilter(o.value)} aria-label={o.aria} />
                <span class="al-seg-text">{o.label}</span>
              </label>
            ))}
          </fieldset>
        )}
        <div class="al-prune">
          <label class="al-field-label" for={`al-prune-${layer}`}>
            Edges
          </label>
          <input
            id={`al-prune-${layer}`}
            type="range"
            min={20}
            max={100}
            step={5}
            value={massPct}
            data-testid="prune-slider"
            aria-valuetext={`Strongest edges covering ${massPct}% of each row`}
            onInput={(e) => props.onMass(Number((e.currentTarget as HTMLInputElement).value) / 100)}
          />
          <span class="al-prune-text">
            {props.lineCount > LINE_CAP
              ? `${massPct}% of each row · strongest ${fmtInt(LINE_CAP)} of ${fmtInt(props.lineCount)} lines`
              : `${massPct}% of each row · ${fmtInt(props.lineCount)} lines`}
          </span>
          {props.massIsManual && (
            <button type="button" class="al-btn al-btn-small" onClick={() => props.onMass(null)}>
              Auto
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
