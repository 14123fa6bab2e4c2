import http from 'node:http';
import type { TestEnv } from './test-env';

/** What the tests control and observe about the phone the mini-program runs on. */
export interface Phone {
  /** Who WeChat says the user is: the OPENID the cloud function receives. */
  openid: string;
  /** false: every cloud call fails the way `wx.cloud.callFunction` fails without network. */
  online: boolean;
  /**
   * The next N calls reach the cloud function, but their replies are lost on the way back
   * (the phone sees a network failure): what happens when the signal drops mid-call.
   */
  dropReplies: number;
  /** Every event delivered to a cloud function, in order. */
  calls: Array<{ name: string; data: Record<string, unknown> }>;
  /** URLs passed to navigateTo / switchTab. */
  navigations: string[];
  /** Messages shown with the system toast (the TDesign toast renders into the page instead). */
  toasts: string[];
  storage: Map<string, unknown>;
  /** Numbers handed to `wx.makePhoneCall` (the system dial sheet). */
  dialled: string[];
  /** Confirmation dialogs shown with `wx.showModal`, and how the person answers the next ones (default: confirm). */
  modals: Array<{ title: string; content: string }>;
  modalAnswers: boolean[];
  /** Text put on the clipboard. */
  clipboard: string[];
  /** URLs downloaded and files saved to the album. */
  downloads: string[];
  savedImages: string[];
  /** What the app registered with `wx.onNeedPrivacyAuthorization`; WeChat calls it when a privacy API needs consent. */
  privacyListener: ((resolve: (answer: unknown) => void, eventInfo: { referrer: string }) => void) | null;
}

interface CallFunctionParam {
  name: string;
  data?: Record<string, unknown>;
  success?: (res: unknown) => void;
  fail?: (err: unknown) => void;
}

/**
 * Installs the globals a mini-program expects, over miniprogram-simulate's `wx` mock: the
 * cloud (a real local cloud over HTTP), storage that remembers, navigation that records,
 * and the App / getApp / getCurrentPages the framework provides.
 */
export function installPhone(cloud: Pick<TestEnv, 'invoke'>, openid: string): Phone {
  const phone: Phone = {
    openid,
    online: true,
    dropReplies: 0,
    privacyListener: null,
    calls: [],
    navigations: [],
    toasts: [],
    dialled: [],
    modals: [],
    modalAnswers: [],
    clipboard: [],
    downloads: [],
    savedImages: [],
    storage: new Map(),
  };

  const callFunction = (param: CallFunctionParam): Promise<{ result: unknown; errMsg: string }> => {
    const data = param.data ?? {};
    phone.calls.push({ name: param.name, data });
    const networkError = { errCode: -1, errMsg: 'cloud.callFunction:fail request:fail network error' };
    const done = phone.online
      ? cloud.invoke(param.name, data, phone.openid).then((result) => {
          if (phone.dropReplies > 0) {
            phone.dropReplies -= 1;
            throw networkError;
          }
          return { result, errMsg: 'cloud.callFunction:ok' };
        })
      : Promise.reject(networkError);
    done.then(
      (res) => param.success?.(res),
      (err: unknown) => param.fail?.(err),
    );
    return done;
  };

  const navigate = (opts: { url: string; success?: () => void }) => {
    phone.navigations.push(opts.url);
    opts.success?.();
    return Promise.resolve({ errMsg: 'ok' });
  };

  /** Success or fail callbacks and the promise form, as the base library offers both. */
  function settle<T>(opts: { success?: (res: T) => void; fail?: (err: unknown) => void } | undefined, res: T): Promise<T> {
    opts?.success?.(res);
    return Promise.resolve(res);
  }

  const g = globalThis as unknown as Record<string, unknown>;
  // miniprogram-simulate installed its own `wx` mock when imported; ours replaces the parts the app relies on.
  Object.assign(g.wx as object, {
    cloud: { init: () => undefined, callFunction },
    getStorageSync: (key: string) => (phone.storage.has(key) ? phone.storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void phone.storage.set(key, value),
    removeStorageSync: (key: string) => void phone.storage.delete(key),
    navigateTo: navigate,
    switchTab: navigate,
    reLaunch: navigate,
    redirectTo: navigate,
    makePhoneCall: (opts: { phoneNumber: string; success?: (res: unknown) => void }) => {
      phone.dialled.push(opts.phoneNumber);
      return settle(opts, { errMsg: 'makePhoneCall:ok' });
    },
    showModal: (opts: { title?: string; content?: string; success?: (res: unknown) => void }) => {
      phone.modals.push({ title: opts.title ?? '', content: opts.content ?? '' });
      const confirm = phone.modalAnswers.length ? phone.modalAnswers.shift()! : true;
      return settle(opts, { confirm, cancel: !confirm, errMsg: 'showModal:ok' });
    },
    setClipboardData: (opts: { data: string; success?: (res: unknown) => void }) => {
      phone.clipboard.push(opts.data);
      return settle(opts, { errMsg: 'setClipboardData:ok' });
    },
    // The real download of a file the local cloud serves: what the QR image save needs to reach.
    downloadFile: (opts: { url: string; success?: (res: unknown) => void; fail?: (err: unknown) => void }) => {
      phone.downloads.push(opts.url);
      void getStatus(opts.url).then(
        (statusCode) => opts.success?.({ statusCode, tempFilePath: `http://tmp/${phone.downloads.length}.png`, errMsg: 'downloadFile:ok' }),
        () => opts.fail?.({ errMsg: 'downloadFile:fail' }),
      );
      return { abort: () => undefined };
    },
    saveImageToPhotosAlbum: (opts: { filePath: string; success?: (res: unknown) => void }) => {
      phone.savedImages.push(opts.filePath);
      return settle(opts, { errMsg: 'saveImageToPhotosAlbum:ok' });
    },
    showToast: (opts: { title: string }) => void phone.toasts.push(opts.title),
    stopPullDownRefresh: () => undefined,
    onNeedPrivacyAuthorization: (listener: Phone['privacyListener']) => {
      phone.privacyListener = listener;
    },
    openPrivacyContract: () => undefined,
  });

  let app: Record<string, unknown> = {};
  g.App = (options: Record<string, unknown>) => {
    app = options;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => [...openPages];
  return phone;
}

/** The HTTP status of a GET (Node's http: under jsdom, fetch is the browser's, bound by CORS). */
function getStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

const openPages: WechatLikePage[] = [];

interface WechatLikePage {
  onLoad?: (query: Record<string, string>) => void;
  onShow?: () => void;
  onPullDownRefresh?: () => void;
  selectComponent(selector: string): unknown;
}

export { openPages };
