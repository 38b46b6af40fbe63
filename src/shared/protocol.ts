// The one typed message protocol between the extension's contexts.
// runtime.sendMessage reaches every extension context (service worker, offscreen document, popup,
// overlay iframe), so every runtime message names its `target`; listeners ignore the rest.
// Tensors travel as typed arrays: the manifest sets "message_serialization": "structured_clone".
import type { AttentionResult, PageProfile } from './attention-result';
import type { BackendPreference, EngineModelSpec } from './model-choice';

/** What the content script captured of the user's selection. Page text is data, never markup. */
export interface CapturedSelection {
  text: string;
  /** Viewport rectangle of the selection, for placing the overlay; null when unknown. */
  rect: { left: number; top: number; width: number; height: number } | null;
  /** Where the selection lives: page text or a form field (textarea/input). */
  source: 'page' | 'field';
  /** Set instead of text when the focus is in a field that is never read (password, card data, one-time code). */
  refused?: string;
  /** Frame of the tab that holds the selection (0 = top). */
  frameId?: number;
  /** When that frame's selection last changed (ms since the epoch), so the newest selection across frames wins. */
  changedAt?: number;
  /**
   * The focus of this frame's document sits in a child frame (its activeElement is an iframe): the user moved on
   * into that frame after selecting here, so this selection is older than the child's.
   */
  focusInChildFrame?: boolean;
}

export interface AnalyzeOptions {
  /** Return per-head Q and K vectors too (neuron view). */
  withQK?: boolean;
  /** Execution provider to use; 'auto' = WebGPU when an adapter exists, else WASM. */
  backend?: BackendPreference;
  /** Analyse as a sentence pair: text[0, pairSplit) is sentence A, the rest sentence B. */
  pairSplit?: number;
  /** Model to run (the user's settings); default: the one loaded, at first the bundled model. */
  model?: EngineModelSpec;
  /**
   * Masked-token probing: token positions (in the text's own tokenization) replaced by the model's mask token
   * ([MASK], <mask>) before the run; the result carries the top predictions there.
   */
  mask?: number[];
  /** How many predictions per masked position (default 10). */
  topK?: number;
  /** Unload the model after this many ms without requests (0 = never; default 5 minutes). */
  idleUnloadMs?: number;
  /**
   * Long texts (more tokens than the model takes; single texts only — a pair is truncated): which window to analyse,
   * 0-based (default 0). The result carries `windows` (src/shared/attention-result.ts WindowInfo).
   */
  window?: number;
  /**
   * Tokens shared by consecutive windows (default 128 for an analysis, 0 for a profile: long-text.ts PROFILE_OVERLAP;
   * at most half a window). A profile's drill-down passes the profile's own (PageProfile.overlap).
   */
  windowOverlap?: number;
  /** Long texts: also summarise every other window for the stitched heatmap of the whole text (default true). */
  summaries?: boolean;
  /** Upper bound of the engine's cache of window results, in bytes (default 128 MiB; 0 = no cache). */
  cacheBytes?: number;
}

/** A page profile request's options (model, backend and windows as for an analysis). */
export interface ProfileOptions extends Pick<AnalyzeOptions, 'backend' | 'model' | 'idleUnloadMs' | 'windowOverlap'> {
  /** Side of the pooled maps (default 32). */
  grid?: number;
}

/** A page's readable text: its main content (Readability), or the selection when there is none. */
export interface ReadableText {
  text: string;
  /** [start, end) character ranges of the paragraphs in `text`. */
  paragraphs: Array<[number, number]>;
  source: 'article' | 'selection';
  title?: string;
}

/**
 * The readable text of a tab (answer: Result<ReadableText>): the background injects READABLE_SCRIPT_FILE
 * (src/content/readable-text.ts) and returns what it found. `tabId` omitted: the sender's tab (the overlay), else
 * the active tab. Joins BackgroundMessage together with its case in src/background/router.ts.
 */
export type ReadableTextMessage = { target: 'background'; type: 'page/readable'; tabId?: number };

/** The injected script that finds a page's readable text (a classic script, built by vite.config.ts). */
export const READABLE_SCRIPT_FILE = 'readable.js';

