import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { contracts, type ActionName } from '../../contracts';
import type { ApiResult, FieldError } from '../../contracts/errors';
import { USERS, type UserDoc } from '../identity/model';
import type { ActionDef } from './action';
import { authorize } from './authorize';
import { getCloud } from './cloud';
import { createContext } from './context';
import { findById } from './db';
import { AppError } from './errors';
import { claimRequest, completeRequest, hashPayload, releaseRequest, requestKey } from './idempotency';
import { enforceRateLimit } from './rate-limit';

/** A generous cap: real payloads are forms and ids; media travels through storage, not here. */
export const MAX_EVENT_BYTES = 64 * 1024;

const EventShape = z.strictObject({
  action: z.string().min(1).max(64),
  payload: z.unknown().optional(),
  requestId: z
    .string()
    .min(8)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
  // Added by the platform to events from the mini-program; identity is never read from it.
  userInfo: z.unknown().optional(),
});

export type Registry = ReadonlyMap<string, ActionDef>;

export function buildRegistry(defs: readonly ActionDef[]): Registry {
  const map = new Map<string, ActionDef>();
  for (const def of defs) {
    if (map.has(def.name)) throw new Error(`action ${def.name} defined twice`);
    if (!(def.name in contracts)) throw new Error(`action ${def.name} has no contract`);
    map.set(def.name, def);
  }
  for (const name of Object.keys(contracts)) if (!map.has(name)) throw new Error(`contract ${name} has no handler`);
  return map;
}

/** `input` is what was validated: a field absent from it is "missing", whatever rule zod reports. */
export function zodFields(error: z.ZodError, input: unknown): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: chineseIssue(issue, isAbsent(input, issue.path)),
  }));
}

function isAbsent(input: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) return false;
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return true;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value === undefined;
}

function chineseIssue(issue: z.core.$ZodIssue, absent: boolean): string {
  // Schema authors write Chinese messages where it matters; these cover zod's defaults.
  if (issue.message && /[\u4e00-\u9fa5]/.test(issue.message)) return issue.message;
  if (absent && issue.code !== 'unrecognized_keys') return '缺少必填项';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `不支持的字段：${issue.keys.join('、')}`;
    case 'invalid_type':
      return '类型不正确';
    case 'too_small':
      return '内容过短或数值过小';
    case 'too_big':
      return '内容过长或数值过大';
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_value':
      return '取值不在允许范围内';
    default:
      return '内容不正确';
  }
}

/**
 * The whole pipeline of one call: shape → identity → validation → authorization →
 * rate limit → idempotency → handler → output schema. Every failure becomes a stable code
 * and a Chinese message; a stack trace only ever reaches the log.
 */
export async function route(registry: Registry, event: unknown): Promise<ApiResult<unknown>> {
  const traceId = randomUUID();
  try {
    return { ok: true, data: await dispatch(registry, event, traceId) };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.toApiError() };
    console.error(JSON.stringify({ trace: traceId, msg: 'unhandled error', error: (err as Error)?.stack ?? String(err) }));
    return { ok: false, error: new AppError('INTERNAL').toApiError() };
  }
}

async function dispatch(registry: Registry, event: unknown, traceId: string): Promise<unknown> {
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(event ?? null));
  } catch {
    throw new AppError('VALIDATION_FAILED', '请求格式不正确');
  }
  if (size > MAX_EVENT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');

  const shape = EventShape.safeParse(event);
  if (!shape.success) throw new AppError('VALIDATION_FAILED', '请求格式不正确', zodFields(shape.error, event));
  const { action, requestId } = shape.data;
  const def = registry.get(action);
  if (!def) throw new AppError('UNKNOWN_ACTION', `不支持的操作：${action}`);
  const contract = contracts[def.name as ActionName];

  const openid = getCloud().getWXContext().OPENID ?? '';
  if (def.access !== 'public' && !openid) throw new AppError('UNAUTHENTICATED');

  const parsed = contract.input.safeParse(shape.data.payload ?? {});
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', undefined, zodFields(parsed.error, shape.data.payload ?? {}));
  const input = parsed.data;

  const user = def.access !== 'public' && openid ? await findById<UserDoc>(USERS, openid) : null;
  const ctx = createContext({ openid, user, requestId, traceId });
  await authorize(def, ctx, input);

  const key = def.mutates && requestId && openid ? requestKey(openid, requestId) : null;
  if (key) {
    const claim = await claimRequest(key, openid, def.name, hashPayload(input), ctx.now());
    // A replay is the same call arriving twice: it does not count against the rate limit.
    if (claim.kind === 'replay') return claim.result;
  }
  try {
    if (def.rateLimit) await enforceRateLimit(openid, def.name, def.rateLimit, ctx.now());
    const output = await (def.handler as (c: typeof ctx, i: unknown) => Promise<unknown>)(ctx, input);
    // Parsing the output strips anything a handler returned beyond the contract: private fields never leak by accident.
    const checked = contract.output.safeParse(output);
    if (!checked.success) {
      ctx.log('output does not match contract', { action: def.name, issues: checked.error.issues });
      throw new AppError('INTERNAL');
    }
    if (key) await completeRequest(key, checked.data);
    return checked.data;
  } catch (err) {
    if (key) await releaseRequest(key).catch((e: Error) => ctx.log('could not release request', { error: e.message }));
    throw err;
  }
}
