// @vitest-environment jsdom
/**
 * The tab pages against the real local cloud (real `api` function, real SDK, seeded demo
 * street): what a resident sees is what the backend answered.
 */
import { describe, expect, it } from 'vitest';
import type { ActionResult } from '../../contracts';
import { launchApp, openPage, queryAll, resetModules, tap, visibleText, waitFor, waitForText } from './support/harness';
import { useTestEnv } from './support/use-test-env';
import { installPhone, type Phone } from './support/wx-env';

const env = useTestEnv();

/** Asks the backend directly, as the given person, what a page should show. */
async function ask<T>(action: string, openid: string, payload: object = {}): Promise<T> {
  const res = (await env.invoke('api', { action, payload }, openid)) as { ok: boolean; data: T };
  expect(res.ok).toBe(true);
  return res.data;
}

function open(openid: string): Phone {
  resetModules(env);
  const phone = installPhone(env, openid);
  launchApp(env);
  return phone;
}

describe('首页', () => {
  it('shows the street, every community with its counts, and my courtyard', async () => {
    const overview = await ask<ActionResult<'org.overview'>>('org.overview', 'demo-resident-001');
    expect(overview.myPlace).not.toBeNull();
    const phone = open('demo-resident-001');
    const page = openPage(env, 'pages/home/index');

    await waitForText(page, overview.street.name);
    const text = visibleText(page);
    for (const c of overview.communities) {
      expect(text).toContain(c.name);
      expect(text).toContain(`${c.grids} 个网格 · ${c.courtyards} 个院落`);
    }
    expect(text).toContain(overview.myPlace!.courtyard.name);
    expect(text).toContain('我的社区');
    expect(phone.calls.map((c) => c.data.action)).toEqual(['identity.login', 'org.overview']);
  });

  it('tells a visitor without an address what registering gives them', async () => {
    open('demo-guest');
    const page = openPage(env, 'pages/home/index');
    await waitForText(page, '还没有登记住址');
  });
});

describe('办事', () => {
  it('shows the three service circles and their entries', async () => {
    const { circles } = await ask<ActionResult<'services.catalog'>>('services.catalog', 'demo-resident-001');
    expect(circles.length).toBe(3);
    open('demo-resident-001');
    const page = openPage(env, 'pages/services/index');

    await waitForText(page, circles[0]!.title);
    const text = visibleText(page);
    for (const circle of circles) {
      expect(text).toContain(circle.title);
      for (const entry of circle.entries) expect(text).toContain(entry.title);
    }
  });
});

describe('志愿', () => {
  it('shows the detachment, its community squads and their courtyard teams', async () => {
    const { teams, volunteers } = await ask<ActionResult<'volunteer.teams'>>('volunteer.teams', 'demo-resident-001');
    open('demo-resident-001');
    const page = openPage(env, 'pages/volunteer/index');

    await waitForText(page, `已有 ${volunteers} 名志愿者`);
    const text = visibleText(page);
    for (const level of ['detachment', 'squad', 'team'] as const) {
      const names = teams.filter((t) => t.level === level).map((t) => t.name);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(text).toContain(name);
    }
  });
});

describe('上报', () => {
  it('names the grid that will handle a report from my courtyard', async () => {
    const { myPlace } = await ask<ActionResult<'org.overview'>>('org.overview', 'demo-resident-001');
    open('demo-resident-001');
    const page = openPage(env, 'pages/report/index');

    await waitForText(page, `${myPlace!.grid.name}网格员`);
    expect(visibleText(page)).toContain(`${myPlace!.community.name} · ${myPlace!.courtyard.name}`);
    expect(visibleText(page)).toContain('拍照上报');
  });

  it('explains to a visitor that registering routes reports to their grid worker', async () => {
    open('demo-guest');
    const page = openPage(env, 'pages/report/index');
    await waitForText(page, '登记住址后，你的上报会直接送到负责你院落的网格员');
  });
});

describe('tab bar', () => {
  it('switches tabs with TDesign’s tab bar', async () => {
    const phone = open('demo-resident-001');
    const bar = openPage(env, 'custom-tab-bar/index');
    const items = queryAll(bar, '[class*="t-tab-bar-item__text"]');
    expect(items.map((i) => i.textContent?.trim())).toEqual(['首页', '办事', '上报', '志愿', '我的']);
    tap(items[1], '办事');
    await waitFor(() => phone.navigations.length > 0, 'the switch');
    expect(phone.navigations).toEqual(['/pages/services/index']);
  });
});
