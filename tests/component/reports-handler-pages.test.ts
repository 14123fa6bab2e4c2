// @vitest-environment jsdom
/**
 * The handler's pages against the real local cloud: 我的待办 (overdue first, counts per tab,
 * the task reminder asked once), 三率统计 (the backend's rates, per period), 督办队列, and which
 * of these pages 我的 offers to each kind of person.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '../../contracts';
import { ask, attempt, openApp } from './support/app';
import { button, cells } from './support/find';
import { cls, fire, openPage, queryAll, tap, visibleText, waitFor, waitForText } from './support/harness';
import { advanceClock, installMedia } from './support/report-media';
import type { SimRoot } from './support/simulate';
import { useTestEnv } from './support/use-test-env';

const env = useTestEnv({ settle: true });

const RESIDENT = 'demo-resident-001';
const TASKS = 'packages/reports/pages/tasks/index';
const HOUR = 3_600_000;

type Me = ActionResult<'me.get'>;
const ORG = new Set(['street', 'community', 'grid', 'microgrid', 'courtyard']);

/** The grid worker the backend routes the resident's reports to (the one whose list holds it). */
async function handlerOf(id: string): Promise<string> {
  for (let i = 1; i <= 12; i += 1) {
    const openid = `demo-grid-${String(i).padStart(2, '0')}`;
    const tasks = await ask(env, 'reports.tasks', openid, { filter: 'all', limit: 50 });
    if (tasks.items.some((t) => t.id === id)) return openid;
  }
  throw new Error(`no demo grid worker has report ${id}`);
}

/** The ids a list page draws: paged lists keep them in `rows`, the map page in `items`. */
function taskIds(page: SimRoot): string[] {
  return ((page.data.rows ?? page.data.items) as Array<{ id: string }>).map((i) => i.id);
}

function tabLabels(page: SimRoot): string[] {
  return queryAll(page, '[class*="t-tabs__item-inner"]').map((el) => (el.textContent ?? '').replace(/\s+/g, ''));
}

