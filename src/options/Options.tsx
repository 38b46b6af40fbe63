// Options page: pick the model (built in, a catalog model or any Hub id), download it with
// progress, manage stored models, choose the backend and the token limit. Downloads run here (an
// extension page: full fetch + the extension origin's Cache Storage, which the offscreen engine
// shares), so the engine only ever reads models from the cache.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ABSOLUTE_MAX_TOKENS, MIN_MAX_TOKENS } from '../core/model/config';
import { CATALOG, VARIANTS, VARIANT_LABELS, catalogEntry, formatBytes, hubIdProblem, normalizeHubHost } from '../hub/catalog';
import { BUNDLED_MODEL_ID, DEFAULT_HUB_HOST, DEFAULT_MODEL, choiceLabel, type BackendPreference, type ModelChoice, type ModelVariant } from '../shared/model-choice';
import type { Settings } from '../app/settings';
import { loadSettings, onSettingsChanged, saveSettings } from '../app/settings-store';
import { downloadModel, type DownloadProgress } from '../hub/download';
import { HubError } from '../hub/errors';
import { probeVariantSizes, type ProbedSize } from '../hub/probe';
import { deleteStoredModel, listStoredModels, type StoredModel } from '../hub/store';
import { verifyStoredModel } from '../hub/verify';

const CUSTOM = '__custom__';

type Op =
  | { kind: 'idle' }
  | { kind: 'downloading'; choice: ModelChoice; progress: DownloadProgress | null; startedAt: number }
  | { kind: 'checking'; choice: ModelChoice }
  | { kind: 'done'; choice: ModelChoice; message: string; data?: Record<string, string | number> }
  | { kind: 'cancelled'; choice: ModelChoice; message: string }
  | { kind: 'error'; choice: ModelChoice | null; message: string; reason: string };

