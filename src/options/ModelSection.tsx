// The "Model" card: model picker, variant picker, the action for the picked model, and the operation's status.
import type { Settings } from '../app/settings';
import { catalogEntry } from '../hub/catalog';
import type { StoredModel } from '../hub/store';
import { BUNDLED_MODEL_ID } from '../shared/model-choice';
import { ModelAction, type ModelActions } from './ModelAction';
import { ModelPicker } from './ModelPicker';
import type { Op } from './op';
import { OpStatus } from './OpStatus';
import { CUSTOM, probeKeyOf } from './pick';
import { expectedBytes, sizeLabel } from './sizes';
import { storedFor } from './stored';
import { backendKindOf, recommendedFor, useGpuSupport } from './useBackendKind';
import { useModelPick } from './useModelPick';
import { usePartial } from './usePartial';
import { useProbeSizes } from './useProbeSizes';
import { VariantPicker } from './VariantPicker';
import { t } from '../shared/i18n';

export interface ModelSectionProps {
  settings: Settings;
  stored: StoredModel[];
  op: Op;
  busy: boolean;
  actions: ModelActions;
  /** Changes when a partial download was discarded. */
  partialVersion: number;
}

export function ModelSection({ settings, stored, op, busy, actions, partialVersion }: ModelSectionProps) {
  const picked = useModelPick(settings.model);
  const { pick, pending } = picked;
  const host = settings.hubHost;
  const probed = useProbeSizes(probeKeyOf(picked, host));
  const sources = { entry: pick === CUSTOM ? undefined : catalogEntry(pick), probed, custom: pick === CUSTOM };
  const pendingStored = pending && pending.source === 'hub' ? storedFor(stored, pending, host) : undefined;
  const gpu = useGpuSupport();
  const backendKind = backendKindOf(settings.backend, gpu);
  const recommended = recommendedFor(backendKind, gpu);
  // float16 variants on a WebGPU adapter without shader-f16 cannot run on the GPU
  const f16Blocked = backendKind === 'webgpu' && gpu !== null && gpu.adapter && !gpu.shaderF16;
  // re-read after every operation: a cut download leaves a partial, a finished or discarded one removes it
  const partial = usePartial(pendingStored ? null : pending, host, `${op.kind}|${stored.length}|${partialVersion}`);

  return (
    <section class="opt-card" aria-labelledby="opt-model-h">
      <h2 id="opt-model-h">{t('opt_model_title')}</h2>
      <p class="opt-sub">{t('opt_model_desc')}</p>

      <ModelPicker picked={picked} inUse={settings.model} stored={stored} host={host} busy={busy} />

      {pick !== BUNDLED_MODEL_ID && (
        <VariantPicker
          variant={picked.variant}
          onVariant={picked.setVariant}
          busy={busy}
          recommended={recommended}
          f16Blocked={f16Blocked}
          sizeOf={(v) => {
            const have = pending ? storedFor(stored, { ...pending, variant: v }, host) : undefined;
            return { have, size: sizeLabel(v, have, sources) };
          }}
        />
      )}

      <ModelAction
        pending={pending}
        inUse={settings.model}
        pendingStored={pendingStored}
        expectedBytes={pending ? expectedBytes(pending.variant, sources) : null}
        partial={partial}
        op={op}
        busy={busy}
        actions={actions}
      />
      <OpStatus op={op} />
    </section>
  );
}
