// The "Stored models" card: downloaded models with size, shape, the commit they came from and whether the Hub has
// a newer one (checked when the page opens and on "Check for updates"), each deletable, updatable or keepable;
// and the storage used.
import { catalogEntry, formatBytes } from '../hub/catalog';
import { shortSha } from '../hub/revision';
import type { StoredModel } from '../hub/store';
import { BUNDLED_MODEL_ID, DEFAULT_HUB_HOST, type ModelChoice } from '../shared/model-choice';
import { isInUse } from './stored';
import type { UpdateView } from './useUpdates';
import type { StorageUsage } from './useStoredModels';

export interface StoredModelsProps {
  stored: StoredModel[];
  usage: StorageUsage | null;
  model: ModelChoice;
  host: string;
  busy: boolean;
  onDelete: (m: StoredModel) => void;
  /** Update state of a stored variant. */
  updateOf: (m: StoredModel) => UpdateView;
  onCheckUpdates: () => void;
  checkingUpdates: boolean;
  onUpdate: (m: StoredModel) => void;
  onKeep: (m: StoredModel, remote: string) => void;
}

export function StoredModels(props: StoredModelsProps) {
  const { stored, usage, model, host, busy, onDelete } = props;
  return (
    <section class="opt-card" aria-labelledby="opt-stored-h">
      <h2 id="opt-stored-h">Stored models</h2>
      {stored.length === 0 ? (
        <p class="opt-sub" data-testid="stored-empty">
          No downloaded models. The built-in model ({formatBytes(catalogEntry(BUNDLED_MODEL_ID)!.sizes.fp32!)}) ships inside the extension.
        </p>
      ) : (
        <>
          <table class="opt-table" data-testid="stored-list">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Variant</th>
                <th scope="col" class="opt-num">Size</th>
                <th scope="col">Layers × heads</th>
                <th scope="col">Version</th>
                <th scope="col">Downloaded</th>
                <th scope="col">
                  <span class="lens-sr">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {stored.map((m) => (
                <StoredRow key={`${m.hubHost}|${m.id}|${m.variant}`} m={m} active={isInUse(model, m, host)} busy={busy} onDelete={onDelete} update={props.updateOf(m)} sameHost={m.hubHost === host} onUpdate={props.onUpdate} onKeep={props.onKeep} />
              ))}
            </tbody>
          </table>
          <div class="opt-updates-row">
            <button type="button" class="lens-button" disabled={busy || props.checkingUpdates} data-testid="check-updates" onClick={props.onCheckUpdates}>
              {props.checkingUpdates ? 'Checking for updates…' : 'Check for updates'}
            </button>
            <span class="opt-hint">One request per model to its Hub host, asking which commit its branch points at now.</span>
          </div>
        </>
      )}
      {usage && (
        <p class="opt-hint" data-testid="storage-usage">
          This extension uses {formatBytes(usage.usage)} of browser storage ({formatBytes(usage.quota)} available to it).
        </p>
      )}
    </section>
  );
}

interface StoredRowProps {
  m: StoredModel;
  active: boolean;
  busy: boolean;
  onDelete: (m: StoredModel) => void;
  update: UpdateView;
  sameHost: boolean;
  onUpdate: (m: StoredModel) => void;
  onKeep: (m: StoredModel, remote: string) => void;
}

function StoredRow({ m, active, busy, onDelete, update, sameHost, onUpdate, onKeep }: StoredRowProps) {
  return (
    <tr data-testid="stored-row" data-id={m.id} data-variant={m.variant} data-bytes={m.bytes} data-commit={m.commit ?? ''} data-update={update.kind}>
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
      <td data-testid="stored-version" class="opt-version">
        <code title={m.commit ? `${m.revision} at commit ${m.commit}` : 'Stored without a commit id'}>{m.commit ? shortSha(m.commit) : '—'}</code>
        <UpdateNote update={update} />
        {update.kind === 'update-available' && sameHost && (
          <span class="opt-update-actions">
            <button type="button" class="lens-button opt-primary opt-small" disabled={busy} data-testid="update" onClick={() => onUpdate(m)}>
              Update
            </button>
            <button type="button" class="lens-button opt-small" disabled={busy} data-testid="keep" onClick={() => onKeep(m, update.remote)}>
              Keep this version
            </button>
          </span>
        )}
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

function UpdateNote({ update }: { update: UpdateView }) {
  switch (update.kind) {
    case 'update-available':
      return (
        <span class="opt-badge opt-badge-warn" data-testid="update-available" title={`The branch now points at ${update.remote}`}>
          Update available → {shortSha(update.remote)}
        </span>
      );
    case 'current':
      return (
        <span class="opt-badge opt-badge-ok" data-testid="up-to-date">
          Latest
        </span>
      );
    case 'kept':
      return (
        <span class="opt-badge" data-testid="kept" title={`Newer: ${update.remote}`}>
          Kept (newer: {shortSha(update.remote)})
        </span>
      );
    case 'checking':
      return <span class="opt-host">checking…</span>;
    case 'unknown':
      return <span class="opt-host">version not recorded{update.remote ? `; the Hub is at ${shortSha(update.remote)}` : ''}</span>;
    case 'unavailable':
      return <span class="opt-host">could not check: {update.reason}</span>;
    default:
      return null;
  }
}
