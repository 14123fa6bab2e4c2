/**
 * What the shell (the page around the phone) and the webview (the iframe running the
 * mini-program) offer each other. Both are same-origin windows, so they call each other
 * directly: the webview finds the shell at `window.parent.linliShell`, the shell finds the
 * webview at `iframe.contentWindow.linliWebview`.
 */

/** The payload `GET /preview/app.js` defines as `window.__LINLI_APP__`. */
export interface AppPayload {
  /** app.json as the app ships it. */
  appJson: AppJson;
  /** Every page and component (root-relative path without extension). */
  components: Record<string, ComponentEntry>;
  /** CommonJS modules by root-relative path (`pages/home/index.js`). */
  modules: Record<string, string>;
  /** wcc's output: returns `$gwx`. */
  gwx: () => (path: string) => unknown;
  /** Rules wcsc hoists out of components (`:host`), for every page. */
  commonCss: string;
  /** app.wxss, for every page. */
  appCss: string;
  /** TDesign's icon glyphs drawn from local SVGs (see icons.ts). */
  iconCss: string;
  builtAt: number;
}

export interface ComponentEntry {
  json: ComponentJson;
  /** Style sheet with this entry's class prefix applied ('' for pages). */
  css: string;
  /** The class prefix exparser gives its elements ('' for pages). */
  prefix: string;
  hasTemplate: boolean;
}

export interface ComponentJson {
  component?: boolean;
  usingComponents?: Record<string, string>;
  navigationBarTitleText?: string;
  navigationBarBackgroundColor?: string;
  navigationBarTextStyle?: 'black' | 'white';
  navigationStyle?: 'default' | 'custom';
  backgroundColor?: string;
  enablePullDownRefresh?: boolean;
  onReachBottomDistance?: number;
  disableScroll?: boolean;
  styleIsolation?: string;
  [key: string]: unknown;
}

export interface AppJson {
  pages: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
  subpackages?: Array<{ root: string; pages: string[] }>;
  window?: ComponentJson;
  tabBar?: { custom?: boolean; list: Array<{ pagePath: string; text: string }>; color?: string; selectedColor?: string };
  usingComponents?: Record<string, string>;
  [key: string]: unknown;
}

export interface NavBarState {
  title: string;
  back: boolean;
  home: boolean;
  background: string;
  textStyle: 'black' | 'white';
  loading: boolean;
  custom: boolean;
}

export interface ModalOptions {
  title: string;
  content: string;
  showCancel: boolean;
  cancelText: string;
  confirmText: string;
  cancelColor?: string;
  confirmColor?: string;
  editable?: boolean;
  placeholderText?: string;
}

export interface ModalResult {
  confirm: boolean;
  cancel: boolean;
  content?: string;
}

export interface ToastOptions {
  title: string;
  icon: 'success' | 'error' | 'loading' | 'none';
  duration: number;
  mask: boolean;
}

/** A system sheet the preview shows where WeChat would show its own UI (consent, phone number, call…). */
export interface SheetOptions {
  /** Small grey line above the title, e.g. "邻里 申请". */
  caption?: string;
  title: string;
  message?: string;
  /** An input the person fills (e.g. the phone number, the scan result). */
  input?: { placeholder: string; value: string; pattern?: string; error?: string };
  /** Check boxes (subscribe-message templates). */
  checks?: Array<{ id: string; label: string; checked: boolean }>;
  buttons: Array<{ id: string; label: string; primary?: boolean }>;
  /** Test hook and style hook. */
  kind: string;
}

export interface SheetResult {
  button: string;
  input: string;
  checks: Record<string, boolean>;
}

export interface ShellApi {
  openid: string;
  identityLabel: string;
  setNavBar(state: NavBarState): void;
  showToast(options: ToastOptions): void;
  hideToast(): void;
  showModal(options: ModalOptions): Promise<ModalResult>;
  /** Index chosen, or null when cancelled. */
  showActionSheet(items: string[], alertText?: string, itemColor?: string): Promise<number | null>;
  showSheet(options: SheetOptions): Promise<SheetResult>;
  /** The app launched or failed to (compile errors, a throwing onLaunch). */
  reportStatus(status: { ok: boolean; message?: string; route?: string }): void;
  /** Vibrations, clipboard writes, phone calls…: shown as a one-line note under the phone. */
  note(text: string): void;
  /** A cloud function call finished: the outbox may have grown (a subscribe message, a content check). */
  callFinished(name: string): void;
}

export interface WebviewApi {
  /** The route stack, bottom first, with each page's query. */
  stack(): Array<{ route: string; query: Record<string, string> }>;
  navigateBack(): void;
  reLaunchHome(): void;
  pullDownRefresh(): void;
  /** Opens a page the way a scanned code would (reLaunch with the scene in `query.scene`). */
  openFromScan(page: string, scene: string): void;
}

declare global {
  interface Window {
    linliShell?: ShellApi;
    linliWebview?: WebviewApi;
    __LINLI_APP__?: AppPayload;
  }
}
