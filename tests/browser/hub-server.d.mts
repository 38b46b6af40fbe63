export interface HubFixture {
  root: string;
  id: string;
  cleanup(): Promise<void>;
}
export type HubFault = 'interrupt' | number | { cutAt: number };
export interface HubLogEntry {
  server: 'hub' | 'cdn';
  method: string;
  path: string;
  range: string | null;
  origin: string | null;
  status?: number;
}
export interface HubServer {
  host: string;
  cdnHost: string;
  log: HubLogEntry[];
  url(id: string, file: string, revision?: string): string;
  sha(id: string, revision?: string): Promise<string | null>;
  pushCommit(id: string, files: Record<string, Uint8Array | string>, branch?: string): Promise<string>;
  setFault(fileSuffix: string, fault: HubFault | null, options?: { once?: boolean }): void;
  clearFaults(): void;
  setThrottle(bytesPerSecond: number): void;
  close(): Promise<void>;
}
export function makeHubFixture(options?: { id?: string; withFixtures?: boolean }): Promise<HubFixture>;
export function hubFixtureRoot(): string;
export function parseHubPath(pathname: string): { repo: string; revision: string; file: string } | null;
export function parseRange(header: string | null | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable';
export function startHubServer(
  fixture: HubFixture | string,
  options?: { port?: number; cdnPort?: number; lfsThreshold?: number; corp?: boolean; cdnHostname?: string },
): Promise<HubServer>;
