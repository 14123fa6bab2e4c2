import type { UserDoc } from '../identity/model';
import { now } from './clock';

export interface Context {
  /** From cloud.getWXContext().OPENID only; empty for a caller WeChat could not identify. */
  openid: string;
  /** The caller's record, when we know them. */
  user: UserDoc | null;
  requestId?: string;
  /** The invocation's id, for logs. */
  traceId: string;
  now(): number;
  log(message: string, extra?: Record<string, unknown>): void;
}

export function createContext(init: Omit<Context, 'now' | 'log'>): Context {
  return {
    ...init,
    now,
    log(message, extra) {
      console.log(JSON.stringify({ t: new Date().toISOString(), trace: init.traceId, msg: message, ...extra }));
    },
  };
}
