// The in-page overlay: an extension-origin iframe inside a closed shadow root, in the top layer (popover), so
// page scripts cannot read or drive it, page CSS cannot reach into it and page elements (dialogs, covers added
// later) do not sit above it. The iframe's URL is the per-session dynamic URL of the overlay page and carries a
// one-time token the background checks, so no other page can frame the overlay and see this tab's analysis.
import { extensionUrl } from '../platform/runtime';
import { placeOverlay, type OverlayRect } from './overlay-placement';

const HOST_STYLE = [
  'all: initial', 'position: fixed', 'z-index: 2147483647', 'display: block', 'margin: 0', 'padding: 0', 'inset: auto',
  'border: 0', 'background: transparent', 'pointer-events: auto', 'visibility: visible', 'opacity: 1', 'overflow: visible',
].map((d) => `${d} !important`).join(';');

const SHADOW_CSS = `
  :host { all: initial; }
  .frame {
    box-sizing: border-box; width: 100%; height: 100%; border: 1px solid rgba(0,0,0,.18);
    border-radius: 12px; overflow: hidden; resize: both; min-width: 320px; min-height: 240px;
    box-shadow: 0 18px 50px rgba(0,0,0,.28), 0 2px 8px rgba(0,0,0,.12); background: #fff;
  }
  iframe { display: block; width: 100%; height: 100%; border: 0; color-scheme: normal; }
  .message {
    box-sizing: border-box; height: 100%; padding: 18px 20px; display: flex; flex-direction: column; gap: 10px;
    font: 14px/1.45 system-ui, "DejaVu Sans", sans-serif; color: #1f2430; background: #fff;
  }
  .message strong { font-size: 15px; }
  .message button {
    align-self: flex-start; font: inherit; padding: 4px 12px; border-radius: 6px; border: 1px solid #b8c0cc;
    background: #f4f6f9; color: #1f2430; cursor: pointer;
  }
`;

export class OverlayHost {
  private host: HTMLElement | null = null;
  private frame: HTMLDivElement | null = null;
  private raiseObserver: MutationObserver | null = null;
  private readonly reraise = () => this.raise();

  constructor(private readonly onMessageClosed: () => void = () => undefined) {}

  get isOpen(): boolean {
    return this.host !== null && this.host.isConnected;
  }

  /** Is this event target the overlay (so clicks inside it do not count as "outside")? */
  contains(target: EventTarget | null): boolean {
    return this.host !== null && target === this.host;
  }

  /** Opens (or moves) the overlay; a new `token` loads the overlay page afresh with it. */
  open(selectionRect: OverlayRect | null, token: string): void {
    const place = placeOverlay(selectionRect, window.innerWidth, window.innerHeight);
    if (!this.isOpen) this.create();
    const host = this.host!;
    host.style.cssText = `${HOST_STYLE};left:${place.left}px !important;top:${place.top}px !important;`;
    this.frame!.style.width = `${place.width}px`;
    this.frame!.style.height = `${place.height}px`;
    // A fresh frame per token: changing only the URL's fragment would not reload the page.
    const iframe = this.newFrame();
    iframe.src = `${extensionUrl('src/overlay/overlay.html')}#${token}`;
    this.frame!.replaceChildren(iframe);
    this.raise();
  }

  /** Replaces the panel's content with a plain message (page text is never involved: `text` is ours). */
  showMessage(title: string, text: string, selectionRect: OverlayRect | null = null): void {
    if (!this.isOpen) {
      this.create();
      const place = placeOverlay(selectionRect, window.innerWidth, window.innerHeight);
      this.host!.style.cssText = `${HOST_STYLE};left:${place.left}px !important;top:${place.top}px !important;`;
      this.frame!.style.width = `${Math.min(place.width, 420)}px`;
      this.frame!.style.height = '190px';
    }
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
    close.textContent = 'Close';
    close.addEventListener('click', (e) => {
      if (!e.isTrusted) return;
      this.close();
      this.onMessageClosed();
    });
    box.append(strong, p, close);
    this.frame!.append(box);
    this.raise();
    close.focus();
  }

  close(): void {
    this.raiseObserver?.disconnect();
    this.raiseObserver = null;
    document.removeEventListener('toggle', this.reraise, true);
    this.host?.remove();
    this.host = null;
    this.frame = null;
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

  private newFrame(): HTMLIFrameElement {
    const iframe = document.createElement('iframe');
    iframe.title = 'Attention Lens';
    iframe.setAttribute('allow', '');
    return iframe;
  }

  private create(): void {
    const host = document.createElement('attention-lens-overlay');
    host.setAttribute('popover', 'manual');
    const shadow = host.attachShadow({ mode: 'closed' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(SHADOW_CSS);
    shadow.adoptedStyleSheets = [sheet];
    const frame = document.createElement('div');
    frame.className = 'frame';
    shadow.append(frame);
    document.documentElement.append(host);
    this.host = host;
    this.frame = frame;
    // Later top-layer entries (dialogs, popovers, fullscreen) would cover us: re-raise when one opens.
    document.addEventListener('toggle', this.reraise, true);
    this.raiseObserver = new MutationObserver((records) => {
      if (records.some((r) => r.target !== host)) this.raise();
    });
    this.raiseObserver.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ['open'] });
  }
}
