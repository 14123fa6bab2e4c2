import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportSummary } from '../../contracts/reports';
import { importDocuments } from '../../local/emulator/database';
import type { ReportDoc } from '../../server/reports/model';
import { endOfTodayMs } from '../../server/reports/queries';
import { err, ok, startApiHarness, type ApiHarness } from '../support/api-harness';
import { docs } from './identity-support';
import { DAY, HOUR, expectNoReportScans, insertReports, reportFactory, resetScans } from './reports-support';

type Page = { items: ReportSummary[]; nextCursor: string | null };
type TaskPage = Page & { counts: { open: number; overdue: number; dueToday: number } };

const WORKER = 'test-grid-w';
const GRID = 'gd-3-4';
let h: ApiHarness;
let now: number;
const mineIds: string[] = [];
const tasksDocs: ReportDoc[] = [];
let privateId = '';
let reviewId = '';
let riskyId = '';
let thumbId = '';
let escalatedId = '';
let proxyOwnId = '';

async function all<T extends Page>(
  openid: string,
  action: string,
  payload: Record<string, unknown> = {},
): Promise<{ pages: T[]; items: ReportSummary[] }> {
  const pages: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = ok<T>(await h.act(openid, action, { ...payload, ...(cursor ? { cursor } : {}) }));
    pages.push(page);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { pages, items: pages.flatMap((p) => p.items) };
}

beforeAll(async () => {
  h = await startApiHarness();
  now = Date.now();
  // A grid worker of our own, so every task in the list is one this file made.
  importDocuments(h.tc.emulator.ctx, 'users', [
    {
      _id: WORKER,
      nickname: '测试网格员',
      avatarFileId: '',
      status: 'verified',
      roles: [{ role: 'grid_worker', scopeType: 'grid', scopeId: GRID }],
      place: null,
      realName: '韩立新',
      phone: '13900009999',
      roleKeys: [`grid_worker@${GRID}`],
      roleUnits: ['st-1', 'cm-3', GRID],
      createdAt: new Date(now - 100 * DAY),
      updatedAt: new Date(now - 100 * DAY),
    },
  ]);
  const f = reportFactory(h);
  const made: ReportDoc[] = [];
  // 45 open tasks for WORKER: 10 long overdue, 5 overdue by an hour, the rest due from today on.
  for (let i = 0; i < 45; i++) {
    const createdAt = i < 10 ? now - (3 + i) * DAY - HOUR : i < 15 ? now - 25 * HOUR - i * 60_000 : now - i * 60_000;
    const status = i % 3 === 0 ? 'submitted' : i % 3 === 1 ? 'accepted' : 'in_progress';
    const d = f.build({ status, createdAt, now, reporter: 'demo-resident-150', handler: WORKER, gridId: GRID, urgent: i % 11 === 0 });
    made.push(d);
    tasksDocs.push(d);
  }
  // Not open: never in a task list.
  for (const status of ['closed', 'resolved', 'rejected'] as const)
    made.push(f.build({ status, createdAt: now - 9 * DAY, now, reporter: 'demo-resident-150', handler: WORKER, gridId: GRID, stars: 5 }));

  // demo-resident-001 files 30 more (plus the seed's 6): three pages.
  for (let i = 0; i < 30; i++) {
    const d = f.build({
      status: i % 2 ? 'closed' : 'accepted',
      createdAt: now - i * HOUR,
      now,
      reporter: 'demo-resident-001',
      handler: 'demo-grid-01',
      gridId: 'gd-1-1',
      stars: 4,
    });
    made.push(d);
    mineIds.push(d._id);
  }
  // WORKER reported for residents: one with an account (the resident follows it), one without (WORKER follows it).
  const forResident = f.build({
    status: 'submitted',
    createdAt: now - 2 * HOUR,
    now,
    reporter: 'demo-resident-151',
    handler: WORKER,
    gridId: GRID,
    proxy: { byOpenid: WORKER, byName: '韩立新', residentName: '陈阿姨', residentPhone: null },
  });
  const forNoAccount = f.build({
    status: 'accepted',
    createdAt: now - 3 * HOUR,
    now,
    reporter: WORKER,
    handler: WORKER,
    gridId: GRID,
    proxy: { byOpenid: WORKER, byName: '韩立新', residentName: '周大爷', residentPhone: '13900001234' },
  });
  proxyOwnId = forNoAccount._id;
  made.push(forResident, forNoAccount);
  tasksDocs.push(forResident, forNoAccount);

  // Public-list cases in cm-3's grid gd-3-1.
  const pub = (over: Partial<ReportDoc>, spec: Record<string, unknown> = {}) => {
    const d = f.build(
      {
        status: 'accepted',
        createdAt: now - 30 * 60_000,
        now,
        reporter: 'demo-resident-152',
        handler: 'demo-grid-09',
        gridId: 'gd-3-1',
        ...spec,
      },
      over,
    );
    made.push(d);
    return d._id;
  };
  privateId = pub({}, { private: true });
  reviewId = pub({ textCheck: 'review' }, { text: '等待人工审核的文字内容' });
  const upload = (await h.tc.cloud.uploadFile({
    cloudPath: 'reports/demo-resident-152/a.png',
    fileContent: Buffer.from('89504e470d0a1a0a', 'hex'),
  })) as {
    fileID: string;
  };
  const media = (check: 'risky' | 'pass') => [
    { kind: 'image' as const, fileId: upload.fileID, size: 8, durationMs: null, thumbFileId: null, traceId: null, check },
  ];
  riskyId = pub({ media: media('risky') });
  thumbId = pub({ media: media('pass') });
  escalatedId = pub({ escalation: 1, watch: ['cm-3'] }, { createdAt: now - 3 * DAY });
  insertReports(h, made);
});
afterAll(() => h.close());

