import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { StatsRow } from '../../contracts/reports';
import type { ReportDoc } from '../../server/reports/model';
import { medianOf } from '../../server/reports/stats';
import { sortKey } from '../../server/core/paging';
import { err, ok, startApiHarness, type ApiHarness } from '../support/api-harness';
import { DAY, HOUR, clock, expectNoReportScans, insertReports, reportFactory, resetScans } from './reports-support';

type Row = z.infer<typeof StatsRow>;
type Stats = { unit: { id: string; name: string }; from: number; to: number; total: Row; rows: Row[] };

let h: ApiHarness;
/** The clock runs 1000 days ahead: the demo seed's reports lie far outside every period, only ours count. */
const OFFSET = 1000 * DAY;
let now: number;

beforeAll(async () => {
  h = await startApiHarness();
  clock.set(OFFSET);
  now = Date.now() + OFFSET;
  const f = reportFactory(h);
  const at = (hoursAgo: number) => now - hoursAgo * HOUR;
  const base = (gridId: string, createdAt: number, status: ReportDoc['status']) => ({
    status,
    createdAt,
    now,
    reporter: 'demo-resident-120',
    handler: 'demo-grid-05',
    gridId,
  });
  const closed = (createdAt: number, hours: number) => ({ closedAt: new Date(createdAt + hours * HOUR) });
  const t = (n: number) => at(n);
  const made: ReportDoc[] = [
    // gd-2-1: A closed 5★ in 10 h, answered in time; B closed 3★ in 30 h, answered late; C rejected; D open and overdue.
    f.build(base('gd-2-1', t(48), 'closed'), {
      ...closed(t(48), 10),
      respondedInTime: true,
      rating: { stars: 5, comment: '', byProxy: false, at: new Date(t(38)) },
      everResolved: true,
      reopenCount: 0,
    }),
    f.build(base('gd-2-1', t(72), 'closed'), {
      ...closed(t(72), 30),
      respondedInTime: false,
      rating: { stars: 3, comment: '', byProxy: false, at: new Date(t(42)) },
      everResolved: true,
      reopenCount: 0,
    }),
    f.build(base('gd-2-1', t(20), 'rejected'), { respondedInTime: null }),
    f.build(base('gd-2-1', t(100), 'in_progress'), {
      respondedInTime: true,
      dueAt: new Date(t(1)),
      open: true,
      everResolved: false,
      reopenCount: 0,
    }),
    // gd-2-2: E auto-closed after a reopening, 50 h; F resolved; G submitted, due tomorrow; H withdrawn.
    f.build(base('gd-2-2', t(120), 'closed'), {
      ...closed(t(120), 50),
      respondedInTime: true,
      rating: null,
      everResolved: true,
      reopenCount: 1,
    }),
    f.build(base('gd-2-2', t(30), 'resolved'), { respondedInTime: true, everResolved: true, reopenCount: 0, closedAt: null }),
    f.build(base('gd-2-2', t(2), 'submitted'), { respondedInTime: null, dueAt: new Date(now + 22 * HOUR), open: true }),
    f.build(base('gd-2-2', t(5), 'withdrawn'), { respondedInTime: null }),
    // Ten days old: in 30d, not in 7d.
    f.build(base('gd-2-1', t(240), 'closed'), {
      ...closed(t(240), 4),
      respondedInTime: true,
      rating: { stars: 1, comment: '', byProxy: false, at: new Date(t(230)) },
      everResolved: true,
      reopenCount: 0,
    }),
  ];
  // Keep the derived keys consistent with the overridden deadlines.
  for (const d of made) d.dueKey = sortKey(d.dueAt ? new Date(d.dueAt).getTime() : 9_999_999_999_999, d._id);
  insertReports(h, made);
});
afterAll(() => {
  clock.reset();
  return h.close();
});

const row = (s: Stats, id: string) => s.rows.find((r) => r.unit.id === id) as Row;

