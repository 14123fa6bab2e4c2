// @vitest-environment jsdom
/**
 * The handler panel against the real local cloud: it offers exactly the moves the backend's
 * `can` allows, accepts (optionally as a complex case), refuses to send a resolution without an
 * after-photo, and resolves with a photo uploaded to the handler's own folder; each move hands
 * the page the ReportDetail the backend returned.
 */
import { describe, expect, it } from 'vitest';
import type { ReportDetail } from '../../contracts/reports';
import { ask, openApp } from './support/app';
import { button, buttons } from './support/find';
import { fire, query, queryAll, tap, visibleText, waitFor } from './support/harness';
import { installMedia, photoFile, type MediaPhone } from './support/report-media';
import { simulate, type SimRoot } from './support/simulate';
import { useTestEnv } from './support/use-test-env';
import type { Phone } from './support/wx-env';

const env = useTestEnv({ settle: true });

const RESIDENT = 'demo-resident-001';
const PANEL = 'packages/reports/components/handler-panel/index';

const MOVE_LABELS: Array<[keyof ReportDetail['can'], string]> = [
  ['accept', '受理'],
  ['start', '开始处置'],
  ['resolve', '反馈处理结果'],
  ['dispatch', '派单'],
  ['transfer', '转交'],
  ['markDuplicate', '标记重复'],
  ['reject', '不予受理'],
];

/** A resident reports a problem in their courtyard; the backend routes it to a handler. */
async function newReport(text: string): Promise<{ id: string; handler: string }> {
  const sent = await ask(env, 'reports.submit', RESIDENT, { text, category: 'environment' });
  const tasks = await findHandler(sent.id);
  return { id: sent.id, handler: tasks };
}

/** Which demo grid worker the report went to: the one whose task list holds it. */
async function findHandler(id: string): Promise<string> {
  for (let i = 1; i <= 12; i += 1) {
    const openid = `demo-grid-${String(i).padStart(2, '0')}`;
    const tasks = await ask(env, 'reports.tasks', openid, { filter: 'all', limit: 50 });
    if (tasks.items.some((t) => t.id === id)) return openid;
  }
  throw new Error(`no demo grid worker has report ${id}`);
}

interface Rendered {
  panel: SimRoot;
  changes: ReportDetail[];
  phone: Phone;
  media: MediaPhone;
}

async function renderPanel(openid: string, id: string): Promise<Rendered> {
  const phone = openApp(env, openid);
  const media = installMedia(env, phone);
  const report = await ask(env, 'reports.get', openid, { id });
  const panel = simulate.render(simulate.load(env.path(PANEL), { rootPath: env.root }), { report });
  panel.attach(document.createElement('parent-wrapper'));
  const changes: ReportDetail[] = [];
  (panel as unknown as { addEventListener(name: string, fn: (e: { detail: ReportDetail }) => void): void }).addEventListener(
    'changed',
    (e) => {
      changes.push(e.detail);
      // What the detail page does with it.
      (panel as unknown as { setData(d: object): void }).setData({ report: e.detail });
    },
  );
  return { panel, changes, phone, media };
}

function shownMoves(panel: SimRoot): string[] {
  const box = query(panel, '[class*="handler-panel__buttons"]');
  if (!box) return [];
  return MOVE_LABELS.map(([, label]) => label).filter((label) => buttons(panel, label, box).length > 0);
}

function allowedMoves(report: ReportDetail): string[] {
  return MOVE_LABELS.filter(([key]) => report.can[key]).map(([, label]) => label);
}

/** The sheet or dialog button (the panel's own buttons use other words). */
function tapButton(panel: SimRoot, text: string): void {
  tap(button(panel, text), text);
}

function typeInto(panel: SimRoot, value: string): void {
  const textareas = queryAll(panel, '[class*="t-textarea__wrapper-inner"]');
  fire(textareas[textareas.length - 1], 'input', { value, cursor: value.length }, 'the note');
}

