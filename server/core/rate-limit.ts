import { createHash } from 'node:crypto';
import type { RateLimit } from './action';
import { command, findById, patch, put } from './db';
import { AppError } from './errors';

export const RATE_LIMITS = 'rate_limits';

interface Counter {
  _id: string;
  count: number;
  expiresAt: Date;
}

/**
 * Fixed-window counter per caller and action. Read then increment: two racing calls may both
 * pass at the edge of the limit, which is acceptable for abuse control (it is not a quota).
 */
export async function enforceRateLimit(openid: string, action: string, limit: RateLimit, nowMs: number): Promise<void> {
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = Math.floor(nowMs / windowMs) * windowMs;
  const id = createHash('sha256').update(`${openid}\u0000${action}\u0000${windowStart}`).digest('hex').slice(0, 40);
  const counter = await findById<Counter>(RATE_LIMITS, id);
  if (counter && counter.count >= limit.max) throw new AppError('RATE_LIMITED');
  if (counter) await patch(RATE_LIMITS, id, { count: command().inc(1) });
  else await put(RATE_LIMITS, id, { count: 1, expiresAt: new Date(windowStart + windowMs) });
}
