import { createHash } from 'node:crypto';
import { findById, put } from './db';
import { AppError } from './errors';

export const REQUESTS = 'requests';
/** How long a retry can still find its first answer; the scheduler purges older records. */
export const REQUEST_TTL_MS = 24 * 3600 * 1000;

export interface RequestRecord {
  _id: string;
  openid: string;
  action: string;
  payloadHash: string;
  result: unknown;
  createdAt: Date;
  expiresAt: Date;
}

export function requestKey(openid: string, requestId: string): string {
  return createHash('sha256').update(`${openid}\u0000${requestId}`).digest('hex').slice(0, 40);
}

export function hashPayload(payload: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(payload ?? null))
    .digest('hex');
}

/**
 * The first answer to this caller's requestId, if there was one. The same requestId reused
 * for a different action or payload is a client bug we refuse rather than silently replay.
 */
export async function findReplay(key: string, action: string, payloadHash: string): Promise<{ result: unknown } | null> {
  const rec = await findById<RequestRecord>(REQUESTS, key);
  if (!rec) return null;
  if (rec.action !== action || rec.payloadHash !== payloadHash) {
    throw new AppError('CONFLICT', '该请求编号已用于其他操作');
  }
  return { result: rec.result };
}

export async function remember(
  key: string,
  openid: string,
  action: string,
  payloadHash: string,
  result: unknown,
  nowMs: number,
): Promise<void> {
  await put(REQUESTS, key, {
    openid,
    action,
    payloadHash,
    result,
    createdAt: new Date(nowMs),
    expiresAt: new Date(nowMs + REQUEST_TTL_MS),
  });
}
