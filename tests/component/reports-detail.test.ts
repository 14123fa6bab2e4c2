// @vitest-environment jsdom
/** 问题详情 for the reporter: progress, promised times, timeline, rating; against the real local cloud. */
import { describe, expect, it } from 'vitest';
import { ask, openApp, quiesce } from './support/app';
import { button } from './support/find';
import { fire, openPage, query, tap, visibleText, waitFor, waitForText } from './support/harness';
import { installReporterPhone, photo, storeFile } from './support/reporter-phone';
import { useTestEnv } from './support/use-test-env';

const env = useTestEnv();

const RESIDENT = 'demo-resident-001';
const DETAIL = 'packages/reports/pages/detail/index';
const GRID_WORKERS = Array.from({ length: 12 }, (_, i) => `demo-grid-${String(i + 1).padStart(2, '0')}`);

/** A report by the resident, and the grid worker the backend routed it to. */
async function reportWithHandler(text: string): Promise<{ id: string; handler: string }> {
  const { id } = await ask(env, 'reports.submit', RESIDENT, { text, category: 'facility' });
  for (const openid of GRID_WORKERS) {
    const seen = await ask(env, 'reports.get', openid, { id }).catch(() => null);
    if (seen?.can.accept) return { id, handler: openid };
  }
  throw new Error('no grid worker may accept the report');
}

/** The handler accepts and resolves with an after photo, through the API. */
async function resolveAsHandler(id: string, handler: string): Promise<void> {
  await ask(env, 'reports.accept', handler, { id });
  const fileId = await storeFile(env, handler, `reports/${handler}/after-${id}/1.jpg`, photo([20, 160, 90]));
  await ask(env, 'reports.resolve', handler, { id, note: '已更换灯泡', media: [{ kind: 'image', fileId, size: 100 }] });
}

