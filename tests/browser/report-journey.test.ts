/**
 * Issue #5's journey in a real browser: a resident reports a problem with a photo from the 上报
 * tab; the grid worker responsible for the resident's courtyard finds it in 我的待办, accepts it
 * and feeds back the result with an after-photo; the resident rates it 5 stars and it is 已办结.
 * Headless Chromium drives the preview against the real local cloud with the demo seed;
 * expectations come from the backend. Screenshots go to test-results/browser/.
 */
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { callApi, IN_CI, openSession, startBrowserEnv, unavailableReason, type BrowserEnv, type Session } from './support/browser';
import { phoneText, tabBar, topPage, waitForRoute } from './support/phone';

interface Ok<T> {
  ok: true;
  data: T;
}

interface Detail {
  id: string;
  no: string;
  status: string;
  assignee: { kind: string; name: string; unit: string } | null;
  place: { courtyard: { id: string; name: string } };
  timeline: Array<{ kind: string; note: string; media: unknown[] }>;
  rating: { stars: number } | null;
}

/** A photo from the album: a 48 × 48 PNG in one colour. */
function photo(rgb: [number, number, number]): Buffer {
  const png = new PNG({ width: 48, height: 48 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([...rgb, 255], i);
  return PNG.sync.write(png);
}

const reason = unavailableReason();
if (reason && IN_CI) throw new Error(`browser tests cannot run in CI: ${reason}`);
if (reason) console.warn(`browser tests skipped: ${reason}`);

describe.skipIf(reason !== null)('a report from the resident’s phone to 已办结', () => {
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

  /** Switches the preview to another demo identity (the app relaunches as that person). */
  async function switchTo(s: Session, openid: string): Promise<void> {
    await s.page.locator('.identity', { hasText: openid }).first().click();
    await expect.poll(() => new URL(s.page.url()).searchParams.get('openid')).toBe(openid);
  }

  /** The subscribe sheet WeChat shows when the app asks for messages: allow. */
  async function allowSubscribe(s: Session): Promise<void> {
    const sheet = s.page.locator('.sheet[data-kind="subscribe"]');
    await sheet.waitFor({ timeout: 10_000 });
    await sheet.locator('[data-button="accept"]').click();
    await sheet.waitFor({ state: 'detached' });
  }

  /**
   * WeChat asks for privacy consent once per person, and remembers it (the preview keeps it per
   * demo identity). The seeded people registered through the registration form, which is where
   * they agreed; a fresh browser profile does not know that, so the journey records it. (The
   * report form and the detail page carry no privacy popup of their own: a person who never
   * agreed elsewhere would be refused the camera there.)
   */
  async function agreedEarlier(s: Session, openid: string): Promise<void> {
    await s.page.evaluate(`localStorage.setItem('linli-preview:${openid}:privacy-agreed', '1')`);
  }

  async function get(openid: string, id: string): Promise<Detail> {
    return (await callApi<Ok<Detail>>(env, openid, 'reports.get', { id })).data;
  }

  it('resident reports with a photo → grid worker accepts and resolves with an after-photo → resident rates 5 stars: 已办结', async () => {
    const resident = 'demo-resident-001';
    const me = await callApi<Ok<{ courtyard: { id: string; name: string } | null }>>(env, resident, 'me.get');
    expect(me.data.courtyard?.id).toBe('cy-1-1-1-1');

    const s = await openSession(env, 'report-journey', { openid: resident });
    sessions.push(s);
    await agreedEarlier(s, resident);
    await tabBar(s).getByText('上报', { exact: true }).waitFor({ timeout: 15_000 });

    // 上报 tab → 拍照上报: the form opens with the camera (here the file picker) at once.
    await tabBar(s).getByText('上报', { exact: true }).click();
    await waitForRoute(s, 'pages/report/index');
    await topPage(s).getByText('拍照上报', { exact: true }).waitFor({ timeout: 15_000 });
    await s.shot('report-tab');
    const chooser = s.page.waitForEvent('filechooser');
    await topPage(s).getByText('拍照上报', { exact: true }).click();
    await waitForRoute(s, 'packages/reports/pages/new/index');
    await (await chooser).setFiles({ name: 'problem.png', mimeType: 'image/png', buffer: photo([150, 90, 40]) });
    const form = topPage(s);
    await expect.poll(() => form.locator('[class*="tile"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => phoneText(form), { timeout: 15_000 }).not.toContain('上传中');
    const text = '3栋2单元楼道灯不亮，晚上看不见台阶';
    await form.getByPlaceholder('写几句问题的情况').fill(text);
    await s.shot('report-form');

    await form.getByText('提交上报', { exact: true }).click();
    // Once sent, the app asks for status messages (WeChat's sheet), then shows the report.
    await allowSubscribe(s);
    await s.shot('subscribe-status');
    await waitForRoute(s, 'packages/reports/pages/detail/index', 15_000);
    const mine = await callApi<Ok<{ items: Array<{ id: string; no: string }> }>>(env, resident, 'reports.mine', {});
    const { id, no } = mine.data.items[0]!;
    const sent = await get(resident, id);
    expect(sent.status).toBe('submitted');
    expect(sent.place.courtyard.id).toBe('cy-1-1-1-1');
    expect(sent.assignee?.kind).toBe('grid_worker');
    const detail = topPage(s);
    await expect.poll(() => phoneText(detail), { timeout: 15_000 }).toContain('已上报');
    expect(await phoneText(detail)).toContain(sent.assignee!.name);
    expect(await phoneText(detail)).toContain('待受理');
    expect(await phoneText(detail)).toContain(no);
    await s.shot('submitted');

    // The grid worker of the resident's grid: the demo identity whose task list holds the report.
    let worker = '';
    for (let i = 1; i <= 12 && !worker; i += 1) {
      const openid = `demo-grid-${String(i).padStart(2, '0')}`;
      const tasks = await callApi<Ok<{ items: Array<{ id: string }> }>>(env, openid, 'reports.tasks', { filter: 'all', limit: 50 });
      if (tasks.ok && tasks.data.items.some((t) => t.id === id)) worker = openid;
    }
    expect(worker, 'a demo grid worker responsible for cy-1-1-1-1').not.toBe('');

    await switchTo(s, worker);
    await agreedEarlier(s, worker);
    await tabBar(s).getByText('我的', { exact: true }).click();
    await waitForRoute(s, 'pages/me/index');
    await topPage(s).getByText('我的待办', { exact: true }).first().click();
    await waitForRoute(s, 'packages/reports/pages/tasks/index');
    // First open: the task reminder is offered, and asked for with WeChat's sheet.
    await topPage(s).getByText('开启提醒', { exact: true }).click({ timeout: 15_000 });
    await allowSubscribe(s);
    const tasks = topPage(s);
    const card = tasks.locator('wx-view', { hasText: `编号 ${no}` }).last();
    await card.waitFor({ timeout: 15_000 });
    await s.shot('worker-tasks');
    await card.click();
    await waitForRoute(s, 'packages/reports/pages/detail/index');
    const work = topPage(s);
    // The panel's button (the progress steps also read 受理).
    const panelButton = (label: string) => work.locator('wx-button').filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) });
    await panelButton('受理').first().click({ timeout: 15_000 });
    await work.getByText('复杂问题', { exact: true }).waitFor();
    await s.shot('accept-dialog');
    await panelButton('确认受理').click();
    await expect.poll(async () => (await get(worker, id)).status, { timeout: 15_000 }).toBe('accepted');
    await panelButton('反馈处理结果').first().waitFor({ timeout: 15_000 });
    await s.shot('accepted');

    await panelButton('反馈处理结果').first().click();
    const note = '已更换楼道灯泡，恢复照明';
    await work.getByPlaceholder('如：已清理楼道杂物，并提醒住户不要再堆放').fill(note);
    const afterChooser = s.page.waitForEvent('filechooser');
    await work.getByText('拍照/相册', { exact: true }).click();
    await (await afterChooser).setFiles({ name: 'after.png', mimeType: 'image/png', buffer: photo([250, 220, 80]) });
    await expect.poll(() => work.locator('[class*="hp-photo__img"]').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => /\d+%|上传失败/.test(await phoneText(work)), { timeout: 15_000 }).toBe(false);
    await s.shot('resolve-sheet');
    await panelButton('提交处理结果').click();
    await expect.poll(async () => (await get(worker, id)).status, { timeout: 15_000 }).toBe('resolved');
    const resolved = await get(worker, id);
    const feedback = resolved.timeline.find((t) => t.kind === 'resolve');
    expect(feedback?.note).toBe(note);
    expect(feedback?.media.length).toBe(1);
    await expect.poll(() => phoneText(work), { timeout: 15_000 }).toContain(note);
    await s.shot('resolved');

    // Back to the resident: the report waits for a rating; 5 stars closes it.
    await switchTo(s, resident);
    await tabBar(s).getByText('上报', { exact: true }).click();
    await waitForRoute(s, 'pages/report/index');
    await topPage(s).getByText('我最近的上报').waitFor({ timeout: 15_000 });
    await topPage(s).getByText('待评价').first().click();
    await waitForRoute(s, 'packages/reports/pages/detail/index');
    const rate = topPage(s);
    await rate.getByText('处理得怎么样？').waitFor({ timeout: 15_000 });
    // The fifth star: the right end of TDesign's rate (it reads the tap's position).
    const stars = rate.locator('[class*="t-rate__wrapper"]').first();
    const box = await stars.boundingBox();
    await stars.click({ position: { x: box!.width - 4, y: box!.height / 2 } });
    await expect.poll(() => phoneText(rate)).toContain('非常满意');
    await s.shot('rating');
    await rate.getByText('提交评价', { exact: true }).click();
    await expect.poll(async () => (await get(resident, id)).status, { timeout: 15_000 }).toBe('closed');
    expect((await get(resident, id)).rating?.stars).toBe(5);
    await expect.poll(() => phoneText(rate), { timeout: 15_000 }).toContain('已办结');
    // The status at the top, once the toast has gone.
    await rate.evaluate((el) => ((el as unknown as { scrollTop: number }).scrollTop = 0));
    await s.page.waitForTimeout(2500);
    await s.shot('closed');
    expect(s.external).toEqual([]);
  }, 240_000);

  it('the handler’s other pages: 问题地图 (no tiles in the preview: the list under it), 督办队列 and 三率统计', async () => {
    const worker = 'demo-grid-01';
    const map = await callApi<Ok<{ items: Array<{ no: string; location: unknown }> }>>(env, worker, 'reports.map', {});
    const s = await openSession(env, 'handler-pages', { openid: worker, path: 'packages/reports/pages/map/index' });
    sessions.push(s);
    await waitForRoute(s, 'packages/reports/pages/map/index', 15_000);
    const page = topPage(s);
    await expect.poll(() => phoneText(page), { timeout: 15_000 }).toContain(`未办结 ${map.data.items.length} 件`);
    if (map.data.items.some((r) => r.location)) expect(await phoneText(page)).toContain('地图（预览不加载地图瓦片）');
    await s.shot('map');

    const staff = 'demo-community-1';
    await switchTo(s, staff);
    const stats = await callApi<Ok<{ unit: { name: string }; total: { reports: number }; rows: Array<{ unit: { name: string } }> }>>(
      env,
      staff,
      'reports.stats',
      { unitId: 'cm-1', period: '30d' },
    );
    await s.page.locator('#open-page').selectOption('packages/reports/pages/stats/index');
    await s.page.locator('#open-go').click();
    await waitForRoute(s, 'packages/reports/pages/stats/index');
    await expect.poll(() => phoneText(topPage(s)), { timeout: 15_000 }).toContain(`上报 ${stats.data.total.reports} 件`);
    for (const row of stats.data.rows) expect(await phoneText(topPage(s))).toContain(row.unit.name);
    await s.shot('stats');

    await s.page.locator('#open-page').selectOption('packages/reports/pages/queue/index');
    await s.page.locator('#open-go').click();
    await waitForRoute(s, 'packages/reports/pages/queue/index');
    await expect.poll(() => phoneText(topPage(s)), { timeout: 15_000 }).toContain('督办范围');
    await s.shot('queue');
  }, 120_000);
});
