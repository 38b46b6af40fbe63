// How a window of a long text is named (the strip, the panel header's notice, the drill-down).
import type { WindowInfo } from '../../shared/attention-result';
import { fmtInt } from '../lib/format';
import { t } from '../../shared/i18n';

/** "Window 3 of 12 · tokens 1,021–1,530 of 6,000". */
export function windowLabel(w: WindowInfo, k = w.index): string {
  const r = w.ranges[k];
  return t('win_name', k + 1, w.count, fmtInt(r.start + 1), fmtInt(r.end), fmtInt(w.totalTokens));
}
