export interface HubFixture {
  root: string;
  id: string;
  cleanup(): Promise<void>;
}
export interface HubServer {
  host: string;
  log: Array<{ method: string; path: string; range: string | null }>;
  url(id: string, file: string, revision?: string): string;
  setFault(fileSuffix: string, fault: 'interrupt' | number | null): void;
  clearFaults(): void;
  setThrottle(bytesPerSecond: number): void;
  close(): Promise<void>;
}
export function makeHubFixture(options?: { id?: string; variants?: string[] }): Promise<HubFixture>;
export function parseHubPath(pathname: string): { repo: string; revision: string; file: string } | null;
export function startHubServer(fixture: HubFixture | string, options?: { port?: number }): Promise<HubServer>;
