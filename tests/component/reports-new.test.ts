// @vitest-environment jsdom
/** 上报问题: the resident's form, against the real local cloud (uploads land in its storage). */
import { describe, expect, it } from 'vitest';
import { ask, openApp, quiesce } from './support/app';
import { button, cell, inputByLabel } from './support/find';
import { cls, fire, openPage, query, queryAll, tap, visibleText, waitFor, waitForText } from './support/harness';
import { installReporterPhone, photo, video, type ReporterPhone } from './support/reporter-phone';
import { useTestEnv } from './support/use-test-env';
import type { Phone } from './support/wx-env';

const env = useTestEnv();

const NEW = 'packages/reports/pages/new/index';
const DRAFT_KEY = 'linli.reportDraft';

function openPhone(openid: string, storage?: Map<string, unknown>): { phone: Phone; rp: ReporterPhone } {
  const phone = openApp(env, openid);
  if (storage) for (const [k, v] of storage) phone.storage.set(k, v);
  return { phone, rp: installReporterPhone(env, phone) };
}

type Page = ReturnType<typeof openPage>;

const submitButton = (page: Page) => button(page, '提交上报');
const submitEnabled = (page: Page) => {
  const b = submitButton(page);
  return !!b && !(b.getAttribute('class') ?? '').includes('disabled') && (page.instance.data as { canSubmit: boolean }).canSubmit;
};

function typeText(page: Page, value: string): void {
  fire(query(page, '[class*="t-textarea__wrapper-inner"]'), 'input', { value, cursor: value.length }, '补充说明');
}

async function pickPhoto(page: Page, rp: ReporterPhone, count = 1): Promise<void> {
  rp.picks.push(Array.from({ length: count }, () => ({ kind: 'image' as const, path: photo() })));
  tap(button(page, '拍照'), '拍照');
  await waitFor(() => queryAll(page, cls('tile')).length >= count, 'the picked photos to show');
}

