// Keyboard focus inside the overlay frame: Tab and Shift+Tab cycle through the overlay's controls and never leave
// for the page (which would scroll it, the overlay's host being the last element of the page). Two invisible
// guards at the start and end of the document catch the focus when it would leave anyway and send it round.

const CANDIDATES = 'a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable=""], [contenteditable="true"]';

type Focusable = HTMLElement | SVGElement;

function visible(el: Element): boolean {
  const check = (el as Element & { checkVisibility?: (o?: object) => boolean }).checkVisibility;
  if (typeof check === 'function') return check.call(el, { visibilityProperty: true });
  return el.getClientRects().length > 0;
}

function disabled(el: Element): boolean {
  return (el as HTMLButtonElement).disabled === true || el.closest('[inert]') !== null || el.closest('fieldset[disabled]') !== null;
}

/** The elements Tab stops at, in document order (one per radio group: the checked one, else the first). */
export function tabStops(root: ParentNode = document): Focusable[] {
  const out: Focusable[] = [];
  const groups = new Set<string>();
  for (const el of root.querySelectorAll<Focusable>(CANDIDATES)) {
    if (el.hasAttribute('data-focus-guard') || el.tabIndex < 0 || disabled(el) || !visible(el)) continue;
    if (el instanceof HTMLInputElement && el.type === 'radio' && el.name) {
      const group = `${el.form ? 'f' : 'd'}:${el.name}`;
      if (groups.has(group)) continue;
      const scope: ParentNode = el.form ?? root;
      const members = [...scope.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${CSS.escape(el.name)}"]`)];
      const checked = members.find((m) => m.checked);
      if (checked && checked !== el) continue;
      groups.add(group);
    }
    out.push(el);
  }
  return out;
}

/** Focuses the first control of the overlay; false when it has none yet. */
export function focusFirst(): boolean {
  const first = tabStops()[0];
  if (!first) return false;
  first.focus();
  return true;
}

function guard(which: 'start' | 'end'): HTMLElement {
  const el = document.createElement('div');
  el.tabIndex = 0;
  el.setAttribute('data-focus-guard', which);
  el.setAttribute('aria-hidden', 'true');
  el.style.cssText = 'position:fixed;top:0;left:0;width:1px;height:1px;overflow:hidden;opacity:0;pointer-events:none;';
  return el;
}

/** Keeps Tab / Shift+Tab inside this document. */
export function trapFocus(): void {
  const start = guard('start');
  const end = guard('end');
  document.body.prepend(start);
  document.body.append(end);
  const inside = (t: EventTarget | null) => t instanceof Node && t !== start && t !== end && document.contains(t);
  // Arriving on a guard: from inside, the focus was about to leave (wrap round); from outside, enter at that end.
  start.addEventListener('focus', (e) => {
    const stops = tabStops();
    (inside(e.relatedTarget) ? stops[stops.length - 1] : stops[0])?.focus();
  });
  end.addEventListener('focus', (e) => {
    const stops = tabStops();
    (inside(e.relatedTarget) ? stops[0] : stops[stops.length - 1])?.focus();
  });
  window.addEventListener(
    'keydown',
    (e: KeyboardEvent) => {
      if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey) return;
      const stops = tabStops();
      if (!stops.length) {
        e.preventDefault();
        return;
      }
      const i = stops.indexOf(document.activeElement as Focusable);
      let next: Focusable | null = null;
      if (e.shiftKey && i === 0) next = stops[stops.length - 1];
      else if (!e.shiftKey && i === stops.length - 1) next = stops[0];
      // Elsewhere the browser moves on from where the focus is (or was: a control that re-rendered under it),
      // and the guards catch it should it reach either end of the document.
      if (!next) return;
      e.preventDefault();
      next.focus();
    },
    true,
  );
}
