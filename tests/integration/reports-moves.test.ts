import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, err, ok, type ApiHarness } from '../support/api-harness';
import { doc, docs, withoutCounters } from './identity-support';
import { COMMUNITY, GRID, NEIGHBOUR, OTHER_GRID, RESIDENT, expectNoScans, photo, submit } from './reports-commands-support';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- stored documents, read loosely
type Stored = Record<string, any>;
const DAY = 24 * 3_600_000;

let h: ApiHarness;
beforeAll(async () => {
  process.env.LINLI_MEDIACHECK_DELAY_MS = '600000';
  h = await startApiHarness();
});
afterAll(() => h?.close());
afterEach(() => {
  delete process.env.LINLI_LOCAL;
  delete process.env.LINLI_CLOCK_OFFSET_MS;
});

interface Detail {
  status: string;
  viewer: string;
  can: Record<string, boolean>;
  text: string;
  reporter: { name: string; phoneMasked: string; isMe: boolean };
  location: { latitude: number; longitude: number; blurred: boolean } | null;
  timeline: { kind: string; actor: string }[];
  meTooCount: number;
  duplicateOf: string | null;
  assignee: { kind: string; name: string } | null;
}

/** Expects the call to fail with `code`, writing nothing. */
async function refusedMove(openid: string, action: string, payload: Record<string, unknown>, code: string) {
  const before = withoutCounters(await h.snapshot());
  const e = err(await h.act(openid, action, payload));
  expect(e.code, e.message).toBe(code);
  expect(withoutCounters(await h.snapshot())).toEqual(before);
  return e;
}

async function resolved(openid = RESIDENT) {
  const r = await submit(h, openid);
  ok(await h.act(GRID, 'reports.accept', { id: r.id }));
  ok(await h.act(GRID, 'reports.resolve', { id: r.id, note: '已修好', media: [await photo(h, GRID)] }));
  return r;
}

describe('illegal moves are refused with INVALID_STATE or FORBIDDEN and write nothing', () => {
  it('rate while submitted; accept twice; withdraw after acceptance', async () => {
    const r = await submit(h);
    const rate = await refusedMove(RESIDENT, 'reports.rate', { id: r.id, stars: 5 }, 'INVALID_STATE');
    expect(rate.message).toBe('当前状态（待受理）下不能评价');
    ok(await h.act(GRID, 'reports.accept', { id: r.id }));
    const twice = await refusedMove(GRID, 'reports.accept', { id: r.id }, 'INVALID_STATE');
    expect(twice.message).toBe('当前状态（已受理）下不能受理');
    await refusedMove(RESIDENT, 'reports.withdraw', { id: r.id }, 'INVALID_STATE');
    // A resident cannot act as a handler, a grid worker of another grid neither.
    await refusedMove(NEIGHBOUR, 'reports.start', { id: r.id }, 'FORBIDDEN');
    await refusedMove(OTHER_GRID, 'reports.start', { id: r.id }, 'FORBIDDEN');
    await refusedMove(GRID, 'reports.accept', { id: 'rp-doesnotexist' }, 'NOT_FOUND');
  });

  it('withdraw before acceptance works and takes the report off the public list', async () => {
    const r = await submit(h);
    const w = ok<Detail>(await h.act(RESIDENT, 'reports.withdraw', { id: r.id, reason: '自己修好了' }));
    expect(w.status).toBe('withdrawn');
    expect(doc<Stored>(h, 'reports', r.id)).toMatchObject({ publicPath: [], open: false, dueAt: null });
    await refusedMove(NEIGHBOUR, 'reports.get', { id: r.id }, 'NOT_FOUND');
  });

  it('reopen within 7 days of resolution, not after', async () => {
    const a = await resolved();
    const reopened = ok<Detail>(await h.act(RESIDENT, 'reports.reopen', { id: a.id, reason: '灯又坏了' }));
    expect(reopened.status).toBe('reopened');
    expect(doc<Stored>(h, 'reports', a.id)).toMatchObject({ reopenCount: 1, open: true });

    const b = await resolved();
    process.env.LINLI_LOCAL = '1';
    process.env.LINLI_CLOCK_OFFSET_MS = String(7 * DAY + 60_000);
    const mine = ok<Detail>(await h.act(RESIDENT, 'reports.get', { id: b.id }));
    expect(mine.can.reopen).toBe(false);
    expect(mine.can.rate).toBe(true);
    const late = await refusedMove(RESIDENT, 'reports.reopen', { id: b.id, reason: '还是不行' }, 'INVALID_STATE');
    expect(late.message).toContain('7 天');
  });

  it('meToo: once per person (a second time is idempotent), never by the reporter, never on private reports', async () => {
    const r = await submit(h);
    expect(ok(await h.act(NEIGHBOUR, 'reports.meToo', { id: r.id }))).toEqual({ meTooCount: 1, meTooByMe: true });
    const before = withoutCounters(await h.snapshot());
    expect(ok(await h.act(NEIGHBOUR, 'reports.meToo', { id: r.id }))).toEqual({ meTooCount: 1, meTooByMe: true });
    expect(withoutCounters(await h.snapshot())).toEqual(before);
    expect(doc<Stored>(h, 'reports', r.id)?.meTooOpenids).toEqual([NEIGHBOUR]);
    await refusedMove(RESIDENT, 'reports.meToo', { id: r.id }, 'FORBIDDEN');
    const p = await submit(h, RESIDENT, { private: true });
    await refusedMove(NEIGHBOUR, 'reports.meToo', { id: p.id }, 'NOT_FOUND');
  });

  it('rate needs 1–5 stars from the reporter; after-photo needed to resolve', async () => {
    const r = await resolved();
    await refusedMove(RESIDENT, 'reports.rate', { id: r.id, stars: 6 }, 'VALIDATION_FAILED');
    await refusedMove(GRID, 'reports.rate', { id: r.id, stars: 3 }, 'FORBIDDEN');
    await refusedMove(RESIDENT, 'reports.rate', { id: r.id, stars: 3, comment: '违禁词' }, 'CONTENT_REJECTED');
  });
});

