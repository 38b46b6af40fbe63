// "Profile this page": the page's readable text (its main content, else the selection) — or the analysed text — run
// window by window in the engine; per-head statistics and pooled maps accumulate as running sums. Shows progress
// (windows, time left) with Cancel, partial results while it runs, the heads table with head roles, the model-view
// thumbnails averaged over the page, and the paragraphs: a paragraph opens its window's full views below.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { profileCsv, profileNpzParts, profileRoles } from '../../core/attention/profile-export';
import type { PageProfile } from '../../shared/attention-result';
import { downloadBlob, exportFileName } from '../lib/export';
import { fmtInt } from '../lib/format';
import type { ViewProps } from '../view-props';
import { DrillDown, ProfileNesting, useNested } from './DrillDown';
import { ProfileHeads } from './ProfileHeads';
import { ProfileMaps } from './ProfileMaps';
import { cancelProfile, profileState, startProfile, subscribeProfile, type ProfileState } from './profile-store';
import './profile.css';
import { t } from '../../shared/i18n';

function useProfileState(): ProfileState {
  const [s, setS] = useState(profileState);
  useEffect(() => subscribeProfile(setS), []);
  return s;
}

const seconds = (ms: number) => t('unit_seconds', ms >= 10_000 ? Math.round(ms / 1000) : (ms / 1000).toFixed(1));

export function ProfileView(props: ViewProps) {
  const nested = useNested();
  const s = useProfileState();
  const [open, setOpen] = useState<{ paragraph: number; window: number } | null>(null);
  const profile = s.kind === 'running' || s.kind === 'error' ? s.profile : s.kind === 'done' ? s.profile : null;
  const roles = useMemo(() => (profile ? profileRoles(profile) : []), [profile]);
  useEffect(() => setOpen(null), [profile?.text]);
  useEffect(() => {
    props.exportRef.current = null;
  });
  if (nested) return <p class="al-caption-sub">{t('prof_nested')}</p>;

  const busy = s.kind === 'reading' || s.kind === 'running';
  const done = profile?.windowsDone ?? 0;
  const total = s.kind === 'running' && s.progress?.windowsTotal ? s.progress.windowsTotal : (profile?.windows.length ?? 0);
  const pct = total ? Math.round(((s.kind === 'running' ? (s.progress?.windowsDone ?? done) : done) / total) * 100) : 0;
  const exportAs = (kind: 'csv' | 'npz') => {
    if (!profile) return;
    const name = exportFileName(profile.modelId, profile.title ?? profile.text, `profile.${kind}`);
    if (kind === 'csv') downloadBlob(new Blob([profileCsv(profile)], { type: 'text/csv' }), name);
    else downloadBlob(new Blob(profileNpzParts(profile) as BlobPart[], { type: 'application/zip' }), name);
  };

  return (
    <section class="al-profile" data-testid="profile-view" data-state={s.kind}>
      <div class="al-profile-actions">
        <button type="button" class="al-btn" data-testid="profile-page" disabled={busy} onClick={() => void startProfile('page')}>
          {t('prof_page')}
        </button>
        <button
          type="button"
          class="al-btn"
          data-testid="profile-text"
          disabled={busy}
          onClick={() => void startProfile({ text: props.result.text })}
          title={t('prof_text_title')}
        >
          {t('prof_text')}
        </button>
        {s.kind === 'running' && (
          <button type="button" class="al-btn" data-testid="profile-cancel" disabled={s.cancelling} onClick={cancelProfile}>
            {s.cancelling ? t('prof_stopping') : t('prof_cancel')}
          </button>
        )}
        {profile && (
          <>
            <button type="button" class="al-btn al-btn-small" data-testid="profile-export-csv" disabled={busy} onClick={() => exportAs('csv')}>
              CSV
            </button>
            <button type="button" class="al-btn al-btn-small" data-testid="profile-export-npz" disabled={busy} onClick={() => exportAs('npz')}>
              NPZ
            </button>
          </>
        )}
      </div>
      {s.kind === 'idle' && <p class="al-caption-sub">{t('prof_intro')}</p>}
      {s.kind === 'reading' && (
        <p class="al-caption-sub" role="status" data-testid="profile-status">
          {t('prof_reading')}
        </p>
      )}
      {s.kind === 'running' && (
        <div class="al-profile-progress" role="status" data-testid="profile-status">
          <progress max={100} value={pct} data-testid="profile-progress" data-percent={pct} aria-label={t('prof_progress')} />
          <span>
            {s.progress?.windowsTotal
              ? s.progress.etaMs
                ? t(
                    'prof_window_progress_eta',
                    Math.min(s.progress.windowsTotal, (s.progress.windowsDone ?? 0) + 1),
                    s.progress.windowsTotal,
                    pct,
                    seconds(s.progress.etaMs),
                  )
                : t('prof_window_progress', Math.min(s.progress.windowsTotal, (s.progress.windowsDone ?? 0) + 1), s.progress.windowsTotal, pct)
              : t('prof_starting')}
          </span>
        </div>
      )}
      {s.kind === 'error' && (
        <p class="al-notice" role="alert" data-testid="profile-error" data-code={s.error.code}>
          {s.error.message}
        </p>
      )}
      {profile && <ProfileSummary profile={profile} percent={s.kind === 'done' ? pct : null} totalMs={s.kind === 'done' ? s.totalMs : null} />}
      {profile && profile.windowsDone > 0 && (
        <>
          <ProfileHeads profile={profile} roles={roles} compact={props.compact} onOpenHead={props.onOpenHead} />
          <ProfileMaps profile={profile} theme={props.theme} />
          <Paragraphs profile={profile} open={open?.paragraph ?? null} onOpen={(paragraph, window) => setOpen({ paragraph, window })} />
        </>
      )}
      {profile && open && (
        <ProfileNesting.Provider value={true}>
          <DrillDown
            key={`${open.paragraph}`}
            text={profile.text}
            paragraph={profile.paragraphs[open.paragraph]}
            index={open.paragraph}
            window={open.window}
            count={profile.windows.length}
            overlap={profile.overlap}
            compact={props.compact}
            onClose={() => setOpen(null)}
          />
        </ProfileNesting.Provider>
      )}
    </section>
  );
}

