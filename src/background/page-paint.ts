// The heatmap over the page's own text is drawn only while the user's "page heat" setting is on (Options); with it
// off, every paint request becomes a clear, so nothing is drawn in pages at all.
import { loadSettings } from '../app/settings-store';
import { sendToTab } from '../platform/messaging';
import type { PagePaint, Result } from '../shared/protocol';

export async function paintPage(tabId: number, paint: PagePaint | null, frameId = 0): Promise<Result<null>> {
  const { pageHeat } = await loadSettings();
  return sendToTab(tabId, { target: 'content', type: 'content/highlight', paint: pageHeat ? paint : null }, frameId);
}
