// The user's settings in extension storage (one 'settings' record in storage.local). Used by the options page,
// popup and overlay — not by the engine's document: views pass the engine an EngineModelSpec built from these
// settings with each request.
import { getItem, onItemChanged, setItem } from '../platform/storage';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from './settings';

export const SETTINGS_KEY = 'settings';

export async function loadSettings(): Promise<Settings> {
  try {
    return normalizeSettings(await getItem('local', SETTINGS_KEY));
  } catch {
    return DEFAULT_SETTINGS;
  }
}

/** Merges `patch` into the stored settings (normalised) and returns what was saved. */
export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const current = await loadSettings();
  const next = normalizeSettings({ ...current, ...patch });
  await setItem('local', SETTINGS_KEY, next);
  return next;
}

/** Calls `listener` with the new settings whenever they change (any extension page). Returns an unsubscribe function. */
export function onSettingsChanged(listener: (settings: Settings) => void): () => void {
  return onItemChanged('local', SETTINGS_KEY, (value) => listener(normalizeSettings(value)));
}
