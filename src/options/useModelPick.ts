// Model-pick hook: the picked radio, variant and typed Hub id (starting from the model in use), and the choice they stand for.
import { useMemo, useState } from 'preact/hooks';
import type { ModelChoice, ModelVariant } from '../shared/model-choice';
import { pendingChoice, pickOfModel, type PickState } from './pick';

export interface ModelPick extends PickState {
  /** The choice the pick stands for; null while the typed id is invalid. */
  pending: ModelChoice | null;
  setPick: (pick: string) => void;
  setVariant: (variant: ModelVariant) => void;
  setCustomId: (id: string) => void;
}

/** `inUse` only seeds the pick (read once, when the component mounts). */
export function useModelPick(inUse: ModelChoice): ModelPick {
  const [initial] = useState(() => pickOfModel(inUse));
  const [pick, setPick] = useState(initial.pick);
  const [variant, setVariant] = useState<ModelVariant>(initial.variant);
  const [customId, setCustomId] = useState(initial.customId);
  const pending = useMemo(() => pendingChoice({ pick, customId, variant }), [pick, customId, variant]);
  return { pick, variant, customId, pending, setPick, setVariant, setCustomId };
}
