// The partial download (kept after a cut connection) of the picked model, to offer "Resume" instead of "Download".
import { useEffect, useState } from 'preact/hooks';
import { partialDownloadOf } from '../hub/download';
import type { PartialDownload } from '../hub/chunks';
import type { ModelChoice } from '../shared/model-choice';

/** `version` changes whenever a download or a discard may have changed what is stored. */
export function usePartial(choice: ModelChoice | null, host: string, version: unknown): PartialDownload | null {
  const [partial, setPartial] = useState<PartialDownload | null>(null);
  const key = choice && choice.source === 'hub' ? `${host}|${choice.id}|${choice.variant}` : '';
  useEffect(() => {
    if (!choice || choice.source !== 'hub') {
      setPartial(null);
      return;
    }
    let live = true;
    void partialDownloadOf(choice, host)
      .then((p) => live && setPartial(p))
      .catch(() => live && setPartial(null));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, version]);
  return partial;
}
