// Pure text helpers of the Options page: durations, download percent, rate and bytes so far.
import { formatBytes } from '../hub/catalog';
import type { DownloadProgress } from '../hub/download';
import { t } from '../shared/i18n';

/** "840 ms" below a second, "2.3 s" above. */
export function formatMs(ms: number): string {
  return ms < 1000 ? t('unit_ms', Math.round(ms)) : t('unit_seconds', (ms / 1000).toFixed(1));
}

/** A percent with one decimal below 10 ("7.5"), none from 10 on ("42"). */
export function formatPercent(percent: number): string {
  return percent.toFixed(percent >= 10 ? 0 : 1);
}

/** MB/s of a running download (bytes a resumed download already had do not count); null before there is progress or during its first half second. */
export function downloadRate(progress: DownloadProgress | null, elapsedS: number): number | null {
  return progress && elapsedS > 0.5 ? (progress.loaded - (progress.resumed ?? 0)) / 1e6 / elapsedS : null;
}

/** "3.2 MB of 19.6 MB" ("?" for an unknown total), or "Connecting…" before the first byte. */
export function progressBytesText(progress: DownloadProgress | null): string {
  return progress ? t('opt_bytes_of', formatBytes(progress.loaded), progress.total ? formatBytes(progress.total) : '?') : t('opt_connecting');
}
