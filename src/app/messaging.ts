// Typed runtime messaging for extension pages (popup, overlay iframe).
import type { BackgroundMessage, OffscreenMessage, ResponseOf } from '../shared/protocol';

export function send<M extends BackgroundMessage | OffscreenMessage>(msg: M): Promise<ResponseOf<M>> {
  return chrome.runtime.sendMessage(msg) as Promise<ResponseOf<M>>;
}
