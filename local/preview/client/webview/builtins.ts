import { displayUrl, pickFiles, saveTempFile } from './files';
import { requirePrivacy, setPrivacyAgreed } from './privacy';
import { rt, transformRpx } from './runtime';
import { jComponent, type ComponentCaller } from './vendor';

/**
 * WeChat's built-in components (view, image, input, button…) for the browser. In WeChat they are
 * exparser components implemented by the base library; here too: each is registered with
 * j-component under its WXML name (wcc emits `wx-image`, j-component looks up `image`), renders
 * into its own host element (`<wx-image>`), and raises the same events with the same details.
 */

type Caller = ComponentCaller & Record<string, unknown>;
type Props = Record<string, { type: unknown; value?: unknown }>;

interface BuiltinSpec {
  properties?: Props;
  /** Called once the host element exists, and again whenever a property changes. */
  render?(this: Caller, el: HTMLElement, first: boolean): void;
  methods?: Record<string, (this: Caller, ...args: never[]) => unknown>;
  /** Hover class default ('' = no hover feedback). */
  hover?: string;
  detached?(this: Caller): void;
  behaviors?: string[];
}

const host = (c: Caller): HTMLElement => c._exparserNode.$$ as HTMLElement;

function reflect(el: HTMLElement, name: string, value: unknown): void {
  if (value === true) el.setAttribute(name, '');
  else if (value === false || value === null || value === undefined || value === '') el.removeAttribute(name);
  else el.setAttribute(name, String(value));
}

const HOVER_PROPS: Props = {
  hoverClass: { type: String },
  hoverStartTime: { type: Number, value: 50 },
  hoverStayTime: { type: Number, value: 400 },
  hoverStopPropagation: { type: Boolean, value: false },
};

/** `hover-class`: added while the pointer presses, like the finger on a phone. */
function installHover(c: Caller, el: HTMLElement, fallback: string): void {
  let applied = '';
  let startTimer = 0;
  let stayTimer = 0;
  const current = () => {
    const v = c.data.hoverClass as string | undefined;
    return v === undefined || v === '' ? fallback : v;
  };
  const remove = () => {
    if (applied) c._exparserNode.classList.toggle(applied, false);
    applied = '';
  };
  el.addEventListener('pointerdown', (e) => {
    const cls = current();
    const marker = e as PointerEvent & { __wxHoverStopped?: boolean };
    if (!cls || cls === 'none' || marker.__wxHoverStopped || c.data.disabled === true) return;
    if (c.data.hoverStopPropagation) marker.__wxHoverStopped = true;
    window.clearTimeout(stayTimer);
    startTimer = window.setTimeout(
      () => {
        applied = cls;
        c._exparserNode.classList.toggle(cls, true);
      },
      (c.data.hoverStartTime as number) ?? 50,
    );
  });
  const release = () => {
    window.clearTimeout(startTimer);
    stayTimer = window.setTimeout(remove, (c.data.hoverStayTime as number) ?? 400);
  };
  el.addEventListener('pointerup', release);
  el.addEventListener('pointerleave', release);
  el.addEventListener('pointercancel', release);
}

function define(name: string, spec: BuiltinSpec): void {
  const properties: Props = {
    hidden: { type: Boolean, value: false },
    ...(spec.hover !== undefined ? HOVER_PROPS : {}),
    ...spec.properties,
  };
  const names = Object.keys(properties);
  const render = spec.render;
  const update = function (this: Caller) {
    const el = host(this);
    if (!el || !(el instanceof HTMLElement)) return;
    reflect(el, 'hidden', this.data.hidden);
    if (render && this.__rendered) render.call(this, el, false);
  };
  jComponent.register({
    id: name,
    tagName: `wx-${name}`,
    template: '<slot/>',
    usingComponents: {},
    properties,
    behaviors: spec.behaviors ?? [],
    options: { classPrefix: '' },
    observers: { [names.join(', ')]: update },
    methods: spec.methods ?? {},
    lifetimes: {
      attached(this: Caller) {
        const el = host(this);
        if (!(el instanceof HTMLElement)) return;
        reflect(el, 'hidden', this.data.hidden);
        if (spec.hover !== undefined && !this.__hoverInstalled) {
          this.__hoverInstalled = true;
          installHover(this, el, spec.hover);
        }
        if (render) {
          const first = !this.__rendered;
          this.__rendered = true;
          render.call(this, el, first);
        }
      },
      detached(this: Caller) {
        spec.detached?.call(this);
      },
    },
  });
}

const PASSTHROUGH = [
  'cover-view',
  'movable-area',
  'movable-view',
  'page-container',
  'root-portal',
  'match-media',
  'share-element',
  'grid-view',
  'list-view',
  'sticky-header',
  'sticky-section',
  'keyboard-accessory',
  'functional-page-navigator',
  'official-account',
  'editor',
  'voip-room',
  'channel-live',
  'channel-video',
  'audio',
  'live-pusher',
  'live-player',
  'picker-view',
  'picker-view-column',
  'ad',
  'ad-custom',
  'block',
];

