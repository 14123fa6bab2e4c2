import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, ok, err, type ApiHarness } from '../support/api-harness';
import { doc, docs } from './identity-support';
import { GRID, RESIDENT, NEIGHBOUR, expectNoScans, photo, sends, submit } from './reports-commands-support';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- stored documents, read loosely
type Stored = Record<string, any>;

let h: ApiHarness;
beforeAll(async () => {
  process.env.LINLI_MEDIACHECK_DELAY_MS = '600000';
  h = await startApiHarness();
});
afterAll(() => h?.close());

interface Detail {
  status: string;
  timeline: { kind: string; from: string | null; to: string | null; actor: string; media: unknown[] }[];
  viewer: string;
  can: Record<string, boolean>;
  rating: { stars: number } | null;
  media: { url: string; check: string }[];
}

describe('a report, end to end through the real SDK', () => {
  it('goes from a resident’s photo to a rated, closed case with every step on the timeline', async () => {
    // The grid worker agreed to be told of new tasks (wx.requestSubscribeMessage → accept).
    const tmpl = ok<{ templates: { key: string; templateId: string }[] }>(await h.act(GRID, 'messages.templates'));
    const taskTmpl = tmpl.templates.find((t) => t.key === 'report_task')?.templateId as string;
    const statusTmpl = tmpl.templates.find((t) => t.key === 'report_status')?.templateId as string;
    expect(
      ok<{ quota: Record<string, number> }>(await h.act(GRID, 'messages.subscribe', { results: { [taskTmpl]: 'accept' } })).quota
        .report_task,
    ).toBe(1);
    ok(await h.act(RESIDENT, 'messages.subscribe', { results: { [statusTmpl]: 'accept', [taskTmpl]: 'reject' } }));

    const before = sends(h).length;
    const image = await photo(h, RESIDENT);
    expect(image.fileId).toMatch(new RegExp(`^cloud://[^/]+/reports/${RESIDENT}/`));
    const sub = await submit(h, RESIDENT, { media: [image], location: { latitude: 30.657321, longitude: 104.065812, name: '3栋楼道' } });
    expect(sub.status).toBe('submitted');
    expect(sub.assignee).toMatchObject({ kind: 'grid_worker', name: '罗秀英' });
    expect(sub.no).toMatch(/^R[2-9A-Z]{6}$/);

    const stored = doc<Stored>(h, 'reports', sub.id) as Stored;
    expect(stored.assigneeOpenid).toBe(GRID);
    expect(stored.media[0]).toMatchObject({ kind: 'image', check: 'pending', size: 2048 });
    expect(stored.media[0].traceId).toBeTruthy();
    expect(stored.orgPath).toEqual(['st-1', 'cm-1', 'gd-1-1', 'mg-1-1-1', 'cy-1-1-1-1'].filter((id) => stored.orgPath.includes(id)));
    expect(stored.publicPath).toEqual(stored.orgPath);

    // The message centre has the task; the phone got a subscribe message (quota 1 → 0).
    const task = docs<Record<string, unknown>>(h, 'messages', (m) => m.reportId === sub.id && m.toOpenid === GRID);
    expect(task).toHaveLength(1);
    expect(task[0]).toMatchObject({ kind: 'report_task', push: 'sent' });
    const pushed = sends(h).slice(0, sends(h).length - before);
    expect(pushed.map((s) => [s.request.touser, s.request.template_id, s.errcode])).toEqual([[GRID, taskTmpl, 0]]);
    expect((doc<Stored>(h, 'users', GRID)?.subscribeQuota as Record<string, number>).report_task).toBe(0);
    const inbox = ok<{ items: { kind: string; push: string }[]; unread: number }>(await h.act(GRID, 'messages.list'));
    expect(inbox.unread).toBeGreaterThanOrEqual(1);
    expect(inbox.items[0]).toMatchObject({ kind: 'report_task', push: 'sent' });

    const accepted = ok<Detail>(await h.act(GRID, 'reports.accept', { id: sub.id }));
    expect(accepted.status).toBe('accepted');
    expect(accepted.viewer).toBe('handler');
    ok(await h.act(GRID, 'reports.start', { id: sub.id, note: '已到场' }));

    const noPhoto = err(await h.act(GRID, 'reports.resolve', { id: sub.id, note: '灯已更换', media: [] }));
    expect(noPhoto.code).toBe('VALIDATION_FAILED');
    expect(noPhoto.fields?.[0]).toMatchObject({ path: 'media', message: '请上传处理后的照片' });

    const after = await photo(h, GRID);
    const resolved = ok<Detail>(await h.act(GRID, 'reports.resolve', { id: sub.id, note: '灯已更换', media: [after] }));
    expect(resolved.status).toBe('resolved');

    const byOther = err(await h.act(NEIGHBOUR, 'reports.rate', { id: sub.id, stars: 5 }));
    expect(byOther.code).toBe('FORBIDDEN');

    const mine = ok<Detail>(await h.act(RESIDENT, 'reports.get', { id: sub.id }));
    expect(mine.viewer).toBe('reporter');
    expect(mine.can).toMatchObject({ rate: true, reopen: true, accept: false, withdraw: false });

    const closed = ok<Detail>(await h.act(RESIDENT, 'reports.rate', { id: sub.id, stars: 4, comment: '很及时，谢谢' }));
    expect(closed.status).toBe('closed');
    expect(closed.rating?.stars).toBe(4);
    expect(closed.timeline.map((e) => [e.kind, e.from, e.to])).toEqual([
      ['submit', null, 'submitted'],
      ['accept', 'submitted', 'accepted'],
      ['start', 'accepted', 'in_progress'],
      ['resolve', 'in_progress', 'resolved'],
      ['rate', 'resolved', 'closed'],
    ]);
    expect(closed.timeline[3]?.media).toHaveLength(1);
    expect(closed.timeline[1]?.actor).toBe('网格员 罗秀英');

    // The reporter was told at each change of state (accepted, in progress, resolved) in the message centre.
    const told = docs<Record<string, unknown>>(h, 'messages', (m) => m.reportId === sub.id && m.toOpenid === RESIDENT);
    expect(told.map((m) => m.kind)).toEqual(['report_status', 'report_status', 'report_status']);
    expect(told.filter((m) => m.push === 'sent')).toHaveLength(1);
    const stored2 = doc<Stored>(h, 'reports', sub.id) as Stored;
    expect(stored2).toMatchObject({ open: false, dueAt: null, nextCheckAt: null, status: 'closed' });
    expectNoScans(h);
  });
});
