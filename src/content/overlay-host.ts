// The in-page overlay: an extension-origin iframe inside a closed shadow root. The iframe is
// cross-origin to the page, so page scripts cannot read or drive it, and page CSS cannot reach
// into the shadow root; the host element's own box is pinned with inline !important styles.
import { extensionUrl } from '../platform/runtime';
import { placeOverlay, type OverlayRect } from './overlay-placement';

const HOST_STYLE = [
  'all: initial', 'position: fixed', 'z-index: 2147483647', 'display: block', 'margin: 0', 'padding: 0',
  'border: 0', 'background: transparent', 'pointer-events: auto', 'visibility: visible', 'opacity: 1',
].map((d) => `${d} !important`).join(';');

const SHADOW_CSS = `
  :host { all: initial; }
  .frame {
    box-sizing: border-box; width: 100%; height: 100%; border: 1px solid rgba(0,0,0,.18);
    border-radius: 12px; overflow: hidden; resize: both; min-width: 320px; min-height: 240px;
    box-shadow: 0 18px 50px rgba(0,0,0,.28), 0 2px 8px rgba(0,0,0,.12); background: #fff;
  }
  iframe { display: block; width: 100%; height: 100%; border: 0; color-scheme: normal; }
`;

export class OverlayHost {
  private host: HTMLElement | null = null;
  private frame: HTMLDivElement | null = null;

  get isOpen(): boolean {
    return this.host !== null && this.host.isConnected;
  }

  /** Is this event target the overlay (so clicks inside it do not count as "outside")? */
  contains(target: EventTarget | null): boolean {
    return this.host !== null && target === this.host;
  }

  open(selectionRect: OverlayRect | null): void {
    const place = placeOverlay(selectionRect, window.innerWidth, window.innerHeight);
    if (!this.isOpen) this.create();
    const host = this.host!;
    host.style.cssText = `${HOST_STYLE};left:${place.left}px !important;top:${place.top}px !important;`;
    this.frame!.style.width = `${place.width}px`;
    this.frame!.style.height = `${place.height}px`;
  }

  close(): void {
    this.host?.remove();
    this.host = null;
    this.frame = null;
  }

  private create(): void {
    const host = document.createElement('attention-lens-overlay');
    const shadow = host.attachShadow({ mode: 'closed' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(SHADOW_CSS);
    shadow.adoptedStyleSheets = [sheet];
    const frame = document.createElement('div');
    frame.className = 'frame';
    const iframe = document.createElement('iframe');
    iframe.src = extensionUrl('src/overlay/overlay.html');
    iframe.title = 'Attention Lens';
    iframe.setAttribute('allow', '');
    frame.append(iframe);
    shadow.append(frame);
    document.documentElement.append(host);
    this.host = host;
    this.frame = frame;
  }
}
