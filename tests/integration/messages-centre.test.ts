import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, err, ok, type ApiHarness } from '../support/api-harness';
import { doc, docs, withoutCounters } from './identity-support';
import { expectNoScans, sends } from './reports-commands-support';
import type { Outgoing } from '../../server/messages/model';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- stored documents, read loosely
type Stored = Record<string, any>;

let h: ApiHarness;
let notify: (items: Outgoing[]) => Promise<void>;
beforeAll(async () => {
  h = await startApiHarness();
  // Loaded once the SDK points at the emulator, as in a function.
  ({ notify } = await import('../../server/messages/notify'));
});
afterAll(() => h?.close());

const ME = 'demo-resident-089';
const OTHER = 'demo-resident-126';

const item = (i: number, extra: Partial<Outgoing> = {}): Outgoing => ({
  toOpenid: ME,
  kind: 'report_status',
  title: `第 ${i} 条`,
  body: '您上报的问题已受理',
  page: '/packages/reports/pages/detail/index?id=rp-x',
  reportId: 'rp-x',
  ...extra,
});

interface Page {
  items: { id: string; title: string; read: boolean; push: string }[];
  nextCursor: string | null;
  unread: number;
}

describe('message centre', () => {
  it('lists newest first, 20 a page, with the unread count; reads some or all, only one’s own', async () => {
    for (let i = 0; i < 25; i++) await notify([item(i)]);
    await notify([item(99, { toOpenid: OTHER })]);
    const first = ok<Page>(await h.act(ME, 'messages.list'));
    expect(first.items).toHaveLength(20);
    expect(first.items[0]?.title).toBe('第 24 条');
    expect(first.unread).toBe(25);
    const second = ok<Page>(await h.act(ME, 'messages.list', { cursor: first.nextCursor }));
    expect(second.items.map((m) => m.title)).toEqual(['第 4 条', '第 3 条', '第 2 条', '第 1 条', '第 0 条']);
    expect(second.nextCursor).toBeNull();

    const theirs = docs<Stored>(h, 'messages', (m) => m.toOpenid === OTHER)[0]?._id as string;
    const read = ok<{ unread: number }>(await h.act(ME, 'messages.read', { ids: [first.items[0]?.id, first.items[1]?.id, theirs] }));
    expect(read.unread).toBe(23);
    expect(doc<Stored>(h, 'messages', theirs)?.readAt).toBeNull();
    expect(ok<{ unread: number }>(await h.act(ME, 'messages.read', { all: true })).unread).toBe(0);
    expect(ok<Page>(await h.act(ME, 'messages.list')).items.every((m) => m.read)).toBe(true);
    expect(ok<Page>(await h.act(OTHER, 'messages.list')).unread).toBe(1);
    expectNoScans(h);
  });

  it('subscribe counts only accepted, known templates, up to 20 each', async () => {
    const { templates } = ok<{ templates: { key: string; templateId: string; title: string }[] }>(await h.act(ME, 'messages.templates'));
    expect(templates.map((t) => t.key)).toEqual(['report_status', 'report_task']);
    const [status, task] = templates.map((t) => t.templateId) as [string, string];
    const q = ok<{ quota: Record<string, number> }>(
      await h.act(ME, 'messages.subscribe', { results: { [status]: 'accept', [task]: 'reject', 'unknown-template': 'accept' } }),
    );
    expect(q.quota).toEqual({ report_status: 1, report_task: 0 });
    for (let i = 0; i < 25; i++) await h.act(OTHER, 'messages.subscribe', { results: { [task]: 'accept' } });
    expect((doc<Stored>(h, 'users', OTHER)?.subscribeQuota as Record<string, number>).report_task).toBe(20);
    const before = withoutCounters(await h.snapshot());
    expect(err(await h.act('demo-resident-001', 'messages.subscribe', { results: { [status]: 'maybe' } })).code).toBe('VALIDATION_FAILED');
    expect(withoutCounters(await h.snapshot())).toEqual(before);
  });

  it('a subscribe message goes only with quota, spends one unit, and a refused send is recorded as failed without failing', async () => {
    const before = sends(h).length;
    // ME has one report_status unit (previous test).
    await notify([
      item(1, {
        push: {
          template: 'report_status',
          data: {
            character_string1: 'R2345AB',
            thing2: '一段很长很长很长很长很长很长很长很长的问题描述',
            phrase3: '已受理',
            time4: '2026年11月01日 10:00',
            thing5: '备注',
          },
        },
      }),
    ]);
    await notify([item(2, { push: { template: 'report_status', data: { thing2: '没有额度了' } } })]);
    const latest = (title: string) => docs<Stored>(h, 'messages', (m) => m.toOpenid === ME && m.title === title).pop()?.push;
    expect([latest('第 1 条'), latest('第 2 条')]).toEqual(['sent', 'not_subscribed']);
    expect((doc<Stored>(h, 'users', ME)?.subscribeQuota as Record<string, number>).report_status).toBe(0);
    const sent = sends(h).slice(0, sends(h).length - before);
    expect(sent).toHaveLength(1);
    expect(String((sent[0]?.request.data as Stored).thing2.value).length).toBeLessThanOrEqual(20);

    // WeChat refuses a data key that is no template keyword: recorded as failed, the row is still written, no throw.
    await notify([item(3, { toOpenid: OTHER, push: { template: 'report_task', data: { notakeyword: 'x' } } })]);
    const failed = docs<Stored>(h, 'messages', (m) => m.toOpenid === OTHER && m.title === '第 3 条');
    expect(failed.map((m) => m.push)).toEqual(['failed']);
  });
});