describe('我的待办', () => {
  let worker = '';
  let late = '';
  let fresh = '';

  beforeAll(async () => {
    // One report that has waited past its acceptance deadline, one just sent.
    late = (await ask(env, 'reports.submit', RESIDENT, { text: '单元门禁坏了，关不上', category: 'facility' })).id;
    await advanceClock(env, 30 * HOUR);
    fresh = (await ask(env, 'reports.submit', RESIDENT, { text: '垃圾桶满了没人清', category: 'environment' })).id;
    worker = await handlerOf(late);
    expect(await handlerOf(fresh)).toBe(worker);
  });

  it('lists the backend’s tasks, overdue first, with the counts on the tabs', async () => {
    const expected = await ask(env, 'reports.tasks', worker, { filter: 'all', limit: 20 });
    const byId = new Map(expected.items.map((r) => [r.id, r]));
    expect(byId.get(late)?.overdue).toBe(true);
    expect(byId.get(fresh)?.overdue).toBe(false);

    const phone = openApp(env, worker);
    installMedia(env, phone);
    const page = openPage(env, TASKS);
    await waitFor(() => page.data.status === 'ready', 'the task list');
    expect(taskIds(page)).toEqual(expected.items.map((r) => r.id));
    // Every overdue task comes before every other.
    const flags = taskIds(page).map((id) => byId.get(id)!.overdue);
    expect(flags.indexOf(false) === -1 || flags.lastIndexOf(true) < flags.indexOf(false)).toBe(true);
    expect(taskIds(page).indexOf(late)).toBeLessThan(taskIds(page).indexOf(fresh));

    const { counts } = expected;
    expect(tabLabels(page)).toEqual([`全部（${counts.open}）`, `今天到期（${counts.dueToday}）`, `已超时（${counts.overdue}）`]);
    const lateCard = queryAll(page, cls('task')).find((el) => el.textContent?.includes(byId.get(late)!.no));
    expect(lateCard?.textContent).toContain('超时');
    expect(visibleText(page)).toContain('代居民上报');

    // 已超时: only the overdue ones.
    const overdue = await ask(env, 'reports.tasks', worker, { filter: 'overdue', limit: 20 });
    tap(
      queryAll(page, '[class*="t-tabs__item"]').find((el) => el.textContent?.includes('已超时')),
      '已超时',
    );
    await waitFor(() => page.data.tab === 'overdue' && page.data.status !== 'loading', 'the overdue tab');
    expect(taskIds(page)).toEqual(overdue.items.map((r) => r.id));
    expect(taskIds(page)).toContain(late);
    expect(taskIds(page)).not.toContain(fresh);

    // A tap opens the detail; 代居民上报 opens the form in proxy mode.
    const first = taskIds(page)[0]!;
    tap(queryAll(page, cls('task'))[0], 'the first task');
    await waitFor(() => phone.navigations.length === 1, 'the detail to open');
    expect(phone.navigations[0]).toBe(`/packages/reports/pages/detail/index?id=${encodeURIComponent(first)}`);
    tap(button(page, '代居民上报'), '代居民上报');
    await waitFor(() => phone.navigations.length === 2, 'the form to open');
    expect(phone.navigations[1]).toBe('/packages/reports/pages/new/index?proxy=1');
  });

  it('reloads on pull-down and follows the elderly mode', async () => {
    const phone = openApp(env, worker);
    installMedia(env, phone);
    phone.storage.set('linli.reportTaskSubscribeAsked', true);
    phone.storage.set('linli.elderMode', true);
    const page = openPage(env, TASKS);
    await waitFor(() => page.data.status === 'ready', 'the task list');
    expect(page.data.pageStyle).toContain('--td-font-size-body-medium');
    const loads = () => phone.calls.filter((c) => c.data.action === 'reports.tasks').length;
    const before = loads();
    (page.instance as { onPullDownRefresh(): void }).onPullDownRefresh();
    await waitFor(() => loads() === before + 1, 'the reload');
  });

  it('offers 代居民上报 only to those who may report for a resident', async () => {
    const phone = openApp(env, 'demo-property-1');
    phone.storage.set('linli.reportTaskSubscribeAsked', true);
    const page = openPage(env, TASKS);
    await waitFor(() => page.data.status === 'ready' || page.data.status === 'empty', 'the task list');
    await new Promise((r) => setTimeout(r, 200));
    expect(visibleText(page)).not.toContain('代居民上报');
  });

  it('asks once for the task reminder and tells the backend the answer', async () => {
    const { templates } = await ask(env, 'messages.templates', worker, {});
    const template = templates.find((t) => t.key === 'report_task');
    expect(template).toBeDefined();

    const phone = openApp(env, worker);
    const media = installMedia(env, phone);
    const page = openPage(env, TASKS);
    await waitForText(page, '接收待办提醒');
    tap(button(page, '开启提醒'), '开启提醒');
    await waitFor(() => phone.calls.some((c) => c.data.action === 'messages.subscribe'), 'messages.subscribe');
    expect(media.subscribeAsks).toEqual([[template!.templateId]]);
    const sent = phone.calls.find((c) => c.data.action === 'messages.subscribe')!;
    expect(sent.data.payload).toEqual({ results: { [template!.templateId]: 'accept' } });

    // The next open does not ask again (same phone storage).
    const again = openPage(env, TASKS);
    await waitFor(() => again.data.status === 'ready', 'the task list');
    expect(again.data.askSubscribe).toBe(false);
    expect(media.subscribeAsks.length).toBe(1);
  });
});

describe('三率统计', () => {
  it('shows the backend’s rates for the unit and each unit below it, per period', async () => {
    const staff = 'demo-community-1';
    const me = await ask(env, 'me.get', staff, {});
    const unitId = me.roles.find((r) => r.role === 'community_staff')!.scopeId;
    const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

    openApp(env, staff);
    const page = openPage(env, 'packages/reports/pages/stats/index');
    await waitFor(() => page.data.status === 'ready', 'the statistics');
    const month = await ask(env, 'reports.stats', staff, { unitId, period: '30d' });
    const text = visibleText(page);
    expect(text).toContain(month.unit.name);
    expect(text).toContain(`上报 ${month.total.reports} 件`);
    expect(text).toContain(pct(month.total.responseRate));
    expect(text).toContain(pct(month.total.resolutionRate));
    expect(text).toContain(pct(month.total.satisfaction));
    expect(text).toContain(`重新打开率 ${pct(month.total.reopenRate)}`);
    for (const row of month.rows) expect(text).toContain(row.unit.name);
    expect(month.rows.length).toBeGreaterThan(0);

    tap(
      queryAll(page, '[class*="t-tabs__item"]').find((el) => el.textContent?.trim() === '一年'),
      '一年',
    );
    await waitFor(() => page.data.period === '365d' && page.data.status === 'ready', 'the year');
    const year = await ask(env, 'reports.stats', staff, { unitId, period: '365d' });
    expect(visibleText(page)).toContain(`上报 ${year.total.reports} 件`);
  });
});