describe('reports.tasks', () => {
  it('pages 20 at a time through every open task, overdue first, no duplicates or gaps, with counts', async () => {
    resetScans(h);
    const { pages, items } = await all<TaskPage>(WORKER, 'reports.tasks');
    expect(pages.map((p) => p.items.length)).toEqual([20, 20, 7]);
    const expected = [...tasksDocs].sort((a, b) => (a.dueKey < b.dueKey ? -1 : 1)).map((d) => d._id);
    expect(items.map((i) => i.id)).toEqual(expected);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    const overdue = tasksDocs.filter((d) => d.dueAt && new Date(d.dueAt).getTime() < now).length;
    const today = tasksDocs.filter((d) => d.dueAt && new Date(d.dueAt).getTime() <= endOfTodayMs(now)).length;
    expect(overdue).toBeGreaterThanOrEqual(10);
    // Overdue ones first, each flagged.
    expect(items.slice(0, overdue).every((i) => i.overdue)).toBe(true);
    const wrong = items.slice(overdue).filter((i) => i.overdue);
    expect(wrong, JSON.stringify({ now, wrong, docs: tasksDocs.filter((d) => wrong.some((w) => w.id === d._id)) })).toEqual([]);
    expect(pages[0]?.counts).toEqual({ open: 47, overdue, dueToday: today });
    // Handlers get the precise location.
    const withLocation = items.find((i) => i.location);
    expect(withLocation?.location?.blurred).toBe(false);
    expectNoReportScans(h);
  });

  it("filters 'overdue' and 'today' as ranges of the same order", async () => {
    resetScans(h);
    const overdue = await all<TaskPage>(WORKER, 'reports.tasks', { filter: 'overdue', limit: 7 });
    expect(overdue.items.length).toBe(overdue.pages[0]?.counts.overdue);
    const late = overdue.items.filter((i) => !(i.overdue && (i.dueAt ?? Infinity) < Date.now()));
    expect(late, JSON.stringify(late)).toEqual([]);
    const today = await all<TaskPage>(WORKER, 'reports.tasks', { filter: 'today' });
    expect(today.items.length).toBe(today.pages[0]?.counts.dueToday);
    expect(today.items.every((i) => (i.dueAt ?? Infinity) <= endOfTodayMs(now))).toBe(true);
    expect(today.items.slice(0, overdue.items.length).map((i) => i.id)).toEqual(overdue.items.map((i) => i.id));
    expectNoReportScans(h);
  });

  it('is for handlers only', async () => {
    expect(err(await h.act('demo-resident-001', 'reports.tasks', {})).code).toBe('FORBIDDEN');
    expect(err(await h.act(WORKER, 'reports.tasks', { cursor: 'bm90LWEta2V5' })).code).toBe('VALIDATION_FAILED');
  });
});

describe('reports.mine', () => {
  it("lists the caller's reports newest first, 20 a page, none twice", async () => {
    resetScans(h);
    const { pages, items } = await all<Page>('demo-resident-001', 'reports.mine');
    const stored = docs<{ _id: string }>(h, 'reports', (d) => d.reporterOpenid === 'demo-resident-001');
    expect(items.length).toBe(stored.length);
    expect(pages[0]?.items.length).toBe(20);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    for (const id of mineIds) expect(items.some((i) => i.id === id)).toBe(true);
    const created = items.map((i) => i.createdAt);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    // Their own report: the precise location.
    expect(items.find((i) => i.location)?.location?.blurred).toBe(false);
    expectNoReportScans(h);
  });

  it('includes the reports a grid worker filed for residents, once each', async () => {
    resetScans(h);
    const { items } = await all<Page>(WORKER, 'reports.mine', { limit: 1 });
    const ids = items.map((i) => i.id);
    expect(ids.filter((id) => id === proxyOwnId)).toHaveLength(1);
    expect(ids).toHaveLength(2);
    expect(items.every((i) => i.proxy)).toBe(true);
    expectNoReportScans(h);
  });
});