function ProfileSummary(props: { profile: PageProfile; percent: number | null; totalMs: number | null }) {
  const p = props.profile;
  const from =
    p.source === 'article'
      ? p.title
        ? t('prof_from_article_title', p.title)
        : t('prof_from_article')
      : p.source === 'selection'
        ? t('prof_from_selection')
        : t('prof_from_text');
  const state = p.cancelled ? t('prof_cancelled') : p.complete ? '' : t('prof_running');
  return (
    <p
      class="al-caption-sub"
      data-testid="profile-summary"
      data-windows-done={p.windowsDone}
      data-windows={p.windows.length}
      data-tokens={p.totalTokens}
      data-complete={String(p.complete)}
      data-cancelled={String(p.cancelled)}
    >
      {`${t('prof_summary', p.windowsDone, p.windows.length, from, fmtInt(p.totalTokens), p.paragraphs.length)}${
        props.totalMs !== null ? ` · ${seconds(props.totalMs)}` : ''
      }${props.percent !== null ? ` · ${props.percent} %` : ''}${state}`}
    </p>
  );
}

function Paragraphs(props: { profile: PageProfile; open: number | null; onOpen: (paragraph: number, window: number) => void }) {
  const p = props.profile;
  return (
    <details class="al-profile-paragraphs" open>
      <summary>{t('prof_paragraphs', p.paragraphs.length)}</summary>
      <ol>
        {p.paragraphs.map((q, k) => {
          const excerpt = p.text.slice(q.start, Math.min(q.end, q.start + 140)).replace(/\s+/g, ' ');
          const ready = q.window >= 0;
          return (
            <li key={k}>
              <button
                type="button"
                class={`al-profile-para${props.open === k ? ' is-open' : ''}`}
                data-testid="profile-paragraph"
                data-index={k}
                data-window={q.window}
                disabled={!ready}
                aria-expanded={props.open === k}
                onClick={() => props.onOpen(k, q.window)}
              >
                <span class="al-profile-para-window">{ready ? t('prof_window_short', q.window + 1) : '—'}</span>
                <span class="al-profile-para-text">{excerpt + (q.end - q.start > 140 ? '…' : '')}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </details>
  );
}
