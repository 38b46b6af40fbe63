// How a window of a long text is named (the strip, the panel header's notice, the drill-down).
import type { WindowInfo } from '../../shared/attention-result';
import { fmtInt } from '../lib/format';

/** "Window 3 of 12 · tokens 1,021–1,530 of 6,000". */
export function windowLabel(w: WindowInfo, k = w.index): string {
  const r = w.ranges[k];
  return `Window ${k + 1} of ${w.count} · tokens ${fmtInt(r.start + 1)}–${fmtInt(r.end)} of ${fmtInt(w.totalTokens)}`;
}
