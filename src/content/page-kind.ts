// Documents where the in-page overlay cannot work even though the content script runs: sandboxed pages (the
// extension frame inherits the sandbox: no scripts, or an opaque origin without the extension's APIs) and the
// browser's PDF viewer (the document is an <embed>, the text is not in the DOM).

export type PageKind = 'normal' | 'sandboxed' | 'pdf';

export function pageKind(): PageKind {
  if (document.contentType === 'application/pdf') return 'pdf';
  // A sandbox without allow-same-origin gives the document an opaque origin.
  if (self.origin === 'null') return 'sandboxed';
  return 'normal';
}

export function pageKindMessage(kind: Exclude<PageKind, 'normal'>): string {
  return kind === 'pdf'
    ? "The browser's PDF viewer does not let extensions read its text. Copy the text into the popup's scratchpad instead."
    : 'This page is sandboxed (Content-Security-Policy: sandbox): it forbids the in-page panel. Use the toolbar popup or the side panel instead.';
}