describe('上报问题', () => {
  it('uploads a picked photo under my folder, submits it, asks to subscribe and opens the detail page', async () => {
    const { phone, rp } = openPhone('demo-resident-001');
    const page = openPage(env, NEW);
    await waitForText(page, '按住说话');
    expect(submitEnabled(page)).toBe(false);

    await pickPhoto(page, rp);
    await waitFor(() => submitEnabled(page), 'the upload to finish');
    expect(rp.uploads).toHaveLength(1);
    expect(rp.uploads[0]).toMatch(/^reports\/demo-resident-001\/[\w]+\/1\.jpg$/);
    typeText(page, '楼道灯坏了，晚上很黑');
    await waitFor(() => (page.instance.data as { text: string }).text === '楼道灯坏了，晚上很黑', 'the text');

    tap(submitButton(page), '提交上报');
    await waitFor(() => phone.navigations.length > 0, 'the detail page to open', 15_000);
    const url = phone.navigations[0]!;
    expect(url).toMatch(/^\/packages\/reports\/pages\/detail\/index\?id=/);
    const id = /id=([^&]+)/.exec(url)![1]!;

    // What the backend now holds is what was picked and written.
    const report = await ask(env, 'reports.get', 'demo-resident-001', { id });
    expect(report.text).toBe('楼道灯坏了，晚上很黑');
    expect(report.media.map((m) => m.kind)).toEqual(['image']);
    expect(report.reporter.isMe).toBe(true);
    expect(report.category).toBe('other');
    expect(report.reporter.hideName).toBe(true);

    // One submit call, the subscribe sheet with the backend's template, the draft gone.
    expect(phone.calls.filter((c) => c.data.action === 'reports.submit')).toHaveLength(1);
    const { templates } = await ask(env, 'messages.templates', 'demo-resident-001', {});
    expect(rp.subscribeAsks).toEqual([[templates.find((t) => t.key === 'report_status')!.templateId]]);
    expect(phone.calls.some((c) => c.data.action === 'messages.subscribe')).toBe(true);
    expect(phone.storage.has(DRAFT_KEY)).toBe(false);
    await quiesce();
  });

  it('keeps the draft through a restart of the app and submits it afterwards', async () => {
    const first = openPhone('demo-resident-001');
    let page = openPage(env, NEW);
    await waitForText(page, '按住说话');
    await pickPhoto(page, first.rp, 2);
    await waitFor(() => submitEnabled(page), 'the uploads');
    typeText(page, '垃圾桶满了没人清');
    await waitFor(() => {
      const saved = first.phone.storage.get(DRAFT_KEY) as { text?: string; files?: Array<{ state: string }> } | undefined;
      return saved?.text === '垃圾桶满了没人清' && saved.files?.every((f) => f.state === 'done') === true;
    }, 'the draft in storage');
    const saved = first.phone.storage.get(DRAFT_KEY) as { requestId: string; draftId: string };
    page.detach();

    // The app is closed and opened again: same phone storage, a cold start.
    const second = openPhone('demo-resident-001', first.phone.storage);
    second.phone.modalAnswers.push(true);
    page = openPage(env, NEW);
    await waitFor(() => second.phone.modals.length > 0, 'the offer to continue');
    expect(second.phone.modals[0]!.title).toBe('继续上次的上报？');
    await waitFor(() => queryAll(page, cls('tile')).length === 2, 'the two photos back');
    expect((page.instance.data as { text: string }).text).toBe('垃圾桶满了没人清');
    expect(submitEnabled(page)).toBe(true);
    // Nothing uploaded twice.
    expect(second.rp.uploads).toHaveLength(0);

    tap(submitButton(page), '提交上报');
    await waitFor(() => second.phone.navigations.length > 0, 'the detail page', 15_000);
    const submit = second.phone.calls.find((c) => c.data.action === 'reports.submit')!;
    // The requestId was kept with the draft.
    expect(submit.data.requestId).toBe(saved.requestId);
    const media = (submit.data.payload as { media: Array<{ fileId: string }> }).media;
    expect(media).toHaveLength(2);
    for (const m of media) expect(m.fileId).toContain(`reports/demo-resident-001/${saved.draftId}/`);
    expect(second.phone.storage.has(DRAFT_KEY)).toBe(false);
    await quiesce();
  });

  it('shows a failed upload with a retry, and the retry uploads it', async () => {
    const { rp } = openPhone('demo-resident-001');
    const page = openPage(env, NEW);
    await waitForText(page, '按住说话');
    rp.failUploads = 1;
    await pickPhoto(page, rp);
    await waitForText(page, '上传失败，点击重试');
    expect(submitEnabled(page)).toBe(false);
    expect(visibleText(page)).toContain('有 1 个文件上传失败，点击它重试');

    tap(query(page, cls('tile__cover--failed')), 'the failed photo');
    await waitFor(() => submitEnabled(page), 'the retried upload');
    expect(visibleText(page)).not.toContain('上传失败');
    expect(rp.uploads).toHaveLength(1);
    await quiesce();
  });

  it('refuses a video longer than 60 seconds before uploading anything', async () => {
    const { rp } = openPhone('demo-resident-001');
    const page = openPage(env, NEW);
    await waitForText(page, '按住说话');
    rp.picks.push([{ kind: 'video', path: video(), duration: 75 }]);
    tap(button(page, '录像'), '录像');
    await waitForText(page, '视频不能超过 60 秒');
    expect(queryAll(page, cls('tile'))).toHaveLength(0);
    expect(rp.uploads).toHaveLength(0);
    expect(submitEnabled(page)).toBe(false);

    // A video within the limit goes up with its cover.
    rp.picks.push([{ kind: 'video', path: video(), duration: 20 }]);
    tap(button(page, '录像'), '录像');
    await waitFor(() => submitEnabled(page), 'the video and its cover');
    expect(rp.uploads.map((p) => p.split('/').pop())).toEqual(['1.mp4', '1-thumb.jpg']);
    await quiesce();
  });
});

/** A finger on the hold-to-talk button: down, maybe a slide up, then up. */
function hold(page: Page, slideUpPx = 0): void {
  const el = query(page, cls('hold'));
  if (!el) throw new Error('no 按住说话');
  const at = (y: number) => [{ pageX: 100, pageY: y, clientX: 100, clientY: y }];
  (page.instance as unknown as { onHoldStart(e: unknown): void }).onHoldStart({ touches: at(500) });
  if (slideUpPx) (page.instance as unknown as { onHoldMove(e: unknown): void }).onHoldMove({ touches: at(500 - slideUpPx) });
}