/** The engine document's memory (benchmarks, tests). */
export interface EngineMemory {
  loaded: boolean;
  /** performance.memory (Chromium): JS heap used / total, bytes. */
  usedJSHeapSize?: number;
  totalJSHeapSize?: number;
  /** performance.measureUserAgentSpecificMemory() total, bytes (cross-origin-isolated documents), when it answered in time. */
  uaSpecificBytes?: number;
  /** Bytes held by the engine's window cache. */
  cacheBytes: number;
}

export type ErrorCode =
  | 'empty-selection'
  | 'protected-field'
  | 'restricted-page'
  | 'sandboxed-page'
  | 'extension-reloaded'
  | 'timeout'
  | 'model-numerics'
  | 'no-mlm-head'
  | 'model-file'
  | 'model-graph'
  | 'engine'
  | 'offscreen-lost'
  /** The extension has no access to this tab yet (never invoked there, no host permission): the side panel says how to grant it. */
  | 'no-access'
  | 'internal';

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export interface EngineStatus {
  modelId: string;
  backend: AttentionResult['backend'];
  /** Why WebGPU was not used, when it was not. */
  backendNote: string | null;
  maxTokens: number;
  /** What set maxTokens: the user's setting, the model's position table, or its declared trained length. */
  limitReason?: 'setting' | 'model' | 'trained';
  numLayers: number;
  numHeads: number;
  loadMs: number;
  /** Whether the model can predict masked tokens (a masked-LM head and a mask token). */
  canMask?: boolean;
  /** Milliseconds per loading phase (fetches run in parallel, so they overlap). */
  loadPhases?: Record<string, number>;
}

/** Messages handled by the service worker. */
export type BackgroundMessage =
  | { target: 'background'; type: 'engine/ensure'; backend?: BackendPreference; model?: EngineModelSpec }
  /** The engine unloaded its idle model (Chrome's offscreen document): its document may be closed now. */
  | { target: 'background'; type: 'engine/idle' }
  | { target: 'background'; type: 'page/capture'; tabId: number }
  | { target: 'background'; type: 'page/open-overlay'; tabId: number }
  | { target: 'background'; type: 'overlay/register'; token: string }
  | { target: 'background'; type: 'overlay/ready'; token: string }
  | { target: 'background'; type: 'overlay/pin'; pinned: boolean }
  | { target: 'background'; type: 'overlay/close' }
  | { target: 'background'; type: 'overlay/highlight'; paint: PagePaint | null }
  /**
   * The overlay frame asks for its tab's selection now (the page told it the selection changed; Firefox may have
   * suspended the background page meanwhile, so the push on its port can be missing).
   */
  | { target: 'background'; type: 'overlay/sync' }
  | { target: 'background'; type: 'selection/changed'; selection: CapturedSelection }
  /**
   * The side panel shows `tabId` (the active tab of its window): the background makes that tab's content script
   * report selection changes ('overlay/selection' broadcasts) and stops `previousTabId`'s. Answers what the panel
   * can show there (SidePanelFollow).
   */
  | { target: 'background'; type: 'sidepanel/follow'; tabId: number; previousTabId?: number | null }
  /** The side panel no longer shows `tabId` (it closed or switched): that tab stops reporting selections. */
  | { target: 'background'; type: 'sidepanel/unfollow'; tabId: number }
  /**
   * Open the side panel (Chrome) / sidebar (Firefox) for the sender's tab, or `tabId`. Browsers open it only inside
   * a user gesture: a view that has one should call platform/side-panel.ts openSidePanel() itself, synchronously
   * in its click handler; this message is the fallback (see docs in src/background/side-panel.ts).
   */
  | { target: 'background'; type: 'sidepanel/open'; tabId?: number }
  /** The side panel paints its heatmap over the page text of the tab it follows (null clears it). */
  | { target: 'background'; type: 'sidepanel/highlight'; tabId: number; paint: PagePaint | null }
  | ReadableTextMessage;

/** What the side panel can show for a tab. */
export interface SidePanelFollow {
  tabId: number;
  /**
   * 'following': selections of the tab reach the panel; 'no-access': the user has not invoked the extension on this
   * page yet (and it has no host permission); 'restricted': the browser never lets extensions read it.
   */
  access: 'following' | 'no-access' | 'restricted';
  /** Why not, in words, when access is not 'following'. */
  message?: string;
  /** The tab's selection when the panel started following (null: nothing selected). */
  selection: CapturedSelection | null;
}

