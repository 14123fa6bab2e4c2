import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportSummary } from '../../contracts/reports';
import { sortKey } from '../../server/core/paging';
import type { ReportDoc } from '../../server/reports/model';
import { SLAS } from '../../server/reports/states';
import { ok, startApiHarness, type ApiHarness } from '../support/api-harness';
import { doc, docs } from './identity-support';
import { DAY, HOUR, clock, expectNoReportScans, insertReports, reportFactory, resetScans } from './reports-support';

type Stored = Record<string, unknown>;
const ms = (v: unknown): number | null =>
  v === null || v === undefined
    ? null
    : typeof v === 'object' && v && '$date' in v
      ? new Date((v as { $date: string }).$date).getTime()
      : new Date(v as string).getTime();

let h: ApiHarness;
let now0: number;
const ids = { late: '', accepted: '', raced: '', unrated: '', recent: '' };
const WORKER = 'demo-grid-05'; // gd-2-1 of cm-2

const report = (id: string) => doc<Stored>(h, 'reports', id) as Stored;
const timelineKinds = (id: string) => (report(id).timeline as Array<{ kind: string; actor: { name: string } }>).map((t) => t.kind);
const inbox = (openid: string) => docs<Stored>(h, 'messages', (d) => d.toOpenid === openid);

async function runJob(offsetMs: number) {
  clock.set(offsetMs);
  const { jobs } = await import('../../server/scheduler/registry');
  const { runScheduler } = await import('../../server/scheduler/run');
  const res = await runScheduler(jobs, { job: 'report-escalation' });
  const report = res.jobs[0];
  if (!report?.ran || report.error) throw new Error(`job failed: ${JSON.stringify(report)}`);
  return report.result as unknown as { processed: number; escalatedToCommunity: number; escalatedToStreet: number; autoClosed: number };
}

/** What a handler's accept writes (the commands' own code does this; here the test plays the handler). */
async function accept(id: string, at: number) {
  const d = report(id);
  const resolveBy = ms(d.resolveBy) as number;
  const db = h.tc.cloud.database();
  await db
    .collection('reports')
    .doc(id)
    .update({
      data: {
        status: 'accepted',
        acceptedAt: new Date(at),
        respondedInTime: true,
        dueAt: new Date(resolveBy),
        dueKey: sortKey(resolveBy, id),
        nextCheckAt: new Date(resolveBy),
        updatedAt: new Date(at),
      },
    });
}

beforeAll(async () => {
  h = await startApiHarness();
  now0 = Date.now();
  const f = reportFactory(h);
  const open = (createdAt: number) =>
    f.build({ status: 'submitted', createdAt, now: now0, reporter: 'demo-resident-120', handler: WORKER, gridId: 'gd-2-1' });
  const late = open(now0 - HOUR);
  const accepted = open(now0 - HOUR);
  const raced = open(now0 - HOUR);
  const unrated = f.build(
    { status: 'resolved', createdAt: now0 - 12 * DAY, now: now0, reporter: 'demo-resident-121', handler: WORKER, gridId: 'gd-2-1' },
    {
      resolvedAt: new Date(now0 - 8 * DAY),
      nextCheckAt: new Date(now0 - DAY),
    },
  );
  const recent = f.build(
    { status: 'resolved', createdAt: now0 - 3 * DAY, now: now0, reporter: 'demo-resident-121', handler: WORKER, gridId: 'gd-2-1' },
    {
      resolvedAt: new Date(now0 - 2 * DAY),
      nextCheckAt: new Date(now0 + 5 * DAY),
    },
  );
  Object.assign(ids, { late: late._id, accepted: accepted._id, raced: raced._id, unrated: unrated._id, recent: recent._id });
  insertReports(h, [late, accepted, raced, unrated, recent] as ReportDoc[]);
});
afterAll(() => {
  clock.reset();
  return h.close();
});

