// The panel's header: model id, backend, token and layer × head counts, export buttons, theme switch and the
// truncation notice.
import type { AttentionResult } from '../../shared/attention-result';
import { fmtInt } from '../lib/format';
import type { ExportRef, ThemePref } from '../types';
import { ExportButtons } from './ExportButtons';
import { ThemeSwitch } from './ThemeSwitch';

export function PanelHeader(props: { result: AttentionResult; exportRef: ExportRef; themePref: ThemePref; onTheme: (p: ThemePref) => void; themeName: string }) {
  const { result } = props;
  return (
    <header class="al-header">
      <div class="al-title">
        <span class="al-model-id" title="Model">
          {result.modelId}
        </span>
        <span class="al-meta">
          <span class="al-badge" title="Execution backend">
            {result.backend.toUpperCase()}
          </span>
          <span>{`${fmtInt(result.seqLen)} tokens`}</span>
          <span aria-hidden="true">·</span>
          <span>{`${result.numLayers} layers × ${result.numHeads} heads`}</span>
        </span>
      </div>
      <div class="al-header-tools">
        <ExportButtons result={result} exportRef={props.exportRef} />
        <ThemeSwitch value={props.themePref} onChange={props.onTheme} name={props.themeName} />
      </div>
      {result.truncated && (
        <p class="al-notice" role="status" data-testid="truncation-notice">
          {`Showing the first ${fmtInt(result.truncated.shown)} of ${fmtInt(result.truncated.total)} tokens`}
        </p>
      )}
    </header>
  );
}
