import { registerBuiltins } from './builtins';
import { Framework } from './framework';
import { Navigator, reportError } from './pages';
import { fallbackShell, rt, transformRpx } from './runtime';
import { createWx } from './wx';

/**
 * The webview: WeChat's "app service + page webviews" in one iframe of the phone's size.
 * `?openid=` says who is using the phone, `?path=&query=&scene=` where the app opens (a scanned
 * code opens its page with `scene` in the query).
 */
function launch(): void {
  const params = new URLSearchParams(location.search);
  const shell = window.parent !== window && window.parent.linliShell ? window.parent.linliShell : fallbackShell;
  rt.shell = shell;
  rt.openid = params.get('openid') || shell.openid;

  const payload = window.__LINLI_APP__;
  if (!payload) {
    showFatal(
      '小程序没有构建成功',
      (window as unknown as { __LINLI_APP_ERROR__?: string }).__LINLI_APP_ERROR__ ?? '请查看 npm start 的输出',
    );
    return;
  }
  rt.app = payload;
  // j-component converts rpx in inline styles through this (patched in at bundle time).
  (globalThis as unknown as { __linliTransformRpx: (s: string) => string }).__linliTransformRpx = transformRpx;

  const g = globalThis as unknown as Record<string, unknown>;
  g.wx = createWx();
  g.__wxConfig = { envVersion: 'develop', platform: 'ios' };
  registerBuiltins();
  rt.framework = new Framework(payload);

  const container = document.getElementById('pages')!;
  rt.navigator = new Navigator(container);
  let appOptions: Record<string, unknown> = {};
  g.App = (options: Record<string, unknown>) => {
    appOptions = options;
  };
  g.getApp = () => rt.appInstance;
  g.getCurrentPages = () => rt.navigator.pages().map((p) => p.caller);

  const entry = params.get('path') || payload.appJson.pages[0]!;
  const query: Record<string, string> = Object.fromEntries(new URLSearchParams(params.get('query') ?? ''));
  const scene = Number(params.get('scene') ?? 1001);
  const launchOptions = { path: entry, query, scene, referrerInfo: {}, forwardMaterials: [], apiCategory: 'default' };
  const wx = g.wx as Record<string, unknown>;
  wx.getLaunchOptionsSync = () => launchOptions;
  wx.getEnterOptionsSync = () => launchOptions;

  try {
    rt.framework.modules.require('app.js');
    rt.appInstance = appOptions;
    (appOptions.onLaunch as ((o: unknown) => void) | undefined)?.call(appOptions, launchOptions);
    (appOptions.onShow as ((o: unknown) => void) | undefined)?.call(appOptions, launchOptions);
  } catch (err) {
    reportError('App onLaunch', err);
  }

  const qs = new URLSearchParams(query).toString();
  try {
    rt.navigator.reLaunch(`/${entry}${qs ? `?${qs}` : ''}`);
    shell.reportStatus({ ok: true, route: entry });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    showFatal('页面打不开', message);
    shell.reportStatus({ ok: false, message });
    console.error(err);
  }

  window.linliWebview = {
    stack: () => rt.navigator.pages().map((p) => ({ route: p.route, query: p.query })),
    navigateBack: () => {
      if (rt.navigator.pages().length > 1) rt.navigator.navigateBack(1);
    },
    reLaunchHome: () => rt.navigator.reLaunch(`/${payload.appJson.pages[0]}`),
    pullDownRefresh: () => rt.navigator.current()?.startPullDownRefresh(),
    openFromScan: (page, scene) => rt.navigator.reLaunch(`/${page}?scene=${encodeURIComponent(scene)}`),
  };
}

function showFatal(title: string, message: string): void {
  const box = document.createElement('div');
  box.className = 'wv-fatal';
  const h = document.createElement('h1');
  h.textContent = title;
  const pre = document.createElement('pre');
  pre.textContent = message;
  box.append(h, pre);
  document.body.appendChild(box);
}

window.addEventListener('error', (e) => reportError('未捕获的错误', e.error ?? e.message));
window.addEventListener('unhandledrejection', (e) => {
  const reason: unknown = e.reason;
  // WeChat's promise-style APIs reject with { errMsg }; an unhandled one is logged, not fatal.
  if (reason && typeof reason === 'object' && 'errMsg' in reason)
    console.warn('[邻里预览] 未处理的失败：', (reason as { errMsg: string }).errMsg);
  else reportError('未处理的 Promise 拒绝', reason);
});

launch();
