import type { BrowserContext, Page, Worker, Frame } from 'playwright-core';
export const ROOT: string;
export const PAGES: string;
export const CHROMIUM: string | null;
export const SCREENSHOTS: string;
export function servePages(dir?: string): Promise<{ url(p: string): string; close(): Promise<void> }>;
export function freePort(): Promise<number>;
export function launchWithExtension(
  dist?: string,
  opts?: { extraArgs?: string[]; headless?: boolean; env?: Record<string, string> },
): Promise<{ context: BrowserContext; worker: Worker; extensionId: string; extUrl(p: string): string; close(): Promise<void> }>;
export function selectElementText(page: Page, id: string): Promise<void>;
export function tabIdOf(worker: Worker, page: Page): Promise<number | undefined>;
export function newPageWithTabId(context: BrowserContext, worker: Worker): Promise<{ page: Page; tabId: number }>;
export function clickContextMenu(worker: Worker, page: Page, selectionText: string): Promise<number>;
export function overlayFrame(page: Page, extensionId: string, timeout?: number): Promise<Frame>;
export function openTestPage(name: string): Promise<{
  browser: Awaited<ReturnType<typeof launchWithExtension>>;
  server: Awaited<ReturnType<typeof servePages>>;
  page: Page;
  close(): Promise<void>;
}>;
export function tokensIn(surface: Page | Frame, scope?: string): Promise<Array<string | null>>;
export function waitForTokens(surface: Page | Frame, want: string[], options?: { scope?: string; timeout?: number }): Promise<void>;
