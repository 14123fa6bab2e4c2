import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from './clock';
import type { Store } from './store';
import type { IndexSpec } from './index-spec';

export interface InvokeOptions {
  /** The OPENID the invoked function sees in getWXContext(); callFunction keeps the caller's. */
  openid?: string;
}

export type FunctionInvoker = (name: string, event: unknown, options: InvokeOptions) => Promise<unknown>;

export interface EmulatorContext {
  store: Store;
  clock: Clock;
  envId: string;
  indexSpec: IndexSpec;
  /** Base URL the emulator is reachable at, e.g. http://127.0.0.1:3000 — used for download URLs. */
  baseUrl(): string;
  /** Set by whoever runs functions (the runner); callFunction and async media checks need it. */
  invokeFunction?: FunctionInvoker;
  /** The latest JSON actions answered (at most REQUEST_LOG_MAX), for tests that count round trips. */
  requestLog: RequestLogEntry[];
}

/** One answered JSON action: its name, the collection it named, when it arrived and when it was answered (ms, monotonic). */
export interface RequestLogEntry {
  action: string;
  collection: string | null;
  start: number;
  end: number;
}

export const REQUEST_LOG_MAX = 1000;

/** JSON actions (`database.*`, `storage.*`, `functions.*`) answer with a JSON object or throw CloudBaseError. */
export type JsonActionHandler = (body: Record<string, unknown>, ctx: EmulatorContext) => Promise<unknown> | unknown;

/** Raw HTTP routes (COS-style upload PUT, file GET); return true when handled. */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse, ctx: EmulatorContext) => Promise<boolean>;
