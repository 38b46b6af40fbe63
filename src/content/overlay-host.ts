// The in-page overlay: an extension-origin iframe inside a closed shadow root, in the top layer (popover), so
// page scripts cannot read or drive it, page CSS cannot reach into it and page elements (dialogs, covers added
// later) do not sit above it. The iframe's URL is the per-session dynamic URL of the overlay page and carries a
// one-time token the background checks, so no other page can frame the overlay and see this tab's analysis.
//
// The host also moves and sizes the overlay: a grab strip over the free part of the frame's title bar drags it, and
// handles on its edges and corners resize it (all in the closed shadow root, so the page's own pointer capture
// keeps a drag going wherever the pointer goes; the frame says where its title bar is over a private
// MessageChannel, see overlay-link.ts), and it can dock to a side of the page, where it reserves a column
// (page-dock.ts). It always stays
// inside the viewport, also when the window is resized. Where the user put it and how large they made it is
// remembered (overlay-memory.ts). Opening it moves the keyboard focus into it; closing it gives the focus back.
import { extensionUrl } from '../platform/runtime';
import { getItem } from '../platform/storage';
import { LINK_KIND, parseFrameMessage, type FrameToHost, type HostToFrame } from './overlay-link';
import { EMPTY_MEMORY, loadMemory, saveMemory, type OverlayMemory } from './overlay-memory';
import {
  clampRect,
  defaultSize,
  dockRect,
  dockWidth,
  fitHeight,
  moveRect,
  placeOverlay,
  planOverlay,
  resizeRect,
  type DockSide,
  type Edges,
  type OverlayRect,
} from './overlay-placement';
import { releaseColumn, reserveColumn } from './page-dock';
import { t } from '../shared/i18n';
import { OVERLAY_TAG } from './leftover-hosts';

const HOST_STYLE = [
  'all: initial',
  'position: fixed',
  'z-index: 2147483647',
  'display: block',
  'margin: 0',
  'padding: 0',
  'inset: auto',
  'border: 0',
  'background: transparent',
  'pointer-events: auto',
  'visibility: visible',
  'opacity: 1',
  'overflow: visible',
  'box-sizing: border-box',
  'min-width: 0',
  'min-height: 0',
  'max-width: none',
  'max-height: none',
  'transform: none',
]
  .map((d) => `${d} !important`)
  .join(';');

const SHADOW_CSS = `
  :host { all: initial; }
  .frame {
    position: absolute; inset: 0; box-sizing: border-box; border: 1px solid rgba(0,0,0,.18);
    border-radius: 12px; overflow: hidden; background: #fff; color-scheme: light;
    box-shadow: 0 18px 50px rgba(0,0,0,.28), 0 2px 8px rgba(0,0,0,.12);
  }
  .frame.dark { border-color: rgba(255,255,255,.16); background: #161a22; color-scheme: dark; box-shadow: 0 18px 50px rgba(0,0,0,.6), 0 2px 8px rgba(0,0,0,.4); }
  .frame.docked { border-radius: 0; box-shadow: 0 0 28px rgba(0,0,0,.22); }
  .frame.docked-right { border-width: 0 0 0 1px; }
  .frame.docked-left { border-width: 0 1px 0 0; }
  iframe { display: block; width: 100%; height: 100%; border: 0; color-scheme: normal; }
  .busy iframe { pointer-events: none; }
  .grab { position: absolute; z-index: 1; display: none; cursor: grab; background: transparent; touch-action: none; }
  .grab.on { display: block; }
  .grab.dragging { cursor: grabbing; }
  .message {
    box-sizing: border-box; height: 100%; padding: 18px 20px; display: flex; flex-direction: column; gap: 10px;
    font: 14px/1.45 system-ui, "DejaVu Sans", sans-serif; color: #1f2430; background: #fff;
  }
  .message strong { font-size: 15px; }
  .message button {
    align-self: flex-start; font: inherit; padding: 4px 12px; border-radius: 6px; border: 1px solid #b8c0cc;
    background: #f4f6f9; color: #1f2430; cursor: pointer;
  }
  .dark .message { color: #e6e9ef; background: #161a22; }
  .dark .message button { color: #e6e9ef; background: #232938; border-color: #3a4252; }
  .message button:focus-visible { outline: 2px solid #3b5bdb; outline-offset: 2px; }
  .dark .message button:focus-visible { outline-color: #7b95ff; }
  .handle { position: absolute; z-index: 2; touch-action: none; background: transparent; }
  .n, .s { left: 12px; right: 12px; height: 8px; cursor: ns-resize; }
  .n { top: -4px; } .s { bottom: -4px; }
  .e, .w { top: 12px; bottom: 12px; width: 8px; cursor: ew-resize; }
  .e { right: -4px; } .w { left: -4px; }
  .ne, .nw, .se, .sw { width: 16px; height: 16px; }
  .ne { top: -4px; right: -4px; cursor: nesw-resize; } .sw { bottom: -4px; left: -4px; cursor: nesw-resize; }
  .nw { top: -4px; left: -4px; cursor: nwse-resize; } .se { bottom: -4px; right: -4px; cursor: nwse-resize; }
  .grip {
    position: absolute; right: 3px; bottom: 3px; width: 10px; height: 10px; z-index: 1; pointer-events: none; opacity: .55;
    background: linear-gradient(135deg, transparent 0 45%, #8a93a3 45% 52%, transparent 52% 68%, #8a93a3 68% 75%, transparent 75%);
  }
  .docked-right ~ .handle:not(.w), .docked-left ~ .handle:not(.e), .docked ~ .grip { display: none; }
  .docked ~ .e, .docked ~ .w { top: 0; bottom: 0; }
  .docked-right ~ .w { left: -3px; } .docked-left ~ .e { right: -3px; }
`;

