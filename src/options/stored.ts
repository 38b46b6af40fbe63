// Pure lookups in the list of stored models: a choice's complete copy, the model in use, the token limit.
import { ABSOLUTE_MAX_TOKENS } from '../core/model/config';
import { catalogEntry } from '../hub/catalog';
import type { StoredModel } from '../hub/store';
import type { ModelChoice, ModelVariant } from '../shared/model-choice';

/** The complete stored copy of a Hub choice from `host`, if any. */
export function storedFor(stored: readonly StoredModel[], c: ModelChoice, host: string): StoredModel | undefined {
  return stored.find((m) => m.id === c.id && m.variant === c.variant && m.hubHost === host && m.complete);
}

/** The variants of `id` stored completely from `host`. */
export function storedVariantsOf(stored: readonly StoredModel[], id: string, host: string): ModelVariant[] {
  return stored.filter((m) => m.id === id && m.hubHost === host && m.complete).map((m) => m.variant);
}

/** The stored model is the one in use (same id and variant, from the current host). */
export function isInUse(model: ModelChoice, m: StoredModel, host: string): boolean {
  return model.source === 'hub' && model.id === m.id && model.variant === m.variant && m.hubHost === host;
}

/** The most tokens the model in use takes: from its stored config, else the catalog, else the absolute limit. */
export function modelMaxTokens(model: ModelChoice, stored: readonly StoredModel[], host: string): number {
  const activeStored = model.source === 'hub' ? storedFor(stored, model, host) : undefined;
  return activeStored?.maxTokens ?? catalogEntry(model.id)?.maxTokens ?? ABSOLUTE_MAX_TOKENS;
}
