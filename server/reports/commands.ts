import type { ActionDef } from '../core/action';
import { defineAction } from '../core/action';
import { AppError } from '../core/errors';
import { isHandler, viewerOf } from './access';
import { detailView } from './detail-view';
import { handlerOptions } from './handler-options';
import * as moves from './moves';
import { submitReport } from './submit';
import { loadReport } from './transition';

const submit = defineAction({
  name: 'reports.submit',
  access: 'registered',
  mutates: true,
  rateLimit: { max: 20, windowSeconds: 3600 },
  handler: submitReport,
});

const get = defineAction({
  name: 'reports.get',
  access: 'registered',
  mutates: false,
  async handler(ctx, input) {
    const r = await loadReport(input.id);
    const viewer = viewerOf(ctx.openid, ctx.user, r);
    // A private or withdrawn report exists only for its reporter and its handlers (publicPath is empty).
    if (viewer === 'public' && (r.private || r.status === 'withdrawn')) throw new AppError('NOT_FOUND', '问题不存在或已删除');
    return detailView(ctx, r, viewer);
  },
});

const handlers = defineAction({
  name: 'reports.handlers',
  access: 'registered',
  mutates: false,
  async handler(ctx, input) {
    const r = await loadReport(input.id);
    if (!isHandler(ctx.openid, ctx.user, r)) throw new AppError('FORBIDDEN', '只有负责处理的工作人员可以转交或派单');
    return { items: await handlerOptions(r, ctx.openid) };
  },
});

const move = <A extends Parameters<typeof defineAction>[0]['name']>(name: A, handler: ActionDef<A>['handler']): ActionDef<A> =>
  defineAction({ name, access: 'registered', mutates: true, rateLimit: { max: 120, windowSeconds: 3600 }, handler });

/** Report actions: submit, the detail, and the moves of the state machine. */
export const reportCommandActions: ActionDef[] = [
  submit,
  get,
  handlers,
  move('reports.accept', moves.accept),
  move('reports.reject', moves.reject),
  move('reports.markDuplicate', moves.markDuplicate),
  move('reports.dispatch', moves.dispatch),
  move('reports.start', moves.start),
  move('reports.resolve', moves.resolve),
  move('reports.transfer', moves.transfer),
  move('reports.rate', moves.rate),
  move('reports.reopen', moves.reopen),
  move('reports.withdraw', moves.withdraw),
  move('reports.meToo', moves.meToo),
] as unknown as ActionDef[];
