export const PACKAGES: string;
export const TEST_HOST_PERMISSION: string;
export function packagePath(browser: 'chrome' | 'firefox'): string;
export function unpackChromePackage(options?: { testHost?: boolean }): string;
export function firefoxPackage(options?: { testHost?: boolean }): string;
