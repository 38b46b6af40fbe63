// Every cross-context await has a deadline: a promise that is settled by the work or by the clock, never neither.
import { ProtocolError, type ErrorCode } from '../shared/protocol';

export function withDeadline<T>(work: Promise<T>, ms: number, message: string, code: ErrorCode = 'timeout'): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clock = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProtocolError(code, message)), ms);
  });
  return Promise.race([work, clock]).finally(() => clearTimeout(timer));
}
