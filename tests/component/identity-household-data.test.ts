// @vitest-environment jsdom
/**
 * 我家 and 我的数据 against the real local cloud: the household head confirms a family
 * member, the export shows and copies what the backend holds, and deleting the account
 * leaves a visitor.
 */
import { describe, expect, it } from 'vitest';
import { ask, openApp } from './support/app';
import { button, cell } from './support/find';
import { openPage, tap, visibleText, waitFor, waitForText } from './support/harness';
import { useTestEnv } from './support/use-test-env';

const env = useTestEnv({ settle: true });

describe('我家', () => {
  it('lets the household head confirm a family member, who is then verified', async () => {
    const head = 'demo-resident-001';
    const before = await ask(env, 'household.mine', head, {});
    expect(before.pendingMembers.length).toBeGreaterThan(0);
    const waiting = before.pendingMembers[0]!;

    openApp(env, head);
    const page = openPage(env, 'packages/identity/pages/household/index');
    await waitForText(page, before.household!.address.text);
    for (const m of before.household!.members) expect(visibleText(page)).toContain(m.name);
    expect(visibleText(page)).toContain(`待我确认的家庭成员（${before.pendingMembers.length}）`);
    expect(visibleText(page)).toContain(waiting.realName);

    tap(button(page, '确认'), '确认');
    await waitForText(page, `已确认 ${waiting.realName} 加入本户`);
    const after = await ask(env, 'household.mine', head, {});
    expect(after.pendingMembers.map((r) => r.id)).not.toContain(waiting.id);
    expect(after.household!.members.length).toBe(before.household!.members.length + 1);
    await waitFor(
      () => (page.data.household as { members: unknown[] }).members.length === after.household!.members.length,
      'the new member',
    );
    for (const m of after.household!.members) expect(visibleText(page)).toContain(m.name);
  });
});

describe('我的数据', () => {
  it('shows what the backend stores about me, in full, and copies all of it', async () => {
    const openid = 'demo-resident-001';
    const exported = await ask(env, 'me.export', openid, {});
    const phone = openApp(env, openid);
    const me = openPage(env, 'pages/me/index');
    await waitForText(me, '我的数据');
    tap(cell(me, '我的数据'), '我的数据');
    await waitFor(() => phone.navigations.length === 1, 'the data page to open');
    expect(phone.navigations[0]).toBe('/packages/identity/pages/my-data/index');

    const page = openPage(env, 'packages/identity/pages/my-data/index');
    await waitForText(page, '我在邻里的全部数据');
    const text = visibleText(page);
    expect(text).toContain(exported.profile.realName);
    expect(text).toContain(exported.profile.phone); // the person's own number, unmasked, only here
    expect(text).toContain(exported.profile.address);
    for (const r of exported.registrations.slice(0, 3)) expect(text).toContain(r.address);

    tap(button(page, '复制全部数据'), '复制全部数据');
    await waitFor(() => phone.clipboard.length === 1, 'the copy');
    const copied = JSON.parse(phone.clipboard[0]!) as typeof exported;
    expect(copied.profile).toEqual(exported.profile);
    expect(copied.registrations.map((r) => r.id)).toEqual(exported.registrations.map((r) => r.id));
  });

  it('deletes the account after two confirmations; the person is then a visitor', async () => {
    const openid = 'demo-resident-005';
    const before = await ask(env, 'me.get', openid, {});
    expect(before.status).not.toBe('guest');
    const phone = openApp(env, openid);
    const page = openPage(env, 'packages/identity/pages/my-data/index');
    await waitForText(page, '注销账号');

    phone.modalAnswers.push(false); // changes their mind at the first question: nothing happens
    tap(cell(page, '注销账号'), '注销账号');
    await waitFor(() => phone.modals.length === 1, 'the first confirmation');
    expect(phone.calls.some((c) => c.data.action === 'me.deleteAccount')).toBe(false);

    tap(cell(page, '注销账号'), '注销账号');
    await waitFor(() => phone.calls.some((c) => c.data.action === 'me.deleteAccount'), 'the deletion');
    expect(phone.modals.length).toBe(3);
    await waitFor(() => phone.navigations.includes('/pages/me/index'), 'the restart on 我的');
    const after = await ask(env, 'me.get', openid, {});
    expect(after.status).toBe('guest');
    expect(after.roles).toEqual([]);
    expect(after.courtyard).toBeNull();
  });
});
