import type { ReportStatus } from '../../contracts/reports';
import type { Context } from '../core/context';
import { collection, command, findById, updateWhere } from '../core/db';
import { AppError } from '../core/errors';
import { actorOf, isHandler, isReporter } from './access';
import { REPORTS, type MediaDoc, type ReportDoc, type TimelineDoc } from './model';
import { TRANSITIONS, canMove, type TransitionName } from './states';
import { STATUS_WORD, MOVE_WORD } from './words';

export async function loadReport(id: string): Promise<ReportDoc> {
  const r = await findById<ReportDoc>(REPORTS, id);
  if (!r) throw new AppError('NOT_FOUND', '问题不存在或已删除');
  return r;
}

/** Refuses unless the caller may make this move (handler or reporter, as the table says). */
export function requireMover(ctx: Context, r: ReportDoc, name: TransitionName): void {
  const by = TRANSITIONS[name].by;
  if (by === 'handler' && !isHandler(ctx.openid, ctx.user, r)) {
    if (r.private && !isReporter(ctx.openid, r)) throw new AppError('NOT_FOUND', '问题不存在或已删除');
    throw new AppError('FORBIDDEN', '只有负责处理的工作人员可以进行此操作');
  }
  if (by === 'reporter' && !isReporter(ctx.openid, r)) throw new AppError('FORBIDDEN', '只有上报人本人可以进行此操作');
  if (by === 'system') throw new AppError('FORBIDDEN');
}

export function invalidState(name: TransitionName, status: ReportStatus): AppError {
  return new AppError('INVALID_STATE', `当前状态（${STATUS_WORD[status]}）下不能${MOVE_WORD[name]}`);
}

export function requireState(name: TransitionName, r: ReportDoc): void {
  if (!canMove(name, r.status)) throw invalidState(name, r.status);
}

export interface MoveSpec {
  name: TransitionName;
  /** Fields set with the new status (deadlines, assignee, rating …). */
  set?: Record<string, unknown>;
  note?: string;
  media?: MediaDoc[];
  as: 'handler' | 'reporter';
}

/**
 * The one way a report changes state: a conditional update that matches only while the status is
 * still the one read (one the transition starts from), sets the new status and fields and pushes the timeline
 * entry. When nothing matched (someone else moved first, or the report went), the re-read says why.
 * Returns the report as written, without reading it again.
 */
export async function applyMove(ctx: Context, r: ReportDoc, spec: MoveSpec): Promise<ReportDoc> {
  const t = TRANSITIONS[spec.name];
  const at = new Date(ctx.now());
  const entry: TimelineDoc = {
    at,
    kind: spec.name,
    from: r.status,
    to: t.to,
    actor: actorOf(ctx.openid, ctx.user, r, spec.as),
    note: spec.note ?? '',
    media: spec.media ?? [],
  };
  const _ = command();
  const set = { ...(spec.set ?? {}), status: t.to, updatedAt: at };
  const data: Record<string, unknown> = { timeline: _.push([entry]) };
  // A plain object would be merged field by field into what is stored (into null it cannot): set it whole.
  for (const [k, v] of Object.entries(set)) data[k] = isPlainObject(v) ? _.set(v) : v;
  // Matched on the exact status read (one of the transition's sources), so the entry's `from` is true and
  // the checks made on what was read (who may act, the target, the window) still hold when it is written.
  const updated = await updateWhere(collection(REPORTS).where({ _id: r._id, status: _.in([...t.from]).and(_.eq(r.status)) }), data);
  if (updated === 0) {
    const now = await findById<ReportDoc>(REPORTS, r._id);
    if (!now) throw new AppError('NOT_FOUND', '问题不存在或已删除');
    if (!canMove(spec.name, now.status)) throw invalidState(spec.name, now.status);
    throw new AppError('CONFLICT', `问题刚被其他人更新（现在${STATUS_WORD[now.status]}），请刷新后重试`);
  }
  return { ...r, ...(withoutCommands(set) as Partial<ReportDoc>), timeline: [...r.timeline, entry] };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && Object.getPrototypeOf(v) === Object.prototype;
}

/** The plain values of an update (commands such as inc are applied by the caller's own copy). */
function withoutCommands(set: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(set)) {
    if (k.includes('.')) continue;
    if (v && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v) && v.constructor?.name !== 'Object') continue;
    out[k] = v;
  }
  return out;
}
