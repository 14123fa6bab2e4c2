import type { z } from 'zod';
import type { StatsPeriod, StatsRow } from '../../contracts/reports';
import { getDb } from '../core/cloud';
import { aggregate, collection, command, count, findMany } from '../core/db';
import { sortKey } from '../core/paging';
import { ORG_UNITS, type OrgUnitDoc } from '../org/model';
import { unitRef } from '../org/units';
import { REPORTS } from './model';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export const PERIOD_DAYS: Record<z.infer<typeof StatsPeriod>, number> = { '7d': 7, '30d': 30, '90d': 90, '365d': 365 };

/** Reports that never counted as work to resolve. */
const VOID_STATES = ['rejected', 'duplicate', 'withdrawn'];
const DONE_STATES = ['resolved', 'closed'];

/** One group of the aggregation: sums, and the close times (ms; -1 for a report not closed). */
interface Group {
  _id: string;
  reports: number;
  responded: number;
  valid: number;
  done: number;
  rated: number;
  good: number;
  stars: number;
  everResolved: number;
  reopened: number;
  closeMs: number[];
}

type Row = z.input<typeof StatsRow>;

const ratio = (a: number, b: number, digits = 4): number | null => (b > 0 ? Math.round((a / b) * 10 ** digits) / 10 ** digits : null);

/** The median of the samples (the mean of the two middle ones for an even count); null when none. */
export function medianOf(samples: number[]): number | null {
  if (samples.length === 0) return null;
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const emptyGroup = (id: string): Group => ({
  _id: id,
  reports: 0,
  responded: 0,
  valid: 0,
  done: 0,
  rated: 0,
  good: 0,
  stars: 0,
  everResolved: 0,
  reopened: 0,
  closeMs: [],
});

function merge(groups: Group[], id: string): Group {
  const out = emptyGroup(id);
  for (const g of groups) {
    out.reports += g.reports;
    out.responded += g.responded;
    out.valid += g.valid;
    out.done += g.done;
    out.rated += g.rated;
    out.good += g.good;
    out.stars += g.stars;
    out.everResolved += g.everResolved;
    out.reopened += g.reopened;
    out.closeMs.push(...g.closeMs);
  }
  return out;
}

async function openCounts(unitId: string, nowMs: number): Promise<{ openNow: number; overdueNow: number }> {
  const base = { orgPath: unitId, open: true };
  const [openNow, overdueNow] = await Promise.all([
    count(collection(REPORTS).where(base)),
    count(collection(REPORTS).where({ ...base, dueKey: command().lt(sortKey(nowMs, '')) })),
  ]);
  return { openNow, overdueNow };
}

function rowOf(unit: Pick<OrgUnitDoc, '_id' | 'name'>, g: Group, open: { openNow: number; overdueNow: number }): Row {
  const closeHours = g.closeMs.filter((ms) => ms >= 0).map((ms) => ms / HOUR);
  const median = medianOf(closeHours);
  return {
    unit: unitRef(unit),
    reports: g.reports,
    responseRate: ratio(g.responded, g.reports),
    resolutionRate: ratio(g.done, g.valid),
    satisfaction: ratio(g.good, g.rated),
    averageStars: ratio(g.stars, g.rated, 2),
    rated: g.rated,
    medianHoursToClose: median === null ? null : Math.round(median * 10) / 10,
    reopenRate: ratio(g.reopened, g.everResolved),
    ...open,
  };
}

/** The units a level is broken down into: a street's communities, a community's grids, a grid itself. */
async function rowUnits(unit: OrgUnitDoc): Promise<OrgUnitDoc[]> {
  if (unit.type === 'grid') return [unit];
  return findMany<OrgUnitDoc>(collection(ORG_UNITS).where({ parentId: unit._id }).orderBy('sort', 'asc').limit(1000));
}

/**
 * 三率 and the rest over the reports created in the period under `unit`, for the unit and one row per
 * child unit. One aggregation (indexed on orgPath + createdAt) groups by the child's id, taken from
 * its position in orgPath; every close time goes along so the medians are exact. Open and overdue
 * counts are of now, whenever the reports were created (indexed counts on orgPath + open + dueKey).
 */
export async function reportStats(unit: OrgUnitDoc, period: z.infer<typeof StatsPeriod>, nowMs: number) {
  const from = nowMs - PERIOD_DAYS[period] * DAY;
  const children = await rowUnits(unit);
  // orgPath is [street, community, grid, micro-grid, courtyard]: the unit sits at path.length.
  const groupAt = unit.type === 'grid' ? unit.path.length : unit.path.length + 1;
  const _ = command();
  const $ = getDb().command.aggregate;
  const flag = (cond: unknown) => $.cond({ if: cond, then: 1, else: 0 });
  const groups = await aggregate<Group>(
    collection(REPORTS)
      .aggregate()
      .match({ orgPath: unit._id, createdAt: _.gte(new Date(from)).and(_.lt(new Date(nowMs))) })
      .project({
        g: $.arrayElemAt(['$orgPath', groupAt]),
        responded: flag($.eq(['$respondedInTime', true])),
        valid: flag($.not($.in(['$status', VOID_STATES]))),
        done: flag($.in(['$status', DONE_STATES])),
        stars: $.ifNull(['$rating.stars', 0]),
        everResolved: flag($.eq(['$everResolved', true])),
        reopened: flag($.and([$.eq(['$everResolved', true]), $.gt(['$reopenCount', 0])])),
        closeMs: $.cond({
          if: $.and([$.eq(['$status', 'closed']), $.neq([$.ifNull(['$closedAt', null]), null])]),
          then: $.subtract(['$closedAt', '$createdAt']),
          else: -1,
        }),
      })
      .group({
        _id: '$g',
        reports: $.sum(1),
        responded: $.sum('$responded'),
        valid: $.sum('$valid'),
        done: $.sum('$done'),
        rated: $.sum(flag($.gt(['$stars', 0]))),
        good: $.sum(flag($.gte(['$stars', 4]))),
        stars: $.sum('$stars'),
        everResolved: $.sum('$everResolved'),
        reopened: $.sum('$reopened'),
        closeMs: $.push('$closeMs'),
      })
      // Without a limit stage CloudBase answers only 20 groups.
      .limit(children.length + 1),
  );
  const byId = new Map(groups.map((g) => [g._id, g]));
  const [totalOpen, ...childOpen] = await Promise.all([
    openCounts(unit._id, nowMs),
    ...children.map((c) => (c._id === unit._id ? Promise.resolve(null) : openCounts(c._id, nowMs))),
  ]);
  const open = totalOpen as { openNow: number; overdueNow: number };
  const rows = children.map((c, i) => rowOf(c, byId.get(c._id) ?? emptyGroup(c._id), childOpen[i] ?? open));
  return {
    unit: unitRef(unit),
    from,
    to: nowMs,
    total: rowOf(unit, merge(groups, unit._id), open),
    rows,
  };
}
