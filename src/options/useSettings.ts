// Settings hook: loads the stored settings, follows changes made elsewhere, and saves patches.
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Settings } from '../app/settings';
import { loadSettings, onSettingsChanged, saveSettings } from '../app/settings-store';

export type UpdateSettings = (patch: Partial<Settings>) => Promise<void>;

export function useSettings(): { settings: Settings | null; update: UpdateSettings } {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    void loadSettings().then(setSettings);
    return onSettingsChanged(setSettings);
  }, []);
  const update = useCallback<UpdateSettings>(async (patch) => {
    setSettings(await saveSettings(patch));
  }, []);
  return { settings, update };
}
