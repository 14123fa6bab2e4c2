import { config } from '../config';

/** What the `api` cloud function receives. */
export interface ApiEvent {
  action: string;
  payload: unknown;
  requestId: string;
}

/** Delivers one event and resolves with the function's return value; rejects only when delivery failed. */
export type Transport = (event: ApiEvent, timeoutMs: number) => Promise<unknown>;

/** Delivery failed (no network, timeout, platform error): safe to retry with the same requestId. */
export class TransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportError';
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TransportError(`timeout after ${timeoutMs} ms`)), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof TransportError ? err : new TransportError(describe(err)));
      },
    );
  });
}

function describe(err: unknown): string {
  if (err && typeof err === 'object' && 'errMsg' in err) return String((err as { errMsg: unknown }).errMsg);
  return err instanceof Error ? err.message : String(err);
}

/** Production: the real cloud function. */
export const cloudTransport: Transport = (event, timeoutMs) =>
  withTimeout(
    wx.cloud.callFunction({ name: 'api', data: { ...event } }).then((res) => res.result),
    timeoutMs,
  );

/** DevTools against the local cloud: the same event over HTTP, identity in a header. */
export const localTransport: Transport = (event, timeoutMs) =>
  withTimeout(
    new Promise<unknown>((resolve, reject) => {
      wx.request({
        url: `${config.localCloud.baseUrl}/functions/api`,
        method: 'POST',
        data: { ...event },
        header: { 'content-type': 'application/json', 'X-Wx-Openid': config.localCloud.openid },
        timeout: timeoutMs,
        success: (res) => {
          if (res.statusCode >= 200 && res.statusCode < 300) resolve(res.data);
          else reject(new TransportError(`local cloud answered HTTP ${res.statusCode}`));
        },
        fail: (err) => reject(new TransportError(err.errMsg)),
      });
    }),
    timeoutMs,
  );

export function activeTransport(): Transport {
  return config.localCloud.enabled ? localTransport : cloudTransport;
}
