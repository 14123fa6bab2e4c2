import type { Context } from '../core/context';
import { checkText } from '../core/content-check';
import { collection, command, findById, updateWhere } from '../core/db';
import { AppError } from '../core/errors';
import { USERS, type UserDoc } from '../identity/model';
import { notify } from '../messages/notify';
import type { Outgoing } from '../messages/model';
import { courtyardTarget, displayName, isHandler, isReporter, WORKING_ROLES } from './access';
import { dueFields, ms } from './deadlines';
import { detailView, meTooAllowed } from './detail-view';
import { acceptMedia } from './media';
import { REPORTS, type AssigneeDoc, type ReportDoc } from './model';
import { statusNotice, taskNotice } from './notices';
import { applyMove, loadReport, requireMover, requireState } from './transition';
import { REOPEN_WINDOW_MS, SLAS, slaClassOf, type TransitionName } from './states';
import { coveringGrant } from '../roles/matrix';
import { loadUnits } from '../org/units';

/** Loads the report and refuses (writing nothing) unless the caller may make this move now. */
async function prepare(ctx: Context, id: string, name: TransitionName): Promise<ReportDoc> {
  const r = await loadReport(id);
  requireMover(ctx, r, name);
  requireState(name, r);
  return r;
}

/** Sends the notices; a failure to notify is logged, never the caller's error (the move is done). */
async function tell(ctx: Context, items: Outgoing[]): Promise<void> {
  try {
    // Nobody is told of their own move, and a deleted account (anon-…) has nobody to tell.
    await notify(items.filter((i) => i.toOpenid && i.toOpenid !== ctx.openid && !i.toOpenid.startsWith('anon-')));
  } catch (err) {
    ctx.log('notify failed', { error: (err as Error).message });
  }
}

const open = (r: ReportDoc, dueAt: number) => ({ open: true, ...dueFields(r._id, dueAt) });
const ended = (r: ReportDoc) => ({ open: false, ...dueFields(r._id, null) });
/** Someone is responsible now: an unescalated report leaves the community's queue (escalated ones stay watched). */
const leavesQueue = (r: ReportDoc) => (r.escalation === 0 ? { watch: [] as string[] } : {});

export async function accept(ctx: Context, input: { id: string; complex: boolean; note: string }) {
  const r = await prepare(ctx, input.id, 'accept');
  if (input.note) await checkText(ctx.openid, input.note, 3);
  const nowMs = ctx.now();
  const set: Partial<ReportDoc> = { acceptedAt: new Date(nowMs) };
  if (r.respondedInTime === null) set.respondedInTime = nowMs <= (ms(r.acceptBy) as number);
  let resolveBy = ms(r.resolveBy) as number;
  if (input.complex && r.slaClass !== 'complex' && r.slaClass !== 'urgent') {
    set.slaClass = slaClassOf(r.category, r.urgent, true);
    resolveBy = (ms(r.createdAt) as number) + SLAS[set.slaClass].resolveMs;
    set.resolveBy = new Date(resolveBy);
  }
  // A report waiting in the community's queue becomes the accepting staff member's own.
  if (!r.assigneeOpenid) {
    const assignee: AssigneeDoc = { ...r.assignee, kind: 'staff', openid: ctx.openid, name: displayName(ctx.user) };
    Object.assign(set, { assignee, assigneeOpenid: ctx.openid, ...leavesQueue(r) });
  }
  const next = await applyMove(ctx, r, { name: 'accept', as: 'handler', note: input.note, set: { ...set, ...open(r, resolveBy) } });
  await tell(ctx, [statusNotice(next, nowMs, input.note || '工作人员已受理，将尽快处理')]);
  return detailView(ctx, next);
}

export async function reject(ctx: Context, input: { id: string; reason: string }) {
  const r = await prepare(ctx, input.id, 'reject');
  await checkText(ctx.openid, input.reason, 3);
  const next = await applyMove(ctx, r, { name: 'reject', as: 'handler', note: input.reason, set: ended(r) });
  await tell(ctx, [statusNotice(next, ctx.now(), input.reason)]);
  return detailView(ctx, next);
}