describe('handing a report on', () => {
  it('dispatch to the courtyard’s property manager; transfer needs a worker covering the courtyard', async () => {
    const r = await submit(h);
    ok(await h.act(GRID, 'reports.accept', { id: r.id }));
    const options = ok<{ items: { openid: string; duty: string }[] }>(await h.act(GRID, 'reports.handlers', { id: r.id }));
    expect(options.items.map((o) => o.openid)).toEqual(expect.arrayContaining(['demo-property-1', COMMUNITY]));
    expect(options.items.map((o) => o.openid)).not.toContain(GRID);
    await refusedMove(RESIDENT, 'reports.handlers', { id: r.id }, 'FORBIDDEN');

    await refusedMove(GRID, 'reports.dispatch', { id: r.id, toUserId: OTHER_GRID }, 'VALIDATION_FAILED');
    await refusedMove(GRID, 'reports.dispatch', { id: r.id, toUserId: NEIGHBOUR }, 'VALIDATION_FAILED');
    const d = ok<Detail>(await h.act(GRID, 'reports.dispatch', { id: r.id, toUserId: 'demo-property-1', note: '请物业处理' }));
    expect(d.status).toBe('dispatched');
    expect(d.assignee).toMatchObject({ kind: 'property' });
    expect(docs<Stored>(h, 'messages', (m) => m.reportId === r.id && m.toOpenid === 'demo-property-1').map((m) => m.kind)).toEqual([
      'report_task',
    ]);
    // The property manager may now act on it; the dispatcher still watches it.
    ok(await h.act('demo-property-1', 'reports.start', { id: r.id }));
    expect(ok<Detail>(await h.act(GRID, 'reports.get', { id: r.id })).viewer).toBe('handler');

    const t = ok<Detail>(await h.act(GRID, 'reports.transfer', { id: r.id, toUserId: COMMUNITY, reason: '需要社区协调' }));
    expect(t.status).toBe('transferred');
    expect(doc<Stored>(h, 'reports', r.id)).toMatchObject({ assigneeOpenid: COMMUNITY, status: 'transferred', open: true });
    ok(await h.act(COMMUNITY, 'reports.accept', { id: r.id }));
  });

  it('markDuplicate: the target must exist and not be itself; its meToo count grows and the reporter is told', async () => {
    const original = await submit(h, NEIGHBOUR);
    const copy = await submit(h);
    await refusedMove(GRID, 'reports.markDuplicate', { id: copy.id, ofId: copy.id }, 'VALIDATION_FAILED');
    await refusedMove(GRID, 'reports.markDuplicate', { id: copy.id, ofId: 'rp-missing0000' }, 'VALIDATION_FAILED');
    const d = ok<Detail>(await h.act(GRID, 'reports.markDuplicate', { id: copy.id, ofId: original.id }));
    expect(d).toMatchObject({ status: 'duplicate', duplicateOf: original.id });
    expect(doc<Stored>(h, 'reports', original.id)?.meTooCount).toBe(1);
    expect(docs<Stored>(h, 'messages', (m) => m.reportId === copy.id && m.toOpenid === RESIDENT)).toHaveLength(1);
    const third = await submit(h);
    await refusedMove(GRID, 'reports.markDuplicate', { id: third.id, ofId: copy.id }, 'VALIDATION_FAILED');
  });
});

