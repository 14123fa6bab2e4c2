import type { ComponentJson } from '../shared/protocol';
import { bridgeEvents } from './events';
import { dirname, joinPath } from './modules';
import { rt } from './runtime';
import { pageSheets, tabBarSheets } from './styles';
import { jComponent, type ComponentCaller, type RootComponent } from './vendor';

const MAX_STACK = 10;
const CUSTOM_TAB_BAR = 'custom-tab-bar/index';

export type Query = Record<string, string>;

interface PageCaller extends ComponentCaller {
  route: string;
  options: Query;
  __wxWebviewId__: number;
  getTabBar(): ComponentCaller | undefined;
  getOpenerEventChannel(): EventChannel;
}

/** `wx.navigateTo`'s events between the opener and the opened page. */
export class EventChannel {
  private readonly listeners = new Map<string, Array<{ fn: (...args: unknown[]) => void; once: boolean }>>();
  private peer: EventChannel | null = null;

  static pair(): [EventChannel, EventChannel] {
    const a = new EventChannel();
    const b = new EventChannel();
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  on(name: string, fn: (...args: unknown[]) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), { fn, once: false }]);
  }

  once(name: string, fn: (...args: unknown[]) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), { fn, once: true }]);
  }

  off(name: string, fn?: (...args: unknown[]) => void): void {
    this.listeners.set(
      name,
      (this.listeners.get(name) ?? []).filter((l) => fn && l.fn !== fn),
    );
  }

  emit(name: string, ...args: unknown[]): void {
    const peer = this.peer;
    if (!peer) return;
    const list = peer.listeners.get(name) ?? [];
    peer.listeners.set(
      name,
      list.filter((l) => !l.once),
    );
    list.forEach((l) => l.fn(...args));
  }
}

/** One open page: its frame in the webview, its component tree, its config. */
export class PageInstance {
  readonly frame: HTMLElement;
  readonly scroller: HTMLElement;
  readonly refresher: HTMLElement;
  readonly root: RootComponent;
  readonly caller: PageCaller;
  tabBar: RootComponent | null = null;
  refreshing = false;
  private nearBottom = false;

  constructor(
    readonly webviewId: number,
    readonly route: string,
    readonly query: Query,
    readonly config: ComponentJson,
    componentId: string,
    eventChannel: EventChannel,
  ) {
    this.frame = document.createElement('div');
    this.frame.className = 'wv-page';
    this.frame.dataset.route = route;
    this.refresher = document.createElement('div');
    this.refresher.className = 'wv-refresher';
    this.refresher.innerHTML = '<i></i><i></i><i></i>';
    this.scroller = document.createElement('div');
    this.scroller.className = 'wv-scroller';
    this.scroller.style.background = config.backgroundColor ?? '';
    if (config.disableScroll) this.scroller.style.overflowY = 'hidden';
    this.frame.append(this.refresher, this.scroller);

    const shadow = this.scroller.attachShadow({ mode: 'open' });
    shadow.adoptedStyleSheets = pageSheets(route);
    // A page built with Component() also receives its query in the properties it declares, as in WeChat.
    const props = Object.fromEntries(
      Object.entries(query).filter(([k]) => !['id', 'class', 'style', 'slot'].includes(k) && !k.startsWith('data-')),
    );
    const root = jComponent.create(componentId, props);
    if (!root) throw new Error(`页面组件没有注册：${route}`);
    this.root = root;
    this.caller = root.instance as PageCaller;
    this.caller.route = route;
    this.caller.options = query;
    this.caller.__wxWebviewId__ = webviewId;
    this.caller.getTabBar = () => this.tabBar?.instance;
    this.caller.getOpenerEventChannel = () => eventChannel;
    bridgeEvents(shadow, this.scroller);

    this.scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    installPullDown(this);
  }

  mount(container: HTMLElement, withTabBar: boolean): void {
    container.appendChild(this.frame);
    const shadow = this.scroller.shadowRoot!;
    this.root.attach(shadow);
    if (withTabBar && rt.framework.entry(CUSTOM_TAB_BAR)) {
      const host = document.createElement('div');
      host.className = 'wv-tabbar';
      const tabShadow = host.attachShadow({ mode: 'open' });
      tabShadow.adoptedStyleSheets = tabBarSheets();
      this.frame.appendChild(host);
      const id = rt.framework.ensure(CUSTOM_TAB_BAR, 'custom-tab-bar');
      const bar = jComponent.create(id);
      if (bar) {
        bar.attach(tabShadow);
        bridgeEvents(tabShadow, null);
        this.tabBar = bar;
      }
    }
  }

