import type { ActionName, ActionPayload, ActionResult, ApiResult } from '../../contracts';
import { config } from '../config';
import { ApiCallError, CLIENT_MESSAGES } from './api-error';
import { newRequestId } from './request-id';
import { activeTransport, TransportError } from './transport';
import { showMessage } from './toast';

export { ApiCallError } from './api-error';

export interface CallOptions {
  /** Do not toast the error: the caller shows it itself (an error state with retry). */
  silent?: boolean;
  /** Reuse a requestId, e.g. when the user retries a submission the app already sent once. */
  requestId?: string;
  /** Transport retries; defaults to `config.retries`. */
  retries?: number;
}

const RETRY_DELAYS_MS = [300, 1000, 2000];
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isApiResult(value: unknown): value is ApiResult<unknown> {
  return !!value && typeof value === 'object' && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/**
 * The one way to call the backend. Resolves with the action's typed result, rejects with
 * an `ApiCallError`. One requestId per logical call: delivery retries reuse it, so the
 * server answers a repeated mutation with its first result instead of applying it twice.
 */
export async function call<A extends ActionName>(action: A, payload: ActionPayload<A>, opts: CallOptions = {}): Promise<ActionResult<A>> {
  try {
    return await deliver(action, payload, opts);
  } catch (err) {
    const error = err instanceof ApiCallError ? err : new ApiCallError('BAD_RESPONSE', CLIENT_MESSAGES.BAD_RESPONSE);
    if (!opts.silent) showMessage(error.message);
    throw error;
  }
}

async function deliver<A extends ActionName>(action: A, payload: ActionPayload<A>, opts: CallOptions): Promise<ActionResult<A>> {
  const event = { action, payload, requestId: opts.requestId ?? newRequestId() };
  const retries = opts.retries ?? config.retries;
  const transport = activeTransport();
  for (let attempt = 0; ; attempt += 1) {
    let raw: unknown;
    try {
      raw = await transport(event, config.callTimeoutMs);
    } catch (err) {
      if (err instanceof TransportError && attempt < retries) {
        await sleep(RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!);
        continue;
      }
      throw new ApiCallError('NETWORK', CLIENT_MESSAGES.NETWORK);
    }
    if (!isApiResult(raw)) throw new ApiCallError('BAD_RESPONSE', CLIENT_MESSAGES.BAD_RESPONSE);
    if (raw.ok) return raw.data as ActionResult<A>;
    throw new ApiCallError(raw.error.code, raw.error.message, raw.error.fields ?? []);
  }
}