export async function markDuplicate(ctx: Context, input: { id: string; ofId: string }) {
  const r = await prepare(ctx, input.id, 'duplicate');
  if (input.ofId === r._id) {
    throw new AppError('VALIDATION_FAILED', '不能标记为与自己重复', [{ path: 'ofId', message: '不能标记为与自己重复' }]);
  }
  const target = await findById<ReportDoc>(REPORTS, input.ofId);
  if (!target) throw new AppError('VALIDATION_FAILED', '要合并到的问题不存在', [{ path: 'ofId', message: '要合并到的问题不存在' }]);
  if (target.status === 'duplicate') {
    throw new AppError('VALIDATION_FAILED', '不能合并到另一件重复问题', [
      { path: 'ofId', message: '该问题本身已标记为重复，请合并到原问题' },
    ]);
  }
  const next = await applyMove(ctx, r, {
    name: 'duplicate',
    as: 'handler',
    note: `与问题 ${target.no} 重复`,
    set: { duplicateOf: target._id, ...ended(r) },
  });
  await updateWhere(collection(REPORTS).where({ _id: target._id }), { meTooCount: command().inc(1) });
  await tell(ctx, [statusNotice(next, ctx.now(), `已合并到问题 ${target.no}，可在该问题查看进度`)]);
  return detailView(ctx, next);
}

/** The person a report is dispatched or transferred to: someone working a role over its courtyard. */
async function requireWorker(r: ReportDoc, toUserId: string): Promise<{ user: UserDoc; assignee: AssigneeDoc }> {
  const user = await findById<UserDoc>(USERS, toUserId);
  const grant = user ? coveringGrant(user.roles, WORKING_ROLES, courtyardTarget(r)) : null;
  if (!user || !grant) {
    throw new AppError('VALIDATION_FAILED', '只能交给负责该院落的网格员、物业或社区工作人员', [
      { path: 'toUserId', message: '对方不负责这个院落' },
    ]);
  }
  const kind: AssigneeDoc['kind'] = grant.role === 'grid_worker' ? 'grid_worker' : grant.role === 'property_manager' ? 'property' : 'staff';
  const units = await loadUnits([grant.scopeId]);
  return {
    user,
    assignee: { kind, openid: user._id, name: displayName(user), unitId: grant.scopeId, unitName: units.get(grant.scopeId)?.name ?? '' },
  };
}

export async function dispatch(ctx: Context, input: { id: string; toUserId: string; note: string }) {
  const r = await prepare(ctx, input.id, 'dispatch');
  if (input.toUserId === ctx.openid)
    throw new AppError('VALIDATION_FAILED', '不能派单给自己', [{ path: 'toUserId', message: '不能派单给自己' }]);
  if (input.note) await checkText(ctx.openid, input.note, 3);
  const { assignee } = await requireWorker(r, input.toUserId);
  const next = await applyMove(ctx, r, {
    name: 'dispatch',
    as: 'handler',
    note: input.note || `派单给 ${assignee.name}`,
    set: { assignee, assigneeOpenid: assignee.openid, dispatchedBy: ctx.openid, ...leavesQueue(r), ...open(r, ms(r.resolveBy) as number) },
  });
  await tell(ctx, [taskNotice(next, input.toUserId, '您有一件派给您的问题'), statusNotice(next, ctx.now(), `已派给${assignee.name}处理`)]);
  return detailView(ctx, next);
}

export async function transfer(ctx: Context, input: { id: string; toUserId: string; reason: string }) {
  const r = await prepare(ctx, input.id, 'transfer');
  if (input.toUserId === r.assigneeOpenid || input.toUserId === ctx.openid) {
    throw new AppError('VALIDATION_FAILED', '请选择其他处理人员', [{ path: 'toUserId', message: '请选择其他处理人员' }]);
  }
  await checkText(ctx.openid, input.reason, 3);
  const { assignee } = await requireWorker(r, input.toUserId);
  const acceptBy = ctx.now() + SLAS[r.slaClass].acceptMs;
  const next = await applyMove(ctx, r, {
    name: 'transfer',
    as: 'handler',
    note: input.reason,
    set: {
      assignee,
      assigneeOpenid: assignee.openid,
      dispatchedBy: null,
      acceptBy: new Date(acceptBy),
      ...leavesQueue(r),
      ...open(r, acceptBy),
    },
  });
  await tell(ctx, [taskNotice(next, input.toUserId, '有一件问题转交给您'), statusNotice(next, ctx.now(), `已转交${assignee.name}`)]);
  return detailView(ctx, next);
}

export async function start(ctx: Context, input: { id: string; note: string }) {
  const r = await prepare(ctx, input.id, 'start');
  if (input.note) await checkText(ctx.openid, input.note, 3);
  const next = await applyMove(ctx, r, { name: 'start', as: 'handler', note: input.note, set: open(r, ms(r.resolveBy) as number) });
  await tell(ctx, [statusNotice(next, ctx.now(), input.note || '工作人员正在处理')]);
  return detailView(ctx, next);
}

