// Which commit a Hub revision ("main", a branch, a tag) points at now: the Hub API's model info
// (/api/models/{id}/revision/{rev} → "sha"), or — for mirrors without the API — the x-repo-commit header the Hub
// puts on every file answer. A download is pinned to that commit (files fetched from resolve/{sha}/…) and records
// it; "update available" is a later answer naming another commit.
import { hubFileUrl } from './catalog';
import { t } from '../shared/i18n';

export const COMMIT_SHA = /^[0-9a-f]{40}$/;

export function isCommitSha(s: unknown): s is string {
  return typeof s === 'string' && COMMIT_SHA.test(s);
}

/** The commit from a file answer's headers (null when the host sends none). */
export function commitOfResponse(res: Response): string | null {
  const c = res.headers.get('x-repo-commit');
  return isCommitSha(c) ? c : null;
}

export type CommitLookup =
  | { kind: 'commit'; sha: string }
  | { kind: 'no-api' } // the host has no Hub API and no x-repo-commit: commits unknown
  | { kind: 'repo-not-found' }
  | { kind: 'revision-not-found' }
  | { kind: 'failed'; status: number };

/**
 * Asks the host which commit `revision` of `id` is at. Network failures reject (the caller maps them to its
 * offline message); HTTP answers resolve to a CommitLookup.
 */
export async function lookupCommit(
  hubHost: string,
  id: string,
  revision: string,
  options: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<CommitLookup> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const host = hubHost.replace(/\/+$/, '');
  const init: RequestInit = { cache: 'no-store', credentials: 'omit', signal: options.signal };
  if (isCommitSha(revision)) return { kind: 'commit', sha: revision };
  const res = await doFetch(`${host}/api/models/${id}/revision/${encodeURIComponent(revision)}`, init);
  if (res.ok) {
    const body = (await res.json().catch(() => null)) as { sha?: unknown } | null;
    if (isCommitSha(body?.sha)) return { kind: 'commit', sha: body.sha };
    const header = commitOfResponse(res);
    if (header) return { kind: 'commit', sha: header };
  } else {
    void res.body?.cancel().catch(() => undefined);
    const code = res.headers.get('x-error-code');
    if (code === 'RepoNotFound') return { kind: 'repo-not-found' };
    if (code === 'RevisionNotFound') return { kind: 'revision-not-found' };
    if (res.status !== 404 && res.status !== 405 && res.status !== 501) return { kind: 'failed', status: res.status };
  }
  // A mirror without the API: a HEAD of config.json may still carry the commit.
  const head = await doFetch(hubFileUrl(host, id, revision, 'config.json'), { ...init, method: 'HEAD' });
  void head.body?.cancel().catch(() => undefined);
  const sha = head.ok ? commitOfResponse(head) : null;
  if (sha) return { kind: 'commit', sha };
  if (head.headers.get('x-error-code') === 'RevisionNotFound') return { kind: 'revision-not-found' };
  if (head.headers.get('x-error-code') === 'RepoNotFound') return { kind: 'repo-not-found' };
  return { kind: 'no-api' };
}

export type UpdateState =
  | { kind: 'current'; commit: string }
  | { kind: 'update-available'; commit: string; remote: string }
  /** The user chose to keep this copy while `remote` is newer; stays quiet until the repository moves again. */
  | { kind: 'kept'; commit: string; remote: string }
  /** Stored without a commit (an older version of the extension, or a host that names none). */
  | { kind: 'unknown'; remote: string | null }
  | { kind: 'unavailable'; reason: string };

/** Pure: the stored commit (and the one the user kept) against what the host says now. */
export function updateState(stored: { commit: string | null; keptRemote?: string | null }, remote: CommitLookup): UpdateState {
  if (remote.kind !== 'commit') {
    const reason =
      remote.kind === 'no-api'
        ? t('rev_no_api')
        : remote.kind === 'repo-not-found'
          ? t('rev_repo_gone')
          : remote.kind === 'revision-not-found'
            ? t('rev_branch_gone')
            : t('rev_http', remote.status);
    return stored.commit === null ? { kind: 'unknown', remote: null } : { kind: 'unavailable', reason };
  }
  if (stored.commit === null) return { kind: 'unknown', remote: remote.sha };
  if (remote.sha === stored.commit) return { kind: 'current', commit: stored.commit };
  if (stored.keptRemote === remote.sha) return { kind: 'kept', commit: stored.commit, remote: remote.sha };
  return { kind: 'update-available', commit: stored.commit, remote: remote.sha };
}

/** "3f2a9c1" */
export function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 7) : '?';
}