describe('问题详情', () => {
  it('shows the promised times and the handler, and lets the reporter withdraw before acceptance', async () => {
    const { id } = await reportWithHandler('单元门禁坏了');
    const report = await ask(env, 'reports.get', RESIDENT, { id });
    const phone = openApp(env, RESIDENT);
    installReporterPhone(env, phone);
    const page = openPage(env, DETAIL, { id, fresh: '1' });
    await waitForText(page, `编号 ${report.no}`);
    const text = visibleText(page);
    expect(text).toContain('待受理');
    expect(text).toContain(report.assignee!.name);
    expect(text).toContain('受理期限');
    expect(text).toContain('办结期限');
    expect(text).toContain('单元门禁坏了');
    // Exactly the moves the backend allows the reporter now.
    expect(report.can.withdraw).toBe(true);
    expect(button(page, '撤回上报')).not.toBeNull();
    expect(button(page, '提交评价')).toBeNull();
    expect(button(page, '没有解决，重新打开')).toBeNull();

    tap(button(page, '撤回上报'), '撤回上报');
    await waitForText(page, '已撤回');
    expect((await ask(env, 'reports.get', RESIDENT, { id })).status).toBe('withdrawn');
    expect(button(page, '撤回上报')).toBeNull();
    await quiesce();
  });

  it('shows the timeline after the handler resolves it, and the reporter’s rating closes the report', async () => {
    const { id, handler } = await reportWithHandler('楼道灯不亮');
    await resolveAsHandler(id, handler);
    const before = await ask(env, 'reports.get', RESIDENT, { id });
    expect(before.can.rate).toBe(true);
    expect(before.can.reopen).toBe(true);

    const phone = openApp(env, RESIDENT);
    const rp = installReporterPhone(env, phone);
    const page = openPage(env, DETAIL, { id });
    await waitForText(page, '处理得怎么样？');
    const text = visibleText(page);
    expect(text).toContain('待评价');
    for (const kind of ['上报', '受理', '处理反馈']) expect(text).toContain(kind);
    expect(text).toContain('已更换灯泡');
    expect(button(page, '没有解决，重新打开')).not.toBeNull();

    // The after photo in the timeline opens the image preview.
    const afterPhoto = query(page, '[class*="media--small"] [class*="t-image"]');
    tap(afterPhoto, 'the after photo');
    await waitFor(() => rp.previews.length > 0, 'the preview');

    // Without stars the form says what is missing.
    tap(button(page, '提交评价'), '提交评价');
    await waitForText(page, '请选择 1–5 星');

    // TDesign's rate turns a tap into stars from the layout, which jsdom has none of: the test
    // makes the component emit its own change event, as it does after a tap.
    const stars = page.querySelector('#rate-stars');
    if (!stars) throw new Error('no star rating on the page');
    (stars.instance as { triggerEvent(name: string, detail: unknown): void }).triggerEvent('change', { value: 5 });
    expect((page.instance.data as { stars: number }).stars).toBe(5);
    fire(query(page, '[class*="rate-form"] [class*="t-textarea__wrapper-inner"]'), 'input', { value: '很及时', cursor: 3 }, 'the comment');
    tap(button(page, '提交评价'), '提交评价');
    await waitForText(page, '已办结');

    const after = await ask(env, 'reports.get', RESIDENT, { id });
    expect(after.status).toBe('closed');
    expect(after.rating).toMatchObject({ stars: 5, comment: '很及时' });
    expect(button(page, '提交评价')).toBeNull();
    expect(visibleText(page)).toContain('评价办结');
    const rate = phone.calls.filter((c) => c.data.action === 'reports.rate');
    expect(rate).toHaveLength(1);
    await quiesce();
  });

  it('reopens a resolved report with a reason', async () => {
    const { id, handler } = await reportWithHandler('小区门口路灯不亮');
    await resolveAsHandler(id, handler);
    openApp(env, RESIDENT);
    const page = openPage(env, DETAIL, { id });
    await waitForText(page, '没有解决，重新打开');
    tap(button(page, '没有解决，重新打开'), '重新打开');
    await waitFor(() => (page.instance.data as { reopenVisible: boolean }).reopenVisible, 'the reason dialog');
    fire(
      query(page, '[class*="input-dialog__textarea"] [class*="t-textarea__wrapper-inner"]') ??
        query(page, '[class*="input-dialog"] textarea, [class*="input-dialog"] wx-textarea'),
      'input',
      { value: '晚上还是不亮', cursor: 6 },
      'the reason',
    );
    tap(button(page, '重新打开'), '重新打开 in the dialog');
    await waitForText(page, '重新打开 · ');
    expect((await ask(env, 'reports.get', RESIDENT, { id })).status).toBe('reopened');
    await quiesce();
  });

  it('lets a neighbour say 我也遇到了 once, and shows them the reporter only as the backend masks it', async () => {
    const { id } = await reportWithHandler('电梯经常卡住');
    let neighbour = '';
    for (let i = 5; i <= 60 && !neighbour; i += 1) {
      const openid = `demo-resident-${String(i).padStart(3, '0')}`;
      const seen = await ask(env, 'reports.get', openid, { id }).catch(() => null);
      if (seen?.can.meToo) neighbour = openid;
    }
    expect(neighbour).not.toBe('');
    const seen = await ask(env, 'reports.get', neighbour, { id });
    expect(seen.viewer).toBe('public');

    openApp(env, neighbour);
    const page = openPage(env, DETAIL, { id });
    await waitForText(page, '我也遇到了');
    const full = (await ask(env, 'reports.get', RESIDENT, { id })).reporter.name;
    expect(seen.reporter.name).not.toBe(full);
    expect(visibleText(page)).toContain(seen.reporter.name);
    expect(visibleText(page)).not.toContain(full);
    expect(button(page, '撤回上报')).toBeNull();
    tap(button(page, '我也遇到了'), '我也遇到了');
    await waitForText(page, '你已表示也遇到了这个问题');
    expect(button(page, '我也遇到了')).toBeNull();
    const after = await ask(env, 'reports.get', RESIDENT, { id });
    expect(after.meTooCount).toBe(seen.meTooCount + 1);
    expect(visibleText(page)).toContain(`${after.meTooCount} 位邻居也遇到了`);
    await quiesce();
  });
});
