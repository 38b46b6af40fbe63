// The overlay's "More" menu: what is rarely used stays out of the title bar and off the chart's way: the sentence
// pair, where the overlay sits (dock left / right, float, reset position and size) and the backend note.
import { useEffect, useRef, useState } from 'preact/hooks';
import { PairControl } from '../app/PairControl';
import type { LinkDock } from '../content/overlay-link';
import { t } from '../shared/i18n';

export interface OverlayMenuProps {
  /** The analysed text (for the pair choice); null while there is none. */
  text: string | null;
  pairSplit: number | null;
  onPairSplit: (at: number | null) => void;
  backendNote: string | null;
  dock: LinkDock;
  /** The user moved, resized or docked the overlay (so there is a position to reset). */
  custom: boolean;
  onDock: (side: LinkDock) => void;
  onReset: () => void;
}

function MoreIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <circle cx="3" cy="8" r="1.6" fill="currentColor" />
      <circle cx="8" cy="8" r="1.6" fill="currentColor" />
      <circle cx="13" cy="8" r="1.6" fill="currentColor" />
    </svg>
  );
}

export function OverlayMenu(props: OverlayMenuProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLElement>('.lens-menu-panel select, .lens-menu-panel button')?.focus();
    const onDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault(); // Esc closes the menu, not the overlay
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    };
    addEventListener('pointerdown', onDown, true);
    addEventListener('keydown', onKey, true);
    return () => {
      removeEventListener('pointerdown', onDown, true);
      removeEventListener('keydown', onKey, true);
    };
  }, [open]);

  const act = (fn: () => void) => () => {
    fn();
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div class="lens-menu" ref={root}>
      <button
        ref={button}
        type="button"
        class={`lens-icon-button${open ? ' is-open' : ''}`}
        aria-expanded={open}
        aria-controls="lens-overlay-menu"
        data-testid="overlay-menu"
        title={t('overlay_more_title')}
        onClick={() => setOpen((o) => !o)}
      >
        <MoreIcon />
        <span class="lens-sr">{t('overlay_more')}</span>
      </button>
      {open && (
        <div class="lens-menu-panel" id="lens-overlay-menu" role="group" aria-label={t('overlay_options')} data-testid="overlay-menu-panel">
          {props.text !== null && <PairControl text={props.text} split={props.pairSplit} onSplit={props.onPairSplit} />}
          <div class="lens-menu-section" role="group" aria-label={t('overlay_position')}>
            <span class="lens-menu-label">{t('overlay_position')}</span>
            <div class="lens-menu-row">
              <button
                type="button"
                class="lens-button"
                data-testid="dock-left"
                aria-pressed={props.dock === 'left'}
                onClick={act(() => props.onDock(props.dock === 'left' ? null : 'left'))}
              >
                {t('overlay_dock_left')}
              </button>
              <button
                type="button"
                class="lens-button"
                data-testid="dock-right"
                aria-pressed={props.dock === 'right'}
                onClick={act(() => props.onDock(props.dock === 'right' ? null : 'right'))}
              >
                {t('overlay_dock_right')}
              </button>
              {props.dock && (
                <button type="button" class="lens-button" data-testid="undock" onClick={act(() => props.onDock(null))}>
                  {t('overlay_float')}
                </button>
              )}
            </div>
            <button type="button" class="lens-button lens-menu-wide" data-testid="reset-position" disabled={!props.custom} onClick={act(props.onReset)}>
              {t('overlay_reset')}
            </button>
            <p class="lens-menu-hint">{t('overlay_drag_hint')}</p>
          </div>
          {props.backendNote && (
            <p class="lens-backend-note" data-testid="backend-note" title={props.backendNote}>
              {props.backendNote}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