/** Broadcasts from the background to side panels. */
export type SidePanelMessage =
  /** The user invoked the extension on this tab (menu, shortcut, popup): access exists now, follow it again. */
  { target: 'sidepanel'; type: 'sidepanel/invoked'; tabId: number };

/** Messages handled by the offscreen document (the engine). */
export type OffscreenMessage =
  | { target: 'offscreen'; type: 'engine/analyze'; text: string; options?: AnalyzeOptions }
  | { target: 'offscreen'; type: 'engine/status'; backend?: BackendPreference; model?: EngineModelSpec }
  /**
   * Profile a long text window by window (per-head statistics, pooled maps). Over a port: 'progress' with window
   * counts and a 'partial' profile after every window; a {kind: 'cancel'} posted on the port stops it after the
   * current window, and the partial profile is the answer.
   */
  | {
      target: 'offscreen';
      type: 'engine/profile';
      text: string;
      paragraphs?: Array<[number, number]>;
      source?: PageProfile['source'];
      title?: string;
      options?: ProfileOptions;
    }
  /**
   * The engine document's memory. `quick`: performance.memory only, at once (measureUserAgentSpecificMemory answers
   * after the next garbage collection: too slow and too GC-bound to sample a running profile with).
   */
  | { target: 'offscreen'; type: 'engine/memory'; quick?: boolean }
  /** A surface that follows selections (pinned overlay, side panel, page profile) keeps the model loaded. */
  | { target: 'offscreen'; type: 'engine/keepalive' };

/**
 * Analysis requests travel over a MessagePort that the service worker hands to the offscreen
 * document (clients.matchAll → postMessage with the port): the result's buffers are transferred,
 * not copied, so a 512-token result costs about a millisecond instead of a structured-clone hop.
 */
export interface EnginePortRequest {
  target: 'engine-port';
  request: Extract<OffscreenMessage, { type: 'engine/analyze' | 'engine/profile' }>;
}

/** What a view may post on its request's port: stop a long-running request (a profile, a long text's summaries). */
export type EnginePortCommand = { kind: 'cancel' };

/** Where a model load is (shown instead of a bare spinner). */
export type LoadStage = 'reading-model' | 'tokenizer' | 'preparing' | 'starting-runtime' | 'running';

/**
 * What the engine posts on a request's port: 'ack' at once (the request arrived: a missing ack means the request
 * was lost on the way and is retried), 'progress' while a model loads, then one 'done' with the result.
 */
export type EnginePortReply =
  | { kind: 'ack' }
  | {
      kind: 'progress';
      stage: LoadStage;
      fraction?: number;
      modelId?: string;
      /** Long texts and profiles (stage 'running'): windows done of windowsTotal, and the estimated time left. */
      windowsDone?: number;
      windowsTotal?: number;
      etaMs?: number;
    }
  /** A profile so far (after each window). */
  | { kind: 'partial'; profile: PageProfile }
  | { kind: 'done'; result: Result<AttentionResult> | Result<PageProfile> };

export function isEnginePortRequest(data: unknown): data is EnginePortRequest {
  return isMessageFor(data, 'engine-port' as never) && typeof (data as EnginePortRequest).request === 'object';
}

/** Buffers of a result that can be transferred instead of copied. */
export function transferablesOf(result: Result<unknown>): ArrayBuffer[] {
  if (!result.ok || typeof result.value !== 'object' || result.value === null) return [];
  return buffersOfValue(result.value);
}

