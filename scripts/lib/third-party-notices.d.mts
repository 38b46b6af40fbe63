export function packageDirOf(id: string): string | null;
export function prebundledPackages(code: string): string[];
export function packageNotice(dir: string): { name: string; version: string; license: string; homepage: string; text: string; note: string };
export function modelNotices(root: string): Array<{ id: string; section: string }>;
export function thirdPartyNoticesText(moduleIds: string[], info: { root: string; product: string; version: string }): string;
