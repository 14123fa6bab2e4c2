// @vitest-environment jsdom
/** 我的上报, 附近的问题 and the report tab's lists, against the real local cloud and its demo reports. */
import { describe, expect, it } from 'vitest';
import type { ActionResult } from '../../contracts';
import { ask, openApp, quiesce } from './support/app';
import { button, cells } from './support/find';
import { openPage, tap, visibleText, waitFor, waitForText } from './support/harness';
import { useTestEnv } from './support/use-test-env';

const env = useTestEnv();

const RESIDENT = 'demo-resident-001';
type Summary = ActionResult<'reports.mine'>['items'][number];

async function all(action: 'reports.mine' | 'reports.public', openid: string): Promise<Summary[]> {
  const out: Summary[] = [];
  let cursor: string | undefined;
  do {
    const page = await ask(env, action, openid, { limit: 50, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** What a row's title is: the text's start, or the category for a report without text. */
const rowTitle = (s: Summary) => s.snippet;

describe('我的上报', () => {
  it('pages by cursor as the list reaches its end, with status and 超时 tags', async () => {
    // Enough reports for two pages of ten.
    for (let i = 0; i < 6; i += 1) await ask(env, 'reports.submit', RESIDENT, { text: `测试上报第${i + 1}条` });
    const mine = await all('reports.mine', RESIDENT);
    expect(mine.length).toBeGreaterThan(10);

    const phone = openApp(env, RESIDENT);
    const page = openPage(env, 'packages/reports/pages/mine/index');
    await waitForText(page, '加载更多');
    const firstTen = cells(page);
    expect(firstTen).toHaveLength(10);
    expect(firstTen[0]!.title).toBe(rowTitle(mine[0]!));
    expect(firstTen[0]!.description).toContain(mine[0]!.no);

    (page.instance as unknown as { onReachBottom(): void }).onReachBottom();
    await waitFor(() => cells(page).length === Math.min(mine.length, 20), 'the second page');
    expect(cells(page).map((c) => c.description.split(' · ')[0])).toEqual(mine.slice(0, 20).map((s) => s.no));
    const overdue = mine.slice(0, 20).filter((s) => s.overdue).length;
    expect((visibleText(page).match(/超时/g) ?? []).length).toBe(overdue);
    if (mine.length <= 20) expect(visibleText(page)).toContain('没有更多了');

    tap(cells(page)[0]!.el, 'the newest report');
    await waitFor(() => phone.navigations.length > 0, 'the detail page');
    expect(phone.navigations[0]).toBe(`/packages/reports/pages/detail/index?id=${mine[0]!.id}`);
    await quiesce();
  });

  it('says so when there is nothing yet', async () => {
    openApp(env, 'demo-guest');
    const mine = await ask(env, 'reports.mine', 'demo-guest', {});
    expect(mine.items).toHaveLength(0);
    const page = openPage(env, 'packages/reports/pages/mine/index');
    await waitForText(page, '还没有上报过问题');
  });
});

describe('附近的问题 and the report tab', () => {
  it('lists the public reports of my area, and the tab shows my latest and the nearby ones', async () => {
    const nearby = await ask(env, 'reports.public', 'demo-resident-002', { limit: 10 });
    openApp(env, 'demo-resident-002');
    const page = openPage(env, 'packages/reports/pages/public/index');
    // The demo seed gives every community public reports.
    expect(nearby.items.length).toBeGreaterThan(0);
    await waitForText(page, nearby.items[0]!.no);
    expect(cells(page).map((c) => c.description.split(' · ')[0])).toEqual(nearby.items.map((s) => s.no));

    const mine = await ask(env, 'reports.mine', RESIDENT, { limit: 3 });
    const phone = openApp(env, RESIDENT);
    const tab = openPage(env, 'pages/report/index');
    await waitForText(tab, '我最近的上报');
    for (const s of mine.items) expect(visibleText(tab)).toContain(s.no);
    tap(button(tab, '拍照上报'), '拍照上报');
    await waitFor(() => phone.navigations.length > 0, 'the form');
    expect(phone.navigations[0]).toBe('/packages/reports/pages/new/index?start=photo');
    await quiesce();
  });
});
