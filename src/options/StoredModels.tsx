// The "Stored models" card: downloaded models with size, shape and date, each deletable; and the storage used.
import { catalogEntry, formatBytes } from '../hub/catalog';
import type { StoredModel } from '../hub/store';
import { BUNDLED_MODEL_ID, DEFAULT_HUB_HOST, type ModelChoice } from '../shared/model-choice';
import { isInUse } from './stored';
import type { StorageUsage } from './useStoredModels';

export interface StoredModelsProps {
  stored: StoredModel[];
  usage: StorageUsage | null;
  model: ModelChoice;
  host: string;
  busy: boolean;
  onDelete: (m: StoredModel) => void;
}

export function StoredModels({ stored, usage, model, host, busy, onDelete }: StoredModelsProps) {
  return (
    <section class="opt-card" aria-labelledby="opt-stored-h">
      <h2 id="opt-stored-h">Stored models</h2>
      {stored.length === 0 ? (
        <p class="opt-sub" data-testid="stored-empty">
          No downloaded models. The built-in model ({formatBytes(catalogEntry(BUNDLED_MODEL_ID)!.sizes.fp32!)}) ships inside the extension.
        </p>
      ) : (
        <table class="opt-table" data-testid="stored-list">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Variant</th>
              <th scope="col" class="opt-num">Size</th>
              <th scope="col">Layers × heads</th>
              <th scope="col">Downloaded</th>
              <th scope="col">
                <span class="lens-sr">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {stored.map((m) => (
              <StoredRow key={`${m.hubHost}|${m.id}|${m.variant}`} m={m} active={isInUse(model, m, host)} busy={busy} onDelete={onDelete} />
            ))}
          </tbody>
        </table>
      )}
      {usage && (
        <p class="opt-hint" data-testid="storage-usage">
          This extension uses {formatBytes(usage.usage)} of browser storage ({formatBytes(usage.quota)} available to it).
        </p>
      )}
    </section>
  );
}

function StoredRow({ m, active, busy, onDelete }: { m: StoredModel; active: boolean; busy: boolean; onDelete: (m: StoredModel) => void }) {
  return (
    <tr data-testid="stored-row" data-id={m.id} data-variant={m.variant} data-bytes={m.bytes}>
      <td>
        <code>{m.id}</code>
        {active && <span class="opt-badge opt-badge-ok">In use</span>}
        {!m.complete && <span class="opt-badge opt-badge-warn" title="Some files were removed from the browser's cache">Incomplete</span>}
        {m.hubHost !== DEFAULT_HUB_HOST && <span class="opt-host">{m.hubHost}</span>}
      </td>
      <td>{m.variant}</td>
      <td class="opt-num" data-testid="stored-size">
        {formatBytes(m.bytes)}
      </td>
      <td>
        {m.layers} × {m.heads}
      </td>
      <td>{new Date(m.downloadedAt).toLocaleDateString()}</td>
      <td class="opt-row-actions">
        <button type="button" class="lens-button opt-danger" disabled={busy} data-testid="delete" onClick={() => onDelete(m)}>
          Delete
        </button>
      </td>
    </tr>
  );
}