describe('handler panel', () => {
  it('shows exactly the moves the backend allows, and nothing to the reporter', async () => {
    const { id, handler } = await newReport('楼道里堆满了杂物，影响通行');
    const asHandler = await ask(env, 'reports.get', handler, { id });
    expect(asHandler.viewer).toBe('handler');
    const expected = allowedMoves(asHandler);
    expect(expected).toContain('受理');

    const { panel } = await renderPanel(handler, id);
    await waitFor(() => shownMoves(panel).length > 0, 'the buttons');
    expect(shownMoves(panel)).toEqual(expected);

    const reporter = await renderPanel(RESIDENT, id);
    expect(allowedMoves(await ask(env, 'reports.get', RESIDENT, { id }))).toEqual([]);
    expect(shownMoves(reporter.panel)).toEqual([]);
    expect(visibleText(reporter.panel)).not.toContain('处理');
  });

  it('accepts as a complex case, refuses a resolution without a photo, then resolves with an after-photo', async () => {
    const { id, handler } = await newReport('小区东门路灯坏了，晚上很黑');
    const { panel, changes, media, phone } = await renderPanel(handler, id);
    await waitFor(() => shownMoves(panel).includes('受理'), 'the 受理 button');

    // 受理 → the dialog offers 复杂问题, which moves the deadline to 15 days.
    tapButton(panel, '受理');
    await waitFor(() => visibleText(panel).includes('复杂问题'), 'the accept dialog');
    const complex = queryAll(panel, '[class*="t-radio__title"]').find((el) => el.textContent?.trim() === '复杂问题');
    tap(complex?.closest('[class~="t-radio--t-radio"]'), '复杂问题');
    tapButton(panel, '确认受理');
    await waitFor(() => changes.length === 1, 'the accepted report');
    const accepted = changes[0]!;
    expect(accepted.status).toBe('accepted');
    expect(accepted.slaClass).toBe('complex');
    expect(await ask(env, 'reports.get', handler, { id })).toMatchObject({ status: 'accepted', slaClass: 'complex' });
    const acceptCalls = phone.calls.filter((c) => c.data.action === 'reports.accept');
    expect(acceptCalls.map((c) => c.data.payload)).toEqual([{ id, complex: true }]);

    // The buttons follow the new `can`.
    await waitFor(() => shownMoves(panel).join() === allowedMoves(accepted).join(), 'the buttons of an accepted report');
    expect(shownMoves(panel)).toContain('反馈处理结果');

    // 反馈处理结果 without a photo: the panel says so and sends nothing.
    tapButton(panel, '反馈处理结果');
    await waitFor(() => visibleText(panel).includes('处理后的照片'), 'the resolve sheet');
    typeInto(panel, '已更换灯泡，恢复照明');
    tapButton(panel, '提交处理结果');
    await waitFor(() => visibleText(panel).includes('请上传处理后的照片'), 'the missing-photo message');
    expect(phone.calls.some((c) => c.data.action === 'reports.resolve')).toBe(false);

    // A photo whose first upload fails: 重试 uploads it again, into the handler's own folder.
    media.failUploads = 1;
    media.nextPicks.push([photoFile('after-1.jpg')]);
    tap(query(panel, '[class*="hp-photo--add"]'), '拍照/相册');
    await waitFor(() => visibleText(panel).includes('上传失败'), 'the failed upload');
    tapButton(panel, '提交处理结果');
    await waitFor(() => visibleText(panel).includes('有照片上传失败'), 'the failed-photo message');
    tap(query(panel, '[class*="hp-photo__mask--failed"]'), '点击重试');
    await waitFor(() => media.uploads.length === 1, 'the upload');
    await waitFor(() => query(panel, '[class*="hp-photo__mask"]') === null, 'the upload to finish');
    expect(visibleText(panel)).not.toContain('上传失败');
    expect(media.uploads[0]).toMatch(new RegExp(`^reports/[^/]+/${id}-after/1\\.jpg$`));
    expect(media.progress).toContain(100);

    tapButton(panel, '提交处理结果');
    await waitFor(() => changes.length === 2, 'the resolved report');
    const resolved = changes[1]!;
    expect(resolved.status).toBe('resolved');
    const stored = await ask(env, 'reports.get', RESIDENT, { id });
    expect(stored.status).toBe('resolved');
    const entry = stored.timeline.find((t) => t.kind === 'resolve');
    expect(entry?.note).toBe('已更换灯泡，恢复照明');
    expect(entry?.media.length).toBe(1);
    await waitFor(() => shownMoves(panel).join() === allowedMoves(resolved).join(), 'the buttons of a resolved report');
  });

  it('rejects with a reason, and the reason is required', async () => {
    const { id, handler } = await newReport('隔壁小区的广场舞声音太大');
    const { panel, changes } = await renderPanel(handler, id);
    await waitFor(() => shownMoves(panel).includes('不予受理'), 'the 不予受理 button');
    const box = query(panel, '[class*="handler-panel__buttons"]');
    tap(button(panel, '不予受理', box), '不予受理');
    await waitFor(() => visibleText(panel).includes('上报人会收到通知并看到原因'), 'the reason dialog');
    const confirm = queryAll(panel, '[class*="t-dialog__footer"]')
      .map((f) => button(panel, '不予受理', f))
      .find(Boolean);
    tap(confirm, 'the dialog 不予受理');
    await waitFor(() => visibleText(panel).includes('请写明不予受理的原因'), 'the required reason');
    typeInto(panel, '不属于本社区管辖范围，已告知居民向所在社区反映');
    tap(confirm, 'the dialog 不予受理');
    await waitFor(() => changes.length === 1, 'the rejected report');
    expect(changes[0]!.status).toBe('rejected');
    expect(shownMoves(panel)).toEqual(allowedMoves(changes[0]!));
  });

  it('marks a duplicate by the other report’s number', async () => {
    const first = await newReport('2栋门口的井盖松了，踩上去会晃');
    const again = await newReport('2栋门口井盖松动，很危险');
    expect(again.handler).toBe(first.handler);
    const original = await ask(env, 'reports.get', first.handler, { id: first.id });
    const { panel, changes, phone } = await renderPanel(again.handler, again.id);
    await waitFor(() => shownMoves(panel).includes('标记重复'), 'the 标记重复 button');
    tapButton(panel, '标记重复');
    await waitFor(() => visibleText(panel).includes('或从我的待办和本网格的问题中选择'), 'the duplicate sheet');
    await waitFor(() => (panel.data.dupOptions as unknown[]).length > 0, 'the candidates');
    fire(query(panel, '[class*="t-input__control"]'), 'input', { value: original.no.toLowerCase(), cursor: 7 }, '问题编号');
    tapButton(panel, '确认标记重复');
    await waitFor(() => changes.length === 1, 'the duplicate');
    expect(changes[0]).toMatchObject({ status: 'duplicate', duplicateOf: first.id });
    const sent = phone.calls.find((c) => c.data.action === 'reports.markDuplicate');
    expect(sent?.data.payload).toEqual({ id: again.id, ofId: first.id });
  });

  it('transfers to a handler the backend offers, with a reason', async () => {
    const { id, handler } = await newReport('小区里有人私拉电线给电动车充电');
    const { items } = await ask(env, 'reports.handlers', handler, { id });
    expect(items.length).toBeGreaterThan(0);
    const { panel, changes } = await renderPanel(handler, id);
    await waitFor(() => shownMoves(panel).includes('转交'), 'the 转交 button');
    tapButton(panel, '转交');
    await waitFor(() => (panel.data.handlerOptions as unknown[]).length === items.length, 'the handlers');
    for (const h of items) expect(visibleText(panel)).toContain(`${h.name}（${h.duty}）`);
    const target = items[0]!;
    const option = queryAll(panel, '[class*="t-radio__title"]').find((el) => el.textContent?.trim() === `${target.name}（${target.duty}）`);
    tap(option?.closest('[class~="t-radio--t-radio"]'), target.name);
    tapButton(panel, '确认转交');
    await waitFor(() => visibleText(panel).includes('请写明转交原因'), 'the required reason');
    typeInto(panel, '属于物业维修范围');
    tapButton(panel, '确认转交');
    await waitFor(() => changes.length === 1, 'the transfer');
    expect(changes[0]!.status).toBe('transferred');
    const tasks = await ask(env, 'reports.tasks', target.openid, { filter: 'all', limit: 50 });
    expect(tasks.items.some((t) => t.id === id)).toBe(true);
  });

  it('dispatches an accepted report to a handler the backend offers', async () => {
    const { id, handler } = await newReport('物业没按时给绿化浇水，草坪枯了');
    await ask(env, 'reports.accept', handler, { id });
    const { items } = await ask(env, 'reports.handlers', handler, { id });
    const { panel, changes, phone } = await renderPanel(handler, id);
    await waitFor(() => shownMoves(panel).includes('派单'), 'the 派单 button');
    tapButton(panel, '派单');
    await waitFor(() => (panel.data.handlerOptions as unknown[]).length === items.length, 'the handlers');
    tapButton(panel, '确认派单');
    await waitFor(() => visibleText(panel).includes('请选择派给谁'), 'the required choice');
    const target = items[items.length - 1]!;
    const option = queryAll(panel, '[class*="t-radio__title"]').find((el) => el.textContent?.trim() === `${target.name}（${target.duty}）`);
    tap(option?.closest('[class~="t-radio--t-radio"]'), target.name);
    tapButton(panel, '确认派单');
    await waitFor(() => changes.length === 1, 'the dispatch');
    expect(changes[0]!.status).toBe('dispatched');
    const sent = phone.calls.find((c) => c.data.action === 'reports.dispatch');
    expect(sent?.data.payload).toEqual({ id, toUserId: target.openid, note: '' });
  });
});