// ---------------------------------------------------------------------------------- image

const IMAGE_MODES: Record<string, { size: string; position: string }> = {
  scaleToFill: { size: '100% 100%', position: '0% 0%' },
  aspectFit: { size: 'contain', position: 'center center' },
  aspectFill: { size: 'cover', position: 'center center' },
  widthFix: { size: '100% 100%', position: '0% 0%' },
  heightFix: { size: '100% 100%', position: '0% 0%' },
  top: { size: 'auto', position: 'center top' },
  bottom: { size: 'auto', position: 'center bottom' },
  center: { size: 'auto', position: 'center center' },
  left: { size: 'auto', position: 'left center' },
  right: { size: 'auto', position: 'right center' },
  'top left': { size: 'auto', position: 'left top' },
  'top right': { size: 'auto', position: 'right top' },
  'bottom left': { size: 'auto', position: 'left bottom' },
  'bottom right': { size: 'auto', position: 'right bottom' },
};

function renderImage(this: Caller, el: HTMLElement, first: boolean): void {
  if (first) el.append(document.createElement('div'), document.createElement('img'));
  const box = el.firstElementChild as HTMLElement;
  const img = el.lastElementChild as HTMLImageElement;
  const mode = (this.data.mode as string) || 'scaleToFill';
  const m = IMAGE_MODES[mode] ?? IMAGE_MODES.scaleToFill!;
  box.style.backgroundSize = m.size;
  box.style.backgroundPosition = m.position;
  const src = (this.data.src as string) || '';
  if (src === this.__src) return;
  this.__src = src;
  if (!src) {
    box.style.backgroundImage = '';
    img.removeAttribute('src');
    return;
  }
  void displayUrl(src).then((url) => {
    if (this.__src !== src) return;
    img.onload = () => {
      const w = img.naturalWidth;
      const h = img.naturalHeight;
      box.style.backgroundImage = `url("${url}")`;
      const current = (this.data.mode as string) || 'scaleToFill';
      if (current === 'widthFix' && w) el.style.height = `${(el.clientWidth * h) / w}px`;
      if (current === 'heightFix' && h) el.style.width = `${(el.clientHeight * w) / h}px`;
      this.triggerEvent('load', { width: w, height: h });
    };
    img.onerror = () => this.triggerEvent('error', { errMsg: `GET ${src} 404 (Not Found)` });
    img.src = url;
  });
}

// ---------------------------------------------------------------------------------- inputs

function nativeField(this: Caller, el: HTMLElement, first: boolean, tag: 'input' | 'textarea'): void {
  if (first) {
    const field = document.createElement(tag);
    el.appendChild(field);
    field.addEventListener('input', () => {
      const value = field.value;
      this.__value = value;
      this.triggerEvent('input', { value, cursor: field.selectionStart ?? value.length, keyCode: 0 });
    });
    field.addEventListener('focus', () => {
      if (this.data.type === 'nickname' && !this.__privacyOk) {
        void requirePrivacy('nickname').then((ok) => {
          this.__privacyOk = ok;
          if (!ok) field.blur();
        });
      }
      this.triggerEvent('focus', { value: field.value, height: 0 });
    });
    field.addEventListener('blur', () => {
      this.triggerEvent('blur', { value: field.value, cursor: field.selectionStart ?? 0 });
      if (this.data.type === 'nickname') this.triggerEvent('nicknamereview', { pass: true, timeout: false });
    });
    field.addEventListener('keydown', (e) => {
      const ke = e as KeyboardEvent;
      if (ke.key !== 'Enter' || ke.isComposing) return;
      if (tag === 'textarea' && !ke.ctrlKey && !ke.metaKey) return;
      e.preventDefault();
      this.triggerEvent('confirm', { value: field.value });
    });
  }
  const field = el.firstElementChild as HTMLInputElement | HTMLTextAreaElement;
  const d = this.data;
  const value = d.value === undefined || d.value === null ? '' : String(d.value);
  if (value !== field.value) field.value = value;
  field.placeholder = String(d.placeholder ?? '');
  field.disabled = d.disabled === true;
  const max = Number(d.maxlength ?? 140);
  if (max >= 0) field.maxLength = max;
  else field.removeAttribute('maxlength');
  if (field instanceof HTMLInputElement) {
    const type = String(d.type ?? 'text');
    field.type = d.password === true || type === 'safe-password' ? 'password' : 'text';
    field.inputMode = type === 'number' ? 'numeric' : type === 'digit' ? 'decimal' : type === 'idcard' ? 'text' : 'text';
    field.enterKeyHint = String(d.confirmType ?? 'done') as HTMLInputElement['enterKeyHint'];
  }
  if (d.placeholderStyle) field.dataset.placeholderStyle = transformRpx(String(d.placeholderStyle));
  if ((d.focus === true || d.autoFocus === true) && !this.__focused) {
    this.__focused = true;
    window.setTimeout(() => field.focus(), 0);
  }
  if (d.focus === false) this.__focused = false;
  if (tag === 'textarea' && d.autoHeight === true) {
    el.setAttribute('auto-height', '');
    field.style.height = 'auto';
    field.style.height = `${field.scrollHeight}px`;
  }
}

