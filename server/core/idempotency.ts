import { createHash } from 'node:crypto';
import { collection, command, findById, patch, removeById } from './db';
import { AppError } from './errors';

export const REQUESTS = 'requests';
/** How long a retry can still find its first answer; the scheduler purges older records. */
export const REQUEST_TTL_MS = 24 * 3600 * 1000;

export interface RequestRecord {
  _id: string;
  openid: string;
  action: string;
  payloadHash: string;
  /** 'pending' while the first attempt runs; its answer once it succeeded. */
  status: 'pending' | 'done';
  result: unknown;
  createdAt: Date;
  expiresAt: Date;
}

/** Longer than any function may run (60 s): a claim older than this belongs to a dead attempt. */
const ABANDONED_AFTER_MS = 90_000;

export function requestKey(openid: string, requestId: string): string {
  return createHash('sha256').update(`${openid}\u0000${requestId}`).digest('hex').slice(0, 40);
}

export function hashPayload(payload: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(payload ?? null))
    .digest('hex');
}

export type Claim = { kind: 'claimed' } | { kind: 'replay'; result: unknown };

/**
 * Claims this caller's requestId before the handler runs: inserting a document with the key as
 * its `_id` is atomic, so of two copies of one request arriving together exactly one runs. The
 * other replays the first answer, or is told to wait while the first is still running. The same
 * requestId reused for a different action or payload is a client bug we refuse.
 */
export async function claimRequest(key: string, openid: string, action: string, payloadHash: string, nowMs: number): Promise<Claim> {
  try {
    await collection(REQUESTS).add({
      data: {
        _id: key,
        openid,
        action,
        payloadHash,
        status: 'pending',
        result: null,
        createdAt: new Date(nowMs),
        expiresAt: new Date(nowMs + REQUEST_TTL_MS),
      },
    });
    return { kind: 'claimed' };
  } catch (err) {
    const existing = await findById<RequestRecord>(REQUESTS, key);
    if (!existing) throw err;
    if (existing.action !== action || existing.payloadHash !== payloadHash) {
      throw new AppError('CONFLICT', '该请求编号已用于其他操作');
    }
    if (existing.status !== 'done') {
      // A first attempt that died with its instance (timeout, crash) must not block the retry for a day.
      if (nowMs - new Date(existing.createdAt).getTime() > ABANDONED_AFTER_MS) {
        await patch(REQUESTS, key, { createdAt: new Date(nowMs) });
        return { kind: 'claimed' };
      }
      throw new AppError('CONFLICT', '该请求正在处理，请稍后查看结果');
    }
    return { kind: 'replay', result: existing.result };
  }
}

export async function completeRequest(key: string, result: unknown): Promise<void> {
  // command.set replaces the field whole: a plain object would be merged path by path into `null`.
  await patch(REQUESTS, key, { status: 'done', result: command().set(result) });
}

/** A failed attempt leaves no trace, so the client may fix its input and retry with the same id. */
export async function releaseRequest(key: string): Promise<void> {
  await removeById(REQUESTS, key);
}
