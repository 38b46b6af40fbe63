// The engine's loading stages in words (LensBody's spinner, the scratchpad's status line, compare mode's B).
import type { EngineProgress } from './engine-client';
import { t } from '../shared/i18n';

/** What the engine is doing, in words: a first analysis loads the model in stages. */
export function stageText(p: EngineProgress | undefined): string {
  const model = p?.modelId ? ` ${p.modelId}` : '';
  switch (p?.stage) {
    case 'reading-model':
      return p.fraction !== undefined ? t('app_stage_reading_model_pct', model, Math.round(p.fraction * 100)) : t('app_stage_reading_model', model);
    case 'tokenizer':
      return t('app_stage_tokenizer');
    case 'preparing':
      return t('app_stage_preparing');
    case 'starting-runtime':
      return t('app_stage_runtime');
    default:
      // A long text: its windows are run one by one (the shown one and the summaries of the others).
      if (p?.windowsTotal && p.windowsTotal > 1) {
        const current = Math.min(p.windowsTotal, (p.windowsDone ?? 0) + 1);
        if (!p.etaMs) return t('app_stage_running_windows', current, p.windowsTotal);
        return t('app_stage_running_windows_eta', current, p.windowsTotal, p.etaMs >= 10_000 ? Math.round(p.etaMs / 1000) : (p.etaMs / 1000).toFixed(1));
      }
      return t('app_stage_running');
  }
}