const FIELD_PROPS: Props = {
  value: { type: null },
  type: { type: String, value: 'text' },
  password: { type: Boolean, value: false },
  placeholder: { type: String, value: '' },
  placeholderStyle: { type: String, value: '' },
  placeholderClass: { type: String, value: '' },
  disabled: { type: Boolean, value: false },
  maxlength: { type: Number, value: 140 },
  cursorSpacing: { type: Number, value: 0 },
  autoFocus: { type: Boolean, value: false },
  focus: { type: Boolean, value: false },
  confirmType: { type: String, value: 'done' },
  confirmHold: { type: Boolean, value: false },
  cursor: { type: Number, value: -1 },
  selectionStart: { type: Number, value: -1 },
  selectionEnd: { type: Number, value: -1 },
  adjustPosition: { type: Boolean, value: true },
  holdKeyboard: { type: Boolean, value: false },
  alwaysEmbed: { type: Boolean, value: false },
  name: { type: String, value: '' },
  autoHeight: { type: Boolean, value: false },
  fixed: { type: Boolean, value: false },
  showConfirmBar: { type: Boolean, value: true },
  disableDefaultPadding: { type: Boolean, value: false },
};

// ---------------------------------------------------------------------------------- button

async function buttonOpenType(c: Caller): Promise<void> {
  const type = String(c.data.openType ?? '');
  switch (type) {
    case 'chooseAvatar': {
      if (!(await requirePrivacy('chooseAvatar'))) return;
      const [file] = await pickFiles('image/*', false);
      if (file) c.triggerEvent('chooseavatar', { avatarUrl: saveTempFile(file, file.name) });
      return;
    }
    case 'getPhoneNumber':
    case 'getRealtimePhoneNumber': {
      if (!(await requirePrivacy('getPhoneNumber'))) return;
      const event = type === 'getPhoneNumber' ? 'getphonenumber' : 'getrealtimephonenumber';
      const suggested = demoPhone(rt.openid);
      const r = await rt.shell.showSheet({
        kind: 'phone-number',
        caption: '邻里 申请',
        title: '获取并验证你的手机号',
        message: '预览中没有微信绑定的手机号：填一个 11 位手机号，小程序会收到一个 demo-phone 凭证，本地云把它换回这个号码。',
        input: { placeholder: '11 位手机号', value: suggested, pattern: '^1[3-9]\\d{9}$', error: '请输入 11 位手机号' },
        buttons: [
          { id: 'deny', label: '不允许' },
          { id: 'allow', label: '允许', primary: true },
        ],
      });
      if (r.button === 'allow') c.triggerEvent(event, { errMsg: `${type}:ok`, code: `demo-phone:${r.input}` });
      else c.triggerEvent(event, { errMsg: `${type}:fail user deny`, errno: 1400001 });
      return;
    }
    case 'agreePrivacyAuthorization':
      setPrivacyAgreed(true);
      c.triggerEvent('agreeprivacyauthorization', {});
      return;
    case 'openSetting':
      (wxGlobal().openSetting as (o: object) => void)({ success: (res: unknown) => c.triggerEvent('opensetting', res) });
      return;
    case 'share':
      rt.shell.note('转发给朋友（预览中不可用）');
      return;
    case 'contact':
      rt.shell.note('打开客服会话（预览中不可用）');
      c.triggerEvent('contact', { errMsg: 'enterContact:ok' });
      return;
    case 'feedback':
      rt.shell.note('打开意见反馈（预览中不可用）');
      return;
    case 'launchApp':
      c.triggerEvent('error', { errMsg: 'launchApp:fail 预览中不可用' });
      return;
    default:
      return;
  }
}

/** A stable 11-digit demo number per person: 138 + digits from the openid. */
function demoPhone(openid: string): string {
  let h = 0;
  for (const ch of openid) h = (h * 31 + ch.charCodeAt(0)) % 100_000_000;
  return `138${String(h).padStart(8, '0')}`;
}

const wxGlobal = () => (globalThis as unknown as { wx: Record<string, unknown> }).wx;

function navigate(c: Caller): void {
  const url = String(c.data.url ?? '');
  const wx = wxGlobal() as Record<string, (o: object) => unknown>;
  const type = String(c.data.openType ?? 'navigate');
  const call: Record<string, () => unknown> = {
    navigate: () => wx.navigateTo!({ url }),
    redirect: () => wx.redirectTo!({ url }),
    switchTab: () => wx.switchTab!({ url }),
    reLaunch: () => wx.reLaunch!({ url }),
    navigateBack: () => wx.navigateBack!({ delta: Number(c.data.delta ?? 1) }),
    exit: () => rt.shell.note('退出小程序（预览中不可用）'),
  };
  void call[type]?.();
}

// ---------------------------------------------------------------------------------- groups

