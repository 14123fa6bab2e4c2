import { displayUrl, imageSize, mediaDuration, pickFiles, readTempFile, saveTempFile, tempFileUrl, uploadToLocalCloud } from './files';
import { NavigationError, reportError } from './pages';
import { onNeedPrivacyAuthorization, privacyAgreed, requirePrivacy } from './privacy';
import { createRecorderManager } from './recorder';
import { rt } from './runtime';
import { vendorMockApi } from './vendor-api';
import { asyncApi, num, str, WxFail, type Opts } from './wx-util';

/**
 * `wx` for the browser. The long tail of the API surface comes from miniprogram-simulate's
 * mock (every API exists and answers like a phone with nothing to report); everything the app
 * relies on is implemented for real below: the cloud goes to the local cloud over HTTP, files
 * come from the file picker, system UI is drawn by the shell around the phone.
 */

export const SCREEN = { width: 375, height: 667, statusBar: 20, navBar: 44 };
const WINDOW_HEIGHT = SCREEN.height - SCREEN.statusBar - SCREEN.navBar;

/** A point in the fictional 青石桥街道, where "here" is for getLocation. */
export const DEMO_LOCATION = {
  latitude: 30.65742,
  longitude: 104.07296,
  name: '青石桥街道办事处',
  address: '四川省成都市锦江区青石桥街道（演示位置）',
};
const DEMO_PLACES = [
  DEMO_LOCATION,
  { latitude: 30.65851, longitude: 104.07102, name: '枫林小区东门', address: '青石桥街道锦绣社区（演示位置）' },
  { latitude: 30.65577, longitude: 104.07493, name: '梧桐社区党群服务中心', address: '青石桥街道梧桐社区（演示位置）' },
  { latitude: 30.65963, longitude: 104.07581, name: '清水河滨河步道', address: '青石桥街道清水河社区（演示位置）' },
];

const storagePrefix = () => `linli-preview:${rt.openid}:s:`;

function storageGet(key: string): unknown {
  const raw = localStorage.getItem(storagePrefix() + key);
  if (raw === null) return '';
  try {
    return (JSON.parse(raw) as { v: unknown }).v;
  } catch {
    return '';
  }
}

function storageKeys(): string[] {
  const p = storagePrefix();
  const keys: string[] = [];
  for (let i = 0; i < localStorage.length; i += 1) {
    const k = localStorage.key(i);
    if (k?.startsWith(p)) keys.push(k.slice(p.length));
  }
  return keys;
}

/** Navigation APIs answer after the current task, as WeChat's do, so a page may navigate from onLoad. */
function navApi(name: string, run: (opts: Opts) => unknown) {
  return asyncApi(
    name,
    (opts) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        window.setTimeout(() => {
          try {
            const out = run(opts);
            resolve(out && typeof out === 'object' ? { eventChannel: out } : {});
          } catch (err) {
            if (err instanceof NavigationError) reject(new WxFail(err.message));
            else {
              reportError(`wx.${name}`, err);
              reject(new WxFail(err instanceof Error ? err.message : String(err)));
            }
          }
        }, 0);
      }),
  );
}

const settings: Record<string, boolean> = {};

async function askScope(scope: string, title: string): Promise<boolean> {
  if (settings[scope] !== undefined) return settings[scope]!;
  const desc = (rt.app.appJson.permission as Record<string, { desc?: string }> | undefined)?.[scope]?.desc ?? '';
  const r = await rt.shell.showSheet({
    kind: 'authorize',
    caption: '邻里 申请',
    title,
    message: desc,
    buttons: [
      { id: 'deny', label: '拒绝' },
      { id: 'allow', label: '允许', primary: true },
    ],
  });
  settings[scope] = r.button === 'allow';
  return settings[scope]!;
}

