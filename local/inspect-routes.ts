import { findDocuments, getScanLog, listCollections } from './emulator/database';
import { clearOutbox, listOutbox } from './emulator/openapi';
import type { Emulator } from './emulator/server';
import { listFiles } from './emulator/storage';
import type { Runner } from './runner';
import type { TimerScheduler } from './runner/timer-scheduler';

export interface InspectDeps {
  emulator: Emulator;
  runner: Runner;
  timers?: TimerScheduler;
}

export interface RouteReply {
  status: number;
  body: unknown;
}

const ok = (data: unknown): RouteReply => ({ status: 200, body: { ok: true, data } });
const fail = (status: number, code: string, message: string): RouteReply => ({ status, body: { ok: false, error: { code, message } } });

/** GET (and DELETE for the outbox) under /_inspect/: a read-only window on the local cloud. */
export function inspectRoute(method: string, path: string, query: URLSearchParams, deps: InspectDeps): RouteReply {
  const ctx = deps.emulator.ctx;
  const parts = decodeParts(path); // ['_inspect', what, ...]
  if (!parts) return fail(400, 'VALIDATION_FAILED', '路径编码不合法');
  const what = parts[1] ?? '';
  if (method !== 'GET' && !(method === 'DELETE' && what === 'outbox' && parts.length === 2)) {
    return fail(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
  }
  const limit = intParam(query, 'limit', 20, 1, 1000);
  const skip = intParam(query, 'skip', 0, 0, Number.MAX_SAFE_INTEGER);
  if (limit === null || skip === null) return fail(400, 'VALIDATION_FAILED', 'limit 和 skip 必须是非负整数（limit 为 1–1000）');

  switch (parts.length === 2 ? what : `${what}/*`) {
    case 'collections':
      return ok(listCollections(ctx));
    case 'collections/*': {
      if (parts.length !== 3) break;
      const filter = jsonObjectParam(query, 'filter');
      if (filter === null) return fail(400, 'VALIDATION_FAILED', 'filter 必须是 JSON 对象（MongoDB 查询条件）');
      return ok(findDocuments(ctx, parts[2]!, { limit, skip, ...(filter ? { filter } : {}) }));
    }
    case 'outbox': {
      if (method === 'DELETE') return ok({ cleared: clearOutbox(ctx) });
      const apiName = query.get('apiName') ?? undefined;
      return ok(listOutbox(ctx, { ...(apiName ? { apiName } : {}), limit }));
    }
    case 'storage': {
      const prefix = query.get('prefix') ?? undefined;
      return ok(listFiles(ctx, { limit, ...(prefix ? { prefix } : {}) }));
    }
    case 'scans':
      return ok(getScanLog(ctx));
    case 'functions': {
      const functionName = query.get('fn') ?? undefined;
      const requestId = query.get('requestId') ?? undefined;
      return ok({
        found: deps.runner.functionNames(),
        stats: deps.runner.stats(),
        timers: deps.timers?.list() ?? [],
        logs: deps.runner.logs({
          ...(functionName ? { functionName } : {}),
          ...(requestId ? { requestId } : {}),
          limit: query.has('limit') ? limit : 200,
        }),
      });
    }
  }
  return fail(404, 'NOT_FOUND', `no inspection endpoint ${path}`);
}

function decodeParts(path: string): string[] | undefined {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** undefined when absent, null when present but not a JSON object. */
function jsonObjectParam(query: URLSearchParams, name: string): Record<string, unknown> | undefined | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  return n < min || n > max ? null : n;
}