describe('reports.stats', () => {
  it('computes the three rates, median close time and reopen rate per grid of a community, by hand', async () => {
    resetScans(h);
    const s = ok<Stats>(await h.act('demo-community-2', 'reports.stats', { unitId: 'cm-2', period: '7d' }));
    expect(s.unit).toEqual({ id: 'cm-2', name: '梧桐社区' });
    expect(s.to - s.from).toBe(7 * DAY);
    expect(s.rows.map((r) => r.unit.id)).toEqual(['gd-2-1', 'gd-2-2', 'gd-2-3', 'gd-2-4']);
    expect(row(s, 'gd-2-1')).toMatchObject({
      reports: 4,
      responseRate: 0.5, // A, D of 4
      resolutionRate: 0.6667, // A, B of A, B, D (C rejected)
      satisfaction: 0.5, // 5★ of 5★, 3★
      averageStars: 4,
      rated: 2,
      medianHoursToClose: 20, // 10 h, 30 h
      reopenRate: 0, // none of A, B reopened
    });
    expect(row(s, 'gd-2-2')).toMatchObject({
      reports: 4,
      responseRate: 0.5, // E, F
      resolutionRate: 0.6667, // E closed, F resolved of E, F, G (H withdrawn)
      satisfaction: null,
      averageStars: null,
      rated: 0,
      medianHoursToClose: 50,
      reopenRate: 0.5, // E of E, F
    });
    expect(row(s, 'gd-2-3')).toMatchObject({
      reports: 0,
      responseRate: null,
      resolutionRate: null,
      medianHoursToClose: null,
      reopenRate: null,
    });
    expect(s.total).toMatchObject({
      reports: 8,
      responseRate: 0.5,
      resolutionRate: 0.6667,
      satisfaction: 0.5,
      averageStars: 4,
      rated: 2,
      medianHoursToClose: 30, // 10, 30, 50
      reopenRate: 0.25, // E of A, B, E, F
    });
    expectNoReportScans(h);
  });

  it('counts what is open and overdue now, whenever it was reported', async () => {
    const s = ok<Stats>(await h.act('demo-community-2', 'reports.stats', { unitId: 'gd-2-2', period: '7d' }));
    expect(s.rows).toHaveLength(1);
    // The demo seed's open reports in gd-2-2 are all overdue 1000 days on; ours: G, due tomorrow.
    const r = s.rows[0] as Row;
    expect(r.openNow - r.overdueNow).toBe(1);
    expect(s.total.openNow).toBe(r.openNow);
  });

  it('takes the period back from now', async () => {
    const s = ok<Stats>(await h.act('demo-community-2', 'reports.stats', { unitId: 'cm-2', period: '30d' }));
    expect(row(s, 'gd-2-1')).toMatchObject({ reports: 5, rated: 3, satisfaction: 0.3333, averageStars: 3, medianHoursToClose: 10 });
    expect(s.total.reports).toBe(9);
  });

  it('breaks the street down by community for the street admin', async () => {
    resetScans(h);
    const s = ok<Stats>(await h.act('demo-street-admin', 'reports.stats', { unitId: 'st-1' }));
    expect(s.rows.map((r) => r.unit.id)).toEqual(['cm-1', 'cm-2', 'cm-3']);
    expect(row(s, 'cm-2').reports).toBe(9);
    expect(row(s, 'cm-1').reports).toBe(0);
    expectNoReportScans(h);
  });

  it('shows residents their own community and grid, and refuses other units', async () => {
    // demo-resident-001 lives in cm-1.
    expect(ok<Stats>(await h.act('demo-resident-001', 'reports.stats', { unitId: 'cm-1' })).rows).toHaveLength(4);
    expect(ok<Stats>(await h.act('demo-resident-001', 'reports.stats', { unitId: 'gd-1-2' })).rows).toHaveLength(1);
    const before = await h.snapshot();
    expect(err(await h.act('demo-resident-001', 'reports.stats', { unitId: 'cm-2' })).code).toBe('FORBIDDEN');
    expect(err(await h.act('demo-resident-001', 'reports.stats', { unitId: 'st-1' })).code).toBe('FORBIDDEN');
    // A grid worker: their own community yes, another no.
    expect(ok<Stats>(await h.act('demo-grid-01', 'reports.stats', { unitId: 'cm-1' })).rows).toHaveLength(4);
    expect(err(await h.act('demo-grid-01', 'reports.stats', { unitId: 'cm-2' })).code).toBe('FORBIDDEN');
    expect(err(await h.act('demo-grid-01', 'reports.stats', { unitId: 'gd-2-1' })).code).toBe('FORBIDDEN');
    expect(err(await h.act('demo-community-1', 'reports.stats', { unitId: 'cm-2' })).code).toBe('FORBIDDEN');
    expect(err(await h.act('demo-community-1', 'reports.stats', { unitId: 'st-1' })).code).toBe('FORBIDDEN');
    expect(err(await h.act('demo-resident-001', 'reports.stats', { unitId: 'cy-1-1-1-1' })).code).toBe('VALIDATION_FAILED');
    expect(err(await h.act('demo-resident-001', 'reports.stats', { unitId: 'cm-9' })).code).toBe('NOT_FOUND');
    expect(err(await h.act('demo-resident-001', 'reports.stats', { unitId: 'cm-1', period: '2d' })).code).toBe('VALIDATION_FAILED');
    expect(await h.snapshot()).toEqual(before);
  });
});

describe('medianOf', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(medianOf([])).toBeNull();
    expect(medianOf([5])).toBe(5);
    expect(medianOf([30, 10])).toBe(20);
    expect(medianOf([50, 10, 30])).toBe(30);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
  });
});
