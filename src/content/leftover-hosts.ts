// The elements Attention Lens puts into pages, and clean-up after an earlier instance of the content script.
// Firefox ends a content script when the extension is reloaded or updated: its overlay, heat layer and tooltip stay in
// the page, dead (nothing of ours runs there until the reader's next Alt+Shift+L or toolbar click injects the new
// version, whose overlay would then come on top of the dead one). In Chrome the orphaned script says so itself.

export const OVERLAY_TAG = 'attention-lens-overlay';
export const HEAT_TAG = 'attention-lens-heat';
export const SCORE_TAG = 'attention-lens-score';

/** Removes every Attention Lens element already in `doc` (called before this instance makes any); returns how many. */
export function removeLeftoverHosts(doc: Document = document): number {
  const found = doc.querySelectorAll(`${OVERLAY_TAG}, ${HEAT_TAG}, ${SCORE_TAG}`);
  for (const el of found) el.remove();
  return found.length;
}
