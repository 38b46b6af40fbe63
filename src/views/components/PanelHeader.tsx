// The panel's header: model id, backend, token and layer × head counts, export buttons, theme switch and the
// truncation notice. A group, not a <header>: the surface around the panel has the page's banner and its h1.
import type { AttentionResult } from '../../shared/attention-result';
import { fmtInt } from '../lib/format';
import type { ExportRef, ThemePref } from '../types';
import { ExportButtons } from './ExportButtons';
import { ThemeSwitch } from './ThemeSwitch';

export function PanelHeader(props: { result: AttentionResult; exportRef: ExportRef; themePref: ThemePref; onTheme: (p: ThemePref) => void; themeName: string }) {
  const { result } = props;
  return (
    <div class="al-header" role="group" aria-label="Analysis">
      <div class="al-title">
        <h2 class="al-model-id" title="Model">
          {result.modelId}
        </h2>
        <span class="al-meta">
          <span class="al-badge" title="Execution backend">
            <span class="al-sr">Backend </span>
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
    </div>
  );
}
