// Which backend will run the model: the setting, or for "auto" whether this browser offers a WebGPU adapter
// (asked once), and whether that adapter has shader-f16 (float16 variants need it on WebGPU). Decides which variant
// the Options page recommends.
import { useEffect, useState } from 'preact/hooks';
import { RECOMMENDED_VARIANT } from '../hub/catalog';
import type { BackendPreference, ModelVariant } from '../shared/model-choice';
import { t } from '../shared/i18n';

export type BackendKind = 'webgpu' | 'wasm';

export const BACKEND_NAMES: Record<BackendKind, string> = { webgpu: 'WebGPU', wasm: 'WebAssembly' };

/** What the browser's WebGPU offers: null while asking. */
export interface GpuSupport {
  adapter: boolean;
  shaderF16: boolean;
}

/** Pure: the backend a preference ends up with, given the adapter (null = not known yet). */
export function backendKindOf(preference: BackendPreference, gpu: GpuSupport | null): BackendKind {
  if (preference === 'webgpu' || preference === 'wasm') return preference;
  return gpu?.adapter ? 'webgpu' : 'wasm';
}

/** Pure: the variant to recommend, and for which backend (in words). */
export function recommendedFor(kind: BackendKind, gpu: GpuSupport | null): { variant: ModelVariant; backend: string } {
  if (kind === 'wasm') return { variant: RECOMMENDED_VARIANT.wasm, backend: BACKEND_NAMES.wasm };
  if (gpu && gpu.adapter && !gpu.shaderF16) return { variant: RECOMMENDED_VARIANT['webgpu-no-f16'], backend: t('opt_webgpu_no_f16') };
  return { variant: RECOMMENDED_VARIANT.webgpu, backend: BACKEND_NAMES.webgpu };
}

export function useGpuSupport(): GpuSupport | null {
  const [gpu, setGpu] = useState<GpuSupport | null>(null);
  useEffect(() => {
    const api = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ features: ReadonlySet<string> } | null> } }).gpu;
    if (!api) {
      setGpu({ adapter: false, shaderF16: false });
      return;
    }
    let live = true;
    api
      .requestAdapter()
      .then((a) => live && setGpu({ adapter: Boolean(a), shaderF16: Boolean(a?.features.has('shader-f16')) }))
      .catch(() => live && setGpu({ adapter: false, shaderF16: false }));
    return () => {
      live = false;
    };
  }, []);
  return gpu;
}
