export interface FirefoxSession {
  send(method: string, params?: Record<string, unknown>): Promise<any>;
  evaluate(context: string, expression: string): Promise<any>;
  close(): Promise<void>;
  pid: number | undefined;
  on(method: string, listener: (params: any) => void): Promise<() => void>;
  chromeEvaluate(expression: string): Promise<any>;
}
export interface FirefoxLaunchOptions {
  prefs?: Record<string, string | number | boolean>;
  systemAccess?: boolean;
}
export function launchFirefox(options?: { uuids?: Record<string, string> } & FirefoxLaunchOptions): Promise<FirefoxSession>;
export const ADDON_ID: string;
export const EXT_ORIGIN: string;
export function launchWithAttentionLens(dist: string, options?: FirefoxLaunchOptions): Promise<FirefoxSession>;
export type BackgroundState = 'running' | 'suspending' | 'stopped' | 'starting' | 'no-extension';
export function backgroundState(ff: FirefoxSession): Promise<BackgroundState>;
export function terminateBackground(ff: FirefoxSession, options?: { force?: boolean }): Promise<BackgroundState>;
export function setPref(ff: FirefoxSession, name: string, value: string | number | boolean): Promise<boolean>;
export function openTabAsUser(ff: FirefoxSession, url: string, options?: { grant?: boolean; settleMs?: number }): Promise<number>;
export function closeTab(ff: FirefoxSession, tabId: number): Promise<boolean>;
export function runCommand(ff: FirefoxSession, name: string): Promise<boolean>;
export function shownText(ff: FirefoxSession, context: string, selector: string): Promise<string>;
export function waitForBackgroundState(ff: FirefoxSession, state: BackgroundState, timeoutMs?: number): Promise<number>;
export function becomeExtensionPage(ff: FirefoxSession, context: string): Promise<void>;
export function waitForValue<T = any>(
  ff: FirefoxSession,
  context: string,
  expression: string,
  what: string,
  options?: { timeoutMs?: number; intervalMs?: number },
): Promise<T>;
export function findContext(
  ff: FirefoxSession,
  root: string | undefined,
  urlPart: string,
  options?: { timeoutMs?: number; intervalMs?: number },
): Promise<string>;
export interface FirefoxPagesOptions extends FirefoxLaunchOptions {
  pageUrl: string;
}
export function launchFirefoxWithXpi(
  options: FirefoxPagesOptions & { helperUrl: string; viewport?: { width: number; height: number } },
): Promise<{ ff: FirefoxSession; helperCtx: string; pageCtx: string; pageTabId: number }>;
export function launchFirefoxWithXpi(options: FirefoxPagesOptions): Promise<{ ff: FirefoxSession; pageCtx: string }>;
