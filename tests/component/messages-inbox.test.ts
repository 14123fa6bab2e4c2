// @vitest-environment jsdom
/** 消息中心 and the unread badge on 我的, against the real local cloud. */
import { describe, expect, it } from 'vitest';
import { ask, openApp, quiesce } from './support/app';
import { button, cell, cells } from './support/find';
import { openPage, queryAll, tap, visibleText, waitFor, waitForText } from './support/harness';
import { useTestEnv } from './support/use-test-env';

const env = useTestEnv();

const RESIDENT = 'demo-resident-001';
const GRID_WORKERS = Array.from({ length: 12 }, (_, i) => `demo-grid-${String(i + 1).padStart(2, '0')}`);

/** Gives the resident notices the way the app does: their report is accepted by its grid worker. */
async function notices(): Promise<void> {
  for (const text of ['消防通道被堵', '绿化带有垃圾']) {
    const { id } = await ask(env, 'reports.submit', RESIDENT, { text });
    for (const openid of GRID_WORKERS) {
      const seen = await ask(env, 'reports.get', openid, { id }).catch(() => null);
      if (seen?.can.accept) {
        await ask(env, 'reports.accept', openid, { id });
        break;
      }
    }
  }
}

describe('消息中心', () => {
  it('lists the notices with unread dots; a tap marks one read and opens its page; 全部已读 clears the rest', async () => {
    await notices();
    const list = await ask(env, 'messages.list', RESIDENT, {});
    expect(list.unread).toBeGreaterThanOrEqual(2);
    const first = list.items[0]!;

    // 我的 shows the count.
    openApp(env, RESIDENT);
    const me = openPage(env, 'pages/me/index');
    await waitForText(me, '消息中心');
    await waitFor(() => (me.instance.data as { unread: number }).unread === list.unread, 'the unread badge');
    expect(
      queryAll(me, '[class*="t-badge"]')
        .map((b) => b.textContent ?? '')
        .join(' '),
    ).toContain(String(list.unread));

    const phone = openApp(env, RESIDENT);
    const page = openPage(env, 'packages/messages/pages/inbox/index');
    await waitForText(page, first.title);
    expect(visibleText(page)).toContain(`${list.unread} 条未读`);
    expect(cells(page).map((c) => c.title)).toEqual(list.items.map((m) => m.title));

    tap(cells(page)[0]!.el, first.title);
    await waitFor(() => phone.navigations.length > 0, 'the message’s page');
    expect(phone.navigations[0]).toBe(first.page);
    await waitFor(() => phone.calls.some((c) => c.data.action === 'messages.read'), 'the read call');
    await waitFor(() => (page.instance.data as { unread: number }).unread === list.unread - 1, 'one fewer unread');
    const afterOne = await ask(env, 'messages.list', RESIDENT, {});
    expect(afterOne.unread).toBe(list.unread - 1);
    expect(afterOne.items.find((m) => m.id === first.id)?.read).toBe(true);

    tap(button(page, '全部已读'), '全部已读');
    await waitForText(page, '全部已读');
    await waitFor(() => (page.instance.data as { unread: number }).unread === 0, 'no unread');
    expect((await ask(env, 'messages.list', RESIDENT, {})).unread).toBe(0);
    expect(cell(page, first.title)).not.toBeNull();
    await quiesce();
  });
});
