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

/**
 * Most actions need the caller to be known, and the backend learns of a new caller in
 * `identity.login`. A page opened by a QR scan starts loading in the same tick as the app's
 * launch login, so every other call waits for that login to settle first (success or not:
 * a failed login must not block a page from showing its own error).
 */
let launchGate: Promise<void> | null = null;

export function holdCallsUntil(login: Promise<unknown>): void {
  launchGate = login.then(
    () => undefined,
    () => undefined,
  );
}

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
    if (launchGate && action !== 'identity.login') await launchGate;
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
