/** The callback / promise convention every asynchronous wx API follows. */
export interface Callbacks {
  success?: (res: unknown) => void;
  fail?: (err: unknown) => void;
  complete?: (res: unknown) => void;
}

export type Opts = Record<string, unknown> & Callbacks;

/** A failure the API reports as `{ errMsg: '<name>:fail <reason>', errno? }`. */
export class WxFail extends Error {
  constructor(
    readonly reason: string,
    readonly errno?: number,
  ) {
    super(reason);
  }
}

/**
 * Wraps an implementation into WeChat's calling convention: with any of success / fail /
 * complete the callbacks run (asynchronously) and nothing is returned; without them a Promise
 * is returned that resolves with the result or rejects with `{ errMsg }`.
 */
export function asyncApi<R extends object>(name: string, impl: (opts: Opts) => Promise<R> | R) {
  return (options?: Opts): Promise<R & { errMsg: string }> | undefined => {
    const opts = options ?? {};
    const p = Promise.resolve()
      .then(() => impl(opts))
      .then(
        (res) => ({ errMsg: `${name}:ok`, ...res }),
        (err: unknown) => {
          const reason = err instanceof WxFail || err instanceof Error ? err.message : String(err);
          const failure: Record<string, unknown> = { errMsg: `${name}:fail ${reason}` };
          if (err instanceof WxFail && err.errno !== undefined) failure.errno = err.errno;
          if (!(err instanceof WxFail)) console.error(`[邻里预览] wx.${name}`, err);
          throw failure;
        },
      );
    if (opts.success || opts.fail || opts.complete) {
      p.then(
        (res) => {
          opts.success?.(res);
          opts.complete?.(res);
        },
        (err: unknown) => {
          opts.fail?.(err);
          opts.complete?.(err);
        },
      );
      return undefined;
    }
    return p;
  };
}

export const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
export const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