describe('reports.public', () => {
  it('shows the public reports of a unit without names, with blurred places, reviewed text and safe media only', async () => {
    resetScans(h);
    const { items } = await all<Page>('demo-resident-152', 'reports.public', { unitId: 'gd-3-1' });
    const ids = items.map((i) => i.id);
    expect(ids).not.toContain(privateId);
    expect(ids).toContain(reviewId);
    const stored = docs<ReportDoc>(h, 'reports', (d) => (d.publicPath as string[]).includes('gd-3-1'));
    expect(items.length).toBe(stored.length);
    const text = JSON.stringify(items);
    for (const d of stored) {
      expect(text).not.toContain(d.reporterName);
      if (d.reporterPhone) expect(text).not.toContain(d.reporterPhone);
    }
    for (const i of items.filter((x) => x.location)) {
      expect(i.location?.blurred).toBe(true);
      expect(Math.round((i.location?.latitude ?? 0) * 1000) / 1000).toBe(i.location?.latitude);
      expect(Math.round((i.location?.longitude ?? 0) * 1000) / 1000).toBe(i.location?.longitude);
    }
    expect(items.find((i) => i.id === reviewId)?.snippet).toBe('');
    expect(items.find((i) => i.id === riskyId)).toMatchObject({ mediaKinds: [], thumbUrl: '' });
    const thumb = items.find((i) => i.id === thumbId);
    expect(thumb?.mediaKinds).toEqual(['image']);
    expect(thumb?.thumbUrl).toMatch(/^https?:\/\//);
    expect(items.map((i) => i.createdAt)).toEqual(items.map((i) => i.createdAt).sort((a, b) => b - a));
    expectNoReportScans(h);
  });

  it("defaults to the caller's community", async () => {
    resetScans(h);
    const page = ok<Page>(await h.act('demo-resident-001', 'reports.public', {}));
    const cm1 = docs<ReportDoc>(h, 'reports', (d) => (d.publicPath as string[]).includes('cm-1'));
    expect(page.items.length).toBe(Math.min(20, cm1.length));
    expect(page.items.every((i) => cm1.some((d) => d._id === i.id))).toBe(true);
    expectNoReportScans(h);
  });
});

describe('reports.queue and reports.map', () => {
  it("shows a community's escalated reports to its staff, and refuses others", async () => {
    resetScans(h);
    const { items } = await all<Page>('demo-community-3', 'reports.queue', { unitId: 'cm-3' });
    expect(items.map((i) => i.id)).toContain(escalatedId);
    const expected = docs<ReportDoc>(h, 'reports', (d) => (d.watch as string[]).includes('cm-3') && d.open === true);
    expect(items.length).toBe(expected.length);
    const keys = expected.sort((a, b) => (a.dueKey < b.dueKey ? -1 : 1)).map((d) => d._id);
    expect(items.map((i) => i.id)).toEqual(keys);
    expect(ok<Page>(await h.act('demo-street-admin', 'reports.queue', { unitId: 'cm-3' })).items.length).toBe(
      Math.min(20, expected.length),
    );
    expectNoReportScans(h);
    const before = await h.snapshot();
    expect(err(await h.act('demo-community-1', 'reports.queue', { unitId: 'cm-3' })).code).toBe('FORBIDDEN');
    expect(err(await h.act('demo-grid-09', 'reports.queue', { unitId: 'cm-3' })).code).toBe('FORBIDDEN');
    expect(await h.snapshot()).toEqual(before);
  });

  it("puts the open reports of the caller's area on the map, precisely located", async () => {
    resetScans(h);
    const res = ok<{ items: ReportSummary[]; truncated: boolean }>(await h.act(WORKER, 'reports.map', {}));
    const expected = docs<ReportDoc>(h, 'reports', (d) => (d.orgPath as string[]).includes(GRID) && d.open === true && d.location !== null);
    expect(res.items.length).toBe(expected.length);
    expect(res.truncated).toBe(false);
    expect(res.items.every((i) => i.location && !i.location.blurred)).toBe(true);
    const community = ok<{ items: ReportSummary[] }>(await h.act('demo-community-3', 'reports.map', { unitId: 'cm-3' }));
    expect(community.items.length).toBeGreaterThanOrEqual(expected.length);
    expectNoReportScans(h);
    expect(err(await h.act(WORKER, 'reports.map', { unitId: 'cm-1' })).code).toBe('FORBIDDEN');
    expect(err(await h.act('demo-resident-001', 'reports.map', {})).code).toBe('FORBIDDEN');
  });
});
