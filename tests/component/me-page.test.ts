// @vitest-environment jsdom
/** 我的 and the profile editor, against the real local cloud. */
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

async function me(openid: string): Promise<ActionResult<'me.get'>> {
  const res = (await env.invoke('api', { action: 'me.get', payload: {} }, openid)) as { ok: true; data: ActionResult<'me.get'> };
  return res.data;
}

describe('我的: status tag', () => {
  it.each([
    ['demo-resident-001', '已认证'],
    ['demo-resident-002', '待审核'],
    ['demo-resident-003', '未通过'],
    ['demo-guest', '访客'],
  ])('%s sees 「%s」', async (openid, label) => {
    const profile = await me(openid);
    open(openid);
    const page = openPage(env, 'pages/me/index');
    await waitForText(page, profile.nickname);
    expect(query(page, `${cls('profile__meta')} [class*="t-tag__text"]`)?.textContent?.trim()).toBe(label);
  });
});

describe('我的: roles', () => {
  it('lists the roles of someone with one working role, without a switcher', async () => {
    const profile = await me('demo-community-1');
    open('demo-community-1');
    const page = openPage(env, 'pages/me/index');
    await waitForText(page, '我的身份');
    expect(visibleText(page)).toContain(`社区工作人员 · ${profile.roles.find((r) => r.role === 'community_staff')!.scopeName}`);
    expect(query(page, cls('role-switcher'))).toBeNull();
  });

  it('has no switcher for a resident', async () => {
    open('demo-resident-001');
    const page = openPage(env, 'pages/me/index');
    await waitForText(page, '已认证');
    expect(query(page, cls('role-switcher'))).toBeNull();
  });

  it('offers a switcher to someone with two working roles and remembers the choice', async () => {
    const profile = await me('demo-grid-01');
    const working = profile.roles.filter((r) => r.role !== 'resident');
    expect(working.length).toBe(2);
    const phone = open('demo-grid-01');
    let page = openPage(env, 'pages/me/index');
    await waitForText(page, '切换工作身份');
    const options = queryAll(page, `${cls('role-switcher')} [class*="t-radio__content"]`);
    expect(options.map((o) => o.textContent?.trim())).toEqual(
      ['网格员', '志愿者'].map((label, i) => `${label} · ${working[i]!.scopeName}`),
    );

    tap(options[1], 'the second role');
    await waitFor(() => [...phone.storage.values()].length > 0, 'the choice to be stored');
    const chosen = [...phone.storage.entries()].find(([k]) => k === 'linli.activeRole')?.[1];
    expect(chosen).toBe(`${working[1]!.role}:${working[1]!.scopeType}:${working[1]!.scopeId}`);

    // Next launch (same phone storage): the switcher starts on the chosen role.
    resetModules(env);
    launchApp(env);
    page = openPage(env, 'pages/me/index');
    await waitForText(page, '切换工作身份');
    expect(page.data.activeRoleKey).toBe(chosen);
  });
});

describe('编辑资料', () => {
  it('saves a new nickname through me.updateProfile and 我的 shows it', async () => {
    const phone = open('demo-resident-001');
    const mePage = openPage(env, 'pages/me/index');
    await waitForText(mePage, '已认证');

    const profile = openPage(env, 'packages/identity/pages/profile/index');
    await waitForText(profile, '身份状态');
    fire(query(profile, '[class*="t-input__control"]'), 'input', { value: '银杏树下', cursor: 4 }, 'the nickname input');
    await waitFor(() => profile.data.canSave === true, 'the save button to enable');
    tap(query(profile, `${cls('actions')} wx-button`), '保存');

    await waitForText(profile, '昵称已保存'); // TDesign's toast, rendered in the page
    await waitForText(mePage, '银杏树下');
    const update = phone.calls.find((c) => c.data.action === 'me.updateProfile');
    expect(update?.data.payload).toEqual({ nickname: '银杏树下' });
    expect((await me('demo-resident-001')).nickname).toBe('银杏树下');
  });
});

describe('隐私保护', () => {
  it('asks for consent on the page when a privacy API needs it, and agreeing lets the API go on', async () => {
    const phone = open('demo-resident-001');
    const page = openPage(env, 'pages/me/index');
    await waitForText(page, '已认证');
    expect(phone.privacyListener).toBeTypeOf('function'); // registered at launch

    const answers: unknown[] = [];
    phone.privacyListener!((answer) => answers.push(answer), { referrer: 'button.chooseAvatar' });
    await waitForText(page, '在使用头像选择前，请阅读并同意');

    // WeChat raises agreeprivacyauthorization when the open-type button is tapped; its id must be the buttonId we report.
    const [, agree] = queryAll(page, '[class*="privacy__actions"] wx-button');
    expect(agree?.textContent?.trim()).toBe('同意');
    expect((agree as Element & { __wxElement?: { id: string } }).__wxElement?.id).toBe('agree-btn');
    fire(agree, 'agreeprivacyauthorization', {}, '同意');
    await waitFor(() => answers.length === 2, 'the answer');
    expect(answers).toEqual([{ event: 'exposureAuthorization' }, { event: 'agree', buttonId: 'agree-btn' }]);
  });
});

describe('长辈模式', () => {
  it('enlarges the text and remembers the choice', async () => {
    const phone = open('demo-resident-001');
    const page = openPage(env, 'pages/me/index');
    await waitForText(page, '长辈模式');
    expect(page.data.pageStyle).toBe('');

    tap(query(page, '[class*="t-switch__body"]'), 'the 长辈模式 switch');
    await waitFor(() => phone.storage.get('linli.elderMode') === true, 'the mode to be stored');
    expect(page.data.pageStyle).toContain('--td-font-size-body-medium:36rpx');

    const home = openPage(env, 'pages/home/index');
    await waitFor(() => home.data.pageStyle === page.data.pageStyle, 'the next page to open in large text');
  });
});