describe('按住说话', () => {
  it('records while held, uploads on release, plays back; sliding up cancels', async () => {
    const { rp } = openPhone('demo-resident-001');
    const page = openPage(env, NEW);
    await waitForText(page, '按住说话');

    // Slide up while recording: nothing is kept.
    hold(page, 0);
    await waitForText(page, '松开结束');
    (page.instance as unknown as { onHoldMove(e: unknown): void }).onHoldMove({ touches: [{ clientX: 100, clientY: 300 }] });
    await waitForText(page, '松开手指，取消录音');
    (page.instance as unknown as { onHoldEnd(): void }).onHoldEnd();
    await waitFor(() => !(page.instance.data as { recording: boolean }).recording, 'the recording to stop');
    await quiesce(300);
    expect(rp.uploads).toHaveLength(0);
    expect((page.instance.data as { voice: unknown }).voice).toBeNull();

    // Held and released: the voice note goes up and the form may be sent.
    rp.recordMs = 8000;
    hold(page);
    await waitForText(page, '松开结束');
    (page.instance as unknown as { onHoldEnd(): void }).onHoldEnd();
    await waitFor(() => submitEnabled(page), 'the voice upload');
    expect(rp.uploads[0]).toMatch(/\/1\.mp3$/);
    expect(visibleText(page)).toContain('播放语音 8″');
    tap(button(page, '播放语音 8″'), '播放');
    await waitFor(() => rp.played.length === 1, 'the voice to play');
    expect(rp.recordings).toBe(2);
    await quiesce();
  });
});

describe('提交 when the reply is lost', () => {
  it('keeps the draft, and tapping 提交 again sends the same requestId: one report', async () => {
    const { phone, rp } = openPhone('demo-resident-001');
    const page = openPage(env, NEW);
    await waitForText(page, '按住说话');
    await pickPhoto(page, rp);
    await waitFor(() => submitEnabled(page), 'the upload');
    const before = (await ask(env, 'reports.mine', 'demo-resident-001', { limit: 50 })).items.length;

    phone.dropReplies = 3; // the first try and both transport retries arrive, every reply is lost
    tap(submitButton(page), '提交上报');
    await waitFor(
      () =>
        phone.calls.filter((c) => c.data.action === 'reports.submit').length === 3 &&
        !(page.instance.data as { submitting: boolean }).submitting,
      'the failed submit',
      15_000,
    );
    expect(phone.navigations).toHaveLength(0);
    expect(phone.storage.has(DRAFT_KEY)).toBe(true);

    tap(submitButton(page), '提交上报');
    await waitFor(() => phone.navigations.length > 0, 'the detail page', 15_000);
    const submits = phone.calls.filter((c) => c.data.action === 'reports.submit');
    expect(new Set(submits.map((c) => c.data.requestId)).size).toBe(1);
    const after = (await ask(env, 'reports.mine', 'demo-resident-001', { limit: 50 })).items.length;
    expect(after).toBe(before + 1);
    // The subscribe sheet opened in the first tap only, and its answer reached the backend once.
    expect(rp.subscribeAsks).toHaveLength(1);
    expect(phone.calls.filter((c) => c.data.action === 'messages.subscribe')).toHaveLength(1);
    await quiesce();
  });
});

describe('代居民上报', () => {
  it('a grid worker reports for a resident without a phone', async () => {
    const { phone } = openPhone('demo-grid-01');
    const page = openPage(env, NEW, { proxy: '1' });
    await waitForText(page, '代居民上报');
    await waitFor(() => (page.instance.data as { proxyOn: boolean }).proxyOn, 'the proxy section');
    typeText(page, '张阿姨家楼下的井盖松了');
    fire(inputByLabel(page, '居民称呼'), 'input', { value: '张阿姨', cursor: 3 }, '居民称呼');
    // The worker has no home there: the problem's courtyard is picked from their grid's.
    tap(cell(page, '问题所在院落'), '问题所在院落');
    type Option = { label: string; value: string; children?: Option[] };
    await waitFor(() => (page.instance.data as { courtyardOptions: Option[] }).courtyardOptions.length > 0, 'the courtyards of my grid');
    const path: Option[] = [];
    for (let o: Option | undefined = (page.instance.data as { courtyardOptions: Option[] }).courtyardOptions[0]; o; o = o.children?.[0])
      path.push(o);
    const courtyard = path[path.length - 1]!;
    // TDesign's cascader reports the last level picked, as a person's taps through grid → micro-grid → courtyard would.
    (page.instance as unknown as { onCourtyard(e: unknown): void }).onCourtyard({
      detail: { value: courtyard.value, selectedOptions: path },
    });
    await waitForText(page, courtyard.label);
    await waitFor(() => submitEnabled(page), 'the form');
    tap(submitButton(page), '提交上报');
    await waitFor(() => phone.navigations.length > 0, 'the detail page', 15_000);
    const id = /id=([^&]+)/.exec(phone.navigations[0]!)![1]!;
    const report = await ask(env, 'reports.get', 'demo-grid-01', { id });
    expect(report.reporter.proxy).toBe(true);
    expect(report.reporter.name).toContain('张阿姨');
    expect(report.place.courtyard.id).toBe(courtyard.value);
    await quiesce();
  });
});