const HANDLES: Record<string, Edges> = {
  n: { top: true },
  s: { bottom: true },
  e: { right: true },
  w: { left: true },
  ne: { top: true, right: true },
  nw: { top: true, left: true },
  se: { bottom: true, right: true },
  sw: { bottom: true, left: true },
};

/** Key of the shared view state (src/app/view-state-store.ts), read here only for its theme. */
const VIEW_STATE_KEY = 'viewState';

/** The viewport the overlay lives in (without the page's scrollbars). */
function viewport(): { vw: number; vh: number } {
  const root = document.documentElement;
  return { vw: root.clientWidth || innerWidth, vh: root.clientHeight || innerHeight };
}

/** The focused element, looking into open shadow roots. */
function deepActiveElement(): Element | null {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

function systemTheme(): 'light' | 'dark' {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export interface OverlayHostHooks {
  /** The user closed a message panel. */
  onMessageClosed?: () => void;
  /** Where the analysed text is now (viewport px), for "Reset position"; null when unknown. */
  anchor?: () => OverlayRect | null;
}

export class OverlayHost {
  private host: HTMLElement | null = null;
  private frame: HTMLDivElement | null = null;
  private iframe: HTMLIFrameElement | null = null;
  private port: MessagePort | null = null;
  private raiseObserver: MutationObserver | null = null;
  /** Another popover or dialog opened: back on top. Our own toggles (raise() hides and shows the host, which fires
   *  toggle events on it) must not count, or raising would re-trigger itself forever and the frame would flicker. */
  private readonly reraise = (e: Event) => {
    if (e.target !== this.host) this.raise();
  };
  private readonly onResize = () => this.relayout();

  /** The floating rectangle (viewport px); the docked column is computed from `dock`. */
  private rect: OverlayRect = { left: 0, top: 0, width: 0, height: 0 };
  /** 'auto': placed beside the selection (and grown to show the first chart); 'custom': where the user put it. */
  private mode: 'auto' | 'custom' = 'auto';
  private dock: DockSide | null = null;
  private dockW = 0;
  private memory: OverlayMemory = EMPTY_MEMORY;
  private selRect: OverlayRect | null = null;
  private theme: 'light' | 'dark' = systemTheme();
  private returnFocus: Element | null = null;
  private focusOnLink = false;
  /** Where the frame's title bar leaves room to grab it (frame px); null until the frame says. */
  private grabZone: { left: number; top: number; width: number; height: number } | null = null;
  private grab: HTMLDivElement | null = null;
  /** A drag of the title bar ('move') or of a resize handle, in progress. */
  private gesture: { id: number; edges: Edges | 'move'; start: OverlayRect; x: number; y: number; moved: boolean } | null = null;
  private opening = 0;
  /** The overlay page runs in the frame (it said hello over the private channel). */
  private alive = false;
  /** When the frame's document finished loading (performance.now()), or null while it loads. */
  private loadedAt: number | null = null;

  constructor(private readonly hooks: OverlayHostHooks = {}) {}

  get isOpen(): boolean {
    return this.host !== null && this.host.isConnected;
  }

  /** Whether the overlay page runs in the frame (a page that blocks extension frames never gets there). */
  get frameAlive(): boolean {
    return this.isOpen && this.iframe !== null && this.alive;
  }

  /** Milliseconds since the frame's document loaded, or null while it is still loading (a slow, busy machine). */
  get frameLoadedFor(): number | null {
    return this.loadedAt === null ? null : performance.now() - this.loadedAt;
  }

  /** Is this viewport point on the overlay? (A page's modal dialog makes the overlay inert: clicks meant for it then
   *  reach the page with another target, but still land inside its rectangle.) */
  containsPoint(x: number, y: number): boolean {
    const b = this.box;
    return b !== null && x >= b.left && x < b.left + b.width && y >= b.top && y < b.top + b.height;
  }

  /** Is this event target the overlay (so clicks inside it do not count as "outside")? */
  contains(target: EventTarget | null): boolean {
    return this.host !== null && target === this.host;
  }

  /** Opens (or moves) the overlay and moves the focus into it; a new `token` loads the overlay page afresh with it. */
  async open(selectionRect: OverlayRect | null, token: string): Promise<void> {
    const attempt = ++this.opening;
    if (!this.isOpen) this.returnFocus = deepActiveElement();
    this.selRect = selectionRect;
    const [memory, theme] = await Promise.all([loadMemory(), this.storedTheme()]);
    if (attempt !== this.opening) return; // a newer open() (or a close) came meanwhile
    this.memory = memory;
    this.theme = theme;
    // measured before the host joins the page: a freshly appended host can add a scrollbar for a moment, and a
    // remembered rectangle flush with the viewport's bottom then came back 12 px higher (seen in Firefox)
    const view = viewport();
    if (!this.isOpen) this.create();
    this.layoutFromMemory(view);
    this.focusOnLink = true;
    // A fresh frame per token: changing only the URL's fragment would not reload the page.
    this.frame!.replaceChildren(this.newFrame(token));
    this.raise();
  }

  /** Replaces the panel's content with a plain message (page text is never involved: `text` is ours). */
  showMessage(title: string, text: string, selectionRect: OverlayRect | null = null): void {
    if (!this.isOpen) {
      this.returnFocus = deepActiveElement();
      // The panel follows the user's theme too (read from storage; the system's until then).
      void this.storedTheme().then((theme) => {
        this.theme = theme;
        this.apply();
      });
      this.create();
      const { vw, vh } = viewport();
      const place = placeOverlay(selectionRect, vw, vh);
      this.mode = 'auto';
      this.dock = null;
      this.rect = clampRect({ ...place, width: Math.min(place.width, 420), height: 190 }, vw, vh);
      this.apply();
    }
    this.iframe = null;
    this.port?.close();
    this.port = null;
    this.frame!.replaceChildren();
    const box = document.createElement('div');
    box.className = 'message';
    box.setAttribute('role', 'alert');
    const strong = document.createElement('strong');
    strong.textContent = title;
    const p = document.createElement('div');
    p.textContent = text;
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = t('overlay_close');
    close.addEventListener('click', (e) => {
      if (!e.isTrusted) return;
      this.close();
      this.hooks.onMessageClosed?.();
    });
    box.append(strong, p, close);
    this.frame!.append(box);
    this.apply();
    this.raise();
    close.focus({ preventScroll: true });
  }

  close(): void {
    this.opening++;
    const hadFocus = this.host !== null && document.activeElement === this.host;
    this.raiseObserver?.disconnect();
    this.raiseObserver = null;
    document.removeEventListener('toggle', this.reraise, true);
    removeEventListener('resize', this.onResize);
    this.port?.close();
    this.port = null;
    this.gesture = null;
    releaseColumn();
    this.host?.remove();
    this.host = null;
    this.frame = null;
    this.iframe = null;
    this.grab = null;
    this.grabZone = null;
    const back = this.returnFocus;
    this.returnFocus = null;
    // The focus was in the overlay (Esc, the close button): give it back to where it was before.
    if (hadFocus) restoreFocus(back);
  }

  /** The overlay's rectangle on screen now (viewport px), or null when closed. */
  get box(): OverlayRect | null {
    if (!this.isOpen) return null;
    const { vw, vh } = viewport();
    return this.dock ? dockRect(this.dock, this.dockW, vw, vh) : { ...this.rect };
  }

  private async storedTheme(): Promise<'light' | 'dark'> {
    try {
      const vs = await getItem<{ theme?: unknown }>('local', VIEW_STATE_KEY);
      if (vs?.theme === 'light' || vs?.theme === 'dark') return vs.theme;
    } catch {
      /* the extension was reloaded under the page */
    }
    return systemTheme();
  }

  private layoutFromMemory({ vw, vh }: { vw: number; vh: number } = viewport()): void {
    const m = this.memory;
    this.dock = m.dock;
    this.dockW = m.dockWidth ?? defaultSize(vw, vh).width;
    if (m.rect) {
      this.mode = 'custom';
      this.rect = clampRect(m.rect, vw, vh);
    } else {
      this.mode = 'auto';
      this.rect = this.planBesideSelection(vw, vh);
    }
    this.apply();
  }

  /**
   * Beside the selection; when the overlay would cover it, the page is scrolled a little (when it can) so that the
   * analysed text, and the heat painted over it, stay in sight next to the overlay.
   */
  private planBesideSelection(vw: number, vh: number): OverlayRect {
    const scroller = document.scrollingElement ?? document.documentElement;
    const before = scroller.scrollTop;
    const room = { up: before, down: Math.max(0, scroller.scrollHeight - scroller.clientHeight - before) };
    const plan = planOverlay(this.selRect, vw, vh, room);
    if (!plan.scroll || !this.selRect) return plan.rect;
    window.scrollBy({ top: plan.scroll, behavior: 'instant' });
    const moved = scroller.scrollTop - before;
    if (moved === plan.scroll) {
      this.selRect = { ...this.selRect, top: this.selRect.top - moved };
      return plan.rect;
    }
    if (moved) this.selRect = { ...this.selRect, top: this.selRect.top - moved };
    return placeOverlay(this.selRect, vw, vh);
  }

  /** Puts the host where `rect` / `dock` say, and reserves the docked column in the page. */
  private apply(): void {
    const host = this.host;
    if (!host || !this.frame) return;
    const { vw, vh } = viewport();
    const r = this.dock ? dockRect(this.dock, this.dockW, vw, vh) : this.rect;
    host.style.cssText = `${HOST_STYLE};left:${r.left}px !important;top:${r.top}px !important;width:${r.width}px !important;height:${r.height}px !important;`;
    const classes = ['frame'];
    if (this.theme === 'dark') classes.push('dark');
    if (this.dock) classes.push('docked', `docked-${this.dock}`);
    if (this.gesture) classes.push('busy');
    this.frame.className = classes.join(' ');
    if (this.grab) {
      const z = this.grabZone;
      const on = z !== null && !this.dock && this.iframe !== null;
      this.grab.className = `grab${on ? ' on' : ''}${this.gesture?.edges === 'move' ? ' dragging' : ''}`;
      // The iframe sits inside the frame's 1 px border; the strip never reaches past the overlay.
      if (z)
        this.grab.style.cssText = `left:${1 + z.left}px;top:${1 + z.top}px;width:${Math.max(0, Math.min(z.width, r.width - 2 - z.left))}px;height:${z.height}px`;
    }
    if (this.dock) reserveColumn(this.dock, r.width);
    else releaseColumn();
  }

  /** The window changed size: stay inside it. */
  private relayout(): void {
    if (!this.isOpen) return;
    const { vw, vh } = viewport();
    if (!this.dock) this.rect = clampRect(this.rect, vw, vh);
    this.apply();
  }

  private remember(patch: Partial<OverlayMemory>): void {
    this.memory = { ...this.memory, ...patch };
    void saveMemory(this.memory);
    this.sendLayout();
  }

  /** Tells the frame that the page's selection changed (no text: the frame asks the background for it). */
  selectionChanged(): void {
    if (this.isOpen) this.post({ type: 'selection' });
  }

  private post(msg: HostToFrame): void {
    try {
      this.port?.postMessage(msg);
    } catch {
      /* the frame is gone */
    }
  }

  private sendLayout(): void {
    this.post({ type: 'layout', dock: this.dock, custom: this.mode === 'custom' || this.dock !== null });
  }

  private onFrameMessage(msg: FrameToHost | null): void {
    if (!msg || !this.isOpen) return;
    const { vw, vh } = viewport();
    switch (msg.type) {
      case 'hello':
        this.alive = true;
        this.sendLayout();
        return;
      case 'grab-zone':
        this.grabZone = { left: msg.left, top: msg.top, width: msg.width, height: msg.height };
        this.apply();
        return;
      case 'dock':
        this.setDock(msg.side);
        return;
      case 'reset':
        this.reset();
        return;
      case 'want-height':
        if (this.mode !== 'auto' || this.dock) return;
        this.rect = fitHeight(this.rect, Math.ceil(msg.height) + 2, vw, vh); // + the frame's border
        this.apply();
        return;
      case 'theme':
        this.theme = msg.theme;
        this.apply();
        return;
    }
  }

  private setDock(side: DockSide | null): void {
    const { vw } = viewport();
    if (side) this.dockW = dockWidth(this.memory.dockWidth ?? Math.max(this.rect.width, defaultSize(vw, 0).width), vw);
    this.dock = side;
    this.apply();
    this.remember({ dock: side, dockWidth: side ? this.dockW : this.memory.dockWidth });
  }

  private reset(): void {
    const { vw, vh } = viewport();
    this.dock = null;
    this.mode = 'auto';
    this.rect = placeOverlay(this.hooks.anchor?.() ?? this.selRect, vw, vh);
    this.apply();
    this.remember(EMPTY_MEMORY);
  }

  private onHandleDown(e: PointerEvent, name: string): void {
    if (!e.isTrusted || e.button !== 0 || !this.isOpen || (name === 'move' && this.dock)) return;
    const el = e.currentTarget as HTMLElement;
    e.preventDefault();
    e.stopPropagation();
    try {
      el.setPointerCapture(e.pointerId);
    } catch {
      /* the pointer is already gone */
    }
    this.gesture = { id: e.pointerId, edges: name === 'move' ? 'move' : HANDLES[name], start: this.box!, x: e.clientX, y: e.clientY, moved: false };
    this.apply();
  }

  private onHandleMove(e: PointerEvent): void {
    const g = this.gesture;
    if (!e.isTrusted || !g || e.pointerId !== g.id) return;
    const { vw, vh } = viewport();
    const dx = e.clientX - g.x;
    const dy = e.clientY - g.y;
    if (!dx && !dy) return;
    g.moved = true;
    if (g.edges === 'move') {
      this.rect = moveRect(g.start, dx, dy, vw, vh);
      this.mode = 'custom';
    } else if (this.dock) {
      this.dockW = dockWidth(g.start.width + (this.dock === 'right' ? -dx : dx), vw);
    } else {
      this.rect = resizeRect(g.start, g.edges, dx, dy, vw, vh);
      this.mode = 'custom';
    }
    this.apply();
  }

  private onHandleUp(e: PointerEvent): void {
    const g = this.gesture;
    if (!g || e.pointerId !== g.id) return;
    this.gesture = null;
    this.apply();
    if (!g.moved) return;
    if (this.dock && g.edges !== 'move') this.remember({ dockWidth: this.dockW });
    else this.remember({ rect: { ...this.rect } });
  }

  /** Back on top of the top layer: whatever the page opened last (a dialog, a popover) goes below us again. */
  private raise(): void {
    const host = this.host;
    if (!host?.isConnected || typeof host.showPopover !== 'function') return;
    try {
      if (host.matches(':popover-open')) host.hidePopover();
      host.showPopover();
    } catch {
      /* popover unsupported or the page removed the attribute: the z-index still applies */
    }
  }

  private newFrame(token: string): HTMLIFrameElement {
    const iframe = document.createElement('iframe');
    iframe.title = t('app_name');
    iframe.setAttribute('allow', '');
    const src = `${extensionUrl('src/overlay/overlay.html')}#${token}`;
    iframe.addEventListener(
      'load',
      () => {
        if (iframe === this.iframe) this.loadedAt = performance.now();
        this.link(iframe, token);
      },
      { once: true },
    );
    iframe.src = src;
    this.iframe = iframe;
    this.alive = false;
    this.loadedAt = null;
    this.port?.close();
    this.port = null;
    return iframe;
  }

  /** Hands the frame its end of a new private channel, then (on opening) gives it the focus. */
  private link(iframe: HTMLIFrameElement, token: string): void {
    if (iframe !== this.iframe || !iframe.contentWindow) return;
    const channel = new MessageChannel();
    this.port = channel.port1;
    channel.port1.onmessage = (e: MessageEvent) => {
      if (iframe === this.iframe) this.onFrameMessage(parseFrameMessage(e.data));
    };
    try {
      // The frame's document has the extension's own origin (its dynamic URL is only the address it was loaded
      // from): a frame that shows anything else (an error page, because the page blocked it) gets nothing.
      iframe.contentWindow.postMessage({ kind: LINK_KIND, token }, new URL(extensionUrl('')).origin, [channel.port2]);
    } catch {
      return; // the frame shows something else (the page blocked it): the readiness watchdog says so
    }
    this.sendLayout();
    if (this.focusOnLink) {
      this.focusOnLink = false;
      iframe.focus({ preventScroll: true });
      this.post({ type: 'focus' });
    }
  }

  private create(): void {
    const host = document.createElement(OVERLAY_TAG);
    host.setAttribute('popover', 'manual');
    const shadow = host.attachShadow({ mode: 'closed' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(SHADOW_CSS);
    shadow.adoptedStyleSheets = [sheet];
    const frame = document.createElement('div');
    frame.className = 'frame';
    shadow.append(frame);
    const grip = document.createElement('div');
    grip.className = 'grip';
    shadow.append(grip);
    const grab = document.createElement('div');
    grab.className = 'grab';
    grab.title = t('content_drag_to_move');
    shadow.append(grab);
    this.grab = grab;
    for (const name of ['move', ...Object.keys(HANDLES)]) {
      const h = name === 'move' ? grab : document.createElement('div');
      if (name !== 'move') h.className = `handle ${name}`;
      h.addEventListener('pointerdown', (e) => this.onHandleDown(e, name));
      h.addEventListener('pointermove', (e) => this.onHandleMove(e));
      h.addEventListener('pointerup', (e) => this.onHandleUp(e));
      h.addEventListener('pointercancel', (e) => this.onHandleUp(e));
      h.addEventListener('lostpointercapture', (e) => this.onHandleUp(e));
      if (name !== 'move') shadow.append(h);
    }
    document.documentElement.append(host);
    this.host = host;
    this.frame = frame;
    addEventListener('resize', this.onResize, { passive: true });
    // Later top-layer entries (dialogs, popovers, fullscreen) would cover us: re-raise when one opens.
    document.addEventListener('toggle', this.reraise, true);
    this.raiseObserver = new MutationObserver((records) => {
      if (records.some((r) => r.target !== host)) this.raise();
    });
    this.raiseObserver.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ['open'] });
  }
}

/** Focus back on `el` if it can still take it; else on the page itself. */
function restoreFocus(el: Element | null): void {
  if (el && el.isConnected && el !== document.body && el !== document.documentElement && 'focus' in el) {
    (el as HTMLElement).focus({ preventScroll: true });
    if (document.activeElement === el || el.contains(document.activeElement)) return;
  }
  // Nothing focusable had the focus: the page keeps it (sequential navigation starts at the collapsed selection,
  // which sits at the end of the analysed text).
  try {
    window.focus();
  } catch {
    /* not allowed */
  }
}
