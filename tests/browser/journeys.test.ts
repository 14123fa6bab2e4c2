/**
 * The main journeys in a real browser: headless Chromium opens the preview (`npm start`'s
 * /preview/), the real pages run against the real local cloud with the demo seed, and a person
 * clicks through them. Expectations come from the backend, not from constants.
 */
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { callApi, IN_CI, openSession, startBrowserEnv, unavailableReason, type BrowserEnv, type Session } from './support/browser';
import { phoneText, tabBar, topPage, waitForRoute } from './support/phone';

interface Ok<T> {
  ok: true;
  data: T;
}
interface Fail {
  ok: false;
  error: { code: string; message: string };
}

/** A 64 × 64 PNG in the app's brand blue, as a photo from the album. */
function avatarPng(): Buffer {
  const png = new PNG({ width: 64, height: 64 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([0, 82, 217, 255], i);
  return PNG.sync.write(png);
}

const reason = unavailableReason();
if (reason && IN_CI) throw new Error(`browser tests cannot run in CI: ${reason}`);
if (reason) console.warn(`browser tests skipped: ${reason}`);

describe.skipIf(reason !== null)('the mini-program in a browser', () => {
  let env: BrowserEnv;
  const sessions: Session[] = [];

  beforeAll(async () => {
    env = await startBrowserEnv();
  });

  afterAll(async () => {
    await env?.close();
  });

  afterEach(async (ctx: TestContext) => {
    const failed = ctx.task.result?.state === 'fail';
    for (const s of sessions.splice(0)) {
      if (failed) await s.saveFailure(ctx.task.name.replace(/\s+/g, '-').slice(0, 60));
      await s.context.close();
    }
  });

  async function open(name: string, openid: string, extra: { path?: string; query?: string } = {}): Promise<Session> {
    const s = await openSession(env, name, { openid, ...extra });
    sessions.push(s);
    return s;
  }

  it('a resident sees 首页 from the backend, switches tabs, renames themself and sees it in 我的', async () => {
    const resident = 'demo-resident-001';
    const overview = await callApi<
      Ok<{ street: { name: string }; communities: Array<{ name: string; grids: number; courtyards: number }> }>
    >(env, resident, 'org.overview');
    const me = await callApi<Ok<{ nickname: string }>>(env, resident, 'me.get');
    const s = await open('resident-tabs-nickname', resident);

    const home = topPage(s);
    await expect.poll(() => phoneText(home), { timeout: 15_000 }).toContain(overview.data.street.name);
    for (const c of overview.data.communities) {
      await home.getByText(c.name, { exact: true }).first().waitFor();
      expect(await phoneText(home)).toContain(`${c.grids} 个网格 · ${c.courtyards} 个院落`);
    }
    await s.shot('home');

    // Pull-down refresh (the tool under the phone does what dragging the page does): the page reloads, the dots go away.
    const loads = s.actions.filter((a) => a === 'org.overview').length;
    await s.page.locator('#tool-refresh').click();
    await expect.poll(() => s.actions.filter((a) => a === 'org.overview').length).toBe(loads + 1);
    await s.phone.locator('.wv-page--top.wv-page--refreshing').waitFor({ state: 'detached' });

    await tabBar(s).getByText('办事', { exact: true }).click();
    await waitForRoute(s, 'pages/services/index');
    await expect.poll(() => s.page.locator('#nav-title').textContent()).toBe('办事');
    await s.shot('services');

    await tabBar(s).getByText('我的', { exact: true }).click();
    await waitForRoute(s, 'pages/me/index');
    await topPage(s).getByText(me.data.nickname, { exact: true }).first().waitFor();
    await topPage(s).getByText('已认证', { exact: true }).first().waitFor();
    await s.shot('me');

    await topPage(s).getByText('编辑资料', { exact: true }).first().click();
    await waitForRoute(s, 'packages/identity/pages/profile/index');
    await expect.poll(() => s.page.locator('#nav-title').textContent()).toBe('编辑资料');

    // A new avatar: the privacy consent first (the app's own popup), then the file picker stands in for the album.
    const chooser = s.page.waitForEvent('filechooser');
    await topPage(s)
      .locator('wx-button', { has: s.phone.locator('[class*="t-avatar"]') })
      .first()
      .click();
    await topPage(s).getByText('隐私保护提示').waitFor();
    await s.shot('privacy-consent');
    // A real click: the popup sits above its overlay, so the button takes the tap.
    await topPage(s).getByText('同意', { exact: true }).click();
    await (await chooser).setFiles({ name: 'avatar.png', mimeType: 'image/png', buffer: avatarPng() });
    await topPage(s).getByText('头像已更新').waitFor();
    const avatar = (await callApi<Ok<{ avatarFileId: string }>>(env, resident, 'me.get')).data.avatarFileId;
    expect(avatar).toMatch(/^cloud:\/\//);
    // <image src="cloud://…"> shows the stored file, through a temporary URL of the local cloud.
    await expect
      .poll(() =>
        topPage(s)
          .locator('wx-image > div')
          .first()
          .evaluate((d) => (d as { style: { backgroundImage: string } }).style.backgroundImage),
      )
      .toContain('/__cos/');
    await s.shot('avatar-changed');

    const input = topPage(s).locator('wx-input input').first();
    await input.waitFor();
    const nickname = '枫林老王';
    // Consent was given once (for the avatar); the nickname input, also a privacy component, asks no more.
    await input.fill(nickname);
    await s.shot('profile-typed');
    await topPage(s).getByText('保存', { exact: true }).click();
    await topPage(s).getByText('昵称已保存').waitFor();
    await s.shot('profile-saved');
    expect((await callApi<Ok<{ nickname: string }>>(env, resident, 'me.get')).data.nickname).toBe(nickname);

    await s.page.locator('#nav-back').click();
    await waitForRoute(s, 'pages/me/index');
    await topPage(s).getByText(nickname, { exact: true }).first().waitFor();
    await s.shot('me-renamed');
    expect(s.external).toEqual([]);
  });

  it('community staff (after switching identity) open their community’s statistics', async () => {
    const staff = 'demo-community-1';
    const s = await open('staff-stats', 'demo-resident-001');
    await topPage(s).getByText('锦绣社区', { exact: true }).first().waitFor();
    await s.page.locator('.identity', { hasText: 'demo-community-1' }).click();
    await expect.poll(() => new URL(s.page.url()).searchParams.get('openid')).toBe(staff);
    await s.shot('switched-identity');

    const stats = await callApi<
      Ok<{
        community: { name: string };
        grids: number;
        courtyards: number;
        residents: { verified: number; pending: number; rejected: number };
      }>
    >(env, staff, 'org.communityStats', { communityId: 'cm-1' });
    await topPage(s).getByText(stats.data.community.name, { exact: true }).first().click();
    await waitForRoute(s, 'packages/org/pages/community-stats/index');
    const page = topPage(s);
    await expect.poll(() => phoneText(page), { timeout: 15_000 }).toContain(`${stats.data.grids} 个网格 · ${stats.data.courtyards} 个院落`);
    const text = await phoneText(page);
    expect(text).toContain(`已认证${stats.data.residents.verified} 人`);
    expect(text).toContain(`待审核${stats.data.residents.pending} 人`);
    await s.shot('community-stats');
  });

  it('a resident who opens community statistics is refused, in Chinese', async () => {
    const resident = 'demo-resident-001';
    const refused = await callApi<Fail>(env, resident, 'org.communityStats', { communityId: 'cm-1' });
    expect(refused.ok).toBe(false);
    const s = await open('resident-denied', resident, { path: 'packages/org/pages/community-stats/index', query: 'communityId=cm-1' });
    const page = topPage(s);
    await page.getByText('加载失败').first().waitFor({ timeout: 15_000 });
    await page.getByText(refused.error.message).first().waitFor();
    await s.shot('denied');
  });

  it('a newcomer scans a join code and registers; community staff verify; the newcomer is 已认证', async () => {
    const staff = 'demo-community-1';
    const newcomer = 'test-browser-newcomer';
    const { data: place } = await callApi<Ok<{ community: { name: string }; courtyards: Array<{ id: string; name: string }> }>>(
      env,
      staff,
      'org.courtyards',
      { communityId: 'cm-1' },
    );
    const courtyard = place.courtyards[1]!;
    // Staff print a courtyard's join code: the backend asks WeChat (here the emulator) for a mini-program code.
    const { data: code } = await callApi<Ok<{ scene: string }>>(env, staff, 'joinCode.create', {
      targetType: 'courtyard',
      targetId: courtyard.id,
    });

    const s = await open('join-register-verify', newcomer);
    await topPage(s).getByText(place.community.name, { exact: true }).first().waitFor();
    // The shell lists the codes the local cloud generated; "scanning" one opens its page with its scene.
    await s.page.locator('#outbox-refresh').click();
    await s.page.locator('.code', { hasText: code.scene }).click();
    await waitForRoute(s, 'packages/identity/pages/join/index');
    await topPage(s).getByText(`欢迎来到${courtyard.name}`).waitFor();
    await s.shot('join');

    await topPage(s).getByText('登记为居民', { exact: true }).click();
    await waitForRoute(s, 'packages/identity/pages/register/index');
    const form = topPage(s);
    await form.getByText(courtyard.name).first().waitFor();
    await form.getByPlaceholder('与身份证一致').fill('林晓燕');
    await form.getByPlaceholder('如 3', { exact: true }).fill('3');
    await form.getByPlaceholder('没有单元可不填').fill('2');
    await form.getByPlaceholder('如 502').fill('502');

    // The phone number button: the privacy consent first (the app's popup), then WeChat's phone sheet.
    await form.getByText('微信授权手机号', { exact: true }).click();
    await form.getByText('隐私保护提示').waitFor();
    await form.getByText('同意', { exact: true }).click();
    const sheet = s.page.locator('.sheet[data-kind="phone-number"]');
    await sheet.waitFor();
    await s.shot('phone-number-sheet');
    await sheet.locator('input').fill('13912345678');
    await sheet.locator('[data-button="allow"]').click();
    await form.getByText('已通过微信授权').waitFor();

    await form.getByText('业主', { exact: true }).click();
    // The box, not the sentence: the policy's title inside it opens the policy instead.
    await form.locator('[class*="t-checkbox__icon"]').first().click();
    await expect.poll(() => form.locator('[class*="t-checkbox__icon--checked"]').count()).toBeGreaterThan(0);
    await s.shot('register-filled');
    await form.getByText('提交登记', { exact: true }).click();
    await form.getByText('登记审核中').waitFor({ timeout: 15_000 });
    await s.shot('register-pending');
    const mine = await callApi<Ok<{ current: { status: string; phoneVerified: boolean } | null }>>(env, newcomer, 'registration.mine');
    expect(mine.data.current).toMatchObject({ status: 'pending', phoneVerified: true });

    // Community staff take it from the verification queue.
    await s.page.locator('.identity', { hasText: staff }).click();
    await expect.poll(() => new URL(s.page.url()).searchParams.get('openid')).toBe(staff);
    await topPage(s).getByText('锦绣社区', { exact: true }).first().waitFor();
    await s.page.locator('#open-page').selectOption('packages/staff/pages/verify/index');
    await s.page.locator('#open-go').click();
    await waitForRoute(s, 'packages/staff/pages/verify/index');
    const card = topPage(s)
      .locator('wx-view', { has: s.phone.getByText('林晓燕', { exact: true }) })
      .filter({ hasText: '通过' })
      .last();
    await card.waitFor({ timeout: 15_000 });
    await s.shot('verify-queue');
    await card.getByText('通过', { exact: true }).click();
    await topPage(s).getByPlaceholder('选填，用于按面积表决').fill('86.5');
    await s.shot('verify-dialog');
    await topPage(s).getByText('通过', { exact: true }).last().click();
    await expect
      .poll(
        async () => (await callApi<Ok<{ current: { status: string } | null }>>(env, newcomer, 'registration.mine')).data.current?.status,
        { timeout: 15_000 },
      )
      .toBe('verified');
    await s.shot('verified-by-staff');

    // The newcomer opens the app again: 我的 says 已认证.
    await s.page.goto(`${env.preview.url}/preview/?openid=${newcomer}&path=pages/me/index`);
    await topPage(s).getByText('已认证', { exact: true }).first().waitFor({ timeout: 15_000 });
    await s.shot('newcomer-verified');
    expect(s.external).toEqual([]);
  });

  it('a guest picks a community and a courtyard with the cascader on the registration form', async () => {
    const { data: place } = await callApi<
      Ok<{ community: { name: string }; courtyards: Array<{ name: string; grid: { name: string }; microgrid: { name: string } }> }>
    >(env, 'demo-community-1', 'org.courtyards', { communityId: 'cm-1' });
    const courtyard = place.courtyards[place.courtyards.length - 1]!;
    const s = await open('register-cascader', 'demo-guest', { path: 'packages/identity/pages/register/index' });
    const form = topPage(s);
    await form.getByText(/^社区/).first().click();
    await form.getByText(place.community.name, { exact: true }).first().click();
    await expect.poll(() => s.actions.includes('org.courtyards')).toBe(true);
    // Grid → micro-grid → courtyard: each tap opens the next column, as on a phone.
    await form.getByText(/^院落/).first().click();
    await form.getByText(courtyard.grid.name, { exact: true }).first().click();
    await form.getByText(courtyard.microgrid.name, { exact: true }).first().click();
    await s.page.waitForTimeout(400); // the columns slide (0.3 s); a screenshot mid-slide shows two at once
    await s.shot('cascader');
    await form.getByText(courtyard.name, { exact: true }).first().click();
    await form.getByText(`${courtyard.name}（${courtyard.grid.name}）`).waitFor();
    await s.shot('courtyard-chosen');
  });
});
