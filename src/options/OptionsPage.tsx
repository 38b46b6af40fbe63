// The loaded Options page: header and its four cards, wired to the model operations and the download.
import type { Settings } from '../app/settings';
import type { StoredModel } from '../hub/store';
import { HubHostSettings } from './HubHostSettings';
import { ModelSection } from './ModelSection';
import { isBusy } from './op';
import { OptionsHeader } from './OptionsHeader';
import { RunSection } from './RunSection';
import { StoredModels } from './StoredModels';
import { useDownload } from './useDownload';
import { useModelOps } from './useModelOps';
import type { UpdateSettings } from './useSettings';
import type { StorageUsage } from './useStoredModels';

export interface OptionsPageProps {
  settings: Settings;
  update: UpdateSettings;
  stored: StoredModel[];
  usage: StorageUsage | null;
  refreshStored: () => Promise<void>;
}

export function OptionsPage({ settings, update, stored, usage, refreshStored }: OptionsPageProps) {
  const host = settings.hubHost;
  const { op, setOp, use, check, remove } = useModelOps({ settings, update, refreshStored });
  const { download, cancel } = useDownload({ host, setOp, update, refreshStored, check });
  const busy = isBusy(op);

  return (
    <div class="opt-page">
      <OptionsHeader model={settings.model} />

      <main class="opt-main">
        <ModelSection
          settings={settings}
          stored={stored}
          op={op}
          busy={busy}
          actions={{ use, check: (choice) => void check(choice, ''), download: (choice) => void download(choice), cancel }}
        />
        <RunSection settings={settings} stored={stored} update={update} />
        <StoredModels stored={stored} usage={usage} model={settings.model} host={host} busy={busy} onDelete={(m) => void remove(m)} />
        <HubHostSettings host={host} busy={busy} update={update} />
      </main>
    </div>
  );
}
