// Small inline SVG icons: emoji glyphs are missing on many Linux machines, SVG always renders.
export function PinIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M10.5 1.5l4 4-2.2.6-2.6 2.6.5 3.3-1.2 1.2-2.8-2.8-3.2 3.2-.7-.7 3.2-3.2-2.8-2.8 1.2-1.2 3.3.5 2.6-2.6z" fill="currentColor" />
    </svg>
  );
}

export function CloseIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
      <path d="M2 2l10 10M12 2L2 12" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
    </svg>
  );
}
