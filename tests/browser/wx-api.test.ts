/**
 * The browser `wx` the coming pages (reports with photo, video and voice, location, subscribe
 * messages) will stand on, exercised in a real browser from inside the running app: each call
 * shows its system UI in the phone frame, a person answers it, and the app gets WeChat's result.
 */
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { IN_CI, openSession, startBrowserEnv, unavailableReason, type BrowserEnv, type Session } from './support/browser';
import { topPage, waitForRoute } from './support/phone';

const reason = unavailableReason();
if (reason && IN_CI) throw new Error(`browser tests cannot run in CI: ${reason}`);

function png(): Buffer {
  const image = new PNG({ width: 8, height: 8 });
  image.data.fill(200);
  return PNG.sync.write(image);
}

describe.skipIf(reason !== null)('wx in the browser', () => {
  let env: BrowserEnv;
  let s: Session;

  beforeAll(async () => {
    env = await startBrowserEnv();
    // 我的 carries the app's privacy popup, so privacy APIs get the app's own consent flow.
    s = await openSession(env, 'wx-api', { openid: 'demo-resident-002', path: 'pages/me/index' });
    await waitForRoute(s, 'pages/me/index');
    await topPage(s).getByText('编辑资料').first().waitFor();
  });

  afterEach(async (ctx: TestContext) => {
    if (ctx.task.result?.state === 'fail') await s.saveFailure(ctx.task.name.replace(/\s+/g, '-').slice(0, 60));
  });

  afterAll(async () => {
    await env?.close();
  });

  /** Runs `wx.<call>` inside the app and resolves with what it resolved with (or its `{ errMsg }`). */
  function wxCall<T>(expression: string): Promise<T> {
    const frame = s.page.frame({ url: /webview\.html/ })!;
    return frame.evaluate<T>(`(${expression}).catch((e) => e)`);
  }

  const sheet = (kind: string) => s.page.locator(`.sheet[data-kind="${kind}"]`);

  it('getLocation asks for privacy consent (the app’s popup) and the location scope, then answers the demo location', async () => {
    const pending = wxCall<{ errMsg: string; latitude: number; longitude: number }>('wx.getLocation({ type: "gcj02" })');
    await topPage(s).getByText('隐私保护提示').waitFor();
    await topPage(s).getByText('同意', { exact: true }).click();
    await sheet('authorize').waitFor();
    await s.shot('location-scope');
    await sheet('authorize').locator('[data-button="allow"]').click();
    const res = await pending;
    expect(res.errMsg).toBe('getLocation:ok');
    expect(res.latitude).toBeCloseTo(30.657, 2);
    // Asked once: the second call answers at once.
    expect((await wxCall<{ errMsg: string }>('wx.getLocation({})')).errMsg).toBe('getLocation:ok');
  });

  it('chooseLocation offers the demo places', async () => {
    const pending = wxCall<{ errMsg: string; name: string; latitude: number }>('wx.chooseLocation({})');
    await s.page.locator('.actionsheet__item').nth(1).click();
    const res = await pending;
    expect(res.errMsg).toBe('chooseLocation:ok');
    expect(res.name).toBe('枫林小区东门');
  });

  it('chooseMedia is the file picker; the temp file uploads to the local cloud and comes back by temp URL', async () => {
    const chooser = s.page.waitForEvent('filechooser');
    const pending = wxCall<{ errMsg: string; tempFiles: Array<{ tempFilePath: string; fileType: string; width: number }> }>(
      'wx.chooseMedia({ count: 1, mediaType: ["image"], sourceType: ["camera"] })',
    );
    await (await chooser).setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png() });
    const res = await pending;
    expect(res.errMsg).toBe('chooseMedia:ok');
    const file = res.tempFiles[0]!;
    expect(file).toMatchObject({ fileType: 'image', width: 8 });
    expect(file.tempFilePath).toMatch(/^wxfile:\/\/tmp_\w+\.png$/);

    const up = await wxCall<{ errMsg: string; fileID: string }>(
      `wx.cloud.uploadFile({ cloudPath: 'reports/test.png', filePath: '${file.tempFilePath}' })`,
    );
    expect(up.errMsg).toBe('cloud.uploadFile:ok');
    expect(up.fileID).toMatch(/^cloud:\/\/.+reports\/test\.png$/);
    const urls = await wxCall<{ fileList: Array<{ tempFileURL: string; status: number }> }>(
      `wx.cloud.getTempFileURL({ fileList: ['${up.fileID}'] })`,
    );
    expect(urls.fileList[0]!.status).toBe(0);
    const bytes = await (await fetch(`${env.preview.url}${urls.fileList[0]!.tempFileURL}`)).arrayBuffer();
    expect(Buffer.from(bytes)).toEqual(png());
  });

  it('the recorder records from the microphone and stops with a temp file', async () => {
    const res = await wxCall<{ tempFilePath: string; duration: number; fileSize: number }>(`new Promise((resolve, reject) => {
      const r = wx.getRecorderManager();
      r.onStart(() => setTimeout(() => r.stop(), 600));
      r.onStop(resolve);
      r.onError(reject);
      r.start({ duration: 10000 });
    })`);
    expect(res.tempFilePath).toMatch(/^wxfile:\/\/tmp_\w+\.(webm|ogg|mp4|m4a)$/);
    expect(res.fileSize).toBeGreaterThan(0);
    expect(res.duration).toBeGreaterThan(300);
  });

  it('requestSubscribeMessage is a consent sheet answering accept / reject per template', async () => {
    const pending = wxCall<Record<string, string>>('wx.requestSubscribeMessage({ tmplIds: ["TPL_REPORT", "TPL_ACTIVITY"] })');
    await sheet('subscribe').waitFor();
    await sheet('subscribe').locator('label', { hasText: 'TPL_ACTIVITY' }).locator('input').uncheck();
    await s.shot('subscribe');
    await sheet('subscribe').locator('[data-button="accept"]').click();
    expect(await pending).toMatchObject({ errMsg: 'requestSubscribeMessage:ok', TPL_REPORT: 'accept', TPL_ACTIVITY: 'reject' });
  });

  it('scanCode takes the code’s content; a Linli code answers with its page path', async () => {
    const pending = wxCall<{ errMsg: string; scanType: string; path: string }>('wx.scanCode({})');
    await sheet('scan')
      .locator('input')
      .fill('linli://wxacode?appid=wx1&page=packages%2Fidentity%2Fpages%2Fjoin%2Findex&scene=j%3DABC&env_version=release');
    await sheet('scan').locator('[data-button="ok"]').click();
    expect(await pending).toMatchObject({
      errMsg: 'scanCode:ok',
      scanType: 'WX_CODE',
      path: 'packages/identity/pages/join/index?scene=j%3DABC',
    });
  });

  it('showModal, showActionSheet and makePhoneCall are drawn over the phone and answered there', async () => {
    const modal = wxCall<{ confirm: boolean }>('wx.showModal({ title: "撤回登记", content: "确定撤回吗？", confirmText: "撤回" })');
    await s.page.locator('.modal', { hasText: '确定撤回吗？' }).waitFor();
    await s.shot('modal');
    await s.page.locator('.modal__confirm').click();
    expect(await modal).toMatchObject({ confirm: true, cancel: false });

    const sheetChoice = wxCall<{ tapIndex: number }>('wx.showActionSheet({ itemList: ["拍照", "从相册选择"] })');
    await s.page.locator('.actionsheet__item', { hasText: '从相册选择' }).click();
    expect((await sheetChoice).tapIndex).toBe(1);

    const call = wxCall<{ errMsg: string }>('wx.makePhoneCall({ phoneNumber: "13800000000" })');
    await sheet('phone-call').locator('[data-button="call"]').click();
    expect((await call).errMsg).toBe('makePhoneCall:ok');
    await expect.poll(() => s.page.locator('#notes').textContent()).toContain('正在呼叫 13800000000');
  });

  it('storage keeps values with their types, per demo identity', async () => {
    await wxCall('Promise.resolve(wx.setStorageSync("draft", { text: "井盖松动", photos: 2 }))');
    expect(await wxCall('Promise.resolve(wx.getStorageSync("draft"))')).toEqual({ text: '井盖松动', photos: 2 });
    const keys = await s.page.evaluate<string[]>('Object.keys(localStorage)');
    expect(keys).toContain('linli-preview:demo-resident-002:s:draft');
  });
});
