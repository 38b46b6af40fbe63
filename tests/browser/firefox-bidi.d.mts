export const FIREFOX: string;
export interface FirefoxSession {
  send(method: string, params?: Record<string, unknown>): Promise<any>;
  evaluate(context: string, expression: string): Promise<any>;
  close(): Promise<void>;
}
export function launchFirefox(options?: { uuids?: Record<string, string> }): Promise<FirefoxSession>;