async function fileResult(file: File) {
  const tempFilePath = saveTempFile(file, file.name);
  const isVideo = file.type.startsWith('video/');
  const size = isVideo ? await mediaDuration(file, 'video') : { ...(await imageSize(file)), duration: 0 };
  return {
    tempFilePath,
    size: file.size,
    fileType: isVideo ? 'video' : 'image',
    width: size.width,
    height: size.height,
    duration: size.duration,
    thumbTempFilePath: '',
  };
}

async function chooseFiles(opts: Opts, kinds: string[], referrer: string) {
  if (!(await requirePrivacy(referrer))) throw new WxFail('privacy permission is not authorized', 104);
  const accept = kinds.map((k) => (k === 'video' ? 'video/*' : 'image/*')).join(',');
  const sources = (opts.sourceType as string[] | undefined) ?? ['album', 'camera'];
  const capture =
    sources.length === 1 && sources[0] === 'camera' ? ((opts.camera as string) === 'front' ? 'user' : 'environment') : undefined;
  const count = num(opts.count, 9);
  const files = (await pickFiles(accept, count > 1, capture)).slice(0, count);
  if (!files.length) throw new WxFail('cancel');
  return Promise.all(files.map(fileResult));
}

function callFunction(opts: Opts) {
  const name = str(opts.name);
  return fetch(`/functions/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Wx-Openid': rt.openid },
    body: JSON.stringify(opts.data ?? {}),
  }).then(
    async (res) => {
      const body = (await res.json()) as unknown;
      rt.shell.callFinished(name);
      const requestID = res.headers.get('x-linli-request-id') ?? '';
      if (!res.ok) {
        const e = (body as { error?: { code?: string; message?: string } }).error;
        throw new WxFail(`${e?.code ?? res.status} ${e?.message ?? ''}`.trim(), -501000);
      }
      return { result: body, requestID };
    },
    () => {
      throw new WxFail('request:fail network error', -1);
    },
  );
}

function previewImages(urls: string[], current: string): void {
  const overlay = document.createElement('div');
  overlay.className = 'wv-preview-image';
  let index = Math.max(0, urls.indexOf(current));
  const img = document.createElement('img');
  const counter = document.createElement('div');
  const show = () => {
    void displayUrl(urls[index] ?? '').then((u) => (img.src = u));
    counter.textContent = urls.length > 1 ? `${index + 1}/${urls.length}` : '';
  };
  overlay.append(img, counter);
  overlay.addEventListener('click', (e) => {
    const x = e.clientX / window.innerWidth;
    if (urls.length > 1 && x > 0.75 && index < urls.length - 1) index += 1;
    else if (urls.length > 1 && x < 0.25 && index > 0) index -= 1;
    else return overlay.remove();
    show();
  });
  show();
  document.body.appendChild(overlay);
}

export function createWx(): Record<string, unknown> {
  const nav = () => rt.navigator;
  const toastDefaults = { icon: 'success' as const, duration: 1500, mask: false };
  const wx: Record<string, unknown> = { ...vendorMockApi() };

  Object.assign(wx, {
    env: { USER_DATA_PATH: 'wxfile://usr' },
    canIUse: (schema: string) => !/^(getUserProfile|requestPayment|cloud\.database)/.test(String(schema)),
    getSystemInfoSync: () => systemInfo(),
    getSystemInfo: asyncApi('getSystemInfo', () => systemInfo()),
    getWindowInfo: () => {
      const s = systemInfo();
      return {
        pixelRatio: s.pixelRatio,
        screenWidth: s.screenWidth,
        screenHeight: s.screenHeight,
        windowWidth: s.windowWidth,
        windowHeight: s.windowHeight,
        statusBarHeight: s.statusBarHeight,
        safeArea: s.safeArea,
        screenTop: SCREEN.statusBar + SCREEN.navBar,
      };
    },
    getDeviceInfo: () => ({
      brand: 'iPhone',
      model: 'iPhone 8（邻里预览）',
      system: 'iOS 17.0',
      platform: 'ios',
      pixelRatio: 2,
      benchmarkLevel: 30,
    }),
    getAppBaseInfo: () => ({
      SDKVersion: '3.7.0',
      language: 'zh_CN',
      version: '8.0.50',
      theme: 'light',
      fontSizeSetting: 16,
      enableDebug: false,
      host: { env: 'WeChat' },
    }),
    getMenuButtonBoundingClientRect: () => ({ width: 87, height: 32, top: 26, right: 368, bottom: 58, left: 281 }),
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wxlinlilocal0000', envVersion: 'develop', version: '' }, plugin: {} }),
    nextTick: (fn: () => void) => window.setTimeout(fn, 0),
    getRandomValues: asyncApi('getRandomValues', (o) => ({
      randomValues: crypto.getRandomValues(new Uint8Array(num(o.length, 16))).buffer,
    })),

    // Navigation
    navigateTo: navApi('navigateTo', (o) => nav().navigateTo(str(o.url), o.events as Record<string, (...a: unknown[]) => void>)),
    redirectTo: navApi('redirectTo', (o) => nav().redirectTo(str(o.url))),
    navigateBack: navApi('navigateBack', (o) => nav().navigateBack(num(o.delta, 1))),
    switchTab: navApi('switchTab', (o) => nav().switchTab(str(o.url))),
    reLaunch: navApi('reLaunch', (o) => nav().reLaunch(str(o.url))),
    setNavigationBarTitle: asyncApi('setNavigationBarTitle', (o) => {
      const page = nav().current();
      if (page) page.config.navigationBarTitleText = str(o.title);
      nav().syncNavBar();
      return {};
    }),
    setNavigationBarColor: asyncApi('setNavigationBarColor', (o) => {
      const page = nav().current();
      if (page) {
        page.config.navigationBarBackgroundColor = str(o.backgroundColor, page.config.navigationBarBackgroundColor);
        page.config.navigationBarTextStyle = str(o.frontColor) === '#ffffff' ? 'white' : 'black';
      }
      nav().syncNavBar();
      return {};
    }),
    startPullDownRefresh: asyncApi('startPullDownRefresh', () => {
      nav().current()?.startPullDownRefresh();
      return {};
    }),
    stopPullDownRefresh: asyncApi('stopPullDownRefresh', () => {
      for (const page of nav().pages()) page.stopPullDownRefresh();
      return {};
    }),
    pageScrollTo: asyncApi('pageScrollTo', (o) => {
      const page = nav().current();
      if (!page) return {};
      let top = num(o.scrollTop, 0);
      if (typeof o.selector === 'string') {
        const el = page.scroller.shadowRoot?.querySelector(
          o.selector.startsWith('#') || o.selector.startsWith('.') ? o.selector : `#${o.selector}`,
        );
        if (el) top = el.getBoundingClientRect().top + page.scroller.scrollTop;
      }
      page.scroller.scrollTo({ top, behavior: num(o.duration, 300) > 0 ? 'smooth' : 'auto' });
      return {};
    }),

    // Interface
    showToast: asyncApi('showToast', (o) => {
      rt.shell.showToast({
        ...toastDefaults,
        title: str(o.title),
        icon: (o.icon as 'success') ?? 'success',
        duration: num(o.duration, 1500),
        mask: o.mask === true,
      });
      return {};
    }),
    hideToast: asyncApi('hideToast', () => {
      rt.shell.hideToast();
      return {};
    }),
    showLoading: asyncApi('showLoading', (o) => {
      rt.shell.showToast({ title: str(o.title), icon: 'loading', duration: Infinity, mask: o.mask === true });
      return {};
    }),
    hideLoading: asyncApi('hideLoading', () => {
      rt.shell.hideToast();
      return {};
    }),
    showModal: asyncApi('showModal', (o) =>
      rt.shell.showModal({
        title: str(o.title),
        content: str(o.content),
        showCancel: o.showCancel !== false,
        cancelText: str(o.cancelText, '取消'),
        confirmText: str(o.confirmText, '确定'),
        cancelColor: str(o.cancelColor, '#000000'),
        confirmColor: str(o.confirmColor, '#576B95'),
        editable: o.editable === true,
        placeholderText: str(o.placeholderText),
      }),
    ),
    showActionSheet: asyncApi('showActionSheet', async (o) => {
      const index = await rt.shell.showActionSheet(
        (o.itemList as string[] | undefined) ?? [],
        str(o.alertText) || undefined,
        str(o.itemColor) || undefined,
      );
      if (index === null) throw new WxFail('cancel');
      return { tapIndex: index };
    }),
    vibrateShort: asyncApi('vibrateShort', () => {
      rt.shell.note('手机轻振了一下');
      return {};
    }),
    vibrateLong: asyncApi('vibrateLong', () => {
      rt.shell.note('手机振动了一下');
      return {};
    }),
    setClipboardData: asyncApi('setClipboardData', async (o) => {
      await navigator.clipboard?.writeText(str(o.data)).catch(() => undefined);
      rt.shell.showToast({ title: '内容已复制', icon: 'none', duration: 1500, mask: false });
      return {};
    }),
    hideKeyboard: asyncApi('hideKeyboard', () => {
      (document.activeElement as HTMLElement | null)?.blur();
      return {};
    }),

    // Storage: localStorage, one namespace per demo person (WeChat keeps storage per user and mini-program).
    setStorageSync: (key: string, value: unknown) => localStorage.setItem(storagePrefix() + key, JSON.stringify({ v: value })),
    getStorageSync: (key: string) => storageGet(key),
    removeStorageSync: (key: string) => localStorage.removeItem(storagePrefix() + key),
    clearStorageSync: () => storageKeys().forEach((k) => localStorage.removeItem(storagePrefix() + k)),
    getStorageInfoSync: () => ({ keys: storageKeys(), currentSize: 0, limitSize: 10240 }),
    setStorage: asyncApi('setStorage', (o) => {
      localStorage.setItem(storagePrefix() + str(o.key), JSON.stringify({ v: o.data }));
      return {};
    }),
    getStorage: asyncApi('getStorage', (o) => {
      if (localStorage.getItem(storagePrefix() + str(o.key)) === null) throw new WxFail('data not found');
      return { data: storageGet(str(o.key)) };
    }),
    removeStorage: asyncApi('removeStorage', (o) => {
      localStorage.removeItem(storagePrefix() + str(o.key));
      return {};
    }),
    clearStorage: asyncApi('clearStorage', () => {
      storageKeys().forEach((k) => localStorage.removeItem(storagePrefix() + k));
      return {};
    }),

    // Network
    request: (o: Opts) => {
      const controller = new AbortController();
      void asyncApi('request', async (opts) => {
        const method = str(opts.method, 'GET').toUpperCase();
        const headers = { ...((opts.header as Record<string, string> | undefined) ?? {}) };
        let url = str(opts.url);
        let body: string | undefined;
        if (method === 'GET' && opts.data && typeof opts.data === 'object') {
          const q = new URLSearchParams(Object.entries(opts.data as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
          url += (url.includes('?') ? '&' : '?') + q.toString();
        } else if (opts.data !== undefined) {
          body = typeof opts.data === 'string' ? opts.data : JSON.stringify(opts.data);
          if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
        }
        const timer = window.setTimeout(() => controller.abort(), num(opts.timeout, 60_000));
        try {
          const res = await fetch(url, { method, headers, body, signal: controller.signal });
          const text = await res.text();
          let data: unknown = text;
          if (str(opts.dataType, 'json') === 'json') {
            try {
              data = JSON.parse(text);
            } catch {
              data = text;
            }
          }
          return { data, statusCode: res.status, header: Object.fromEntries(res.headers.entries()) };
        } catch {
          throw new WxFail(controller.signal.aborted ? 'timeout' : 'request:fail');
        } finally {
          window.clearTimeout(timer);
        }
      })(o);
      return { abort: () => controller.abort(), onHeadersReceived: () => undefined, offHeadersReceived: () => undefined };
    },
    uploadFile: (o: Opts) => {
      void asyncApi('uploadFile', async (opts) => {
        const blob = readTempFile(str(opts.filePath));
        if (!blob) throw new WxFail('file not found');
        const form = new FormData();
        for (const [k, v] of Object.entries((opts.formData as Record<string, unknown> | undefined) ?? {})) form.append(k, String(v));
        form.append(str(opts.name, 'file'), blob, str(opts.filePath).split('/').pop());
        const headers = { ...((opts.header as Record<string, string> | undefined) ?? {}) };
        if (str(opts.url).startsWith('/') || str(opts.url).startsWith(location.origin)) headers['X-Wx-Openid'] = rt.openid;
        const res = await fetch(str(opts.url), { method: 'POST', body: form, headers });
        return { data: await res.text(), statusCode: res.status };
      })(o);
      return { abort: () => undefined, onProgressUpdate: () => undefined, offProgressUpdate: () => undefined };
    },
    downloadFile: (o: Opts) => {
      void asyncApi('downloadFile', async (opts) => {
        const res = await fetch(str(opts.url));
        const blob = await res.blob();
        return { tempFilePath: saveTempFile(blob, new URL(str(opts.url), location.href).pathname), statusCode: res.status };
      })(o);
      return { abort: () => undefined, onProgressUpdate: () => undefined, offProgressUpdate: () => undefined };
    },

    // Media
    chooseMedia: asyncApi('chooseMedia', async (o) => {
      const types = (o.mediaType as string[] | undefined) ?? ['image', 'video'];
      const picked = await chooseFiles(o, types.includes('mix') ? ['image', 'video'] : types, 'chooseMedia');
      return {
        tempFiles: picked,
        type: picked.every((f) => f.fileType === 'image') ? 'image' : picked.every((f) => f.fileType === 'video') ? 'video' : 'mix',
      };
    }),
    chooseImage: asyncApi('chooseImage', async (o) => {
      const picked = await chooseFiles(o, ['image'], 'chooseImage');
      return { tempFilePaths: picked.map((f) => f.tempFilePath), tempFiles: picked.map((f) => ({ path: f.tempFilePath, size: f.size })) };
    }),
    chooseVideo: asyncApi('chooseVideo', async (o) => {
      const [f] = await chooseFiles({ ...o, count: 1 }, ['video'], 'chooseVideo');
      return { tempFilePath: f!.tempFilePath, duration: f!.duration, size: f!.size, width: f!.width, height: f!.height };
    }),
    getImageInfo: asyncApi('getImageInfo', async (o) => {
      const src = str(o.src);
      const local = readTempFile(src);
      const blob: Blob = local ?? (await (await fetch(await displayUrl(src))).blob());
      const size = await imageSize(blob);
      return { ...size, path: src, type: blob.type.split('/')[1] ?? '', orientation: 'up' };
    }),
    compressImage: asyncApi('compressImage', (o) => ({ tempFilePath: str(o.src) })),
    previewImage: asyncApi('previewImage', (o) => {
      previewImages((o.urls as string[] | undefined) ?? [], str(o.current));
      return {};
    }),
    previewMedia: asyncApi('previewMedia', (o) => {
      const sources = (o.sources as Array<{ url: string }> | undefined) ?? [];
      previewImages(
        sources.map((s) => s.url),
        sources[num(o.current, 0)]?.url ?? '',
      );
      return {};
    }),
    saveImageToPhotosAlbum: asyncApi('saveImageToPhotosAlbum', async (o) => {
      const url = await displayUrl(str(o.filePath));
      const a = document.createElement('a');
      a.href = url;
      a.download = str(o.filePath).split('/').pop() ?? 'image.png';
      a.click();
      rt.shell.note('图片已保存到相册（预览中下载到这台电脑）');
      return {};
    }),
    getRecorderManager: () => createRecorderManager(),
    createInnerAudioContext: () => createAudioContext(),

    // Location (a demo location: the browser's own position would not be in the demo street)
    getLocation: asyncApi('getLocation', async () => {
      if (!(await requirePrivacy('getLocation'))) throw new WxFail('privacy permission is not authorized', 104);
      if (!(await askScope('scope.userLocation', '获取你的位置信息'))) throw new WxFail('auth deny');
      return {
        latitude: DEMO_LOCATION.latitude,
        longitude: DEMO_LOCATION.longitude,
        speed: -1,
        accuracy: 30,
        altitude: 500,
        verticalAccuracy: 0,
        horizontalAccuracy: 30,
      };
    }),
    getFuzzyLocation: asyncApi('getFuzzyLocation', async () => {
      if (!(await requirePrivacy('getFuzzyLocation'))) throw new WxFail('privacy permission is not authorized', 104);
      return { latitude: 30.66, longitude: 104.07 };
    }),
    chooseLocation: asyncApi('chooseLocation', async () => {
      if (!(await requirePrivacy('chooseLocation'))) throw new WxFail('privacy permission is not authorized', 104);
      const index = await rt.shell.showActionSheet(
        DEMO_PLACES.map((p) => `${p.name}（${p.address.replace(/（演示位置）$/, '')}）`),
        '选择位置（演示地点）',
      );
      if (index === null) throw new WxFail('cancel');
      return DEMO_PLACES[index]!;
    }),
    openLocation: asyncApi('openLocation', (o) => {
      rt.shell.note(`打开地图：${str(o.name) || `${str(String(o.latitude))}, ${str(String(o.longitude))}`}`);
      return {};
    }),

    // Open capabilities
    login: asyncApi('login', () => ({ code: `demo-code-${rt.openid}` })),
    checkSession: asyncApi('checkSession', () => ({})),
    getSetting: asyncApi('getSetting', () => ({
      authSetting: Object.fromEntries(Object.entries(settings)),
      subscriptionsSetting: { mainSwitch: true },
    })),
    authorize: asyncApi('authorize', async (o) => {
      if (!(await askScope(str(o.scope), '使用你的信息'))) throw new WxFail('auth deny');
      return {};
    }),
    openSetting: asyncApi('openSetting', async () => {
      const scopes = Object.keys(settings);
      const r = await rt.shell.showSheet({
        kind: 'settings',
        caption: '邻里',
        title: '设置',
        message: scopes.length ? '允许邻里使用：' : '邻里还没有申请过任何权限',
        checks: scopes.map((s) => ({ id: s, label: s === 'scope.userLocation' ? '位置信息' : s, checked: settings[s] === true })),
        buttons: [{ id: 'ok', label: '完成', primary: true }],
      });
      for (const s of scopes) settings[s] = r.checks[s] === true;
      return { authSetting: { ...settings } };
    }),
    requestSubscribeMessage: asyncApi('requestSubscribeMessage', async (o) => {
      const ids = (o.tmplIds as string[] | undefined) ?? [];
      if (!ids.length) throw new WxFail('Templates list is empty', 20001);
      const r = await rt.shell.showSheet({
        kind: 'subscribe',
        caption: '邻里 申请',
        title: '向你发送以下消息',
        checks: ids.map((id) => ({ id, label: `订阅消息 ${id}`, checked: true })),
        buttons: [
          { id: 'reject', label: '取消' },
          { id: 'accept', label: '允许', primary: true },
        ],
      });
      const out: Record<string, string> = {};
      for (const id of ids) out[id] = r.button === 'accept' && r.checks[id] !== false ? 'accept' : 'reject';
      return out;
    }),
    scanCode: asyncApi('scanCode', async () => {
      const r = await rt.shell.showSheet({
        kind: 'scan',
        title: '扫一扫',
        message:
          '预览中没有摄像头取景：粘贴二维码内容（例如生成的邻里小程序码内容 linli://wxacode?…），或在右侧“扫码进入”里选一个已生成的码。',
        input: { placeholder: '二维码内容', value: '' },
        buttons: [
          { id: 'cancel', label: '取消' },
          { id: 'ok', label: '识别', primary: true },
        ],
      });
      if (r.button !== 'ok' || !r.input) throw new WxFail('cancel');
      const code = await fetch(`/preview/api/scan?content=${encodeURIComponent(r.input)}`)
        .then((res) => res.json() as Promise<{ ok: boolean; data?: { page: string; scene: string } | null }>)
        .catch(() => null);
      const wxacode = code?.data;
      if (wxacode)
        return {
          result: r.input,
          scanType: 'WX_CODE',
          charSet: 'utf-8',
          path: `${wxacode.page}?scene=${encodeURIComponent(wxacode.scene)}`,
        };
      return { result: r.input, scanType: 'QR_CODE', charSet: 'utf-8' };
    }),
    makePhoneCall: asyncApi('makePhoneCall', async (o) => {
      const number = str(o.phoneNumber);
      const r = await rt.shell.showSheet({
        kind: 'phone-call',
        title: number,
        message: '预览中不会真的拨出电话。',
        buttons: [
          { id: 'cancel', label: '取消' },
          { id: 'call', label: '呼叫', primary: true },
        ],
      });
      if (r.button !== 'call') throw new WxFail('cancel');
      rt.shell.note(`正在呼叫 ${number}（预览）`);
      return {};
    }),
    openPrivacyContract: asyncApi('openPrivacyContract', async () => {
      await rt.shell.showSheet({
        kind: 'privacy-contract',
        caption: '邻里',
        title: '邻里隐私保护指引',
        message:
          '开发者在小程序管理后台填写的《隐私保护指引》在这里显示。邻里收集：昵称和头像（个人资料）、手机号（住户登记）、位置（上报问题）、照片、视频和录音（上报问题）。仅用于提供对应功能。',
        buttons: [{ id: 'ok', label: '知道了', primary: true }],
      });
      return {};
    }),
    getPrivacySetting: asyncApi('getPrivacySetting', () => ({
      needAuthorization: !privacyAgreed(),
      privacyContractName: '《邻里隐私保护指引》',
    })),
    requirePrivacyAuthorize: asyncApi('requirePrivacyAuthorize', async () => {
      if (!(await requirePrivacy('requirePrivacyAuthorize'))) throw new WxFail('privacy permission is not authorized', 104);
      return {};
    }),
    onNeedPrivacyAuthorization,
    requestPayment: asyncApi('requestPayment', () => {
      throw new WxFail('预览不支持支付');
    }),
    getUserProfile: asyncApi('getUserProfile', () => ({ userInfo: { nickName: '微信用户', avatarUrl: '', gender: 0 } })),
    getNetworkType: asyncApi('getNetworkType', () => ({ networkType: navigator.onLine ? 'wifi' : 'none' })),
    createSelectorQuery: () => {
      const page = nav().current();
      if (!page) throw new Error('wx.createSelectorQuery: no page is open');
      return page.caller.createSelectorQuery();
    },

    // Cloud: the local cloud on this same server.
    cloud: {
      init: () => undefined,
      callFunction: asyncApi('cloud.callFunction', callFunction),
      uploadFile: asyncApi('cloud.uploadFile', async (o) => ({
        fileID: await uploadToLocalCloud(str(o.filePath), str(o.cloudPath)),
        statusCode: 200,
      })),
      getTempFileURL: asyncApi('cloud.getTempFileURL', async (o) => {
        const list = (o.fileList as Array<string | { fileID: string }> | undefined) ?? [];
        if (list.length > 50) throw new WxFail('fileList 最多 50 个');
        const fileList = await Promise.all(
          list.map(async (item) => {
            const fileID = typeof item === 'string' ? item : item.fileID;
            const tempFileURL = await tempFileUrl(fileID);
            return {
              fileID,
              tempFileURL,
              maxAge: 7200,
              status: tempFileURL ? 0 : -1,
              errMsg: tempFileURL ? 'ok' : 'STORAGE_FILE_NONEXIST',
            };
          }),
        );
        return { fileList };
      }),
      downloadFile: asyncApi('cloud.downloadFile', async (o) => {
        const url = await tempFileUrl(str(o.fileID));
        if (!url) throw new WxFail('STORAGE_FILE_NONEXIST');
        const blob = await fetch(url).then((r) => r.blob());
        return { tempFilePath: saveTempFile(blob, url.split('?')[0]), statusCode: 200 };
      }),
      database: () => {
        throw new Error('邻里的小程序不直连数据库：请通过 call(action, payload) 调用云函数');
      },
    },
  });
  return wx;
}

