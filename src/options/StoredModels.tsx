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
import { t } from '../shared/i18n';

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
      <h2 id="opt-stored-h">{t('opt_stored')}</h2>
      {stored.length === 0 ? (
        <p class="opt-sub" data-testid="stored-empty">
          {t('opt_stored_empty', formatBytes(catalogEntry(BUNDLED_MODEL_ID)!.sizes.fp32!))}
        </p>
      ) : (
        <>
          <table class="opt-table" data-testid="stored-list">
            <thead>
              <tr>
                <th scope="col">{t('opt_col_model')}</th>
                <th scope="col">{t('opt_col_variant')}</th>
                <th scope="col" class="opt-num">
                  {t('opt_col_size')}
                </th>
                <th scope="col">{t('opt_col_shape')}</th>
                <th scope="col">{t('opt_col_version')}</th>
                <th scope="col">{t('opt_col_downloaded')}</th>
                <th scope="col">
                  <span class="lens-sr">{t('opt_col_actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {stored.map((m) => (
                <StoredRow
                  key={`${m.hubHost}|${m.id}|${m.variant}`}
                  m={m}
                  active={isInUse(model, m, host)}
                  busy={busy}
                  onDelete={onDelete}
                  update={props.updateOf(m)}
                  sameHost={m.hubHost === host}
                  onUpdate={props.onUpdate}
                  onKeep={props.onKeep}
                />
              ))}
            </tbody>
          </table>
          <div class="opt-updates-row">
            <button type="button" class="lens-button" disabled={busy || props.checkingUpdates} data-testid="check-updates" onClick={props.onCheckUpdates}>
              {props.checkingUpdates ? t('opt_checking_updates') : t('opt_check_updates')}
            </button>
            <span class="opt-hint">{t('opt_updates_hint')}</span>
          </div>
        </>
      )}
      {usage && (
        <p class="opt-hint" data-testid="storage-usage">
          {t('opt_storage_usage', formatBytes(usage.usage), formatBytes(usage.quota))}
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
        {active && <span class="opt-badge opt-badge-ok">{t('opt_in_use')}</span>}
        {!m.complete && (
          <span class="opt-badge opt-badge-warn" title={t('opt_incomplete_title')}>
            {t('opt_incomplete')}
          </span>
        )}
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
        <code title={m.commit ? t('opt_at_commit', m.revision, m.commit) : t('opt_no_commit')}>{m.commit ? shortSha(m.commit) : '—'}</code>
        <UpdateNote update={update} />
        {update.kind === 'update-available' && sameHost && (
          <span class="opt-update-actions">
            <button type="button" class="lens-button opt-primary opt-small" disabled={busy} data-testid="update" onClick={() => onUpdate(m)}>
              {t('opt_update')}
            </button>
            <button type="button" class="lens-button opt-small" disabled={busy} data-testid="keep" onClick={() => onKeep(m, update.remote)}>
              {t('opt_keep_version')}
            </button>
          </span>
        )}
      </td>
      <td>{new Date(m.downloadedAt).toLocaleDateString()}</td>
      <td class="opt-row-actions">
        <button type="button" class="lens-button opt-danger" disabled={busy} data-testid="delete" onClick={() => onDelete(m)}>
          {t('opt_delete')}
        </button>
      </td>
    </tr>
  );
}

function UpdateNote({ update }: { update: UpdateView }) {
  switch (update.kind) {
    case 'update-available':
      return (
        <span class="opt-badge opt-badge-warn" data-testid="update-available" title={t('opt_branch_points', update.remote)}>
          {t('opt_update_available', shortSha(update.remote))}
        </span>
      );
    case 'current':
      return (
        <span class="opt-badge opt-badge-ok" data-testid="up-to-date">
          {t('opt_latest')}
        </span>
      );
    case 'kept':
      return (
        <span class="opt-badge" data-testid="kept" title={t('opt_newer_title', update.remote)}>
          {t('opt_kept', shortSha(update.remote))}
        </span>
      );
    case 'checking':
      return <span class="opt-host">{t('opt_checking')}</span>;
    case 'unknown':
      return <span class="opt-host">{update.remote ? t('opt_version_unknown_hub', shortSha(update.remote)) : t('opt_version_unknown')}</span>;
    case 'unavailable':
      return <span class="opt-host">{t('opt_could_not_check', update.reason)}</span>;
    default:
      return null;
  }
}
