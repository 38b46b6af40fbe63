export interface ZipEntry {
  name: string;
  data: Uint8Array | string;
}
export function crc32(buf: Uint8Array): number;
export function zip(entries: ZipEntry[], options?: { date?: Date; level?: number }): Buffer;
export function entriesOfDir(dir: string, options?: { prefix?: string; filter?: (rel: string) => boolean }): Array<{ name: string; data: Buffer }>;
export function unzip(archive: Uint8Array): Array<{ name: string; data: Buffer }>;