function sameChoice(a: ModelChoice, b: ModelChoice): boolean {
  return a.source === b.source && a.id === b.id && (a.source === 'bundled' || a.variant === b.variant);
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function errorMessage(err: unknown): { message: string; reason: string } {
  if (err instanceof HubError) return { message: err.message, reason: err.reason };
  return { message: err instanceof Error ? err.message : String(err), reason: 'internal' };
}

export function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [stored, setStored] = useState<StoredModel[]>([]);
  const [pick, setPick] = useState<string>(BUNDLED_MODEL_ID);
  const [variant, setVariant] = useState<ModelVariant>('q8');
  const [customId, setCustomId] = useState('');
  const [hostDraft, setHostDraft] = useState('');
  const [hostNote, setHostNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [op, setOp] = useState<Op>({ kind: 'idle' });
  const [usage, setUsage] = useState<{ usage: number; quota: number } | null>(null);
  const [probe, setProbe] = useState<{ key: string; sizes: Record<ModelVariant, ProbedSize> | null } | null>(null);
  const abort = useRef<AbortController | null>(null);

  const refreshStored = useCallback(async () => {
    setStored(await listStoredModels());
    const est = await navigator.storage?.estimate?.().catch(() => null);
    if (est?.quota) setUsage({ usage: est.usage ?? 0, quota: est.quota });
  }, []);

  useEffect(() => {
    void loadSettings().then((s) => {
      setSettings(s);
      setHostDraft(s.hubHost);
      if (s.model.source === 'hub') {
        setVariant(s.model.variant);
        if (catalogEntry(s.model.id)) setPick(s.model.id);
        else {
          setPick(CUSTOM);
          setCustomId(s.model.id);
        }
      }
    });
    void refreshStored();
    const off = onSettingsChanged(setSettings);
    return () => {
      off();
      abort.current?.abort();
    };
  }, [refreshStored]);

  const entry = pick === CUSTOM ? undefined : catalogEntry(pick);
  const pending: ModelChoice | null = useMemo(() => {
    if (pick === BUNDLED_MODEL_ID) return DEFAULT_MODEL;
    const id = pick === CUSTOM ? customId.trim() : pick;
    if (pick === CUSTOM && hubIdProblem(id)) return null;
    return { id, source: 'hub', variant, revision: 'main' };
  }, [pick, customId, variant]);

  // Sizes of a typed Hub id's variants (one-byte Range requests), once the id has settled.
  const probeKey = pick === CUSTOM && settings && !hubIdProblem(customId) ? `${settings.hubHost}|${customId.trim()}` : '';
  useEffect(() => {
    if (!probeKey) return;
    const ctrl = new AbortController();
    const [hubHost, id] = probeKey.split('|');
    setProbe({ key: probeKey, sizes: null });
    const timer = setTimeout(() => {
      void probeVariantSizes(id, { hubHost, signal: ctrl.signal }).then((sizes) => {
        if (!ctrl.signal.aborted) setProbe({ key: probeKey, sizes });
      });
    }, 400);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [probeKey]);

  if (!settings) return <div class="opt-page" data-testid="options-loading" />;

  const host = settings.hubHost;
  const storedFor = (c: ModelChoice) =>
    stored.find((m) => m.id === c.id && m.variant === c.variant && m.hubHost === host && m.complete);
  const pendingStored = pending && pending.source === 'hub' ? storedFor(pending) : undefined;
  const isActive = (c: ModelChoice) => sameChoice(c, settings.model);
  const busy = op.kind === 'downloading' || op.kind === 'checking';

  const activeStored = settings.model.source === 'hub' ? storedFor(settings.model) : undefined;
  const modelMax = activeStored?.maxTokens ?? catalogEntry(settings.model.id)?.maxTokens ?? ABSOLUTE_MAX_TOKENS;

  async function update(patch: Partial<Settings>) {
    setSettings(await saveSettings(patch));
  }

  async function check(choice: ModelChoice, prefix: string, data: Record<string, string | number> = {}) {
    setOp({ kind: 'checking', choice });
    try {
      const v = await verifyStoredModel(choice, { hubHost: host });
      setOp({
        kind: 'done',
        choice,
        message: `${prefix}Loads from the cache without network: ${v.layers} layers × ${v.heads} heads, tokenizer OK (“${v.tokens.slice(1, 4).join(' ')} …”, ${v.tokens.length} tokens). Cache read ${formatMs(v.readMs)}.`,
        data: { ...data, layers: v.layers, heads: v.heads, tokens: v.tokens.length, readMs: Math.round(v.readMs) },
      });
    } catch (err) {
      setOp({ kind: 'error', choice, ...errorMessage(err) });
    }
  }

  async function download(choice: ModelChoice) {
    const ctrl = new AbortController();
    abort.current = ctrl;
    const startedAt = performance.now();
    setOp({ kind: 'downloading', choice, progress: null, startedAt });
    try {
      const got = await downloadModel(choice, {
        hubHost: host,
        signal: ctrl.signal,
        onProgress: (progress) => setOp({ kind: 'downloading', choice, progress, startedAt }),
      });
      await update({ model: choice });
      await refreshStored();
      const { downloadMs } = got.timings;
      const rate = got.bytes / 1e6 / (downloadMs / 1000);
      await check(choice, `Downloaded ${formatBytes(got.bytes)} in ${formatMs(downloadMs)} (${rate.toFixed(1)} MB/s) and now in use. `, {
        bytes: got.bytes,
        downloadMs: Math.round(downloadMs),
        validateMs: Math.round(got.timings.validateMs),
        storeMs: Math.round(got.timings.storeMs),
      });
    } catch (err) {
      const e = errorMessage(err);
      setOp(e.reason === 'cancelled' ? { kind: 'cancelled', choice, message: e.message } : { kind: 'error', choice, ...e });
      await refreshStored();
    } finally {
      if (abort.current === ctrl) abort.current = null;
    }
  }

  async function remove(m: StoredModel) {
    const wasActive = settings!.model.source === 'hub' && settings!.model.id === m.id && settings!.model.variant === m.variant && m.hubHost === host;
    const res = await deleteStoredModel(m.id, { variant: m.variant, hubHost: m.hubHost });
    if (wasActive) await update({ model: DEFAULT_MODEL });
    await refreshStored();
    setOp({
      kind: 'done',
      choice: { id: m.id, source: 'hub', variant: m.variant, revision: 'main' },
      message: `Deleted ${m.id} (${m.variant}), ${formatBytes(res.bytes)} freed.${wasActive ? ' The built-in model is in use again.' : ''}`,
    });
  }

  async function saveHost() {
    const normal = normalizeHubHost(hostDraft);
    if (!normal) {
      setHostNote({ ok: false, text: 'Enter an http(s) URL, e.g. https://huggingface.co.' });
      return;
    }
    await update({ hubHost: normal });
    setHostDraft(normal);
    setHostNote({ ok: true, text: `Models now come from ${normal}.` });
  }

  const customProblem = pick === CUSTOM ? hubIdProblem(customId) : null;
  const probed = probe && probe.key === probeKey ? probe.sizes : undefined;
  /** Expected download size of a variant of the picked model, when known. */
  const expectedBytes = (v: ModelVariant): number | null => {
    if (entry?.sizes[v]) return entry.sizes[v]! + entry.sharedBytes;
    const p = probed?.[v];
    return typeof p === 'number' ? p : null;
  };
  const sizeLabel = (v: ModelVariant, have: StoredModel | undefined): { text: string; missing?: boolean } => {
    if (have) return { text: `${formatBytes(have.bytes)} · stored` };
    const bytes = expectedBytes(v);
    if (bytes) return { text: `≈ ${formatBytes(bytes)}` };
    if (pick === CUSTOM && probed === null) return { text: 'checking size…' };
    if (probed?.[v] === 'missing') return { text: 'not on the Hub', missing: true };
    return { text: 'size unknown' };
  };

  return (
    <div class="opt-page">
      <header class="lens-header opt-header">
        <div class="lens-brand">
          <span class="lens-logo" aria-hidden="true" />
          <span class="lens-title">Attention Lens</span>
        </div>
        <span class="opt-header-sub">Settings</span>
        <div class="lens-meta opt-active" data-testid="active-model">
          <span class="lens-chip" title="Model the popup and overlay use">In use: {choiceLabel(settings.model)}</span>
        </div>
      </header>

      <main class="opt-main">
        <section class="opt-card" aria-labelledby="opt-model-h">
          <h2 id="opt-model-h">Model</h2>
          <p class="opt-sub">
            Which BERT-family encoder analyses your selections. Hub models are downloaded once, kept in the browser, and then work offline. Nothing else is
            ever sent anywhere.
          </p>

          <div class="opt-models" role="radiogroup" aria-label="Model">
            {CATALOG.map((e) => {
              const storedVariants = stored.filter((m) => m.id === e.id && m.hubHost === host && m.complete).map((m) => m.variant);
              return (
                <label key={e.id} class={`opt-model${pick === e.id ? ' is-picked' : ''}`} data-testid={`model-${e.id}`}>
                  <input type="radio" name="model" value={e.id} checked={pick === e.id} disabled={busy} onChange={() => setPick(e.id)} />
                  <span class="opt-model-body">
                    <span class="opt-model-name">
                      {e.name}
                      {e.recommended && <span class="opt-badge opt-badge-accent">Recommended</span>}
                      {settings.model.id === e.id && (
                        <span class="opt-badge opt-badge-ok">In use{e.source === 'hub' ? ` · ${settings.model.variant}` : ''}</span>
                      )}
                      {e.source === 'hub' && storedVariants.length > 0 && <span class="opt-badge">Downloaded: {storedVariants.join(', ')}</span>}
                    </span>
                    <span class="opt-model-desc">{e.description}</span>
                    <span class="opt-model-meta">
                      {e.source === 'hub' ? <code>{e.id}</code> : 'inside the extension'} · {e.layers} layers × {e.heads} heads ·{' '}
                      {e.source === 'hub' ? `from ${formatBytes(Math.min(...Object.values(e.sizes)))}` : formatBytes(e.sizes.fp32!)}
                    </span>
                  </span>
                </label>
              );
            })}
            <label class={`opt-model${pick === CUSTOM ? ' is-picked' : ''}`} data-testid="model-custom">
              <input type="radio" name="model" value={CUSTOM} checked={pick === CUSTOM} disabled={busy} onChange={() => setPick(CUSTOM)} />
              <span class="opt-model-body">
                <span class="opt-model-name">
                  Other Hub model
                  {settings.model.source === 'hub' && !catalogEntry(settings.model.id) && (
                    <span class="opt-badge opt-badge-ok">In use · {choiceLabel(settings.model)}</span>
                  )}
                </span>
                <span class="opt-model-desc">Any transformers.js export of a BERT-family encoder (it needs an onnx/ folder), e.g. Xenova/bert-base-multilingual-uncased.</span>
                <input
                  class="opt-input opt-input-wide"
                  type="text"
                  spellcheck={false}
                  autocomplete="off"
                  placeholder="org/model"
                  aria-label="Hub model id"
                  data-testid="hub-id"
                  value={customId}
                  disabled={busy}
                  onFocus={() => setPick(CUSTOM)}
                  onInput={(ev) => setCustomId((ev.target as HTMLInputElement).value)}
                />
                {pick === CUSTOM && customId && customProblem && <span class="opt-field-error">{customProblem}</span>}
              </span>
            </label>
          </div>

          {pick !== BUNDLED_MODEL_ID && (
            <fieldset class="opt-variants" disabled={busy}>
              <legend>Variant</legend>
              {VARIANTS.map((v) => {
                const have = pending ? storedFor({ ...pending, variant: v }) : undefined;
                const size = sizeLabel(v, have);
                return (
                  <label key={v} class={`opt-variant${variant === v ? ' is-picked' : ''}`} data-testid={`variant-${v}`}>
                    <input type="radio" name="variant" value={v} checked={variant === v} onChange={() => setVariant(v)} />
                    <span class="opt-variant-name">{v}</span>
                    <span class="opt-variant-desc">{VARIANT_LABELS[v]}</span>
                    <span class={`opt-variant-size${size.missing ? ' is-missing' : ''}${have ? ' is-stored' : ''}`} data-testid="variant-size">
                      {size.text}
                    </span>
                  </label>
                );
              })}
              <p class="opt-hint">8-bit is a quarter of the download and shows nearly the same attention patterns; fp32 is the reference.</p>
            </fieldset>
          )}

          <div class="opt-action" data-testid="model-action">
            {pending === null ? (
              <button type="button" class="lens-button opt-primary" disabled>
                Download
              </button>
            ) : pending.source === 'bundled' ? (
              isActive(pending) ? (
                <span class="opt-state">The built-in model is in use.</span>
              ) : (
                <button type="button" class="lens-button opt-primary" disabled={busy} data-testid="use" onClick={() => void update({ model: DEFAULT_MODEL }).then(() => setOp({ kind: 'idle' }))}>
                  Use the built-in model
                </button>
              )
            ) : op.kind === 'downloading' ? (
              <DownloadProgressView op={op} onCancel={() => abort.current?.abort()} />
            ) : pendingStored ? (
              <>
                {isActive(pending) ? (
                  <span class="opt-state">In use · {formatBytes(pendingStored.bytes)} stored</span>
                ) : (
                  <button type="button" class="lens-button opt-primary" disabled={busy} data-testid="use" onClick={() => void update({ model: pending }).then(() => setOp({ kind: 'idle' }))}>
                    Use this model
                  </button>
                )}
                <button type="button" class="lens-button" disabled={busy} data-testid="verify" onClick={() => void check(pending, '')}>
                  Check offline
                </button>
              </>
            ) : (
              <button type="button" class="lens-button opt-primary" disabled={busy} data-testid="download" onClick={() => void download(pending)}>
                Download{expectedBytes(pending.variant) ? ` · ${formatBytes(expectedBytes(pending.variant)!)}` : ''}
              </button>
            )}
          </div>
          <OpStatus op={op} />
        </section>

        <section class="opt-card" aria-labelledby="opt-run-h">
          <h2 id="opt-run-h">Running the model</h2>
          <div class="opt-row">
            <div class="opt-row-label">
              <span class="opt-label" id="opt-backend-l">Backend</span>
              <span class="opt-hint">Auto uses WebGPU when the browser offers a GPU adapter, otherwise WebAssembly.</span>
            </div>
            <div class="opt-seg" role="radiogroup" aria-labelledby="opt-backend-l">
              {(
                [
                  ['auto', 'Auto'],
                  ['webgpu', 'WebGPU'],
                  ['wasm', 'WebAssembly'],
                ] as Array<[BackendPreference, string]>
              ).map(([value, label]) => (
                <label key={value} class={`opt-seg-item${settings.backend === value ? ' is-picked' : ''}`} data-testid={`backend-${value}`}>
                  <input type="radio" name="backend" value={value} checked={settings.backend === value} onChange={() => void update({ backend: value })} />
                  {label}
                </label>
              ))}
            </div>
          </div>
          <div class="opt-row">
            <div class="opt-row-label">
              <label class="opt-label" for="opt-max-tokens">
                Maximum tokens
              </label>
              <span class="opt-hint">
                Longer selections are cut to this many tokens. Attention grows with the square of the length; this model takes at most {modelMax}.
              </span>
            </div>
            <input
              id="opt-max-tokens"
              class="opt-input opt-input-num"
              type="number"
              min={MIN_MAX_TOKENS}
              max={modelMax}
              step={8}
              data-testid="max-tokens"
              value={Math.min(settings.maxTokens, modelMax)}
              onChange={(ev) => {
                const n = Number((ev.target as HTMLInputElement).value);
                void update({ maxTokens: Math.min(Number.isFinite(n) ? n : settings.maxTokens, modelMax) });
              }}
            />
          </div>
        </section>

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
                {stored.map((m) => {
                  const active = settings.model.source === 'hub' && settings.model.id === m.id && settings.model.variant === m.variant && m.hubHost === host;
                  return (
                    <tr key={`${m.hubHost}|${m.id}|${m.variant}`} data-testid="stored-row" data-id={m.id} data-variant={m.variant} data-bytes={m.bytes}>
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
                        <button type="button" class="lens-button opt-danger" disabled={busy} data-testid="delete" onClick={() => void remove(m)}>
                          Delete
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {usage && (
            <p class="opt-hint" data-testid="storage-usage">
              This extension uses {formatBytes(usage.usage)} of browser storage ({formatBytes(usage.quota)} available to it).
            </p>
          )}
        </section>

        <details class="opt-card opt-advanced">
          <summary>
            <h2>Advanced: Hub host</h2>
          </summary>
          <p class="opt-sub">
            Models are fetched from <code>{'{host}/{model}/resolve/main/{file}'}</code>. Change this only for a mirror of the Hugging Face Hub.
          </p>
          <div class="opt-host-row">
            <input
              class="opt-input opt-input-wide"
              type="url"
              spellcheck={false}
              aria-label="Hub host"
              data-testid="hub-host"
              value={hostDraft}
              disabled={busy}
              onInput={(ev) => {
                setHostDraft((ev.target as HTMLInputElement).value);
                setHostNote(null);
              }}
            />
            <button type="button" class="lens-button" disabled={busy} data-testid="hub-host-save" onClick={() => void saveHost()}>
              Save
            </button>
            <button
              type="button"
              class="lens-button"
              disabled={busy || host === DEFAULT_HUB_HOST}
              onClick={() => {
                setHostDraft(DEFAULT_HUB_HOST);
                void update({ hubHost: DEFAULT_HUB_HOST }).then(() => setHostNote({ ok: true, text: `Models now come from ${DEFAULT_HUB_HOST}.` }));
              }}
            >
              Reset
            </button>
          </div>
          {hostNote && (
            <p class={hostNote.ok ? 'opt-hint' : 'opt-field-error'} data-testid="hub-host-note">
              {hostNote.text}
            </p>
          )}
        </details>
      </main>
    </div>
  );
}

function DownloadProgressView(props: { op: Extract<Op, { kind: 'downloading' }>; onCancel: () => void }) {
  const p = props.op.progress;
  const percent = p?.percent ?? null;
  const elapsed = (performance.now() - props.op.startedAt) / 1000;
  const rate = p && elapsed > 0.5 ? p.loaded / 1e6 / elapsed : null;
  return (
    <div class="opt-progress-wrap">
      <div
        class={`opt-progress${percent === null ? ' is-indeterminate' : ''}`}
        role="progressbar"
        aria-label={`Downloading ${choiceLabel(props.op.choice)}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        data-testid="progress"
        data-percent={percent ?? ''}
      >
        <div class="opt-progress-bar" style={{ width: `${percent ?? 30}%` }} />
      </div>
      <div class="opt-progress-text" data-testid="progress-text" aria-live="off">
        <span>
          {p ? `${formatBytes(p.loaded)} of ${p.total ? formatBytes(p.total) : '?'}` : 'Connecting…'}
          {percent !== null && <strong> · {percent.toFixed(percent >= 10 ? 0 : 1)}%</strong>}
          {rate !== null && <span class="opt-muted"> · {rate.toFixed(1)} MB/s</span>}
        </span>
        {p && <span class="opt-muted opt-file">{p.file}</span>}
      </div>
      <button type="button" class="lens-button" data-testid="cancel" onClick={props.onCancel}>
        Cancel
      </button>
    </div>
  );
}

function OpStatus(props: { op: Op }) {
  const { op } = props;
  if (op.kind === 'idle' || op.kind === 'downloading') return null;
  if (op.kind === 'checking') {
    return (
      <p class="opt-status" role="status" data-testid="status" data-kind="checking">
        Checking {choiceLabel(op.choice)} from the cache…
      </p>
    );
  }
  const data = op.kind === 'done' && op.data ? Object.fromEntries(Object.entries(op.data).map(([k, v]) => [`data-${k.toLowerCase()}`, String(v)])) : {};
  return (
    <p
      class={`opt-status opt-status-${op.kind}`}
      role={op.kind === 'error' ? 'alert' : 'status'}
      data-testid="status"
      data-kind={op.kind}
      data-reason={op.kind === 'error' ? op.reason : undefined}
      {...data}
    >
      {op.message}
    </p>
  );
}