function groupValues(group: HTMLElement, tag: string): string[] {
  return [...group.querySelectorAll<HTMLInputElement>(`wx-${tag} > input`)].filter((i) => i.checked).map((i) => i.value);
}

function checkable(kind: 'checkbox' | 'radio' | 'switch'): BuiltinSpec {
  return {
    properties: {
      value: { type: String, value: '' },
      checked: { type: Boolean, value: false },
      disabled: { type: Boolean, value: false },
      color: { type: String, value: '' },
      type: { type: String, value: 'switch' },
      name: { type: String, value: '' },
    },
    render(el, first) {
      if (first) {
        const input = document.createElement('input');
        input.type = kind === 'radio' ? 'radio' : 'checkbox';
        if (kind === 'switch') input.setAttribute('role', 'switch');
        el.appendChild(input);
        input.addEventListener('change', () => {
          if (kind === 'switch') return this.triggerEvent('change', { value: input.checked });
          const group = el.closest(`wx-${kind}-group`) as HTMLElement | null;
          if (kind === 'radio' && group)
            group.querySelectorAll<HTMLInputElement>('wx-radio > input').forEach((i) => (i.checked = i === input));
          if (group) group.dispatchEvent(new CustomEvent('wx-group-change'));
        });
      }
      const input = el.firstElementChild as HTMLInputElement;
      input.checked = this.data.checked === true;
      input.disabled = this.data.disabled === true;
      input.value = String(this.data.value ?? '');
      if (this.data.color) input.style.accentColor = String(this.data.color);
    },
  };
}

function group(kind: 'checkbox' | 'radio'): BuiltinSpec {
  return {
    properties: { name: { type: String, value: '' } },
    render(el, first) {
      if (!first) return;
      el.addEventListener('wx-group-change', () => {
        const values = groupValues(el, kind);
        this.triggerEvent('change', { value: kind === 'radio' ? (values[0] ?? '') : values });
      });
    },
  };
}

// ---------------------------------------------------------------------------------- registry