/** Buffers of an AttentionResult or PageProfile (tensors, window summaries, pooled maps), each once. */
export function buffersOfValue(value: object): ArrayBuffer[] {
  const v = value as Partial<AttentionResult> & Partial<Pick<PageProfile, 'maps'>>;
  const s = v.windows?.summaries;
  const arrays = [
    ...(v.attentions ?? []),
    v.queries,
    v.keys,
    v.maps,
    v.windows?.tokenSpans,
    s?.have,
    s?.received,
    s?.cls,
    s?.receivedMax,
    s?.receivedRollout,
    s?.clsRollout,
  ];
  const out = new Set<ArrayBuffer>();
  for (const a of arrays) if (ArrayBuffer.isView(a) && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  return [...out];
}

/** The heatmap painted over the page text: per token with a span, its place, score, colour and label. */
export interface PagePaint {
  spans: Array<[number, number]>;
  scores: number[];
  /** CSS colours from the panel's palette and scale, so page and panel agree. */
  colors: string[];
  /** "the·3": token text and position, as the panel names it. */
  labels: string[];
  /** Text offset where a truncated analysis stops (a marker is drawn there); null when nothing was cut. */
  endAt: number | null;
}

/** Broadcasts from the service worker to overlay iframes; each iframe keeps only its own tab's. */
export type OverlayMessage = { target: 'overlay'; type: 'overlay/selection'; tabId: number; selection: CapturedSelection };

/**
 * Name of the runtime Port a Firefox overlay frame opens to the background page: new selections of its tab
 * (pinned mode) arrive on it, because Firefox does not deliver runtime messages to extension frames inside web
 * pages. (Chrome's overlays receive the broadcast instead.)
 */
export const OVERLAY_PORT = 'attention-lens-overlay';

/**
 * Name of the runtime Port a Firefox view that cannot reach the background page's window (the overlay frame) opens
 * per engine request: it carries the request, then the same replies as a MessagePort (ack, progress, partial, done),
 * and its disconnect tells the view at once that the background page went away (suspended, crashed, reloaded).
 */
export const ENGINE_PORT = 'attention-lens-engine';

/** Messages the service worker or popup sends to the content script with tabs.sendMessage. */
export type ContentMessage =
  | { target: 'content'; type: 'content/ping' }
  | { target: 'content'; type: 'content/get-selection' }
  | { target: 'content'; type: 'content/open-overlay' }
  | { target: 'content'; type: 'content/overlay-ready' }
  | { target: 'content'; type: 'content/close-overlay' }
  | { target: 'content'; type: 'content/set-pinned'; pinned: boolean }
  /** Report selection changes even without a pinned overlay (a side panel follows this tab). */
  | { target: 'content'; type: 'content/set-following'; following: boolean }
  | { target: 'content'; type: 'content/highlight'; paint: PagePaint | null };

export type AnyMessage = BackgroundMessage | OffscreenMessage | OverlayMessage | ContentMessage | SidePanelMessage;

/** Response type of each request, by message type. */
export interface Responses {
  'engine/ensure': Result<EngineStatus>;
  'engine/status': Result<EngineStatus>;
  'engine/keepalive': Result<null>;
  'engine/idle': Result<null>;
  'page/capture': Result<CapturedSelection>;
  'page/open-overlay': Result<null>;
  'engine/analyze': Result<AttentionResult>;
  'engine/profile': Result<PageProfile>;
  'engine/memory': Result<EngineMemory>;
  'page/readable': Result<ReadableText>;
  'overlay/register': Result<null>;
  'overlay/ready': Result<{ tabId: number; selection: CapturedSelection | null; pinned: boolean }>;
  'content/overlay-ready': Result<null>;
  'overlay/pin': Result<null>;
  'overlay/close': Result<null>;
  'overlay/highlight': Result<null>;
  'overlay/sync': Result<{ tabId: number; selection: CapturedSelection | null }>;
  'selection/changed': Result<null>;
  'content/ping': Result<null>;
  'content/get-selection': Result<CapturedSelection>;
  'content/open-overlay': Result<null>;
  'content/close-overlay': Result<null>;
  'content/set-pinned': Result<null>;
  'content/set-following': Result<null>;
  'content/highlight': Result<null>;
  'overlay/selection': Result<null>;
  'sidepanel/follow': Result<SidePanelFollow>;
  'sidepanel/unfollow': Result<null>;
  'sidepanel/open': Result<null>;
  'sidepanel/highlight': Result<null>;
  'sidepanel/invoked': Result<null>;
}

export type ResponseOf<M extends AnyMessage> = Responses[M['type']];

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

export function isMessageFor<T extends AnyMessage['target']>(msg: unknown, target: T): msg is Extract<AnyMessage, { target: T }> {
  // (also used for 'engine-port' envelopes, which are not runtime messages)
  return typeof msg === 'object' && msg !== null && (msg as { target?: unknown }).target === target;
}

/** Turns anything thrown into the protocol's error shape, keeping a typed error's code. */
export function toErrorInfo(err: unknown, fallback: ErrorCode = 'internal'): ErrorInfo {
  if (err instanceof ProtocolError) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: fallback, message };
}

export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}
