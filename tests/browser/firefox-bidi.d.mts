export interface FirefoxSession {
  send(method: string, params?: Record<string, unknown>): Promise<any>;
  evaluate(context: string, expression: string): Promise<any>;
  close(): Promise<void>;
}
export function launchFirefox(options?: { uuids?: Record<string, string> }): Promise<FirefoxSession>;
export const ADDON_ID: string;
export const EXT_ORIGIN: string;
export function launchWithAttentionLens(dist: string): Promise<FirefoxSession>;
export function becomeExtensionPage(ff: FirefoxSession, context: string): Promise<void>;