export function registerBuiltins(): void {
  define('view', { hover: 'none' });
  define('text', {
    properties: {
      selectable: { type: Boolean, value: false },
      userSelect: { type: Boolean, value: false },
      space: { type: String, value: '' },
      decode: { type: Boolean, value: false },
    },
    render(el, first) {
      el.style.userSelect = this.data.selectable || this.data.userSelect ? 'text' : '';
      el.style.whiteSpace = this.data.space ? 'pre-wrap' : '';
      if (first && this.data.decode) {
        // `decode`: WeChat turns &nbsp; &lt; &gt; &amp; &apos; &ensp; &emsp; in the text into characters.
        decodeEntities(el);
        new MutationObserver(() => decodeEntities(el)).observe(el, { subtree: true, childList: true, characterData: true });
      }
    },
  });
  define('image', {
    properties: {
      src: { type: String, value: '' },
      mode: { type: String, value: 'scaleToFill' },
      lazyLoad: { type: Boolean, value: false },
      webp: { type: Boolean, value: false },
      showMenuByLongpress: { type: Boolean, value: false },
      fadeIn: { type: Boolean, value: false },
    },
    render: renderImage,
  });
  define('cover-image', { properties: { src: { type: String, value: '' } }, render: renderImage });
  define('input', {
    properties: FIELD_PROPS,
    render(el, first) {
      nativeField.call(this, el, first, 'input');
    },
  });
  define('textarea', {
    properties: FIELD_PROPS,
    render(el, first) {
      nativeField.call(this, el, first, 'textarea');
    },
  });
  define('button', {
    hover: 'button-hover',
    properties: {
      size: { type: String, value: 'default' },
      type: { type: String, value: 'default' },
      plain: { type: Boolean, value: false },
      disabled: { type: Boolean, value: false },
      loading: { type: Boolean, value: false },
      formType: { type: String, value: '' },
      openType: { type: String, value: '' },
      lang: { type: String, value: 'en' },
      sessionFrom: { type: String, value: '' },
      sendMessageTitle: { type: String, value: '' },
      sendMessagePath: { type: String, value: '' },
      sendMessageImg: { type: String, value: '' },
      appParameter: { type: String, value: '' },
      showMessageCard: { type: Boolean, value: false },
      phoneNumberNoQuotaToast: { type: Boolean, value: true },
    },
    behaviors: ['wx://form-field-button'],
    render(el, first) {
      for (const attr of ['size', 'type', 'plain', 'disabled', 'loading'])
        reflect(el, attr, attr === 'size' || attr === 'type' ? (this.data[attr] === 'default' ? '' : this.data[attr]) : this.data[attr]);
      el.setAttribute('role', 'button');
      if (!first) return;
      el.addEventListener('click', () => {
        if (this.data.disabled === true) return;
        if (this.data.openType) void buttonOpenType(this);
        const formType = String(this.data.formType ?? '');
        if (formType === 'submit' || formType === 'reset') {
          const form = el.closest('wx-form');
          form?.dispatchEvent(new CustomEvent(`wx-form-${formType}`));
        }
      });
    },
  });
  define('label', {
    properties: { for: { type: String, value: '' } },
    render(el, first) {
      if (!first) return;
      el.addEventListener('click', (e) => {
        const id = String(this.data.for ?? '');
        const root = el.getRootNode() as ShadowRoot | Document;
        const target = id
          ? [...root.querySelectorAll<HTMLElement>('wx-checkbox, wx-radio, wx-switch, wx-button, wx-input, wx-textarea')].find(
              (n) => (n as unknown as { __wxElement?: { id: string } }).__wxElement?.id === id,
            )
          : el.querySelector<HTMLElement>('wx-checkbox, wx-radio, wx-switch');
        const native = target?.querySelector('input, textarea');
        if (native && !el.contains(e.target as Node)) (native as HTMLElement).click();
        else if (native instanceof HTMLInputElement && native.type !== 'text' && e.target === el) native.click();
      });
    },
  });
  define('navigator', {
    hover: 'navigator-hover',
    properties: {
      url: { type: String, value: '' },
      openType: { type: String, value: 'navigate' },
      delta: { type: Number, value: 1 },
      target: { type: String, value: 'self' },
    },
    render(el, first) {
      if (first) el.addEventListener('click', () => navigate(this));
    },
  });
  define('scroll-view', {
    properties: {
      scrollX: { type: Boolean, value: false },
      scrollY: { type: Boolean, value: false },
      upperThreshold: { type: Number, value: 50 },
      lowerThreshold: { type: Number, value: 50 },
      scrollTop: { type: null },
      scrollLeft: { type: null },
      scrollIntoView: { type: String, value: '' },
      scrollWithAnimation: { type: Boolean, value: false },
      enableBackToTop: { type: Boolean, value: false },
      enableFlex: { type: Boolean, value: false },
      refresherEnabled: { type: Boolean, value: false },
      refresherTriggered: { type: Boolean, value: false },
      showScrollbar: { type: Boolean, value: true },
      enhanced: { type: Boolean, value: false },
      type: { type: String, value: 'list' },
    },
    render(el, first) {
      const d = this.data;
      el.style.overflowX = d.scrollX ? 'auto' : 'hidden';
      el.style.overflowY = d.scrollY ? 'auto' : 'hidden';
      if (d.enableFlex) el.style.display = 'flex';
      const behavior: ScrollBehavior = d.scrollWithAnimation ? 'smooth' : 'auto';
      if (typeof d.scrollTop === 'number' && d.scrollTop !== this.__top) {
        this.__top = d.scrollTop;
        el.scrollTo({ top: d.scrollTop, behavior });
      }
      if (typeof d.scrollLeft === 'number' && d.scrollLeft !== this.__left) {
        this.__left = d.scrollLeft;
        el.scrollTo({ left: d.scrollLeft, behavior });
      }
      if (d.scrollIntoView && d.scrollIntoView !== this.__into) {
        this.__into = d.scrollIntoView;
        const id = String(d.scrollIntoView);
        const target = [...el.querySelectorAll<HTMLElement>('*')].find(
          (n) => (n as unknown as { __wxElement?: { id: string } }).__wxElement?.id === id,
        );
        target?.scrollIntoView({ behavior, block: 'start' });
      }
      if (!first) return;
      let upper = true;
      let lower = false;
      el.addEventListener(
        'scroll',
        () => {
          this.triggerEvent('scroll', {
            scrollLeft: el.scrollLeft,
            scrollTop: el.scrollTop,
            scrollHeight: el.scrollHeight,
            scrollWidth: el.scrollWidth,
            deltaX: 0,
            deltaY: 0,
          });
          const nearTop = (d.scrollY ? el.scrollTop : el.scrollLeft) <= Number(this.data.upperThreshold);
          const remaining = d.scrollY ? el.scrollHeight - el.scrollTop - el.clientHeight : el.scrollWidth - el.scrollLeft - el.clientWidth;
          const nearBottom = remaining <= Number(this.data.lowerThreshold);
          if (nearTop && !upper) this.triggerEvent('scrolltoupper', { direction: d.scrollY ? 'top' : 'left' });
          if (nearBottom && !lower) this.triggerEvent('scrolltolower', { direction: d.scrollY ? 'bottom' : 'right' });
          upper = nearTop;
          lower = nearBottom;
        },
        { passive: true },
      );
    },
  });
  define('swiper', {
    properties: {
      indicatorDots: { type: Boolean, value: false },
      indicatorColor: { type: String, value: 'rgba(0, 0, 0, .3)' },
      indicatorActiveColor: { type: String, value: '#000000' },
      autoplay: { type: Boolean, value: false },
      current: { type: Number, value: 0 },
      interval: { type: Number, value: 5000 },
      duration: { type: Number, value: 500 },
      circular: { type: Boolean, value: false },
      vertical: { type: Boolean, value: false },
      displayMultipleItems: { type: Number, value: 1 },
    },
    render(el, first) {
      const items = () => [...el.children].filter((n) => n.tagName === 'WX-SWIPER-ITEM') as HTMLElement[];
      const show = (index: number, source: string) => {
        const list = items();
        if (!list.length) return;
        const i = ((index % list.length) + list.length) % list.length;
        list.forEach((item, k) => reflect(item, 'data-current', k === i));
        if (this.__current !== i && source) this.triggerEvent('change', { current: i, source, currentItemId: '' });
        this.__current = i;
        const dots = el.querySelector(':scope > .wx-swiper-dots');
        if (dots) {
          dots.innerHTML = list.map((_, k) => `<i class="${k === i ? 'on' : ''}"></i>`).join('');
          (dots as HTMLElement).style.display = this.data.indicatorDots ? 'flex' : 'none';
        }
      };
      if (first) {
        const dots = document.createElement('div');
        dots.className = 'wx-swiper-dots';
        el.appendChild(dots);
        let startX: number | null = null;
        el.addEventListener('pointerdown', (e) => (startX = e.clientX));
        el.addEventListener('pointerup', (e) => {
          if (startX === null) return;
          const dx = e.clientX - startX;
          startX = null;
          if (Math.abs(dx) > 40) show(Number(this.__current ?? 0) + (dx < 0 ? 1 : -1), 'touch');
        });
        new MutationObserver(() => show(Number(this.__current ?? this.data.current ?? 0), '')).observe(el, { childList: true });
      }
      window.clearInterval(Number(this.__timer ?? 0));
      if (this.data.autoplay)
        this.__timer = window.setInterval(() => show(Number(this.__current ?? 0) + 1, 'autoplay'), Number(this.data.interval) || 5000);
      show(Number(this.data.current ?? 0), '');
    },
    detached() {
      window.clearInterval(Number(this.__timer ?? 0));
    },
  });
  define('swiper-item', { properties: { itemId: { type: String, value: '' } } });
  define('rich-text', {
    properties: { nodes: { type: null }, space: { type: String, value: '' }, userSelect: { type: Boolean, value: false } },
    render(el) {
      const nodes = this.data.nodes;
      el.textContent = '';
      if (typeof nodes === 'string') {
        const doc = new DOMParser().parseFromString(nodes, 'text/html');
        doc.querySelectorAll('script, iframe, object, embed, link, meta').forEach((n) => n.remove());
        doc.querySelectorAll('*').forEach((n) => [...n.attributes].forEach((a) => a.name.startsWith('on') && n.removeAttribute(a.name)));
        el.append(...[...doc.body.childNodes].map((n) => document.importNode(n, true)));
      } else if (Array.isArray(nodes)) {
        el.append(...nodes.map(richNode));
      }
    },
  });
  define('progress', {
    properties: {
      percent: { type: Number, value: 0 },
      showInfo: { type: Boolean, value: false },
      strokeWidth: { type: null, value: 6 },
      color: { type: String, value: '' },
      activeColor: { type: String, value: '#09BB07' },
      backgroundColor: { type: String, value: '#EBEBEB' },
      borderRadius: { type: null, value: 0 },
    },
    render(el) {
      const d = this.data;
      const p = Math.max(0, Math.min(100, Number(d.percent) || 0));
      el.innerHTML = `<div class="bar"><i></i></div>${d.showInfo ? `<span class="info">${p}%</span>` : ''}`;
      const bar = el.querySelector('.bar') as HTMLElement;
      bar.style.height = `${Number(d.strokeWidth) || 6}px`;
      bar.style.background = String(d.backgroundColor);
      bar.style.borderRadius = `${Number(d.borderRadius) || 0}px`;
      const fill = bar.firstElementChild as HTMLElement;
      fill.style.width = `${p}%`;
      fill.style.background = String(d.color || d.activeColor);
    },
  });
  define('icon', {
    properties: { type: { type: String, value: '' }, size: { type: null, value: 23 }, color: { type: String, value: '' } },
    render(el) {
      const glyph: Record<string, [string, string]> = {
        success: ['✔', '#09BB07'],
        success_no_circle: ['✓', '#09BB07'],
        info: ['ℹ', '#10AEFF'],
        warn: ['!', '#F76260'],
        waiting: ['◷', '#10AEFF'],
        cancel: ['✕', '#F43530'],
        download: ['↓', '#09BB07'],
        search: ['⌕', '#B2B2B2'],
        clear: ['✕', '#B2B2B2'],
      };
      const [text, color] = glyph[String(this.data.type)] ?? ['', ''];
      el.textContent = text;
      el.style.color = String(this.data.color || color);
      el.style.fontSize = `${Number.parseFloat(String(this.data.size)) || 23}px`;
    },
  });
  define('form', {
    properties: { reportSubmit: { type: Boolean, value: false } },
    render(el, first) {
      if (!first) return;
      el.addEventListener('wx-form-submit', () => this.triggerEvent('submit', { value: formValues(el), formId: '' }));
      el.addEventListener('wx-form-reset', () => this.triggerEvent('reset', {}));
    },
  });
  define('picker', {
    properties: {
      mode: { type: String, value: 'selector' },
      range: { type: Array, value: [] },
      rangeKey: { type: String, value: '' },
      value: { type: null },
      start: { type: String, value: '' },
      end: { type: String, value: '' },
      fields: { type: String, value: 'day' },
      disabled: { type: Boolean, value: false },
      headerText: { type: String, value: '' },
    },
    render(el, first) {
      if (!first) return;
      el.addEventListener('click', () => void openPicker(this));
    },
  });
  define('checkbox', checkable('checkbox'));
  define('radio', checkable('radio'));
  define('switch', checkable('switch'));
  define('checkbox-group', group('checkbox'));
  define('radio-group', group('radio'));
  define('slider', {
    properties: {
      min: { type: Number, value: 0 },
      max: { type: Number, value: 100 },
      step: { type: Number, value: 1 },
      value: { type: Number, value: 0 },
      disabled: { type: Boolean, value: false },
      showValue: { type: Boolean, value: false },
      activeColor: { type: String, value: '' },
    },
    render(el, first) {
      if (first) {
        const input = document.createElement('input');
        input.type = 'range';
        el.appendChild(input);
        input.addEventListener('input', () => this.triggerEvent('changing', { value: Number(input.value) }));
        input.addEventListener('change', () => this.triggerEvent('change', { value: Number(input.value) }));
      }
      const input = el.firstElementChild as HTMLInputElement;
      input.min = String(this.data.min);
      input.max = String(this.data.max);
      input.step = String(this.data.step);
      input.value = String(this.data.value);
      input.disabled = this.data.disabled === true;
    },
  });
  define('video', {
    properties: {
      src: { type: String, value: '' },
      controls: { type: Boolean, value: true },
      autoplay: { type: Boolean, value: false },
      loop: { type: Boolean, value: false },
      muted: { type: Boolean, value: false },
      poster: { type: String, value: '' },
      objectFit: { type: String, value: 'contain' },
    },
    render(el, first) {
      if (first) {
        const v = document.createElement('video');
        v.playsInline = true;
        el.appendChild(v);
        v.addEventListener('play', () => this.triggerEvent('play', {}));
        v.addEventListener('pause', () => this.triggerEvent('pause', {}));
        v.addEventListener('ended', () => this.triggerEvent('ended', {}));
        v.addEventListener('error', () => this.triggerEvent('error', { errMsg: 'video error' }));
      }
      const v = el.firstElementChild as HTMLVideoElement;
      v.controls = this.data.controls !== false;
      v.autoplay = this.data.autoplay === true;
      v.loop = this.data.loop === true;
      v.muted = this.data.muted === true;
      v.style.objectFit = this.data.objectFit === 'fill' ? 'fill' : this.data.objectFit === 'cover' ? 'cover' : 'contain';
      const src = String(this.data.src ?? '');
      if (src !== this.__src) {
        this.__src = src;
        void displayUrl(src).then((u) => (v.src = u));
      }
      const poster = String(this.data.poster ?? '');
      if (poster) void displayUrl(poster).then((u) => (v.poster = u));
    },
  });
  define('map', {
    properties: {
      latitude: { type: Number, value: 0 },
      longitude: { type: Number, value: 0 },
      scale: { type: Number, value: 16 },
      markers: { type: Array, value: [] },
    },
    render(el, first) {
      if (first) el.innerHTML = '<div class="wx-map"></div>';
      const d = this.data;
      const markers = (d.markers as unknown[]).length;
      (el.firstElementChild as HTMLElement).textContent =
        `地图（预览不加载地图瓦片）\n${Number(d.latitude).toFixed(5)}, ${Number(d.longitude).toFixed(5)}${markers ? ` · ${markers} 个标记` : ''}`;
    },
  });
  for (const [name, text] of [
    ['camera', '相机（预览中请用拍照按钮选择图片）'],
    ['canvas', '画布（预览中不绘制）'],
    ['web-view', '网页（预览中不打开外部网页）'],
  ] as const) {
    define(name, {
      properties: { src: { type: String, value: '' }, type: { type: String, value: '' } },
      render(el, first) {
        if (first) el.innerHTML = `<div class="wx-placeholder">${text}</div>`;
      },
    });
  }
  define('open-data', {
    properties: { type: { type: String, value: '' } },
    render(el) {
      el.textContent = this.data.type === 'userNickName' ? '微信用户' : '';
    },
  });
  define('page-meta', {
    properties: {
      pageStyle: { type: String, value: '' },
      rootFontSize: { type: String, value: '' },
      pageFontSize: { type: String, value: '' },
      backgroundColor: { type: String, value: '' },
      scrollTop: { type: String, value: '' },
    },
    render(el) {
      // `page` is the page's root element (wx-page); page-meta's page-style is written on it.
      const page = el.closest('wx-page') as HTMLElement | null;
      if (!page) return;
      const parts = [transformRpx(String(this.data.pageStyle ?? ''))];
      if (this.data.pageFontSize) parts.push(`font-size:${transformRpx(String(this.data.pageFontSize))}`);
      page.setAttribute('style', parts.filter(Boolean).join(';'));
    },
  });
  define('navigation-bar', {
    properties: {
      title: { type: String, value: '' },
      loading: { type: Boolean, value: false },
      frontColor: { type: String, value: '' },
      backgroundColor: { type: String, value: '' },
    },
    render() {
      const wx = wxGlobal() as Record<string, (o: object) => void>;
      if (this.data.title) wx.setNavigationBarTitle!({ title: this.data.title });
      if (this.data.frontColor || this.data.backgroundColor)
        wx.setNavigationBarColor!({
          frontColor: this.data.frontColor || '#000000',
          backgroundColor: this.data.backgroundColor || '#ffffff',
        });
    },
  });
  for (const name of PASSTHROUGH) define(name, {});
}

