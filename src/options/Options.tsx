// Options page: pick the model (built in, a catalog model or any Hub id), download it with
// progress, manage stored models, choose the backend and the token limit. Downloads run here (an
// extension page: full fetch + the extension origin's Cache Storage, which the offscreen engine
// shares), so the engine only ever reads models from the cache.
import { OptionsPage } from './OptionsPage';
import { useSettings } from './useSettings';
import { useStoredModels } from './useStoredModels';

/** Loads settings and the stored models; the page shows once the settings are in. */
export function Options() {
  const { settings, update } = useSettings();
  const storage = useStoredModels();
  if (!settings) return <div class="opt-page" data-testid="options-loading" />;
  return <OptionsPage settings={settings} update={update} {...storage} />;
}
