import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { Role } from '../../contracts/common';
import { defineAction, type ActionDef } from '../core/action';
import type { Context } from '../core/context';
import { collection, command, count, findMany } from '../core/db';
import { AppError } from '../core/errors';
import { DEFAULT_PAGE, decodeCursor, pageOf, sortKey } from '../core/paging';
import type { OrgUnitDoc } from '../org/model';
import { loadUnits, requireUnit, streetUnit } from '../org/units';
import { coveringGrant, ORG_SCOPE_TYPES } from '../roles/matrix';
import { REPORTS } from './model';
import { reportStats } from './stats';
import { SUMMARY_FIELDS, toSummaries, type Audience, type SummarySource } from './summary-view';

dayjs.extend(utc);

/** Who handles reports: they get task lists, the map and precise locations. */
export const HANDLER_ROLES = ['grid_worker', 'property_manager', 'community_staff', 'street_admin'] as const satisfies readonly Role[];
const STAFF_ROLES = ['community_staff', 'street_admin'] as const satisfies readonly Role[];
/** Who sees statistics of any unit within their grant (residents see their own community's). */
const STATS_ROLES = ['grid_worker', 'community_staff', 'street_admin'] as const satisfies readonly Role[];

export const MAP_LIMIT = 200;
/** China has kept UTC+8 without daylight saving since 1991: "today" ends at midnight Asia/Shanghai. */
const SHANGHAI_OFFSET_MIN = 8 * 60;

type Row = SummarySource & { sk: string; dueKey: string };

/** End of the caller's day (Asia/Shanghai), in ms: the last instant that is still "today". */
export function endOfTodayMs(nowMs: number): number {
  return dayjs(nowMs).utcOffset(SHANGHAI_OFFSET_MIN).endOf('day').valueOf();
}

async function page(filter: Record<string, unknown>, order: { field: 'sk' | 'dueKey'; dir: 'asc' | 'desc' }, take: number): Promise<Row[]> {
  return findMany<Row>(collection(REPORTS).where(filter).orderBy(order.field, order.dir).field(SUMMARY_FIELDS).limit(take));
}

async function listPage(ctx: Context, rows: Row[], limit: number, key: (r: Row) => string, audience: Audience) {
  const { rows: shown, nextCursor } = pageOf(rows, limit, key);
  return { items: await toSummaries(shown, audience, ctx.now()), nextCursor };
}

/**
 * The reports the caller filed, as reporter or as the grid worker who reported for a resident.
 * Two indexed queries (reporter_sk, proxy_by_sk), each giving limit+1 after the cursor, merged by
 * sk: sk is unique and the same key orders both, so one cursor serves both streams. A report in
 * both (a proxy report the grid worker follows themselves) shows once.
 */
const mine = defineAction({
  name: 'reports.mine',
  access: 'registered',
  mutates: false,
  async handler(ctx, input) {
    const limit = input.limit ?? DEFAULT_PAGE;
    const after = decodeCursor(input.cursor);
    const skFilter = after ? { sk: command().lt(after) } : {};
    const order = { field: 'sk', dir: 'desc' } as const;
    const [own, proxied] = await Promise.all([
      page({ reporterOpenid: ctx.openid, ...skFilter }, order, limit + 1),
      page({ 'proxy.byOpenid': ctx.openid, ...skFilter }, order, limit + 1),
    ]);
    const merged = new Map<string, Row>();
    for (const r of [...own, ...proxied]) merged.set(r._id, r);
    const rows = [...merged.values()].sort((a, b) => (a.sk < b.sk ? 1 : a.sk > b.sk ? -1 : 0)).slice(0, limit + 1);
    return listPage(ctx, rows, limit, (r) => r.sk, 'reporter');
  },
});

/** The unit a list defaults to: the caller's community, else the unit of their first working grant, else the street. */
async function defaultUnitId(ctx: Context): Promise<string> {
  if (ctx.user?.place?.communityId) return ctx.user.place.communityId;
  const grant = ctx.user?.roles.find((g) => g.role !== 'resident' && ORG_SCOPE_TYPES.includes(g.scopeType));
  if (grant) return grant.scopeId;
  return (await streetUnit())._id;
}

/** Neighbours' view: public reports (publicPath holds the unit), newest first, no names, blurred places. */
const publicList = defineAction({
  name: 'reports.public',
  access: 'registered',
  mutates: false,
  async handler(ctx, input) {
    const limit = input.limit ?? DEFAULT_PAGE;
    const after = decodeCursor(input.cursor);
    const unitId = input.unitId ?? (await defaultUnitId(ctx));
    const rows = await page({ publicPath: unitId, ...(after ? { sk: command().lt(after) } : {}) }, { field: 'sk', dir: 'desc' }, limit + 1);
    return listPage(ctx, rows, limit, (r) => r.sk, 'public');
  },
});

/**
 * The caller's open cases by dueKey: overdue first (their deadline is earliest), then by deadline,
 * then those with nothing due. 'today' and 'overdue' are upper bounds on the same indexed key, so
 * the counts are three indexed count() calls. dueToday counts what the 'today' filter lists:
 * everything due by the end of today, the overdue included.
 */
