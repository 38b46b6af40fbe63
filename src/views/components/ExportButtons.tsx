// PNG / SVG of the current view; the whole result as JSON or as a NumPy .npz. Named by lib/export exportFileName.
// In compare mode with B at hand (`pair`), JSON holds {"a": …, "b": …} and the NPZ every array twice, prefixed a_ / b_.
// While one runs the buttons are aria-disabled (not disabled), so the focused button keeps focus.
import { useState } from 'preact/hooks';
import type { AttentionResult } from '../../shared/attention-result';
import type { ComparePair } from '../compare/compare-model';
import { downloadBlob, exportFileName, pairJsonBlob, pairNpzBlob, resultJsonBlob, resultNpzBlob, svgBlob, svgToPng } from '../lib/export';
import type { ExportRef } from '../types';
import './components.css';
import { t } from '../../shared/i18n';

export function ExportButtons(props: { result: AttentionResult; pair: ComparePair | null; exportRef: ExportRef }) {
  const { pair } = props;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const run = async (kind: 'png' | 'svg' | 'json' | 'npz') => {
    if (busy) return;
    setError(null);
    setBusy(kind);
    try {
      const name = exportFileName(props.result.modelId, props.result.text, pair && (kind === 'json' || kind === 'npz') ? `compare.${kind}` : kind);
      if (kind === 'npz') {
        await new Promise((res) => setTimeout(res, 0)); // let "busy" paint: the checksum of a big result takes a moment
        downloadBlob(pair ? pairNpzBlob(pair.a, pair.b) : resultNpzBlob(props.result), name);
        return;
      }
      if (kind === 'json') {
        const blob = pair
          ? await pairJsonBlob(pair.a, pair.b, (d, t) => setProgress(`${d}/${t}`))
          : await resultJsonBlob(props.result, (l) => setProgress(`${l}/${props.result.numLayers}`));
        downloadBlob(blob, name);
        return;
      }
      const exporter = props.exportRef.current;
      const svg = exporter?.svg();
      if (!exporter || !svg) throw new Error(t('export_nothing'));
      if (kind === 'svg') downloadBlob(svgBlob(svg), name);
      else downloadBlob(await svgToPng(svg), name);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
      setProgress(null);
    }
  };
  return (
    <div class="al-export" role="group" aria-label={t('export_label')}>
      <button
        type="button"
        class="al-btn al-btn-small"
        data-testid="export-png"
        aria-disabled={busy ? 'true' : undefined}
        onClick={() => run('png')}
        title={t('export_png_title')}
      >
        PNG
      </button>
      <button
        type="button"
        class="al-btn al-btn-small"
        data-testid="export-svg"
        aria-disabled={busy ? 'true' : undefined}
        onClick={() => run('svg')}
        title={t('export_svg_title')}
      >
        SVG
      </button>
      <button
        type="button"
        class="al-btn al-btn-small"
        data-testid="export-json"
        aria-disabled={busy ? 'true' : undefined}
        onClick={() => run('json')}
        title={pair ? t('export_json_pair_title', pair.labelA, pair.labelB) : t('export_json_title')}
      >
        {busy === 'json' && progress ? `JSON ${progress}` : pair ? 'JSON A+B' : 'JSON'}
      </button>
      <button
        type="button"
        class="al-btn al-btn-small"
        data-testid="export-npz"
        aria-disabled={busy ? 'true' : undefined}
        onClick={() => run('npz')}
        title={pair ? t('export_npz_pair_title', pair.labelA, pair.labelB) : t('export_npz_title')}
      >
        {pair ? 'NPZ A+B' : 'NPZ'}
      </button>
      {error && (
        <span class="al-export-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
