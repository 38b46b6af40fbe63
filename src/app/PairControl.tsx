// Lets the user analyse the selection as a sentence pair (segments A/B, token_type_ids 0/1): pick
// where sentence B starts among the selection's sentence boundaries. The head view then offers the
// A→A / A→B / B→A / B→B filter.
import { sentenceBoundaries } from '../core/text/sentence-boundaries';
import { t } from '../shared/i18n';

function preview(text: string, at: number): string {
  const a = text.slice(0, at).replace(/\s+/g, ' ').trim();
  return a.length > 48 ? `…${a.slice(-46)}` : a;
}

export function PairControl(props: { text: string; split: number | null; onSplit: (at: number | null) => void }) {
  const bounds = sentenceBoundaries(props.text);
  if (!bounds.length) return null;
  return (
    <label class="lens-pair">
      <span class="lens-pair-label">{t('app_pair_label')}</span>
      <select
        data-testid="pair-split"
        value={props.split === null ? '' : String(props.split)}
        onChange={(e) => {
          const v = (e.currentTarget as HTMLSelectElement).value;
          props.onSplit(v === '' ? null : Number(v));
        }}
      >
        <option value="">{t('app_pair_off')}</option>
        {bounds.map((at) => (
          <option key={at} value={String(at)}>
            {t('app_pair_a_ends', preview(props.text, at))}
          </option>
        ))}
      </select>
    </label>
  );
}
