// Pure model-pick logic: the picked radio (a catalog id, or CUSTOM for a typed Hub id) and the choice it stands for.
import { catalogEntry, hubIdProblem } from '../hub/catalog';
import { BUNDLED_MODEL_ID, DEFAULT_MODEL, type ModelChoice, type ModelVariant } from '../shared/model-choice';

/** The value of the "Other Hub model" radio. */
export const CUSTOM = '__custom__';

export interface PickState {
  pick: string;
  variant: ModelVariant;
  customId: string;
}

/** What the page shows before settings say otherwise: the built-in model, q8 preselected for Hub models. */
export const INITIAL_PICK: PickState = { pick: BUNDLED_MODEL_ID, variant: 'q8', customId: '' };

/** The pick that shows `model` (the model in use when the page opens). */
export function pickOfModel(model: ModelChoice): PickState {
  if (model.source !== 'hub') return INITIAL_PICK;
  if (catalogEntry(model.id)) return { ...INITIAL_PICK, pick: model.id, variant: model.variant };
  return { pick: CUSTOM, variant: model.variant, customId: model.id };
}

/** The choice the pick stands for; null while the typed Hub id is not a valid id. */
export function pendingChoice({ pick, customId, variant }: PickState): ModelChoice | null {
  if (pick === BUNDLED_MODEL_ID) return DEFAULT_MODEL;
  const id = pick === CUSTOM ? customId.trim() : pick;
  if (pick === CUSTOM && hubIdProblem(id)) return null;
  return { id, source: 'hub', variant, revision: 'main' };
}

/** What is wrong with the typed Hub id (null when the custom radio is not picked, or the id is fine). */
export function customIdProblem({ pick, customId }: PickState): string | null {
  return pick === CUSTOM ? hubIdProblem(customId) : null;
}

/** Key of the size probe for a typed Hub id ("host|id"), or '' when there is nothing to probe. */
export function probeKeyOf({ pick, customId }: PickState, hubHost: string): string {
  return pick === CUSTOM && !hubIdProblem(customId) ? `${hubHost}|${customId.trim()}` : '';
}

export function sameChoice(a: ModelChoice, b: ModelChoice): boolean {
  return a.source === b.source && a.id === b.id && (a.source === 'bundled' || a.variant === b.variant);
}
