// @vitest-environment jsdom
/**
 * Joining by QR code and registering, against the real local cloud: the scene a real
 * `joinCode.create` produced, the privacy version the backend publishes, and the
 * registration the backend stored are what the pages must show.
 */
import { describe, expect, it } from 'vitest';
import { ask, attempt, openApp, queryOf } from './support/app';
import { button, inputByLabel, radio } from './support/find';
import { cls, fire, openPage, query, tap, visibleText, waitFor, waitForText } from './support/harness';
import type { SimRoot } from './support/simulate';
import { useTestEnv } from './support/use-test-env';

const env = useTestEnv({ settle: true });

const STAFF = 'demo-community-1';
const REGISTER = 'packages/identity/pages/register/index';

async function courtyardsOf(communityId: string) {
  return ask(env, 'org.courtyards', STAFF, { communityId });
}

/** Types into the form as a person does, field by field. */
function fill(page: SimRoot, fields: Record<string, string>): void {
  for (const [label, value] of Object.entries(fields)) {
    fire(inputByLabel(page, label), 'input', { value, cursor: value.length }, label);
  }
}

function agree(page: SimRoot): void {
  tap(query(page, '[class~="t-checkbox--t-checkbox"]'), 'the privacy consent');
}

describe('扫码加入', () => {
  it('resolves a real QR scene to its courtyard and carries it into the registration form', async () => {
    const { community, courtyards } = await courtyardsOf('cm-1');
    const target = courtyards[2]!;
    const code = await ask(env, 'joinCode.create', STAFF, { targetType: 'courtyard', targetId: target.id });

    const phone = openApp(env, 'test-join-newcomer');
    // WeChat hands the page the scene of wxacode.getUnlimited URL-encoded.
    const join = openPage(env, 'packages/identity/pages/join/index', { scene: encodeURIComponent(code.scene) });
    await waitForText(join, target.name);
    expect(visibleText(join)).toContain(community.name);
    expect(visibleText(join)).toContain(target.grid.name);

    tap(button(join, '登记为居民'), '登记为居民');
    await waitFor(() => phone.navigations.length > 0, 'the registration page to open');
    const url = phone.navigations.at(-1)!;
    expect(url.startsWith(`/${REGISTER}?`)).toBe(true);
    const q = queryOf(url);
    expect(decodeURIComponent(q.courtyardId!)).toBe(target.id);
    expect(decodeURIComponent(q.joinCode!)).toBe(code.code);

    const form = openPage(env, REGISTER, q);
    await waitFor(() => form.data.courtyardId === target.id, 'the courtyard to be preselected');
    expect(visibleText(form)).toContain(community.name);
    expect(visibleText(form)).toContain(target.name);
  });

  it('shows the backend’s answer for a code that does not resolve', async () => {
    const refused = await attempt(env, 'joinCode.resolve', 'test-join-stranger', { scene: 'nosuchcode' });
    expect(refused.ok).toBe(false);
    openApp(env, 'test-join-stranger');
    const join = openPage(env, 'packages/identity/pages/join/index', { scene: 'nosuchcode' });
    await waitForText(join, '加载失败');
    if (!refused.ok) expect(visibleText(join)).toContain(refused.error.message);
  });

  it('offers a verified resident of another courtyard to move there', async () => {
    const me = await ask(env, 'me.get', 'demo-resident-001', {});
    const { courtyards } = await courtyardsOf('cm-1');
    const elsewhere = courtyards.find((c) => c.id !== me.courtyard?.id)!;
    const code = await ask(env, 'joinCode.create', STAFF, { targetType: 'courtyard', targetId: elsewhere.id });
    const phone = openApp(env, 'demo-resident-001');
    const join = openPage(env, 'packages/identity/pages/join/index', { scene: encodeURIComponent(code.scene) });
    await waitForText(join, '搬到这里');
    tap(button(join, '搬到这里（重新登记）'), '搬到这里');
    await waitFor(() => phone.navigations.length > 0, 'the registration page to open');
    expect(queryOf(phone.navigations.at(-1)!).mode).toBe('move');
  });
});

