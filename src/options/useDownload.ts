// Download hook: downloads a model with progress into the op state, cancels it, and aborts it when the page goes.
import { useEffect, useRef } from 'preact/hooks';
import { downloadModel } from '../hub/download';
import type { ModelChoice } from '../shared/model-choice';
import { downloadedSummary, failedDownloadOp, type Op, type OpData } from './op';
import type { UpdateSettings } from './useSettings';

export interface DownloadDeps {
  host: string;
  setOp: (op: Op) => void;
  update: UpdateSettings;
  refreshStored: () => Promise<void>;
  check: (choice: ModelChoice, prefix: string, data: OpData) => Promise<void>;
}

export function useDownload({ host, setOp, update, refreshStored, check }: DownloadDeps) {
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  /**
   * Download `choice` (resuming what an interrupted download kept), make it the model in use unless `keepActive`
   * says otherwise (an update of a stored variant that is not in use), then check it loads from the cache.
   */
  async function download(choice: ModelChoice, { makeActive = true }: { makeActive?: boolean } = {}) {
    const ctrl = new AbortController();
    abort.current = ctrl;
    const startedAt = performance.now();
    setOp({ kind: 'downloading', choice, progress: null, startedAt });
    try {
      const got = await downloadModel(choice, {
        hubHost: host,
        signal: ctrl.signal,
        onProgress: (progress) => setOp({ kind: 'downloading', choice, progress, startedAt }),
      });
      if (makeActive) await update({ model: choice });
      await refreshStored();
      const { prefix, data } = downloadedSummary(got, makeActive);
      await check(choice, prefix, data);
    } catch (err) {
      setOp(failedDownloadOp(choice, err));
      await refreshStored();
    } finally {
      if (abort.current === ctrl) abort.current = null;
    }
  }

  function cancel() {
    abort.current?.abort();
  }

  return { download, cancel };
}
