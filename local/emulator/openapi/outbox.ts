import type Database from 'better-sqlite3';
import type { EmulatorContext } from '../types';

/** Delivery state of an asynchronous verdict (mediaCheckAsync) kept on its call's outbox row. */
export type DeliveryStatus = 'pending' | 'delivered' | 'undelivered' | 'failed';

export interface OutboxDelivery {
  status: DeliveryStatus;
  functionName: string;
  /** The message-push event, as the subscribed cloud function receives it. */
  event: Record<string, unknown>;
  /** Emulator-clock ms when it is due (pending) or was attempted. */
  dueAt: number;
  attemptedAt: number | null;
  /** Why it is undelivered or failed. */
  error: string | null;
}

export interface OutboxEntry {
  id: number;
  apiName: string;
  /** Parameters as the API received them (snake_case); media bytes summarised. */
  request: Record<string, unknown>;
  /** The reply JSON, or a summary of a binary reply. */
  reply: Record<string, unknown>;
  /** 0 on success; WeChat's errcode, or the cloud-call errorCode for an unknown API. */
  errcode: number;
  caller: OutboxCaller;
  /** Emulator-clock ms. */
  createdAt: number;
  delivery: OutboxDelivery | null;
}

/** What the request tells about who called: the SDK sends no openid, only these. */
export interface OutboxCaller {
  /** `WX_API_TOKEN` of the calling function's environment (the runner may set it to name the caller). */
  apiToken: string | null;
  /** x-tcb-source header, e.g. `,scf`. */
  source: string | null;
  /** appid inside CommApiData, when the caller set one. */
  appid: string | null;
}

interface Row {
  id: number;
  api_name: string;
  request: string;
  reply: string;
  errcode: number;
  caller: string;
  created_at: number;
  delivery_status: DeliveryStatus | null;
  delivery_function: string | null;
  delivery_event: string | null;
  delivery_due_at: number | null;
  delivery_attempted_at: number | null;
  delivery_error: string | null;
}

const ready = new WeakSet<Database.Database>();

export function ensureOutboxTable(db: Database.Database): void {
  if (ready.has(db)) return;
  db.exec(`
    CREATE TABLE IF NOT EXISTS openapi_outbox (
      id                    INTEGER PRIMARY KEY AUTOINCREMENT,
      api_name              TEXT NOT NULL,
      request               TEXT NOT NULL,
      reply                 TEXT NOT NULL,
      errcode               INTEGER NOT NULL,
      caller                TEXT NOT NULL,
      created_at            INTEGER NOT NULL,
      delivery_status       TEXT,
      delivery_function     TEXT,
      delivery_event        TEXT,
      delivery_due_at       INTEGER,
      delivery_attempted_at INTEGER,
      delivery_error        TEXT
    );
    CREATE INDEX IF NOT EXISTS openapi_outbox_by_api ON openapi_outbox (api_name, id);
    CREATE INDEX IF NOT EXISTS openapi_outbox_pending ON openapi_outbox (delivery_status) WHERE delivery_status IS NOT NULL;
  `);
  ready.add(db);
}

function toEntry(row: Row): OutboxEntry {
  return {
    id: row.id,
    apiName: row.api_name,
    request: JSON.parse(row.request) as Record<string, unknown>,
    reply: JSON.parse(row.reply) as Record<string, unknown>,
    errcode: row.errcode,
    caller: JSON.parse(row.caller) as OutboxCaller,
    createdAt: row.created_at,
    delivery: row.delivery_status
      ? {
          status: row.delivery_status,
          functionName: row.delivery_function ?? '',
          event: JSON.parse(row.delivery_event ?? '{}') as Record<string, unknown>,
          dueAt: row.delivery_due_at ?? 0,
          attemptedAt: row.delivery_attempted_at,
          error: row.delivery_error,
        }
      : null,
  };
}

export function recordCall(
  ctx: EmulatorContext,
  call: {
    apiName: string;
    request: Record<string, unknown>;
    reply: Record<string, unknown>;
    errcode: number;
    caller: OutboxCaller;
    delivery?: { functionName: string; event: Record<string, unknown>; dueAt: number };
  },
): number {
  ensureOutboxTable(ctx.store.db);
  const result = ctx.store.db
    .prepare(
      `INSERT INTO openapi_outbox (api_name, request, reply, errcode, caller, created_at,
         delivery_status, delivery_function, delivery_event, delivery_due_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      call.apiName,
      JSON.stringify(call.request),
      JSON.stringify(call.reply),
      call.errcode,
      JSON.stringify(call.caller),
      ctx.clock.now(),
      call.delivery ? 'pending' : null,
      call.delivery?.functionName ?? null,
      call.delivery ? JSON.stringify(call.delivery.event) : null,
      call.delivery?.dueAt ?? null,
    );
  return Number(result.lastInsertRowid);
}

export function getEntry(ctx: EmulatorContext, id: number): OutboxEntry | null {
  ensureOutboxTable(ctx.store.db);
  const row = ctx.store.db.prepare('SELECT * FROM openapi_outbox WHERE id = ?').get(id) as Row | undefined;
  return row ? toEntry(row) : null;
}

export function setDeliveryResult(
  ctx: EmulatorContext,
  id: number,
  result: { status: DeliveryStatus; event: Record<string, unknown>; error: string | null },
): void {
  ctx.store.db
    .prepare(
      `UPDATE openapi_outbox SET delivery_status = ?, delivery_event = ?, delivery_error = ?, delivery_attempted_at = ?
       WHERE id = ?`,
    )
    .run(result.status, JSON.stringify(result.event), result.error, ctx.clock.now(), id);
}

export function idsWithDelivery(ctx: EmulatorContext, statuses: DeliveryStatus[]): number[] {
  ensureOutboxTable(ctx.store.db);
  const marks = statuses.map(() => '?').join(', ');
  const rows = ctx.store.db
    .prepare(`SELECT id FROM openapi_outbox WHERE delivery_status IN (${marks}) ORDER BY id`)
    .all(...statuses) as Array<{ id: number }>;
  return rows.map((r) => r.id);
}

/** Newest first; `limit` defaults to 100 (at most 1000). */
export function listOutbox(ctx: EmulatorContext, opts: { apiName?: string; limit?: number } = {}): OutboxEntry[] {
  ensureOutboxTable(ctx.store.db);
  const limit = Math.max(1, Math.min(1000, Math.floor(opts.limit ?? 100)));
  const rows = (
    opts.apiName
      ? ctx.store.db.prepare('SELECT * FROM openapi_outbox WHERE api_name = ? ORDER BY id DESC LIMIT ?').all(opts.apiName, limit)
      : ctx.store.db.prepare('SELECT * FROM openapi_outbox ORDER BY id DESC LIMIT ?').all(limit)
  ) as Row[];
  return rows.map(toEntry);
}

/** Empties the outbox (pending verdicts included: they will not be delivered). Returns how many rows went. */
export function clearOutbox(ctx: EmulatorContext): number {
  ensureOutboxTable(ctx.store.db);
  return ctx.store.db.prepare('DELETE FROM openapi_outbox').run().changes;
}