describe('routing', () => {
  it('property matters go to the courtyard’s property manager', async () => {
    const r = await submit(h, RESIDENT, { category: 'property' });
    expect(r.assignee.kind).toBe('property');
    expect(doc<Stored>(h, 'reports', r.id)?.assigneeOpenid).toBe('demo-property-1');
  });

  it('a grid worker reports for a resident without a phone and is the assignee; with the resident’s account the resident follows it', async () => {
    const forNobody = ok<{ id: string }>(
      await h.act(GRID, 'reports.submit', {
        text: '楼梯扶手松了',
        courtyardId: 'cy-1-1-1-1',
        proxy: { residentName: '王奶奶', residentPhone: '13800001111' },
      }),
    );
    expect(doc<Stored>(h, 'reports', forNobody.id)).toMatchObject({ reporterOpenid: GRID, assigneeOpenid: GRID, reporterName: '王奶奶' });
    const forResident = ok<{ id: string }>(
      await h.act(GRID, 'reports.submit', { text: '下水道堵了', proxy: { residentName: '邻居', residentUserId: NEIGHBOUR } }),
    );
    expect(doc<Stored>(h, 'reports', forResident.id)).toMatchObject({ reporterOpenid: NEIGHBOUR, proxy: { byOpenid: GRID } });
    expect(ok<Detail>(await h.act(NEIGHBOUR, 'reports.get', { id: forResident.id })).reporter.isMe).toBe(true);
    await refusedMove(
      GRID,
      'reports.submit',
      { text: '下水道堵了', courtyardId: 'cy-1-1-1-2', proxy: { residentName: '邻居', residentUserId: NEIGHBOUR } },
      'VALIDATION_FAILED',
    );
  });
});

describe('who sees what', () => {
  it('a private report is not found for the public; the public view is anonymous and blurred; handlers see a masked phone', async () => {
    const p = await submit(h, RESIDENT, { private: true });
    await refusedMove(NEIGHBOUR, 'reports.get', { id: p.id }, 'NOT_FOUND');
    expect(ok<Detail>(await h.act(RESIDENT, 'reports.get', { id: p.id })).viewer).toBe('reporter');

    const loc = { latitude: 30.657321, longitude: 104.065812, name: '3栋楼下' };
    const anon = await submit(h, RESIDENT, { location: loc });
    const pub = ok<Detail>(await h.act(NEIGHBOUR, 'reports.get', { id: anon.id }));
    expect(pub.viewer).toBe('public');
    expect(pub.reporter).toMatchObject({ name: '匿名居民', phoneMasked: '', isMe: false });
    expect(pub.location).toEqual({ latitude: 30.657, longitude: 104.066, name: '', blurred: true });
    expect(pub.can).toMatchObject({ meToo: true, accept: false, rate: false });
    expect(pub.timeline[0]?.actor).toBe('居民');

    const named = await submit(h, RESIDENT, { hideName: false });
    expect(ok<Detail>(await h.act(NEIGHBOUR, 'reports.get', { id: named.id })).reporter.name).toBe('徐**');
    const staff = ok<Detail>(await h.act(GRID, 'reports.get', { id: anon.id }));
    expect(staff.reporter.name).toBe('徐春梅');
    expect(staff.reporter.phoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(staff.location).toMatchObject({ latitude: 30.65732, longitude: 104.06581, blurred: false });
    expect(staff.can).toMatchObject({ accept: true, reject: true, transfer: true, rate: false });
    expectNoScans(h);
  });
});
