// Stored-models hook: the models in Cache Storage and the extension's storage usage, with a refresh.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { listStoredModels, type StoredModel } from '../hub/store';

export interface StorageUsage {
  usage: number;
  quota: number;
}

export function useStoredModels(): { stored: StoredModel[]; usage: StorageUsage | null; refreshStored: () => Promise<void> } {
  const [stored, setStored] = useState<StoredModel[]>([]);
  const [usage, setUsage] = useState<StorageUsage | null>(null);
  const refreshStored = useCallback(async () => {
    setStored(await listStoredModels());
    const est = await navigator.storage?.estimate?.().catch(() => null);
    if (est?.quota) setUsage({ usage: est.usage ?? 0, quota: est.quota });
  }, []);
  useEffect(() => {
    void refreshStored();
  }, [refreshStored]);
  return { stored, usage, refreshStored };
}