  call(method: string, ...args: unknown[]): unknown {
    const fn = this.caller[method];
    if (typeof fn !== 'function') return undefined;
    try {
      return (fn as (...a: unknown[]) => unknown).apply(this.caller, args);
    } catch (err) {
      reportError(`${this.route} ${method}`, err);
      return undefined;
    }
  }

  show(): void {
    this.frame.classList.add('wv-page--top');
    this.call('onShow');
    this.root.triggerPageLifeTime('show');
    this.tabBar?.triggerPageLifeTime('show');
  }

  hide(): void {
    this.frame.classList.remove('wv-page--top');
    this.call('onHide');
    this.root.triggerPageLifeTime('hide');
    this.tabBar?.triggerPageLifeTime('hide');
  }

  unload(): void {
    this.call('onUnload');
    this.root.detach();
    this.tabBar?.detach();
    this.frame.remove();
  }

  startPullDownRefresh(): void {
    if (this.refreshing) return;
    this.refreshing = true;
    this.frame.classList.add('wv-page--refreshing');
    this.scroller.scrollTop = 0;
    this.call('onPullDownRefresh');
  }

  stopPullDownRefresh(): void {
    this.refreshing = false;
    this.frame.classList.remove('wv-page--refreshing');
  }

  private onScroll(): void {
    const s = this.scroller;
    if (typeof this.caller.onPageScroll === 'function') this.call('onPageScroll', { scrollTop: s.scrollTop });
    const distance = this.config.onReachBottomDistance ?? 50;
    const near = s.scrollHeight - s.scrollTop - s.clientHeight <= distance;
    if (near && !this.nearBottom) this.call('onReachBottom');
    this.nearBottom = near;
  }
}

/** Mouse-wheel or drag past the top of a page with `enablePullDownRefresh`: WeChat's pull-down refresh. */
function installPullDown(page: PageInstance): void {
  if (!page.config.enablePullDownRefresh) return;
  let pulled = 0;
  let resetTimer = 0;
  page.scroller.addEventListener(
    'wheel',
    (e) => {
      if (page.scroller.scrollTop > 0 || e.deltaY >= 0) {
        pulled = 0;
        return;
      }
      pulled += -e.deltaY;
      window.clearTimeout(resetTimer);
      resetTimer = window.setTimeout(() => (pulled = 0), 400);
      if (pulled > 150) {
        pulled = 0;
        page.startPullDownRefresh();
      }
    },
    { passive: true },
  );
  let startY: number | null = null;
  page.scroller.addEventListener('pointerdown', (e) => {
    startY = page.scroller.scrollTop === 0 && e.pointerType !== 'touch' ? e.clientY : null;
  });
  page.scroller.addEventListener('pointerup', (e) => {
    if (startY !== null && e.clientY - startY > 80) page.startPullDownRefresh();
    startY = null;
  });
}

export function reportError(where: string, err: unknown): void {
  console.error(`[邻里预览] ${where}:`, err);
  const message = err instanceof Error ? err.message : String(err);
  rt.shell.note(`脚本错误（${where}）：${message}`);
}

export class NavigationError extends Error {}

/** The page stack: WeChat's navigateTo / redirectTo / navigateBack / switchTab / reLaunch. */
export class Navigator {
  private stack: PageInstance[] = [];
  /** Tab pages stay alive once opened (WeChat keeps them); only reLaunch closes them. */
  private readonly tabPages = new Map<string, PageInstance>();
  private nextId = 1;

  constructor(private readonly container: HTMLElement) {}

  pages(): PageInstance[] {
    return [...this.stack];
  }

  current(): PageInstance | undefined {
    return this.stack[this.stack.length - 1];
  }

