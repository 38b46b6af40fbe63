// Documents where the in-page overlay cannot work even though the content script runs: sandboxed pages (the
// extension frame inherits the sandbox: no scripts, or an opaque origin without the extension's APIs) and the
// browser's PDF viewer (the document is an <embed>, the text is not in the DOM).
import { t } from '../shared/i18n';

export type PageKind = 'normal' | 'sandboxed' | 'pdf';

export function pageKind(): PageKind {
  if (document.contentType === 'application/pdf') return 'pdf';
  // A sandbox without allow-same-origin gives the document an opaque origin.
  if (self.origin === 'null') return 'sandboxed';
  return 'normal';
}

export function pageKindMessage(kind: Exclude<PageKind, 'normal'>): string {
  return kind === 'pdf' ? t('content_pdf') : t('content_sandboxed');
}
