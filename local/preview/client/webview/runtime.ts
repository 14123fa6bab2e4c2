import type { AppPayload, ShellApi } from '../shared/protocol';
import type { Framework } from './framework';
import type { Navigator } from './pages';

/**
 * The webview's shared state, filled in by main.ts at launch. Modules read it lazily so that
 * wx, the built-in components and the navigator can reach each other without import cycles.
 */
export interface Runtime {
  app: AppPayload;
  framework: Framework;
  navigator: Navigator;
  shell: ShellApi;
  openid: string;
  /** The App() instance. */
  appInstance: Record<string, unknown>;
}

export const rt = {} as Runtime;

/** rpx → px on the 375-pixel screen, by WeChat's rule (floor; a non-zero hairline never vanishes). */
export function rpxToPx(rpx: number): number {
  if (rpx === 0) return 0;
  const px = Math.floor((rpx / 750) * window.innerWidth + 1e-4);
  if (px === 0) return rpx > 0 ? 0.5 : -0.5;
  return px;
}

export function transformRpx(style: string): string {
  return style.replace(/(-?\d*\.?\d+)rpx/gi, (_m, n: string) => `${rpxToPx(Number(n))}px`);
}

/** A shell that answers nothing, for a webview opened on its own (no phone frame around it). */
export const fallbackShell: ShellApi = {
  openid: 'demo-resident-001',
  identityLabel: '',
  setNavBar: () => undefined,
  showToast: () => undefined,
  hideToast: () => undefined,
  showModal: (o) => Promise.resolve({ confirm: window.confirm(`${o.title}\n${o.content}`), cancel: false }),
  showActionSheet: () => Promise.resolve(null),
  showSheet: (o) => Promise.resolve({ button: o.buttons[o.buttons.length - 1]?.id ?? '', input: o.input?.value ?? '', checks: {} }),
  reportStatus: () => undefined,
  note: (text) => console.info(text),
  callFinished: () => undefined,
};