const ENTITIES: Record<string, string> = {
  nbsp: '\u00a0',
  lt: '<',
  gt: '>',
  amp: '&',
  apos: "'",
  quot: '"',
  ensp: '\u2002',
  emsp: '\u2003',
};

function decodeEntities(el: HTMLElement): void {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.nodeValue ?? '';
    const decoded = text.replace(/&(nbsp|lt|gt|amp|apos|quot|ensp|emsp);/g, (_m, name: string) => ENTITIES[name] ?? _m);
    if (decoded !== text) n.nodeValue = decoded;
  }
}

function richNode(node: unknown): Node {
  if (!node || typeof node !== 'object') return document.createTextNode('');
  const n = node as { type?: string; text?: string; name?: string; attrs?: Record<string, string>; children?: unknown[] };
  if (n.type === 'text') return document.createTextNode(n.text ?? '');
  const tag = /^[a-z][a-z0-9]*$/i.test(n.name ?? '') && !/^(script|iframe|object|embed)$/i.test(n.name ?? '') ? n.name! : 'span';
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(n.attrs ?? {})) if (!k.startsWith('on')) el.setAttribute(k, k === 'style' ? transformRpx(v) : v);
  el.append(...(n.children ?? []).map(richNode));
  return el;
}

function formValues(form: HTMLElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const el of form.querySelectorAll<HTMLElement>(
    'wx-input, wx-textarea, wx-switch, wx-slider, wx-checkbox-group, wx-radio-group, wx-picker',
  )) {
    const wxEl = (el as unknown as { __wxElement?: { __methodCaller?: { data: Record<string, unknown> } } }).__wxElement;
    const data = wxEl?.__methodCaller?.data;
    const name = data?.name;
    if (typeof name !== 'string' || !name) continue;
    const native = el.querySelector('input, textarea') as HTMLInputElement | null;
    if (el.tagName === 'WX-SWITCH') out[name] = native?.checked ?? false;
    else if (el.tagName === 'WX-CHECKBOX-GROUP') out[name] = groupValues(el, 'checkbox');
    else if (el.tagName === 'WX-RADIO-GROUP') out[name] = groupValues(el, 'radio')[0] ?? '';
    else if (el.tagName === 'WX-PICKER') out[name] = data?.value;
    else out[name] = native?.value ?? '';
  }
  return out;
}

