// Operations hook: the status of the latest use, check or delete of a model, with the actions that set it.
import { useState } from 'preact/hooks';
import type { Settings } from '../app/settings';
import { deleteStoredModel, type StoredModel } from '../hub/store';
import { verifyStoredModel } from '../hub/verify';
import { DEFAULT_MODEL, type ModelChoice } from '../shared/model-choice';
import { IDLE, deletedOp, errorMessage, verifiedOp, type Op, type OpData } from './op';
import { isInUse } from './stored';
import type { UpdateSettings } from './useSettings';

export interface ModelOpsDeps {
  settings: Settings;
  update: UpdateSettings;
  refreshStored: () => Promise<void>;
}

export function useModelOps({ settings, update, refreshStored }: ModelOpsDeps) {
  const [op, setOp] = useState<Op>(IDLE);
  const host = settings.hubHost;

  /** Make `choice` the model in use. */
  function use(choice: ModelChoice) {
    void update({ model: choice }).then(() => setOp(IDLE));
  }

  /** Load a stored model from the cache, without network; `prefix` and `data` say what came before (a download). */
  async function check(choice: ModelChoice, prefix: string, data: OpData = {}) {
    setOp({ kind: 'checking', choice });
    try {
      setOp(verifiedOp(choice, await verifyStoredModel(choice, { hubHost: host }), prefix, data));
    } catch (err) {
      setOp({ kind: 'error', choice, ...errorMessage(err) });
    }
  }

  /** Delete a stored model; deleting the one in use brings the built-in model back. */
  async function remove(m: StoredModel) {
    const wasActive = isInUse(settings.model, m, host);
    const res = await deleteStoredModel(m.id, { variant: m.variant, hubHost: m.hubHost });
    if (wasActive) await update({ model: DEFAULT_MODEL });
    await refreshStored();
    setOp(deletedOp(m, res.bytes, wasActive));
  }

  return { op, setOp, use, check, remove };
}