describe('督办队列', () => {
  it('shows the community’s queue from the backend', async () => {
    const staff = 'demo-community-1';
    const me = await ask(env, 'me.get', staff, {});
    const unitId = me.roles.find((r) => r.role === 'community_staff')!.scopeId;
    const expected = await ask(env, 'reports.queue', staff, { unitId, limit: 20 });
    openApp(env, staff);
    const page = openPage(env, 'packages/reports/pages/queue/index');
    await waitFor(() => page.data.status === 'ready' || page.data.status === 'empty', 'the queue');
    expect(taskIds(page)).toEqual(expected.items.map((r) => r.id));
    if (!expected.items.length) expect(visibleText(page)).toContain('督办队列是空的');
  });
});

describe('问题地图', () => {
  it('puts the backend’s open cases with a location on the map; a marker opens a card, the card the detail', async () => {
    const worker = 'demo-grid-01';
    const expected = await ask(env, 'reports.map', worker, {});
    const phone = openApp(env, worker);
    const page = openPage(env, 'packages/reports/pages/map/index');
    await waitFor(() => page.data.status === 'ready' || page.data.status === 'empty', 'the map');
    expect(taskIds(page)).toEqual(expected.items.map((r) => r.id));
    const located = expected.items.filter((r) => r.location !== null);
    const markers = page.data.markers as Array<{ id: number; latitude: number; longitude: number }>;
    expect(markers.map((m) => [m.latitude, m.longitude])).toEqual(located.map((r) => [r.location!.latitude, r.location!.longitude]));
    if (!located.length) return;

    const map = queryAll(page, 'wx-map')[0];
    fire(map, 'markertap', { markerId: markers[0]!.id }, 'the first marker');
    const target = expected.items[markers[0]!.id]!;
    await waitForText(page, '查看详情');
    tap(button(page, '查看详情'), '查看详情');
    await waitFor(() => phone.navigations.length > 0, 'a navigation');
    expect(phone.navigations.at(-1)).toBe(`/packages/reports/pages/detail/index?id=${encodeURIComponent(target.id)}`);
  });
});

describe('report entries in 我的', () => {
  const TITLES = ['我的待办', '问题地图', '督办队列', '三率统计'];

  /** The unit of the person's first working role (their own courtyard otherwise). */
  function unitOf(me: Me): string {
    const working = me.roles.find((r) => r.role !== 'resident' && ORG.has(r.scopeType));
    return working?.scopeId ?? me.courtyard?.id ?? 'cm-1';
  }

  /** Each entry shows when the page's action answers for that person and they hold a handler's role. */
  async function expected(openid: string): Promise<string[]> {
    const me = await ask(env, 'me.get', openid, {});
    const unitId = unitOf(me);
    const roles = new Set(me.roles.filter((r) => ORG.has(r.scopeType)).map((r) => r.role));
    const handler = ['grid_worker', 'property_manager', 'community_staff', 'street_admin'].some((r) => roles.has(r as never));
    const probes: boolean[] = [
      handler && (await attempt(env, 'reports.tasks', openid, { filter: 'all' })).ok,
      handler && (await attempt(env, 'reports.map', openid, {})).ok,
      (await attempt(env, 'reports.queue', openid, { unitId })).ok,
      (await attempt(env, 'reports.stats', openid, { unitId, period: '30d' })).ok,
    ];
    return TITLES.filter((_, i) => probes[i]);
  }

  it.each([
    ['demo-street-admin', ['我的待办', '问题地图', '督办队列', '三率统计']],
    ['demo-community-1', ['我的待办', '问题地图', '督办队列', '三率统计']],
    ['demo-grid-02', ['我的待办', '问题地图', '三率统计']],
    ['demo-property-1', ['我的待办', '问题地图']],
    ['demo-resident-001', []],
  ] as const)('%s sees the report pages their role serves', async (openid, titles) => {
    expect(await expected(openid)).toEqual(titles);
    openApp(env, openid);
    const page = openPage(env, 'pages/me/index');
    await waitForText(page, '长辈模式');
    const shown = cells(page)
      .map((c) => c.title)
      .filter((t) => TITLES.includes(t));
    expect(shown).toEqual(titles);
  });
});
