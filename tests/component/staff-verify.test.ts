// @vitest-environment jsdom
/**
 * The verification queue against the real local cloud: what a grid worker or community
 * staff member sees is the backend's queue, and their decision is what the resident then sees.
 */
import { describe, expect, it } from 'vitest';
import type { ActionResult } from '../../contracts';
import { ask, openApp } from './support/app';
import { button, buttons, cell, inputByLabel } from './support/find';
import { cls, fire, openPage, query, queryAll, tap, visibleText, waitFor, waitForText } from './support/harness';
import type { SimRoot } from './support/simulate';
import { useTestEnv } from './support/use-test-env';

const env = useTestEnv({ settle: true });

const STAFF = 'demo-community-1';
const VERIFY = 'packages/staff/pages/verify/index';

/** A newcomer registers through the backend (the registration page has its own tests). */
async function applicant(openid: string, realName: string, room: string): Promise<ActionResult<'registration.submit'>> {
  await ask(env, 'identity.login', openid, {});
  const [{ courtyards }, policy] = await Promise.all([
    ask(env, 'org.courtyards', STAFF, { communityId: 'cm-1' }),
    ask(env, 'privacy.policy', openid, {}),
  ]);
  return ask(env, 'registration.submit', openid, {
    realName,
    phone: '13500001111',
    courtyardId: courtyards[0]!.id,
    address: { building: '8', unit: '1', room },
    relation: 'owner',
    privacyVersion: policy.version,
  });
}

function card(page: SimRoot, realName: string): Element | null {
  return (
    queryAll(page, cls('queue-item')).find((el) => el.querySelector(cls('queue-item__name'))?.textContent?.trim() === realName) ?? null
  );
}

/** The dialog's own footer button (the cards carry buttons with the same words). */
function dialogButton(page: SimRoot, text: string): Element | null {
  const footers = queryAll(page, '[class*="t-dialog__footer"]');
  for (const f of footers) {
    const hit = button(page, text, f);
    if (hit) return hit;
  }
  return null;
}

async function openQueue(openid: string): Promise<SimRoot> {
  const phone = openApp(env, openid);
  const me = openPage(env, 'pages/me/index');
  await waitForText(me, '工作台');
  tap(cell(me, '登记审核'), '登记审核');
  await waitFor(() => phone.navigations.length > 0, 'the queue to open');
  expect(phone.navigations.at(-1)).toBe('/packages/staff/pages/verify/index');
  return openPage(env, VERIFY);
}

describe('登记审核', () => {
  it('lists the backend’s pending registrations oldest first, with the counts per status', async () => {
    const submitted = await applicant('test-applicant-1', '唐雨桐', '301');
    const queue = await ask(env, 'registration.queue', STAFF, { unitId: 'cm-1', status: 'pending' });
    const page = await openQueue(STAFF);
    await waitFor(() => page.data.status === 'ready', 'the queue');

    const tabs = queryAll(page, '[class*="t-tabs__item-inner"]').map((t) => t.textContent?.trim());
    expect(tabs).toEqual([`待审核（${queue.counts.pending}）`, `已通过（${queue.counts.verified}）`, `未通过（${queue.counts.rejected}）`]);
    const names = queryAll(page, cls('queue-item__name')).map((n) => n.textContent?.trim());
    expect(names).toEqual(queue.items.map((i) => i.realName));
    // Oldest first: the newest submission is not ahead of an older one.
    const times = queue.items.map((i) => i.submittedAt);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    if (queue.items.some((i) => i.id === submitted.id)) expect(names).toContain(submitted.realName);
    else expect(queue.nextCursor).not.toBeNull(); // a newer submission waits behind a full first page
    expect(page.data.hasMore).toBe(queue.nextCursor !== null);
  });

  it('approves with the floor area; the resident’s 我的 then says 已认证', async () => {
    const submitted = await applicant('test-applicant-2', '欧阳明', '402');
    const before = await ask(env, 'registration.queue', STAFF, { unitId: 'cm-1', status: 'pending' });
    const page = await openQueue(STAFF);
    await waitFor(() => !!card(page, '欧阳明') || page.data.hasMore === true, 'the applicant');
    while (!card(page, '欧阳明') && page.data.hasMore) {
      const shown = (page.data.items as unknown[]).length;
      tap(button(page, '加载更多'), '加载更多');
      await waitFor(() => (page.data.items as unknown[]).length > shown, 'the next page');
    }
    tap(button(page, '通过', card(page, '欧阳明')), '通过');
    await waitForText(page, '房屋面积');
    fire(inputByLabel(page, '房屋面积'), 'input', { value: '86.5' }, '房屋面积');
    tap(dialogButton(page, '通过'), 'the dialog’s 通过');
    await waitFor(() => !card(page, '欧阳明'), 'the decided registration to leave the queue');
    await waitFor(() => (page.data.counts as { pending: number }).pending === before.counts.pending - 1, 'the pending count');

    const mine = await ask(env, 'registration.mine', 'test-applicant-2', {});
    expect(mine.current?.id).toBe(submitted.id);
    expect(mine.current?.status).toBe('verified');
    const home = await ask(env, 'household.mine', 'test-applicant-2', {});
    expect(home.household?.floorArea).toBe(86.5);

    openApp(env, 'test-applicant-2');
    const me = openPage(env, 'pages/me/index');
    await waitForText(me, '我家');
    expect(query(me, `${cls('profile__meta')} [class*="t-tag__text"]`)?.textContent?.trim()).toBe('已认证');
  });

  it('rejects with a reason the resident then reads on the registration page', async () => {
    await applicant('test-applicant-3', '白露', '503');
    const page = await openQueue(STAFF);
    await waitFor(() => page.data.status === 'ready', 'the queue');
    while (!card(page, '白露') && page.data.hasMore) {
      const shown = (page.data.items as unknown[]).length;
      tap(button(page, '加载更多'), '加载更多');
      await waitFor(() => (page.data.items as unknown[]).length > shown, 'the next page');
    }
    tap(button(page, '驳回', card(page, '白露')), '驳回');
    await waitForText(page, '驳回登记');
    fire(query(page, '[class*="t-textarea__wrapper-inner"]'), 'input', { value: '房号与房产证不符' }, 'the reason');
    tap(dialogButton(page, '驳回'), 'the dialog’s 驳回');
    await waitFor(() => !card(page, '白露'), 'the decided registration to leave the queue');

    const mine = await ask(env, 'registration.mine', 'test-applicant-3', {});
    expect(mine.current?.status).toBe('rejected');
    openApp(env, 'test-applicant-3');
    const form = openPage(env, 'packages/identity/pages/register/index');
    await waitForText(form, mine.current!.rejectReason!);
    expect(mine.current!.rejectReason).toBe('房号与房产证不符');
  });

  it('shows a grid worker only the registrations of their grid', async () => {
    const me = await ask(env, 'me.get', 'demo-grid-02', {});
    const grid = me.roles.find((r) => r.role === 'grid_worker')!;
    const queue = await ask(env, 'registration.queue', 'demo-grid-02', { unitId: grid.scopeId, status: 'pending' });
    const page = await openQueue('demo-grid-02');
    await waitFor(() => page.data.status !== 'loading', 'the queue');
    expect(visibleText(page)).toContain(`审核范围：${grid.scopeName}`);
    const names = queryAll(page, cls('queue-item__name')).map((n) => n.textContent?.trim());
    expect(names).toEqual(queue.items.map((i) => i.realName));
    for (const item of queue.items) expect(item.place.grid.id).toBe(grid.scopeId);
    expect(buttons(page, '通过').length).toBe(queue.items.length);
  });
});
