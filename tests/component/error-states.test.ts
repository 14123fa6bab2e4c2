// @vitest-environment jsdom
/** Failures a person can meet — no network, a lost reply, a refusal from the backend — against the real local cloud. */
import { describe, expect, it } from 'vitest';
import type { ActionResult } from '../../contracts';
import { cls, fire, launchApp, openPage, query, queryAll, resetModules, tap, visibleText, waitFor, waitForText } from './support/harness';
import { useTestEnv } from './support/use-test-env';
import { installPhone, type Phone } from './support/wx-env';

const env = useTestEnv();

function open(openid: string): Phone {
  resetModules(env);
  const phone = installPhone(env, openid);
  launchApp(env);
  return phone;
}

async function ask<T>(action: string, openid: string, payload: object = {}): Promise<T> {
  const res = (await env.invoke('api', { action, payload }, openid)) as { ok: boolean; data: T };
  expect(res.ok).toBe(true);
  return res.data;
}

const retryButton = `[class*="state__action"] wx-button`;

describe('no network', () => {
  it('shows the error with a retry, and the retry loads the page once the network is back', async () => {
    const overview = await ask<ActionResult<'org.overview'>>('org.overview', 'demo-resident-001');
    const phone = open('demo-resident-001');
    phone.online = false;
    const page = openPage(env, 'pages/home/index');

    await waitForText(page, '加载失败');
    expect(visibleText(page)).toContain('网络不给力，请检查网络后重试');
    expect(visibleText(page)).not.toContain(overview.street.name);
    // The client retried the delivery, always as the same logical call.
    const attempts = phone.calls.filter((c) => c.data.action === 'org.overview');
    expect(attempts.length).toBe(3);
    expect(new Set(attempts.map((c) => c.data.requestId)).size).toBe(1);

    phone.online = true;
    tap(query(page, retryButton), '重试');
    await waitForText(page, overview.street.name);
    expect(query(page, retryButton)).toBeNull();
  });
});

describe('a reply lost on the way back', () => {
  it('retries a mutation with the same requestId and the backend applies it once', async () => {
    const phone = open('demo-resident-002');
    const profile = openPage(env, 'packages/identity/pages/profile/index');
    await waitForText(profile, '身份状态');

    phone.dropReplies = 1;
    fire(query(profile, '[class*="t-input__control"]'), 'input', { value: '晚风' }, 'the nickname input');
    await waitFor(() => profile.data.canSave === true, 'the save button to enable');
    tap(query(profile, `${cls('actions')} wx-button`), '保存');
    await waitForText(profile, '昵称已保存');

    const updates = phone.calls.filter((c) => c.data.action === 'me.updateProfile');
    expect(updates.length).toBe(2);
    expect(updates[0]!.data.requestId).toBe(updates[1]!.data.requestId);
    expect((await ask<ActionResult<'me.get'>>('me.get', 'demo-resident-002')).nickname).toBe('晚风');
  });
});

describe('community statistics', () => {
  it('shows the backend’s refusal to a resident, with a retry', async () => {
    const { communities } = await ask<ActionResult<'org.overview'>>('org.overview', 'demo-resident-001');
    open('demo-resident-001');
    const page = openPage(env, 'packages/org/pages/community-stats/index', { communityId: communities[0]!.id });
    await waitForText(page, '加载失败');
    expect(visibleText(page)).toContain('您没有权限进行此操作');
    expect(query(page, retryButton)).not.toBeNull();
  });

  it('lets community staff go from 首页 to their community’s numbers', async () => {
    const me = await ask<ActionResult<'me.get'>>('me.get', 'demo-community-1');
    const communityId = me.roles.find((r) => r.role === 'community_staff')!.scopeId;
    const stats = await ask<ActionResult<'org.communityStats'>>('org.communityStats', 'demo-community-1', { communityId });
    const phone = open('demo-community-1');
    const home = openPage(env, 'pages/home/index');
    await waitForText(home, stats.community.name);

    // Only the staff member's own community opens statistics.
    const rows = queryAll(home, `${cls('communities')} [class*="t-cell__title-text"]`);
    const own = rows.find((r) => r.textContent?.trim() === stats.community.name);
    tap(own, 'my community');
    await waitFor(() => phone.navigations.length > 0, 'navigation to the statistics');
    expect(phone.navigations).toEqual([`/packages/org/pages/community-stats/index?communityId=${communityId}`]);
    const other = rows.find((r) => r.textContent?.trim() !== stats.community.name);
    tap(other, 'another community');
    await new Promise((r) => setTimeout(r, 100));
    expect(phone.navigations.length).toBe(1);

    const page = openPage(env, 'packages/org/pages/community-stats/index', { communityId });
    await waitForText(page, `${stats.residents.verified} 人`);
    expect(visibleText(page)).toContain(`${stats.grids} 个网格 · ${stats.courtyards} 个院落`);
    expect(visibleText(page)).toContain(`${stats.residents.pending} 人`);
  });
});