describe('the report escalation job', () => {
  it('closes a resolved report nobody rated for 7 days, and tells its reporter', async () => {
    resetScans(h);
    const before = inbox('demo-resident-121').length;
    const res = await runJob(0);
    expect(res.autoClosed).toBeGreaterThanOrEqual(1);
    const closed = report(ids.unrated);
    expect(closed).toMatchObject({ status: 'closed', open: false, nextCheckAt: null });
    expect(ms(closed.closedAt)).toBeGreaterThanOrEqual(now0);
    const last = (closed.timeline as Array<Stored>).at(-1);
    expect(last).toMatchObject({ kind: 'auto_close', from: 'resolved', to: 'closed', actor: { role: 'system', name: '系统' } });
    expect(report(ids.recent).status).toBe('resolved');
    // The open ones are not due yet.
    expect(report(ids.late).escalation).toBe(0);
    const msgs = inbox('demo-resident-121');
    expect(msgs.length).toBe(before + 1);
    expect(msgs.at(-1)).toMatchObject({ kind: 'report_status' });
    expect(String(msgs.at(-1)?.body)).toContain('自动办结');
    expectNoReportScans(h);
  });

  it('never overwrites a report a handler moved after the job read it', async () => {
    const { groupsOf, applyGroup } = await import('../../server/reports/escalation-job');
    const at = now0 + 25 * HOUR;
    const candidate = report(ids.raced);
    const stale = { ...candidate, resolvedAt: null, nextCheckAt: new Date(at - HOUR) } as never;
    await accept(ids.raced, now0 + HOUR);
    const { groups } = groupsOf([stale], at);
    expect(groups).toHaveLength(1);
    expect(await applyGroup(groups[0]!, new Date(at))).toBe(0);
    expect(report(ids.raced)).toMatchObject({ status: 'accepted', escalation: 0 });
    expect(timelineKinds(ids.raced)).not.toContain('escalate');
  });

  it('escalates an unaccepted report to the community once its deadline passed, with one digest per person', async () => {
    await accept(ids.accepted, now0 + HOUR);
    const workerBefore = inbox(WORKER).length;
    const staffBefore = inbox('demo-community-2').length;
    resetScans(h);
    const res = await runJob(25 * HOUR);
    expect(res.escalatedToCommunity).toBeGreaterThanOrEqual(1);
    const r = report(ids.late);
    expect(r).toMatchObject({ escalation: 1, watch: ['cm-2'], status: 'submitted', open: true });
    expect(ms(r.nextCheckAt)).toBeGreaterThan(now0 + 25 * HOUR + SLAS.general.escalateAfterMs - 60_000);
    const entry = (r.timeline as Array<Stored>).at(-1);
    expect(entry).toMatchObject({ kind: 'escalate', actor: { role: 'system', name: '系统' } });
    expect(String(entry?.note)).toContain('社区');
    // Accepted in time: not escalated.
    expect(report(ids.accepted)).toMatchObject({ escalation: 0, status: 'accepted' });
    // One message each, however many of their reports moved.
    const workerMsgs = inbox(WORKER).slice(workerBefore);
    expect(workerMsgs).toHaveLength(1);
    expect(String(workerMsgs[0]?.body)).toMatch(/^您有 \d+ 件问题已超时，已上报社区$/);
    expect(inbox('demo-community-2').slice(staffBefore)).toHaveLength(1);
    expectNoReportScans(h);

    const queue = ok<{ items: ReportSummary[] }>(await h.act('demo-community-2', 'reports.queue', { unitId: 'cm-2', limit: 50 }));
    expect(queue.items.find((i) => i.id === ids.late)).toMatchObject({ escalation: 1, overdue: true });
  });

  it('does nothing twice', async () => {
    const workerBefore = inbox(WORKER).length;
    const res = await runJob(25 * HOUR + 60_000);
    expect(res).toMatchObject({ processed: 0, escalatedToCommunity: 0, escalatedToStreet: 0, autoClosed: 0 });
    expect(timelineKinds(ids.late).filter((k) => k === 'escalate')).toHaveLength(1);
    expect(inbox(WORKER).length).toBe(workerBefore);
  });

  it('escalates to the street when the community did not get it done either', async () => {
    const adminBefore = inbox('demo-street-admin').length;
    const workerBefore = inbox(WORKER).length;
    const res = await runJob(25 * HOUR + SLAS.general.escalateAfterMs + HOUR);
    expect(res.escalatedToStreet).toBeGreaterThanOrEqual(1);
    const r = report(ids.late);
    expect(r).toMatchObject({ escalation: 2, watch: ['cm-2', 'st-1'], nextCheckAt: null });
    expect(timelineKinds(ids.late).filter((k) => k === 'escalate')).toHaveLength(2);
    expect(inbox('demo-street-admin').slice(adminBefore)).toHaveLength(1);
    expect(String(inbox(WORKER).slice(workerBefore)[0]?.body)).toMatch(/已上报街道$/);
    const queue = ok<{ items: ReportSummary[] }>(await h.act('demo-street-admin', 'reports.queue', { unitId: 'st-1', limit: 50 }));
    expect(queue.items.map((i) => i.id)).toContain(ids.late);

    const again = await runJob(25 * HOUR + SLAS.general.escalateAfterMs + 2 * HOUR);
    expect(again.escalatedToStreet).toBe(0);
    expect(timelineKinds(ids.late).filter((k) => k === 'escalate')).toHaveLength(2);
  });

  it('is registered with the scheduler, every minute', async () => {
    const { jobs } = await import('../../server/scheduler/registry');
    expect(jobs.find((j) => j.name === 'report-escalation')?.everyMinutes).toBe(1);
  });
});
