// The panel's header: model id, backend, token and layer × head counts, export buttons, theme switch and the
// truncation notice. A group, not a <header>: the surface around the panel has the page's banner and its h1.
import type { ComponentChildren } from 'preact';
import type { AttentionResult } from '../../shared/attention-result';
import type { ComparePair } from '../compare/compare-model';
import { fmtInt } from '../lib/format';
import { windowLabel } from '../window-strip/label';
import type { ExportRef, ThemePref } from '../types';
import { ExportButtons } from './ExportButtons';
import { ThemeSwitch } from './ThemeSwitch';
import { t } from '../../shared/i18n';

export function PanelHeader(props: {
  result: AttentionResult;
  /** Compare mode with B at hand: JSON / NPZ export both results. */
  pair?: ComparePair | null;
  exportRef: ExportRef;
  /** The Copy button (before the export buttons). */
  copy?: ComponentChildren;
  themePref: ThemePref;
  onTheme: (p: ThemePref) => void;
  themeName: string;
}) {
  const { result } = props;
  return (
    <div class="al-header" role="group" aria-label={t('ph_analysis')}>
      <div class="al-title">
        <h2 class="al-model-id" title={t('ph_model')}>
          {result.modelId}
        </h2>
        <span class="al-meta">
          <span class="al-badge" title={t('ph_backend_title')}>
            <span class="al-sr">{t('ph_backend')}</span>
            {result.backend.toUpperCase()}
          </span>
          <span>{t('ph_tokens', fmtInt(result.seqLen))}</span>
          <span aria-hidden="true">·</span>
          <span>{t('ph_shape', result.numLayers, result.numHeads)}</span>
        </span>
      </div>
      <div class="al-header-tools">
        {props.copy}
        <ExportButtons result={result} pair={props.pair ?? null} exportRef={props.exportRef} />
        <ThemeSwitch value={props.themePref} onChange={props.onTheme} name={props.themeName} />
      </div>
      {result.truncated && (
        <p class="al-notice" role="status" data-testid="truncation-notice">
          {result.windows ? windowLabel(result.windows) : truncationLabel(result.truncated)}
        </p>
      )}
    </div>
  );
}

/** What a cut analysis shows: the first tokens of a text, or of each sentence of a pair (cut longest first). */
function truncationLabel(cut: NonNullable<AttentionResult['truncated']>): string {
  if (!cut.pair) return t('ph_truncated', fmtInt(cut.shown), fmtInt(cut.total));
  const { a, b } = cut.pair;
  return t('ph_truncated_pair', fmtInt(a.shown), fmtInt(a.total), fmtInt(b.shown), fmtInt(b.total));
}
