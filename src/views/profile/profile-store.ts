// The page profile of this surface (one per extension page): kept outside the view so a profile keeps running and
// stays shown when the user switches tabs and back. Starts a profile of the page's readable text (or of a given
// text), follows its progress and partial results, cancels it (the engine stops after the current window and the
// partial profile stays), and keeps the engine's model loaded while it runs.
import { profile as runProfile, readablePageText, startKeepalive, type EngineProgress } from '../../app/engine-client';
import type { PageProfile } from '../../shared/attention-result';
import { ProtocolError, toErrorInfo, type ErrorInfo } from '../../shared/protocol';
import { t } from '../../shared/i18n';

export type ProfileState =
  | { kind: 'idle' }
  | { kind: 'reading' }
  | { kind: 'running'; profile: PageProfile | null; progress: EngineProgress | null; startedAt: number; cancelling: boolean }
  | { kind: 'done'; profile: PageProfile; totalMs: number }
  | { kind: 'error'; error: ErrorInfo; profile: PageProfile | null };

type Listener = (s: ProfileState) => void;

let state: ProfileState = { kind: 'idle' };
const listeners = new Set<Listener>();
let controller: AbortController | null = null;
/** The tab whose page "Profile this page" reads; null: the background picks (the overlay's own tab, else the active tab). */
let pageTab: number | null = null;
let generation = 0;

function set(next: ProfileState): void {
  state = next;
  listeners.forEach((l) => l(state));
}

export function profileState(): ProfileState {
  return state;
}

export function subscribeProfile(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The surface says which tab it shows (popup, side panel); the overlay need not (the background knows its tab). */
export function setProfileTab(tabId: number | null): void {
  pageTab = tabId;
}

/** Profiles the page's readable text ('page') or the given text. A running profile is cancelled first. */
export async function startProfile(what: 'page' | { text: string }): Promise<void> {
  cancelProfile();
  const mine = ++generation;
  const abort = new AbortController();
  controller = abort;
  const stopKeepalive = startKeepalive();
  try {
    let req: { text: string; paragraphs?: Array<[number, number]>; source: PageProfile['source']; title?: string };
    if (what === 'page') {
      set({ kind: 'reading' });
      const page = await readablePageText(pageTab ?? undefined);
      req = { text: page.text, paragraphs: page.paragraphs, source: page.source, ...(page.title ? { title: page.title } : {}) };
    } else {
      req = { text: what.text, source: 'selection' };
    }
    if (mine !== generation) return;
    if (!req.text.trim()) throw new ProtocolError('empty-selection', t('prof_no_text'));
    const startedAt = performance.now();
    set({ kind: 'running', profile: null, progress: null, startedAt, cancelling: false });
    const live = () => mine === generation && state.kind === 'running';
    const { value, totalMs } = await runProfile(
      req,
      {},
      {
        signal: abort.signal,
        onProgress: (progress) => live() && state.kind === 'running' && set({ ...state, progress }),
        onPartial: (profile) => live() && state.kind === 'running' && set({ ...state, profile }),
      },
    );
    if (mine === generation) set({ kind: 'done', profile: value, totalMs });
  } catch (err) {
    if (mine !== generation) return;
    const partial = state.kind === 'running' ? state.profile : null;
    set({ kind: 'error', error: toErrorInfo(err, err instanceof ProtocolError ? err.code : 'engine'), profile: partial });
  } finally {
    stopKeepalive();
    if (controller === abort) controller = null;
  }
}

/** Stops the running profile after its current window; its partial result becomes the answer. */
export function cancelProfile(): void {
  if (!controller) return;
  controller.abort();
  if (state.kind === 'running') set({ ...state, cancelling: true });
}

/** Forget the profile shown (a new page). */
export function resetProfile(): void {
  cancelProfile();
  generation++;
  set({ kind: 'idle' });
}