function systemInfo() {
  return {
    brand: 'iPhone',
    model: 'iPhone 8（邻里预览）',
    pixelRatio: 2,
    screenWidth: SCREEN.width,
    screenHeight: SCREEN.height,
    windowWidth: SCREEN.width,
    windowHeight: WINDOW_HEIGHT,
    statusBarHeight: SCREEN.statusBar,
    language: 'zh_CN',
    version: '8.0.50',
    system: 'iOS 17.0',
    platform: 'ios',
    fontSizeSetting: 16,
    SDKVersion: '3.7.0',
    theme: 'light',
    safeArea: {
      left: 0,
      right: SCREEN.width,
      top: SCREEN.statusBar,
      bottom: SCREEN.height,
      width: SCREEN.width,
      height: SCREEN.height - SCREEN.statusBar,
    },
    enableDebug: false,
    deviceOrientation: 'portrait',
  };
}

/** wx.createInnerAudioContext over an <audio> element (voice notes play back through it). */
function createAudioContext() {
  const audio = new Audio();
  const handlers: Record<string, Array<(arg?: unknown) => void>> = {};
  const on = (name: string) => (fn: (arg?: unknown) => void) => void (handlers[name] ??= []).push(fn);
  const emit = (name: string, arg?: unknown) => handlers[name]?.forEach((fn) => fn(arg));
  for (const [dom, name] of [
    ['play', 'Play'],
    ['pause', 'Pause'],
    ['ended', 'Ended'],
    ['canplay', 'CanPlay'],
    ['timeupdate', 'TimeUpdate'],
  ] as const) {
    audio.addEventListener(dom, () => emit(name));
  }
  audio.addEventListener('error', () => emit('Error', { errMsg: 'audio error', errCode: -1 }));
  const ctx = {
    get src() {
      return audio.dataset.src ?? '';
    },
    set src(value: string) {
      audio.dataset.src = value;
      void displayUrl(value).then((u) => (audio.src = u));
    },
    get duration() {
      return Number.isFinite(audio.duration) ? audio.duration : 0;
    },
    get currentTime() {
      return audio.currentTime;
    },
    get paused() {
      return audio.paused;
    },
    autoplay: false,
    loop: false,
    volume: 1,
    play: () => void audio.play().catch((e: unknown) => emit('Error', { errMsg: String(e), errCode: -1 })),
    pause: () => audio.pause(),
    stop: () => {
      audio.pause();
      audio.currentTime = 0;
      emit('Stop');
    },
    seek: (t: number) => void (audio.currentTime = t),
    destroy: () => {
      audio.pause();
      audio.removeAttribute('src');
    },
    onPlay: on('Play'),
    onPause: on('Pause'),
    onStop: on('Stop'),
    onEnded: on('Ended'),
    onError: on('Error'),
    onCanplay: on('CanPlay'),
    onTimeUpdate: on('TimeUpdate'),
    offPlay: () => undefined,
    offPause: () => undefined,
    offStop: () => undefined,
    offEnded: () => undefined,
    offError: () => undefined,
    offTimeUpdate: () => undefined,
  };
  return ctx;
}
