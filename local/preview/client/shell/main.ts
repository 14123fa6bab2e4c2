import type { ModalOptions, ModalResult, NavBarState, SheetOptions, SheetResult, ShellApi, ToastOptions } from '../shared/protocol';

/**
 * The page around the phone: the phone's own chrome (status bar, navigation bar, the system's
 * toasts, dialogs and sheets, drawn over the phone's screen as WeChat draws them over its
 * webviews), the identity switcher, launching a page or a scanned code, and the open-API outbox.
 */

interface Identity {
  openid: string;
  label: string;
  role: string;
}

interface OutboxEntry {
  id: number;
  apiName: string;
  request: Record<string, unknown>;
  reply: Record<string, unknown>;
  errcode: number;
  createdAt: number;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: object = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node: HTMLElementTagNameMap[K] = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

const params = new URLSearchParams(location.search);
const openid = params.get('openid') || 'demo-resident-001';
let identities: Identity[] = [];

function webview(): Window | null {
  return $<HTMLIFrameElement>('webview').contentWindow;
}

function launch(options: { path?: string; query?: string; scene?: number } = {}): void {
  const q = new URLSearchParams({ openid });
  if (options.path) q.set('path', options.path);
  if (options.query) q.set('query', options.query);
  if (options.scene) q.set('scene', String(options.scene));
  $('device-status').textContent = '正在打开小程序…';
  $<HTMLIFrameElement>('webview').src = `/preview/webview.html?${q.toString()}`;
}

// ------------------------------------------------------------------------------ overlays

const overlay = () => $('overlay');
let toastTimer = 0;

function clearLayer(kind: string): void {
  overlay()
    .querySelectorAll(`[data-layer="${kind}"]`)
    .forEach((n) => n.remove());
}

function showToast(o: ToastOptions): void {
  clearLayer('toast');
  window.clearTimeout(toastTimer);
  const layer = el('div', { className: `layer${o.mask ? ' layer--mask-clear' : ' layer--pass'}` });
  layer.dataset.layer = 'toast';
  const box = el('div', { className: `toast toast--${o.icon}`, role: 'status' });
  box.dataset.kind = 'toast';
  if (o.icon !== 'none') box.append(el('div', { className: 'toast__icon' }));
  box.append(el('div', { className: 'toast__title', textContent: o.title }));
  layer.append(box);
  overlay().append(layer);
  if (Number.isFinite(o.duration)) toastTimer = window.setTimeout(() => clearLayer('toast'), o.duration);
}

function showModal(o: ModalOptions): Promise<ModalResult> {
  return new Promise((resolve) => {
    const layer = el('div', { className: 'layer layer--mask' });
    layer.dataset.layer = 'modal';
    const input = el('textarea', { className: 'modal__input', placeholder: o.placeholderText ?? '', value: o.content });
    const close = (confirm: boolean) => {
      layer.remove();
      resolve({ confirm, cancel: !confirm, ...(o.editable ? { content: input.value } : {}) });
    };
    const buttons = el('div', { className: 'modal__buttons' });
    if (o.showCancel) {
      const cancel = el('button', { className: 'modal__cancel', textContent: o.cancelText });
      cancel.style.color = o.cancelColor ?? '';
      cancel.onclick = () => close(false);
      buttons.append(cancel);
    }
    const ok = el('button', { className: 'modal__confirm', textContent: o.confirmText });
    ok.style.color = o.confirmColor ?? '';
    ok.onclick = () => close(true);
    buttons.append(ok);
    const box = el('div', { className: 'modal', role: 'dialog' });
    box.dataset.kind = 'modal';
    if (o.title) box.append(el('div', { className: 'modal__title', textContent: o.title }));
    const content: HTMLElement = o.editable ? input : el('div', { className: 'modal__content', textContent: o.content });
    box.append(content, buttons);
    layer.append(box);
    overlay().append(layer);
  });
}

function showActionSheet(items: string[], alertText?: string, itemColor?: string): Promise<number | null> {
  return new Promise((resolve) => {
    const layer = el('div', { className: 'layer layer--mask layer--bottom' });
    layer.dataset.layer = 'sheet';
    const close = (i: number | null) => {
      layer.remove();
      resolve(i);
    };
    const box = el('div', { className: 'actionsheet', role: 'dialog' });
    box.dataset.kind = 'actionsheet';
    if (alertText) box.append(el('div', { className: 'actionsheet__alert', textContent: alertText }));
    items.forEach((item, i) => {
      const b = el('button', { className: 'actionsheet__item', textContent: item });
      if (itemColor) b.style.color = itemColor;
      b.onclick = () => close(i);
      box.append(b);
    });
    const cancel = el('button', { className: 'actionsheet__cancel', textContent: '取消' });
    cancel.onclick = () => close(null);
    box.append(cancel);
    layer.onclick = (e) => e.target === layer && close(null);
    layer.append(box);
    overlay().append(layer);
  });
}

function showSheet(o: SheetOptions): Promise<SheetResult> {
  return new Promise((resolve) => {
    const layer = el('div', { className: 'layer layer--mask layer--bottom' });
    layer.dataset.layer = 'sheet';
    const box = el('div', { className: 'sheet', role: 'dialog' });
    box.dataset.kind = o.kind;
    if (o.caption) box.append(el('div', { className: 'sheet__caption', textContent: o.caption }));
    box.append(el('div', { className: 'sheet__title', textContent: o.title }));
    if (o.message) box.append(el('div', { className: 'sheet__message', textContent: o.message }));
    const input = el('input', { className: 'sheet__input', placeholder: o.input?.placeholder ?? '', value: o.input?.value ?? '' });
    const error = el('div', { className: 'sheet__error' });
    if (o.input) {
      box.append(input);
      box.append(error);
    }
    const checks: Record<string, HTMLInputElement> = {};
    for (const c of o.checks ?? []) {
      const box2 = el('input', { type: 'checkbox', checked: c.checked });
      checks[c.id] = box2;
      box.append(el('label', { className: 'sheet__check' }, box2, c.label));
    }
    const buttons = el('div', { className: 'sheet__buttons' });
    for (const b of o.buttons) {
      const btn = el('button', { className: b.primary ? 'sheet__button sheet__button--primary' : 'sheet__button', textContent: b.label });
      btn.dataset.button = b.id;
      btn.onclick = () => {
        if (b.primary && o.input?.pattern && !new RegExp(o.input.pattern).test(input.value.trim())) {
          error.textContent = o.input.error ?? '格式不对';
          return;
        }
        layer.remove();
        resolve({
          button: b.id,
          input: input.value.trim(),
          checks: Object.fromEntries(Object.entries(checks).map(([k, v]) => [k, v.checked])),
        });
      };
      buttons.append(btn);
    }
    box.append(buttons);
    layer.append(box);
    overlay().append(layer);
    if (o.input) input.focus();
  });
}

function setNavBar(s: NavBarState): void {
  const bar = $('navbar');
  bar.style.background = s.background;
  bar.style.color = s.textStyle === 'white' ? '#fff' : '#000';
  bar.classList.toggle('navbar--custom', s.custom);
  // navigationStyle: custom — the page's webview runs under the status bar; only the capsule stays.
  $('phone').classList.toggle('phone--custom-nav', s.custom);
  $('nav-title').textContent = s.title;
  $('nav-back').hidden = !s.back;
  $('nav-home').hidden = !s.home;
  renderStack();
}

function note(text: string): void {
  const list = $('notes');
  list.prepend(el('li', { textContent: `${new Date().toLocaleTimeString('zh-CN', { hour12: false })}  ${text}` }));
  while (list.children.length > 8) list.lastElementChild?.remove();
}

const shell: ShellApi = {
  openid,
  identityLabel: '',
  setNavBar,
  showToast,
  hideToast: () => clearLayer('toast'),
  showModal,
  showActionSheet,
  showSheet,
  reportStatus: (s) => {
    $('device-status').textContent = s.ok ? '' : `打开失败：${s.message ?? ''}`;
    renderStack();
  },
  note,
  callFinished: () => {
    window.clearTimeout(outboxTimer);
    outboxTimer = window.setTimeout(() => void refreshOutbox(), 300);
  },
};
let outboxTimer = 0;
window.linliShell = shell;

// ------------------------------------------------------------------------------ panels

function renderIdentities(): void {
  const box = $('identities');
  box.textContent = '';
  for (const id of identities) {
    const b = el(
      'button',
      { className: id.openid === openid ? 'identity identity--current' : 'identity' },
      el('b', { textContent: id.label }),
      el('span', { textContent: id.openid }),
    );
    b.dataset.openid = id.openid;
    b.onclick = () => {
      const q = new URLSearchParams(location.search);
      q.set('openid', id.openid);
      location.search = q.toString();
    };
    box.append(b);
  }
  const me = identities.find((i) => i.openid === openid);
  shell.identityLabel = me?.label ?? openid;
  document.title = `邻里 · ${me?.label ?? openid}`;
}

function renderStack(): void {
  const stack = webview()?.linliWebview?.stack() ?? [];
  const list = $('stack');
  list.textContent = '';
  for (const p of stack) {
    const q = new URLSearchParams(p.query).toString();
    list.append(el('li', { textContent: q ? `${p.route}?${q}` : p.route }));
  }
}

function summary(e: OutboxEntry): string {
  const r = e.request;
  switch (e.apiName) {
    case 'subscribeMessage.send':
      return `发给 ${String(r.touser)} · 模板 ${String(r.template_id)}${r.page ? ` · 打开 ${String(r.page)}` : ''}`;
    case 'security.msgSecCheck': {
      const result = e.reply.result as { suggest?: string } | undefined;
      const text = String(r.content ?? r.nickname ?? r.title ?? '');
      return `“${text.slice(0, 30)}” → ${result?.suggest === 'pass' ? '通过' : result?.suggest === 'review' ? '需人工复核' : result?.suggest === 'risky' ? '拦截' : String(result?.suggest ?? '')}`;
    }
    case 'security.mediaCheckAsync':
      return `${String(r.media_url ?? '')}`;
    case 'wxacode.getUnlimited':
      return `页面 ${String(r.page ?? '（首页）')} · 场景 ${String(r.scene)}`;
    case 'phonenumber.getPhoneNumber':
      return `凭证 ${String(r.code)}`;
    default:
      return JSON.stringify(r).slice(0, 80);
  }
}

const API_LABELS: Record<string, string> = {
  'subscribeMessage.send': '订阅消息',
  'security.msgSecCheck': '文本检测',
  'security.mediaCheckAsync': '图片/音视频检测',
  'wxacode.getUnlimited': '小程序码',
  'phonenumber.getPhoneNumber': '手机号',
};

async function refreshOutbox(): Promise<void> {
  const res = await fetch('/_inspect/outbox?limit=50').then((r) => r.json() as Promise<{ data?: OutboxEntry[] }>);
  const entries = res.data ?? [];
  const box = $('outbox');
  box.textContent = '';
  if (!entries.length) box.append(el('p', { className: 'empty', textContent: '还没有调用记录。' }));
  for (const e of entries.slice(0, 30)) {
    const row = el(
      'div',
      { className: e.errcode === 0 ? 'outbox__row' : 'outbox__row outbox__row--error' },
      el('span', { className: 'outbox__api', textContent: API_LABELS[e.apiName] ?? e.apiName }),
      el('span', { className: 'outbox__text', textContent: summary(e) + (e.errcode ? `（错误 ${e.errcode}）` : '') }),
      el('time', { textContent: new Date(e.createdAt).toLocaleTimeString('zh-CN', { hour12: false }) }),
    );
    row.title = JSON.stringify({ request: e.request, reply: e.reply }, null, 2);
    box.append(row);
  }
  renderCodes(entries.filter((e) => e.apiName === 'wxacode.getUnlimited' && e.errcode === 0));
}

function renderCodes(codes: OutboxEntry[]): void {
  const box = $('codes');
  box.textContent = '';
  const seen = new Set<string>();
  for (const c of codes) {
    const content = String(c.reply.content ?? (c.reply.note as { content?: string } | undefined)?.content ?? '');
    if (!content || seen.has(content)) continue;
    seen.add(content);
    const b = el('button', { className: 'code', textContent: `扫 ${String(c.request.scene)}` });
    b.title = content;
    b.onclick = () => void scan(content);
    box.append(b);
  }
}

async function scan(input: string): Promise<void> {
  const text = input.trim();
  if (!text) return;
  const res = await fetch(`/preview/api/scan?content=${encodeURIComponent(text)}`).then(
    (r) => r.json() as Promise<{ data: { page: string; scene: string } | null }>,
  );
  const page =
    res.data?.page ||
    ($<HTMLSelectElement>('open-page').value.includes('join')
      ? $<HTMLSelectElement>('open-page').value
      : (pages().find((p) => p.includes('/join/')) ?? pages()[0]!));
  const scene = res.data?.scene ?? text;
  // A scanned mini-program code opens its page with the scene URI-encoded in `query.scene` (scene value 1047).
  launch({ path: page, query: new URLSearchParams({ scene: encodeURIComponent(scene) }).toString(), scene: 1047 });
}

let appPages: string[] = [];
const pages = () => appPages;

async function loadPages(): Promise<void> {
  // The app's pages come with the app build; read them off the webview once it has loaded.
  const wv = webview() as
    (Window & { __LINLI_APP__?: { appJson: { pages: string[]; subPackages?: Array<{ root: string; pages: string[] }> } } }) | null;
  const app = wv?.__LINLI_APP__?.appJson;
  if (!app || appPages.length) return;
  appPages = [...app.pages, ...(app.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
  const select = $<HTMLSelectElement>('open-page');
  for (const p of appPages) select.append(el('option', { value: p, textContent: p }));
}

function wire(): void {
  $('nav-back').onclick = () => webview()?.linliWebview?.navigateBack();
  $('tool-back').onclick = () => webview()?.linliWebview?.navigateBack();
  $('nav-home').onclick = () => webview()?.linliWebview?.reLaunchHome();
  $('tool-refresh').onclick = () => webview()?.linliWebview?.pullDownRefresh();
  $('tool-relaunch').onclick = () => launch();
  $('capsule-menu').onclick = () => void capsuleMenu();
  $('open-go').onclick = () =>
    launch({ path: $<HTMLSelectElement>('open-page').value, query: $<HTMLInputElement>('open-query').value.trim() });
  $('scan-go').onclick = () => void scan($<HTMLInputElement>('scan-content').value);
  $('outbox-refresh').onclick = () => void refreshOutbox();
  $<HTMLIFrameElement>('webview').addEventListener('load', () => {
    void loadPages();
    renderStack();
  });
}

/** The capsule's ··· menu: what WeChat offers there that makes sense in the preview. */
async function capsuleMenu(): Promise<void> {
  const choice = await showActionSheet(['重新进入小程序', '清除本地缓存（当前身份）', '复制当前页面路径']);
  if (choice === 0) launch();
  if (choice === 1) {
    const prefix = `linli-preview:${openid}:`;
    Object.keys(localStorage)
      .filter((k) => k.startsWith(prefix))
      .forEach((k) => localStorage.removeItem(k));
    note('已清除本地缓存');
    launch();
  }
  if (choice === 2) {
    const top = webview()?.linliWebview?.stack().at(-1);
    if (!top) return;
    const q = new URLSearchParams(top.query).toString();
    const text = q ? `${top.route}?${q}` : top.route;
    await navigator.clipboard?.writeText(text).catch(() => undefined);
    note(`页面路径：${text}`);
  }
}

async function main(): Promise<void> {
  wire();
  launch({
    ...(params.get('path') ? { path: params.get('path')! } : {}),
    ...(params.get('query') ? { query: params.get('query')! } : {}),
  });
  const res = await fetch('/preview/api/identities').then((r) => r.json() as Promise<{ data: Identity[] }>);
  identities = res.data;
  if (!identities.some((i) => i.openid === openid)) identities.unshift({ openid, label: openid, role: '' });
  renderIdentities();
  void refreshOutbox();
  window.setInterval(() => void refreshOutbox(), 4000);
}

void main();