async function openPicker(c: Caller): Promise<void> {
  if (c.data.disabled === true) return;
  const mode = String(c.data.mode ?? 'selector');
  if (mode === 'selector') {
    const range = (c.data.range as unknown[]) ?? [];
    const key = String(c.data.rangeKey ?? '');
    const labels = range.map((r) => (key && r && typeof r === 'object' ? String((r as Record<string, unknown>)[key]) : String(r)));
    const index = await rt.shell.showActionSheet(labels, String(c.data.headerText ?? '') || undefined);
    if (index === null) c.triggerEvent('cancel', {});
    else c.triggerEvent('change', { value: index });
    return;
  }
  const hints: Record<string, string> = {
    date: '例如 2026-11-28',
    time: '例如 14:05',
    region: '例如 四川省,成都市,锦江区',
    multiSelector: '用逗号分隔每一列的序号，例如 0,1',
  };
  const current = c.data.value;
  const r = await rt.shell.showSheet({
    kind: `picker-${mode}`,
    title: String(c.data.headerText ?? '') || '请选择',
    input: { placeholder: hints[mode] ?? '', value: Array.isArray(current) ? current.join(',') : String(current ?? '') },
    buttons: [
      { id: 'cancel', label: '取消' },
      { id: 'ok', label: '确定', primary: true },
    ],
  });
  if (r.button !== 'ok') return c.triggerEvent('cancel', {});
  if (mode === 'region') c.triggerEvent('change', { value: r.input.split(/[,，]/).map((s) => s.trim()), code: [], postcode: '' });
  else if (mode === 'multiSelector') c.triggerEvent('change', { value: r.input.split(/[,，]/).map((s) => Number(s.trim()) || 0) });
  else c.triggerEvent('change', { value: r.input.trim() });
}
