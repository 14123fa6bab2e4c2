import { randomBytes } from 'node:crypto';
import { collection, command, findMany } from './db';
import { AppError } from './errors';

/** A short random id with a readable prefix (rg-…, hh-…); base64url fits the contract's Id alphabet. */
export function newId(prefix: string): string {
  return `${prefix}-${randomBytes(9).toString('base64url')}`;
}

/**
 * A unique, totally ordered string key for cursor pagination: the time (fixed width) then the id.
 * One indexed field compared with > or < replaces a (time, id) pair, which the platform cannot
 * compare as a tuple in one indexed range.
 */
export function sortKey(ms: number, id: string): string {
  return `${String(Math.max(0, Math.floor(ms))).padStart(13, '0')}~${id}`;
}

/** Cursors are opaque to the client: the sort key of the last item shown, base64url-encoded. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | null {
  if (cursor === undefined || cursor === '') return null;
  const key = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!key || !key.includes('~'))
    throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'cursor', message: '翻页位置无效，请刷新后重试' }]);
  return key;
}

export const DEFAULT_PAGE = 20;

/** Given limit+1 rows, the page and the cursor of the next one. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => string): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: encodeCursor(keyOf(page[page.length - 1] as T)) };
}

/**
 * One page of an append-only log, newest first, of the entries recorded under an org unit or any
 * unit below it (`scopePath` holds the unit and its ancestors; indexed with `sk`).
 */
export async function scopeLogPage<T extends { sk: string }>(
  name: string,
  input: { unitId: string; cursor?: string; limit?: number },
): Promise<{ rows: T[]; nextCursor: string | null }> {
  const limit = input.limit ?? DEFAULT_PAGE;
  const after = decodeCursor(input.cursor);
  const filter: Record<string, unknown> = { scopePath: input.unitId };
  if (after) filter.sk = command().lt(after);
  const rows = await findMany<T>(
    collection(name)
      .where(filter)
      .orderBy('sk', 'desc')
      .limit(limit + 1),
  );
  return pageOf(rows, limit, (d) => d.sk);
}
