// PNG / SVG of the current view; the whole result as JSON or as a NumPy .npz.
import { useState } from 'preact/hooks';
import type { AttentionResult } from '../../shared/attention-result';
import { downloadBlob, fileStem, resultJsonBlob, resultNpzBlob, svgBlob, svgToPng } from '../lib/export';
import type { ExportRef } from '../types';
import './components.css';

export function ExportButtons(props: { result: AttentionResult; exportRef: ExportRef }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const run = async (kind: 'png' | 'svg' | 'json' | 'npz') => {
    setError(null);
    setBusy(kind);
    try {
      const stem = fileStem(props.result);
      if (kind === 'npz') {
        await new Promise((res) => setTimeout(res, 0)); // let "busy" paint: the checksum of a big result takes a moment
        downloadBlob(resultNpzBlob(props.result), `${stem}.npz`);
        return;
      }
      if (kind === 'json') {
        downloadBlob(await resultJsonBlob(props.result, (l) => setProgress(`${l}/${props.result.numLayers}`)), `${stem}.json`);
        return;
      }
      const exporter = props.exportRef.current;
      const svg = exporter?.svg();
      if (!exporter || !svg) throw new Error('Nothing to export in this view');
      if (kind === 'svg') downloadBlob(svgBlob(svg), `${stem}-${exporter.name}.svg`);
      else downloadBlob(await svgToPng(svg), `${stem}-${exporter.name}.png`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
      setProgress(null);
    }
  };
  return (
    <div class="al-export" role="group" aria-label="Export">
      <button type="button" class="al-btn al-btn-small" data-testid="export-png" disabled={!!busy} onClick={() => run('png')} title="Download the current view as PNG">
        PNG
      </button>
      <button type="button" class="al-btn al-btn-small" data-testid="export-svg" disabled={!!busy} onClick={() => run('svg')} title="Download the current view as SVG">
        SVG
      </button>
      <button type="button" class="al-btn al-btn-small" data-testid="export-json" disabled={!!busy} onClick={() => run('json')} title="Download tokens and all attention maps as JSON">
        {busy === 'json' && progress ? `JSON ${progress}` : 'JSON'}
      </button>
      <button type="button" class="al-btn al-btn-small" data-testid="export-npz" disabled={!!busy} onClick={() => run('npz')} title="Download tokens and all attention maps as a NumPy .npz (np.load)">
        NPZ
      </button>
      {error && (
        <span class="al-export-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
