export interface FindOptions {
  env?: Record<string, string | undefined>;
  platform?: string;
  home?: string;
  isExecutable?: (path: string) => boolean;
  listDir?: (path: string) => string[];
}
export function chromiumCandidates(options?: FindOptions): string[];
export function firefoxCandidates(options?: FindOptions): string[];
export function findChromium(options?: FindOptions): string;
export function findFirefox(options?: FindOptions): string;
