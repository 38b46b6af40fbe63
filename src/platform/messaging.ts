// Typed runtime and tab messaging over the one browser adapter. Every runtime message names its `target`
// (runtime.sendMessage reaches every extension context); listeners answer only their own target.
import type { AnyMessage, ResponseOf } from '../shared/protocol';
import { browser, type Runtime } from './browser';
import { IS_FIREFOX } from './build';

export type Sender = Runtime.MessageSender;
export type Port = Runtime.Port;

/** Firefox's answer when a message reached no listener: its background page was just then being started again. */
const NOT_DELIVERED = /Receiving end does not exist/i;
const REDELIVER_MS = [200, 600];

/**
 * Sends to the extension's other contexts; resolves undefined when nobody answered. Firefox: a message for the
 * background page (router or engine) that reached no listener (the page was being suspended or started again at that
 * moment) is sent again, twice at most; it was never handled, so sending it again is safe.
 */
export async function sendMessage<M extends AnyMessage>(msg: M): Promise<ResponseOf<M> | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await browser.runtime.sendMessage(msg)) as ResponseOf<M> | undefined;
    } catch (err) {
      const retry =
        IS_FIREFOX && (msg.target === 'background' || msg.target === 'offscreen') && attempt < REDELIVER_MS.length && NOT_DELIVERED.test(String(err));
      if (!retry) throw err;
      await new Promise((r) => setTimeout(r, REDELIVER_MS[attempt]));
    }
  }
}

/** Sends to the content script of one frame of a tab (the top frame unless frameId says otherwise). */
export function sendToTab<M extends Extract<AnyMessage, { target: 'content' }>>(tabId: number, msg: M, frameId = 0): Promise<ResponseOf<M>> {
  return browser.tabs.sendMessage(tabId, msg, { frameId }) as Promise<ResponseOf<M>>;
}

/** Sends to the content script of every frame of a tab; resolves with the first answer. */
export function sendToAllFrames<M extends Extract<AnyMessage, { target: 'content' }>>(tabId: number, msg: M): Promise<ResponseOf<M>> {
  return browser.tabs.sendMessage(tabId, msg) as Promise<ResponseOf<M>>;
}

/** Broadcast to extension pages; nobody listening is not an error. */
export async function broadcast(msg: AnyMessage): Promise<void> {
  try {
    await browser.runtime.sendMessage(msg);
  } catch {
    /* no receiver */
  }
}

type Target = AnyMessage['target'];
type Handler<T extends Target> = (msg: Extract<AnyMessage, { target: T }>, sender: Sender) => Promise<unknown> | unknown;

/**
 * Answers runtime messages for `target` with the handler's (awaited) value; `undefined` from a synchronous
 * handler means "no answer". Returns the unsubscribe function.
 */
export function onMessage<T extends Target>(target: T, handler: Handler<T>): () => void {
  const listener = (msg: unknown, sender: Sender): Promise<unknown> | undefined => {
    if (typeof msg !== 'object' || msg === null || (msg as { target?: unknown }).target !== target) return undefined;
    const value = handler(msg as Extract<AnyMessage, { target: T }>, sender);
    if (value === undefined) return undefined;
    return Promise.resolve(value);
  };
  browser.runtime.onMessage.addListener(listener as never);
  return () => browser.runtime.onMessage.removeListener(listener as never);
}

/** Opens a named runtime port to the background. */
export function connect(name: string): Port {
  return browser.runtime.connect({ name });
}

/** Calls `handler` for each port opened with this name. */
export function onConnect(name: string, handler: (port: Port) => void): void {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name === name) handler(port);
  });
}
