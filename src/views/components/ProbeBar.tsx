// Masked-token probing above the views: while the masked input runs, a status line; then the switch between the
// original and the masked input (every view follows it), the top predictions per masked position (text·position,
// probability bars), "Compare" (the per-head difference of the two inputs, in the Compare tab) and "Clear".
import type { AttentionResult } from '../../shared/attention-result';
import { fmtPct, tokenName } from '../lib/format';

/** A probability as a percentage: one decimal, or two significant digits below 0.1 % (an untrained model's spread). */
export function fmtProb(p: number): string {
  return p >= 0.001 || p <= 0 ? fmtPct(p) : `${(p * 100).toPrecision(2)}%`;
}
import type { ProbeProps } from '../research';
import { Meter } from './Meter';
import { Segmented } from './Segmented';
import './probe.css';
import { t, tParts } from '../../shared/i18n';

export function ProbeBar(props: { probe: ProbeProps; original: AttentionResult; onCompare?: () => void; idPrefix: string }) {
  const { probe, original } = props;
  const run = probe.run;
  if (run.kind === 'none') return null;
  const names = run.positions.map((p) => tokenName(original.tokens[p]?.text ?? '?', p)).join(', ');
  if (run.kind === 'working') {
    return (
      <div class="al-probe is-working" role="status" data-testid="probe-working">
        <span class="al-probe-spinner" aria-hidden="true" />
        {t('probe_masking', names)}
      </div>
    );
  }
  if (run.kind === 'error') {
    return (
      <div class="al-probe is-error" role="alert" data-testid="probe-error">
        <p>{t('probe_failed', names, run.message)}</p>
        <button type="button" class="al-btn al-btn-small" data-testid="probe-clear" onClick={probe.onClear}>
          {t('probe_dismiss')}
        </button>
      </div>
    );
  }
  const masked = run.result.masked;
  const showing = probe.showing;
  return (
    <section class="al-probe" aria-label={t('probe_label')} data-testid="probe-bar" data-showing={showing}>
      <div class="al-probe-head">
        <h3 class="al-probe-title">{tParts('probe_masked', <span class="al-probe-names">{names}</span>)}</h3>
        <Segmented
          legend={t('probe_input_shown')}
          name={`${props.idPrefix}-probe-show`}
          value={showing}
          options={[
            { value: 'original', label: t('probe_original'), testid: 'probe-show-original' },
            { value: 'masked', label: t('probe_masked_input'), testid: 'probe-show-masked' },
          ]}
          onChange={probe.onShow}
        />
        <span class="al-probe-actions">
          {props.onCompare && (
            <button type="button" class="al-btn al-btn-small" data-testid="probe-diff" onClick={props.onCompare} title={t('probe_diff_title')}>
              {t('probe_diff')}
            </button>
          )}
          <button type="button" class="al-btn al-btn-small" data-testid="probe-clear" onClick={probe.onClear} title={t('probe_clear_title')}>
            {t('probe_clear')}
          </button>
        </span>
      </div>
      {masked ? (
        <div class="al-probe-preds" data-testid="probe-predictions">
          {masked.positions.map((pos, q) => (
            <div class="al-probe-pos" key={pos} data-testid="probe-position" data-position={pos}>
              <p class="al-probe-pos-title" id={`al-probe-${pos}`}>
                {`${tokenName(masked.originals[q] ?? '?', pos)} → `}
                <span class="al-probe-mask">{run.result.tokens[pos]?.text ?? '[MASK]'}</span>
                <span class="al-probe-sub">{t('probe_top', masked.top[q]?.length ?? 0)}</span>
              </p>
              <ol class="al-probe-list" aria-labelledby={`al-probe-${pos}`} data-testid="probe-list">
                {(masked.top[q] ?? []).map((p, k) => (
                  <li
                    key={k}
                    class={`al-probe-item${p.token === masked.originals[q] ? ' is-original' : ''}`}
                    data-testid="probe-prediction"
                    data-token={p.token}
                    data-prob={p.prob.toFixed(6)}
                  >
                    <span class="al-probe-rank" aria-hidden="true">
                      {k + 1}
                    </span>
                    <span class="al-probe-token">
                      {p.token}
                      {p.token === masked.originals[q] && <span class="al-sr">{t('probe_original_token')}</span>}
                    </span>
                    <Meter value={p.prob} />
                    <span class="al-probe-prob">{fmtProb(p.prob)}</span>
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </div>
      ) : (
        <p class="al-hint">{t('probe_no_predictions')}</p>
      )}
    </section>
  );
}
