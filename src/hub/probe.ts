// Sizes of a Hub model's ONNX variants before downloading them, from one-byte Range requests
// (the way transformers.js' get_file_metadata asks: a 206 carries the full size in content-range,
// and a 404 means the export does not publish that variant). Used for ids typed by the user;
// the catalog carries its sizes.
import { VARIANTS, VARIANT_FILES, hubFileUrl } from './catalog';
import type { ModelVariant } from '../shared/model-choice';

/** Bytes of the file; 'missing' for a 404; null when the host did not say. */
export type ProbedSize = number | 'missing' | null;

export function sizeFromHeaders(status: number, headers: Headers): ProbedSize {
  if (status === 404) return 'missing';
  if (status === 206) {
    const m = /\/(\d+)\s*$/.exec(headers.get('content-range') ?? '');
    if (m) return Number(m[1]);
  }
  if (status === 200) {
    const n = Number.parseInt(headers.get('content-length') ?? '', 10);
    if (Number.isFinite(n)) return n;
  }
  return null;
}

export async function probeVariantSizes(
  id: string,
  options: { hubHost: string; revision?: string; signal?: AbortSignal; fetch?: typeof fetch },
): Promise<Record<ModelVariant, ProbedSize>> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const sizes = await Promise.all(
    VARIANTS.map(async (v): Promise<ProbedSize> => {
      try {
        const res = await doFetch(hubFileUrl(options.hubHost, id, options.revision ?? 'main', VARIANT_FILES[v]), {
          headers: { Range: 'bytes=0-0' },
          cache: 'no-store',
          credentials: 'omit',
          signal: options.signal,
        });
        void res.body?.cancel().catch(() => undefined); // a server that ignores Range would send it all
        return sizeFromHeaders(res.status, res.headers);
      } catch {
        return null;
      }
    }),
  );
  return Object.fromEntries(VARIANTS.map((v, i) => [v, sizes[i]])) as Record<ModelVariant, ProbedSize>;
}