  allRoutes(): string[] {
    const app = rt.app.appJson;
    const subs = app.subPackages ?? app.subpackages ?? [];
    return [...app.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/+$/, '')}/${p}`))];
  }

  isTab(route: string): boolean {
    return (rt.app.appJson.tabBar?.list ?? []).some((t) => t.pagePath === route);
  }

  /** `url` as the API receives it: absolute (`/pages/a/index?x=1`) or relative to the current page. */
  parse(url: string): { route: string; query: Query } {
    const [rawPath = '', rawQuery = ''] = url.split('?');
    const base = this.current()?.route ?? '';
    const route = joinPath(rawPath.startsWith('/') ? '' : dirname(base), rawPath);
    const query: Query = {};
    for (const pair of rawQuery.split('&')) {
      if (!pair) continue;
      const i = pair.indexOf('=');
      // WeChat hands query values over as written: pages decode them themselves.
      if (i < 0) query[pair] = '';
      else query[pair.slice(0, i)] = pair.slice(i + 1);
    }
    return { route, query };
  }

  private check(route: string): void {
    if (!this.allRoutes().includes(route)) throw new NavigationError(`page "${route}" is not found`);
    if (!rt.framework.entry(route)) throw new NavigationError(`page "${route}" has not been built (its files are missing)`);
  }

  private create(route: string, query: Query, channel: EventChannel): PageInstance {
    const entry = rt.framework.entry(route)!;
    const windowConfig = rt.app.appJson.window ?? {};
    const config: ComponentJson = { ...windowConfig, ...entry.json };
    const id = rt.framework.ensure(route, 'wx-page');
    const page = new PageInstance(this.nextId++, route, query, config, id, channel);
    page.mount(this.container, this.isTab(route) && rt.app.appJson.tabBar?.custom === true);
    return page;
  }

  /** The page for a route: a tab page already open is reused (no second onLoad). */
  private open(route: string, query: Query, channel = EventChannel.pair()[1]): { page: PageInstance; fresh: boolean } {
    if (this.isTab(route)) {
      const existing = this.tabPages.get(route);
      if (existing) return { page: existing, fresh: false };
      const page = this.create(route, query, channel);
      this.tabPages.set(route, page);
      return { page, fresh: true };
    }
    return { page: this.create(route, query, channel), fresh: true };
  }

  /** The page is on the stack (getCurrentPages() includes it) before its onLoad, as in WeChat. */
  private enter(opened: { page: PageInstance; fresh: boolean }): void {
    const { page, fresh } = opened;
    if (fresh) page.call('onLoad', { ...page.query });
    page.show();
    if (fresh) requestAnimationFrame(() => page.call('onReady'));
    this.syncNavBar();
  }

  syncNavBar(): void {
    const page = this.current();
    if (!page) return;
    const c = page.config;
    rt.shell.setNavBar({
      title: c.navigationBarTitleText ?? '',
      back: this.stack.length > 1,
      home: this.stack.length === 1 && !this.isTab(page.route),
      background: c.navigationBarBackgroundColor ?? '#ffffff',
      textStyle: c.navigationBarTextStyle ?? 'black',
      loading: false,
      custom: c.navigationStyle === 'custom',
    });
  }

  private closeNonTab(page: PageInstance): void {
    if (this.isTab(page.route)) page.hide();
    else page.unload();
  }

  navigateTo(url: string, events?: Record<string, (...args: unknown[]) => void>): EventChannel {
    const { route, query } = this.parse(url);
    this.check(route);
    if (this.isTab(route)) throw new NavigationError('can not navigateTo a tabbar page');
    if (this.stack.length >= MAX_STACK) throw new NavigationError('webview count limit exceed');
    const [opener, opened] = EventChannel.pair();
    for (const [name, fn] of Object.entries(events ?? {})) opener.on(name, fn);
    this.current()?.hide();
    const next = this.open(route, query, opened);
    this.stack.push(next.page);
    this.enter(next);
    return opener;
  }

  redirectTo(url: string): void {
    const { route, query } = this.parse(url);
    this.check(route);
    if (this.isTab(route)) throw new NavigationError('can not redirectTo a tabbar page');
    const old = this.stack.pop();
    if (old) this.closeNonTab(old);
    const next = this.open(route, query);
    this.stack.push(next.page);
    this.enter(next);
  }

  navigateBack(delta = 1): void {
    if (this.stack.length <= 1) throw new NavigationError('cannot navigate back at first page.');
    const n = Math.max(1, Math.min(delta, this.stack.length - 1));
    for (let i = 0; i < n; i += 1) {
      const page = this.stack.pop()!;
      if (i === 0) page.hide();
      if (!this.isTab(page.route)) page.unload();
    }
    this.enter({ page: this.current()!, fresh: false });
  }

  switchTab(url: string): void {
    const { route } = this.parse(url);
    this.check(route);
    if (!this.isTab(route)) throw new NavigationError('can not switch to no-tabBar page');
    const top = this.current();
    if (top?.route === route && this.stack.length === 1) return;
    top?.hide();
    for (const page of this.stack.reverse()) if (!this.isTab(page.route)) page.unload();
    const next = this.open(route, {});
    this.stack = [next.page];
    this.enter(next);
  }

  reLaunch(url: string): void {
    const { route, query } = this.parse(url.startsWith('/') ? url : `/${url}`);
    this.check(route);
    this.current()?.hide();
    for (const page of this.stack) if (!this.isTab(page.route)) page.unload();
    for (const page of this.tabPages.values()) page.unload();
    this.tabPages.clear();
    this.stack = [];
    const next = this.open(route, this.isTab(route) ? {} : query);
    this.stack = [next.page];
    this.enter(next);
  }
}