const tasks = defineAction({
  name: 'reports.tasks',
  access: HANDLER_ROLES,
  mutates: false,
  async handler(ctx, input) {
    const limit = input.limit ?? DEFAULT_PAGE;
    const after = decodeCursor(input.cursor);
    const nowMs = ctx.now();
    const nowKey = sortKey(nowMs, '');
    const todayKey = sortKey(endOfTodayMs(nowMs) + 1, '');
    const _ = command();
    const base = { assigneeOpenid: ctx.openid, open: true };
    const upper = input.filter === 'overdue' ? nowKey : input.filter === 'today' ? todayKey : null;
    let dueKey: unknown;
    if (after && upper) dueKey = _.gt(after).and(_.lt(upper));
    else if (after) dueKey = _.gt(after);
    else if (upper) dueKey = _.lt(upper);
    const [rows, open, overdue, dueToday] = await Promise.all([
      page(dueKey ? { ...base, dueKey } : base, { field: 'dueKey', dir: 'asc' }, limit + 1),
      count(collection(REPORTS).where(base)),
      count(collection(REPORTS).where({ ...base, dueKey: _.lt(nowKey) })),
      count(collection(REPORTS).where({ ...base, dueKey: _.lt(todayKey) })),
    ]);
    return { ...(await listPage(ctx, rows, limit, (r) => r.dueKey, 'handler')), counts: { open, overdue, dueToday } };
  },
});

/** A community's or the street's supervision queue: open reports watched by the unit, overdue first. */
const queue = defineAction({
  name: 'reports.queue',
  access: STAFF_ROLES,
  scope: { type: ['community', 'street'], from: (input) => input.unitId },
  mutates: false,
  async handler(ctx, input) {
    const limit = input.limit ?? DEFAULT_PAGE;
    const after = decodeCursor(input.cursor);
    const filter = { watch: input.unitId, open: true, ...(after ? { dueKey: command().gt(after) } : {}) };
    const rows = await page(filter, { field: 'dueKey', dir: 'asc' }, limit + 1);
    return listPage(ctx, rows, limit, (r) => r.dueKey, 'handler');
  },
});

/** The unit of the caller's map: the one asked for (within a grant), else their first handler grant's unit. */
async function handlerUnit(ctx: Context, unitId: string | undefined): Promise<OrgUnitDoc> {
  const grants = ctx.user?.roles ?? [];
  if (unitId) {
    const unit = await requireUnit(unitId, undefined, '区域');
    if (!coveringGrant(grants, HANDLER_ROLES, unit)) throw new AppError('FORBIDDEN', '该操作超出了您的管理范围');
    return unit;
  }
  const grant = grants.find((g) => (HANDLER_ROLES as readonly Role[]).includes(g.role) && ORG_SCOPE_TYPES.includes(g.scopeType));
  if (!grant) throw new AppError('FORBIDDEN', '该操作超出了您的管理范围');
  return requireUnit(grant.scopeId, undefined, '区域');
}

/** Open reports with a location in the caller's area, most urgent first, at most 200 markers. */
const map = defineAction({
  name: 'reports.map',
  access: HANDLER_ROLES,
  mutates: false,
  async handler(ctx, input) {
    const unit = await handlerUnit(ctx, input.unitId);
    const rows = await page(
      { orgPath: unit._id, open: true, location: command().neq(null) },
      { field: 'dueKey', dir: 'asc' },
      MAP_LIMIT + 1,
    );
    const items = await toSummaries(rows.slice(0, MAP_LIMIT), 'handler', ctx.now());
    return { items, truncated: rows.length > MAP_LIMIT };
  },
});

/**
 * Who may read a unit's numbers (no personal data in them; public accountability): a grid worker,
 * community staff or street admin whose grant covers the unit, and anyone registered whose own
 * community (where they live, or where one of their working grants lies) is the unit or holds it.
 * The street's numbers are for the street's staff.
 */
async function requireStatsAccess(ctx: Context, unit: OrgUnitDoc): Promise<void> {
  if (!['street', 'community', 'grid'].includes(unit.type))
    throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'unitId', message: '请选择街道、社区或网格' }]);
  const grants = ctx.user?.roles ?? [];
  if (coveringGrant(grants, STATS_ROLES, unit)) return;
  if (unit.type !== 'street') {
    const communityId = unit.type === 'community' ? unit._id : unit.path[1];
    const mine = new Set<string>();
    if (ctx.user?.place?.communityId) mine.add(ctx.user.place.communityId);
    const grantUnits = await loadUnits(grants.filter((g) => ORG_SCOPE_TYPES.includes(g.scopeType)).map((g) => g.scopeId));
    for (const u of grantUnits.values()) if (u.communityId) mine.add(u.communityId);
    if (communityId && mine.has(communityId)) return;
  }
  throw new AppError('FORBIDDEN', '该操作超出了您的管理范围');
}

const stats = defineAction({
  name: 'reports.stats',
  access: 'registered',
  mutates: false,
  async handler(ctx, input) {
    const unit = await requireUnit(input.unitId, undefined, '区域');
    await requireStatsAccess(ctx, unit);
    return reportStats(unit, input.period, ctx.now());
  },
});

/** Report actions: lists, map and statistics. */
export const reportQueryActions: ActionDef[] = [mine, publicList, tasks, queue, map, stats] as unknown as ActionDef[];