export async function resolve(ctx: Context, input: { id: string; note: string; media: Parameters<typeof acceptMedia>[0] }) {
  const r = await prepare(ctx, input.id, 'resolve');
  await checkText(ctx.openid, input.note, 3);
  const media = await acceptMedia(input.media, ctx.openid, 'after');
  const nowMs = ctx.now();
  const next = await applyMove(ctx, r, {
    name: 'resolve',
    as: 'handler',
    note: input.note,
    media,
    // Unrated, it closes itself when the reopen window ends: that is when the scheduler looks again.
    set: { resolvedAt: new Date(nowMs), everResolved: true, open: false, ...dueFields(r._id, null, nowMs + REOPEN_WINDOW_MS) },
  });
  await tell(ctx, [statusNotice(next, nowMs, '请查看处理结果并评价；没有解决可在 7 天内重新打开')]);
  return detailView(ctx, next);
}

export async function rate(ctx: Context, input: { id: string; stars: number; comment: string }) {
  const r = await prepare(ctx, input.id, 'rate');
  if (input.comment) await checkText(ctx.openid, input.comment, 2, '评价中有不适宜发布的内容，请修改后再提交');
  const nowMs = ctx.now();
  const rating = {
    stars: input.stars,
    comment: input.comment,
    byProxy: r.proxy !== null && r.reporterOpenid === r.proxy.byOpenid,
    at: new Date(nowMs),
  };
  const next = await applyMove(ctx, r, {
    name: 'rate',
    as: 'reporter',
    note: input.comment,
    set: { rating, closedAt: new Date(nowMs), ...ended(r) },
  });
  return detailView(ctx, next);
}

export async function reopen(ctx: Context, input: { id: string; reason: string }) {
  const r = await prepare(ctx, input.id, 'reopen');
  const nowMs = ctx.now();
  const resolvedAt = ms(r.resolvedAt) ?? 0;
  if (nowMs > resolvedAt + REOPEN_WINDOW_MS) throw new AppError('INVALID_STATE', '处理反馈已超过 7 天，不能再重新打开，请重新上报');
  await checkText(ctx.openid, input.reason, 3);
  const resolveBy = nowMs + SLAS[r.slaClass].resolveMs;
  const next = await applyMove(ctx, r, {
    name: 'reopen',
    as: 'reporter',
    note: input.reason,
    set: { reopenCount: r.reopenCount + 1, resolveBy: new Date(resolveBy), ...open(r, resolveBy) },
  });
  if (next.assigneeOpenid) await tell(ctx, [taskNotice(next, next.assigneeOpenid, '上报人认为问题没有解决，已重新打开')]);
  return detailView(ctx, next);
}

export async function withdraw(ctx: Context, input: { id: string; reason: string }) {
  const r = await prepare(ctx, input.id, 'withdraw');
  if (input.reason) await checkText(ctx.openid, input.reason, 3);
  const next = await applyMove(ctx, r, { name: 'withdraw', as: 'reporter', note: input.reason, set: { publicPath: [], ...ended(r) } });
  if (next.assigneeOpenid) await tell(ctx, [{ ...taskNotice(next, next.assigneeOpenid, '上报人已撤回一件问题'), push: undefined }]);
  return detailView(ctx, next);
}

/** "Me too", once per person: a second time changes nothing and answers the same (idempotent). */
export async function meToo(ctx: Context, input: { id: string }) {
  const r = await loadReport(input.id);
  if (r.private && !isReporter(ctx.openid, r) && !isHandler(ctx.openid, ctx.user, r)) throw new AppError('NOT_FOUND', '问题不存在或已删除');
  if (r.meTooOpenids.includes(ctx.openid)) return { meTooCount: r.meTooCount, meTooByMe: true };
  if (isReporter(ctx.openid, r)) throw new AppError('FORBIDDEN', '这是您自己上报的问题');
  if (r.private) throw new AppError('FORBIDDEN', '私密问题不能加一');
  if (!meTooAllowed(ctx.openid, r)) throw new AppError('INVALID_STATE', '问题已结束，不能再加一');
  const _ = command();
  const updated = await updateWhere(
    collection(REPORTS).where({
      _id: r._id,
      private: false,
      status: _.in(['submitted', 'transferred', 'accepted', 'dispatched', 'in_progress', 'resolved', 'reopened']),
      meTooOpenids: _.nin([ctx.openid]),
    }),
    { meTooCount: _.inc(1), meTooOpenids: _.push([ctx.openid]), updatedAt: new Date(ctx.now()) },
  );
  if (updated === 0) {
    const now = await loadReport(r._id);
    if (now.meTooOpenids.includes(ctx.openid)) return { meTooCount: now.meTooCount, meTooByMe: true };
    throw new AppError('INVALID_STATE', '问题已结束，不能再加一');
  }
  return { meTooCount: r.meTooCount + 1, meTooByMe: true };
}
