// @vitest-environment jsdom
/**
 * Which staff pages 我的 offers (the staff subpackage's and the handlers' report pages), checked
 * against the backend: an entry shows exactly when the action behind it answers for that person
 * (within the scope of their working role), and
 * switching the working role switches the entries with it.
 */
import { describe, expect, it } from 'vitest';
import type { ActionResult } from '../../contracts';
import { ask, attempt, openApp } from './support/app';
import { cells, radio } from './support/find';
import { openPage, tap, waitFor, waitForText } from './support/harness';
import type { SimRoot } from './support/simulate';
import { useTestEnv } from './support/use-test-env';

const env = useTestEnv({ settle: true });

type Me = ActionResult<'me.get'>;
const ORG = new Set(['street', 'community', 'grid', 'microgrid', 'courtyard']);

/** Each entry's title in 我的, and the backend call its page cannot work without. */
const ENTRIES: Array<{ title: string; allowed: (openid: string, unitId: string) => Promise<boolean> }> = [
  { title: '我的待办', allowed: async (o) => (await attempt(env, 'reports.tasks', o, { filter: 'all' })).ok },
  { title: '问题地图', allowed: async (o) => (await attempt(env, 'reports.map', o, {})).ok },
  { title: '督办队列', allowed: async (o, unitId) => (await attempt(env, 'reports.queue', o, { unitId })).ok },
  { title: '三率统计', allowed: async (o, unitId) => (await attempt(env, 'reports.stats', o, { unitId, period: '30d' })).ok },
  { title: '登记审核', allowed: async (o, unitId) => (await attempt(env, 'registration.queue', o, { unitId, status: 'pending' })).ok },
  {
    title: '角色授权',
    allowed: async (o) => {
      const res = await attempt(env, 'roles.options', o, {});
      return res.ok && res.data.grantable.length > 0;
    },
  },
  {
    title: '组织架构与微网实格',
    allowed: async (o, unitId) => {
      // Renaming a unit to its own name changes nothing: a harmless probe of the editing right.
      const level = await ask(env, 'org.children', o, { unitId });
      return (await attempt(env, 'org.renameUnit', o, { unitId, name: level.unit.name })).ok;
    },
  },
  { title: '入驻二维码', allowed: async (o, unitId) => (await attempt(env, 'joinCode.list', o, { unitId })).ok },
  { title: '个人信息查看记录', allowed: async (o, unitId) => (await attempt(env, 'privacy.accessLog', o, { unitId })).ok },
];

/** The unit a working role acts on; a resident's own courtyard otherwise. */
function unitOf(me: Me, roleKey?: string): string {
  const working = me.roles.filter((r) => r.role !== 'resident' && ORG.has(r.scopeType));
  const chosen = working.find((r) => `${r.role}:${r.scopeType}:${r.scopeId}` === roleKey) ?? working[0];
  return chosen?.scopeId ?? me.courtyard?.id ?? 'cm-1';
}

async function expectedEntries(openid: string, unitId: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of ENTRIES) if (await e.allowed(openid, unitId)) out.push(e.title);
  return out;
}

function shownEntries(page: SimRoot): string[] {
  const titles = new Set(ENTRIES.map((e) => e.title));
  return cells(page)
    .map((c) => c.title)
    .filter((t) => titles.has(t));
}

describe('工作台 entries in 我的', () => {
  it.each([
    ['demo-street-admin', true],
    ['demo-community-1', true],
    ['demo-grid-02', true],
    // Property managers handle the reports routed to their courtyards.
    ['demo-property-1', true],
    ['demo-resident-001', false],
    ['demo-guest', false],
  ] as const)('%s sees exactly the staff pages the backend serves them', async (openid, isStaff) => {
    const me = await ask(env, 'me.get', openid, {});
    const expected = await expectedEntries(openid, unitOf(me));
    expect(expected.length > 0).toBe(isStaff);
    openApp(env, openid);
    const page = openPage(env, 'pages/me/index');
    await waitForText(page, '长辈模式');
    expect(shownEntries(page)).toEqual(expected);
    if (expected.length === 0) expect(page.data.staff).toEqual([]);
  });

  it('follows the working role chosen in the switcher', async () => {
    const openid = 'demo-grid-01';
    const me = await ask(env, 'me.get', openid, {});
    const working = me.roles.filter((r) => r.role !== 'resident');
    const grid = working.find((r) => r.role === 'grid_worker')!;
    const volunteer = working.find((r) => r.role === 'volunteer')!;
    const asGrid = await expectedEntries(openid, grid.scopeId);
    expect(asGrid.length).toBeGreaterThan(0);

    const phone = openApp(env, openid);
    const page = openPage(env, 'pages/me/index');
    await waitForText(page, '切换工作身份');
    expect(shownEntries(page)).toEqual(asGrid);

    tap(radio(page, `志愿者 · ${volunteer.scopeName}`), 'the volunteer role');
    await waitFor(() => phone.storage.get('linli.activeRole') === `volunteer:${volunteer.scopeType}:${volunteer.scopeId}`, 'the switch');
    await waitFor(() => shownEntries(page).length === 0, 'the staff entries to go');

    tap(radio(page, `网格员 · ${grid.scopeName}`), 'the grid worker role');
    await waitFor(() => shownEntries(page).join() === asGrid.join(), 'the staff entries to come back');
  });
});
