// Probe hook: sizes of a typed Hub id's variants (one-byte Range requests), once the id has settled for 400 ms.
import { useEffect, useState } from 'preact/hooks';
import { probeVariantSizes, type ProbedSize } from '../hub/probe';
import type { ModelVariant } from '../shared/model-choice';
import type { ProbedSizes } from './sizes';

const SETTLE_MS = 400;

/** `probeKey` is "host|id" (see probeKeyOf), or '' for nothing to probe. */
export function useProbeSizes(probeKey: string): ProbedSizes {
  const [probe, setProbe] = useState<{ key: string; sizes: Record<ModelVariant, ProbedSize> | null } | null>(null);
  useEffect(() => {
    if (!probeKey) return;
    const ctrl = new AbortController();
    const [hubHost, id] = probeKey.split('|');
    setProbe({ key: probeKey, sizes: null });
    const timer = setTimeout(() => {
      void probeVariantSizes(id, { hubHost, signal: ctrl.signal }).then((sizes) => {
        if (!ctrl.signal.aborted) setProbe({ key: probeKey, sizes });
      });
    }, SETTLE_MS);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [probeKey]);
  return probe && probe.key === probeKey ? probe.sizes : undefined;
}
