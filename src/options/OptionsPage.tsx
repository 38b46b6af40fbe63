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
import { useUpdates } from './useUpdates';
import { discardPartialDownload } from '../hub/download';
import { keepStoredVersion } from '../hub/store';
import { useState } from 'preact/hooks';

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
  const updates = useUpdates(stored);
  const [partialVersion, setPartialVersion] = useState(0);

  return (
    <div class="opt-page">
      <OptionsHeader model={settings.model} />

      <main class="opt-main">
        <ModelSection
          settings={settings}
          stored={stored}
          op={op}
          busy={busy}
          actions={{
            use,
            check: (choice) => void check(choice, ''),
            download: (choice) => void download(choice),
            cancel,
            discardPartial: (choice) => void discardPartialDownload(choice, host).then(() => setPartialVersion((n) => n + 1)),
          }}
          partialVersion={partialVersion}
        />
        <RunSection settings={settings} stored={stored} update={update} />
        <StoredModels
          stored={stored}
          usage={usage}
          model={settings.model}
          host={host}
          busy={busy}
          onDelete={(m) => void remove(m)}
          updateOf={updates.viewOf}
          checkingUpdates={updates.checking}
          onCheckUpdates={() => void updates.check()}
          onUpdate={(m) => {
            const choice = { id: m.id, source: 'hub' as const, variant: m.variant, revision: 'main' as const };
            const active = settings.model.source === 'hub' && settings.model.id === m.id && settings.model.variant === m.variant;
            void download(choice, { makeActive: active });
          }}
          onKeep={(m, remote) => void keepStoredVersion(m, remote).then(refreshStored)}
        />
        <HubHostSettings host={host} busy={busy} update={update} />
      </main>
    </div>
  );
}