describe('居民登记', () => {
  it('submits with the WeChat phone number and shows the registration pending; 我的 says 待审核', async () => {
    const openid = 'test-newcomer-1';
    const [{ courtyards }, policy] = await Promise.all([courtyardsOf('cm-1'), ask(env, 'privacy.policy', openid, {})]);
    const target = courtyards[0]!;
    const phone = openApp(env, openid);
    const page = openPage(env, REGISTER, { communityId: 'cm-1', courtyardId: target.id });
    await waitFor(() => page.data.courtyardId === target.id, 'the courtyard to be preselected');
    expect(visibleText(page)).toContain(`版本 ${policy.version}`);

    fill(page, { 真实姓名: '林晓燕', 楼栋: '3', 单元: '2', 房号: '502' });
    const getPhone = button(page, '微信授权手机号');
    fire(getPhone, 'getphonenumber', { errMsg: 'getPhoneNumber:ok', code: 'demo-phone:13912345678' }, '微信授权手机号');
    await waitForText(page, '已通过微信授权');
    tap(radio(page, '业主'), '业主');
    agree(page);
    await waitFor(() => (page.data.form as { agreed: boolean }).agreed, 'consent');
    tap(button(page, '提交登记'), '提交登记');

    await waitForText(page, '登记审核中');
    const mine = await ask(env, 'registration.mine', openid, {});
    expect(mine.current?.status).toBe('pending');
    expect(mine.current?.phoneVerified).toBe(true);
    const text = visibleText(page);
    expect(text).toContain(mine.current!.phoneMasked);
    expect(text).toContain(mine.current!.address.text);
    expect(text).toContain(mine.current!.place.courtyard.name);

    // What went over the wire: the single-use code, never a typed number, and the version agreed to.
    const submit = phone.calls.find((c) => c.data.action === 'registration.submit');
    const payload = submit?.data.payload as Record<string, unknown>;
    expect(payload.phoneCode).toBe('demo-phone:13912345678');
    expect(payload.phone).toBeUndefined();
    expect(payload.privacyVersion).toBe(policy.version);

    const me = openPage(env, 'pages/me/index');
    await waitForText(me, '登记审核中');
    expect(query(me, `${cls('profile__meta')} [class*="t-tag__text"]`)?.textContent?.trim()).toBe('待审核');
  });

  it('falls back to a typed number when the person refuses the phone button', async () => {
    const openid = 'test-newcomer-2';
    const { courtyards } = await courtyardsOf('cm-2');
    const target = courtyards[1]!;
    openApp(env, openid);
    const page = openPage(env, REGISTER, { communityId: 'cm-2', courtyardId: target.id });
    await waitFor(() => page.data.courtyardId === target.id, 'the courtyard to be preselected');

    fire(button(page, '微信授权手机号'), 'getphonenumber', { errMsg: 'getPhoneNumber:fail user deny' }, '微信授权手机号');
    await waitForText(page, '你没有授权微信手机号，可以手动填写');
    fill(page, { 真实姓名: '周子墨', 手机号: '13700001234', 楼栋: '1', 房号: '101' });
    tap(radio(page, '租户'), '租户');
    agree(page);
    await waitFor(() => (page.data.form as { agreed: boolean }).agreed, 'consent');
    tap(button(page, '提交登记'), '提交登记');

    await waitForText(page, '登记审核中');
    const mine = await ask(env, 'registration.mine', openid, {});
    expect(mine.current?.phoneVerified).toBe(false);
    expect(visibleText(page)).toContain(mine.current!.phoneMasked);
    expect(visibleText(page)).toContain('手动填写，未经微信验证');
  });

  it('shows the backend’s field message under the input it is about', async () => {
    const openid = 'test-newcomer-3';
    const { courtyards } = await courtyardsOf('cm-1');
    const target = courtyards[3]!;
    const policy = await ask(env, 'privacy.policy', openid, {});
    const refused = await attempt(env, 'registration.submit', openid, {
      realName: '钱多多',
      phone: '13800002222',
      courtyardId: target.id,
      address: { building: '3#', unit: '', room: '101' },
      relation: 'owner',
      privacyVersion: policy.version,
    });
    expect(refused.ok).toBe(false);
    const expected = refused.ok ? '' : refused.error.fields?.find((f) => f.path === 'address.building')?.message;
    expect(expected).toBeTruthy();

    openApp(env, openid);
    const page = openPage(env, REGISTER, { communityId: 'cm-1', courtyardId: target.id });
    await waitFor(() => page.data.courtyardId === target.id, 'the courtyard to be preselected');
    tap(button(page, '手动填写'), '手动填写');
    await waitFor(() => page.data.phoneMode === 'typed', 'the typed phone input');
    fill(page, { 真实姓名: '钱多多', 手机号: '13800002222', 楼栋: '3#', 房号: '101' });
    tap(radio(page, '业主'), '业主');
    agree(page);
    await waitFor(() => (page.data.form as { agreed: boolean }).agreed, 'consent');
    tap(button(page, '提交登记'), '提交登记');
    await waitFor(() => (page.data.errors as Record<string, string>).building === expected, 'the building error');
    expect(visibleText(page)).toContain(expected!);
    expect((await ask(env, 'registration.mine', openid, {})).current).toBeNull();
  });

  it('shows a rejected resident the reason, keeps what they wrote, and resubmits as pending', async () => {
    const openid = 'demo-resident-003';
    const before = await ask(env, 'registration.mine', openid, {});
    expect(before.current?.status).toBe('rejected');
    openApp(env, openid);
    const page = openPage(env, REGISTER);
    await waitForText(page, before.current!.rejectReason!);
    expect((page.data.form as { realName: string }).realName).toBe(before.current!.realName);
    await waitFor(() => page.data.courtyardId === before.current!.place.courtyard.id, 'the old courtyard to be preselected');

    fire(button(page, '微信授权手机号'), 'getphonenumber', { errMsg: 'getPhoneNumber:ok', code: 'demo-phone:13611112222' }, '授权');
    await waitForText(page, '已通过微信授权');
    fill(page, { 房号: '602' });
    agree(page);
    await waitFor(() => (page.data.form as { agreed: boolean }).agreed, 'consent');
    tap(button(page, '修改后重新提交'), '修改后重新提交');
    await waitForText(page, '登记审核中');
    const after = await ask(env, 'registration.mine', openid, {});
    expect(after.current?.status).toBe('pending');
    expect(after.current?.address.room).toBe('602');
  });
});
