// The head view's toolbar: head swatches, the sentence-pair filter (pairs only) and the edge-mass slider.
import type { HeadRole } from '../../core/attention/head-roles';
import { fmtInt } from '../lib/format';
import type { HeadChoice } from '../view-state';
import { HeadSwatches } from './HeadSwatches';
import { LINE_CAP, type PairFilter } from './lines';
import { t, type MessageKey } from '../../shared/i18n';

const PAIR_OPTIONS: { value: PairFilter; label: MessageKey | 'A→A' | 'A→B' | 'B→A' | 'B→B'; aria: MessageKey }[] = [
  { value: 'all', label: 'hv_pairs_all', aria: 'hv_pairs_all_label' },
  { value: 'AA', label: 'A→A', aria: 'hv_pairs_aa' },
  { value: 'AB', label: 'A→B', aria: 'hv_pairs_ab' },
  { value: 'BA', label: 'B→A', aria: 'hv_pairs_ba' },
  { value: 'BB', label: 'B→B', aria: 'hv_pairs_bb' },
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
            <legend class="al-field-label">{t('hv_pairs')}</legend>
            {PAIR_OPTIONS.map((o) => (
              <label key={o.value} class="al-seg-item">
                <input
                  type="radio"
                  name={`al-pair-${layer}`}
                  value={o.value}
                  checked={pairFilter === o.value}
                  onChange={() => props.onPairFilter(o.value)}
                  aria-label={t(o.aria)}
                />
                <span class="al-seg-text">{o.value === 'all' ? t('hv_pairs_all') : o.label}</span>
              </label>
            ))}
          </fieldset>
        )}
        <div class="al-prune">
          <label class="al-field-label" for={`al-prune-${layer}`}>
            {t('hv_edges')}
          </label>
          <input
            id={`al-prune-${layer}`}
            type="range"
            min={20}
            max={100}
            step={5}
            value={massPct}
            data-testid="prune-slider"
            aria-valuetext={t('hv_edges_value', massPct)}
            onInput={(e) => props.onMass(Number((e.currentTarget as HTMLInputElement).value) / 100)}
          />
          <span class="al-prune-text">
            {props.lineCount > LINE_CAP
              ? t('hv_edges_capped', massPct, fmtInt(LINE_CAP), fmtInt(props.lineCount))
              : t('hv_edges_count', massPct, fmtInt(props.lineCount))}
          </span>
          {props.massIsManual && (
            <button type="button" class="al-btn al-btn-small" onClick={() => props.onMass(null)}>
              {t('hv_auto')}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
