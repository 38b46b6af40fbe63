// Update checks of the stored models: for every stored (host, model, revision) one request to the host asking which
// commit the revision points at now (the Hub API, or x-repo-commit), when the page opens and on "Check for
// updates". Each stored variant's state (current, update available, kept, unknown) is derived from its recorded
// commit, so it follows an update or "Keep this version" without asking the host again.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { lookupCommit, updateState, type CommitLookup, type UpdateState } from '../hub/revision';
import type { StoredModel } from '../hub/store';
import { t } from '../shared/i18n';

export type UpdateView = UpdateState | { kind: 'checking' } | { kind: 'not-checked' };

export const groupKey = (m: Pick<StoredModel, 'hubHost' | 'id' | 'revision'>) => `${m.hubHost}|${m.id}|${m.revision}`;

/** Pure: a stored variant's state from the host's answer for its group. */
export function updateViewOf(m: StoredModel, answer: CommitLookup | 'checking' | { offline: string } | undefined): UpdateView {
  if (answer === undefined) return { kind: 'not-checked' };
  if (answer === 'checking') return { kind: 'checking' };
  if ('offline' in answer) return m.commit === null ? { kind: 'unknown', remote: null } : { kind: 'unavailable', reason: answer.offline };
  return updateState(m, answer);
}

export function useUpdates(stored: StoredModel[]) {
  const [answers, setAnswers] = useState<Record<string, CommitLookup | 'checking' | { offline: string }>>({});
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);
  const storedRef = useRef(stored);
  storedRef.current = stored;

  const check = useCallback(async () => {
    const groups = new Map<string, StoredModel>();
    for (const m of storedRef.current) if (!groups.has(groupKey(m))) groups.set(groupKey(m), m);
    if (groups.size === 0) return;
    setAnswers((a) => ({ ...a, ...Object.fromEntries([...groups.keys()].map((k) => [k, 'checking' as const])) }));
    const results = await Promise.all(
      [...groups].map(async ([key, m]) => {
        try {
          return [key, await lookupCommit(m.hubHost, m.id, m.revision)] as const;
        } catch (err) {
          return [key, { offline: t('opt_host_unreachable', err instanceof Error ? err.message : String(err)) }] as const;
        }
      }),
    );
    setAnswers((a) => ({ ...a, ...Object.fromEntries(results) }));
    setCheckedAt(new Date());
  }, []);

  // Once, when the page has its list of stored models.
  const checkedOnce = useRef(false);
  useEffect(() => {
    if (checkedOnce.current || stored.length === 0) return;
    checkedOnce.current = true;
    void check();
  }, [stored, check]);

  const viewOf = (m: StoredModel): UpdateView => updateViewOf(m, answers[groupKey(m)]);
  const checking = Object.values(answers).some((a) => a === 'checking');
  return { viewOf, check, checking, checkedAt };
}
