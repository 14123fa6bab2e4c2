import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which running invocation made the emulator request being handled. `cloud.callFunction` does not
 * put the caller's OPENID on the wire (node-sdk functions/index.js sends only function_name and
 * request_data); the platform knows the caller from the invocation's own credentials. Here every
 * SDK request carries `seqId=<TCB_SEQID>-<eventId>` in its URL (node-sdk utils/tracing.js), and the
 * runner sets TCB_SEQID to the invocation's request id, so the URL names the calling invocation.
 */
const callerStore = new AsyncLocalStorage<{ requestId: string; open: boolean }>();

/**
 * Runs `fn` (the emulator handling one SDK request) as the invocation `requestId`, until `done`
 * fires. The scope closes then because timers the emulator starts while handling the request
 * (e.g. a mediaCheckAsync verdict delivered later) inherit it, and must not act as that user.
 */
export function runAsCaller<T>(requestId: string | undefined, done: (close: () => void) => void, fn: () => T): T {
  if (!requestId) return fn();
  const scope = { requestId, open: true };
  done(() => {
    scope.open = false;
  });
  return callerStore.run(scope, fn);
}

export function currentCaller(): string | undefined {
  const scope = callerStore.getStore();
  return scope?.open ? scope.requestId : undefined;
}

/** The request id inside an SDK request URL's seqId, if any. */
export function callerRequestIdFromUrl(rawUrl: string | undefined): string | undefined {
  const seqId = new URL(rawUrl ?? '/', 'http://local').searchParams.get('seqId');
  if (!seqId) return undefined;
  const cut = seqId.lastIndexOf('-');
  return cut > 0 ? seqId.slice(0, cut) : undefined;
}
