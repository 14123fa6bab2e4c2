import { createRequire } from 'node:module';
import path from 'node:path';
import type { TestEnv } from './test-env';
import { simulate, type SimRoot } from './simulate';
import { openPages } from './wx-env';

type RenderedPage = SimRoot;

// Node's own require: the built mini-program is CommonJS, and miniprogram-simulate loads pages through the same cache.
const nodeRequire = createRequire(__filename);

/** Forgets every module of the built mini-program: the next launch starts from a cold process, as a new session would. */
export function resetModules(built: Pick<TestEnv, 'root' | 'path'>): void {
  for (const key of Object.keys(nodeRequire.cache)) {
    if (key.startsWith(built.root + path.sep)) delete nodeRequire.cache[key];
  }
  openPages.length = 0;
}

/** Runs app.js and its onLaunch, as WeChat does when the mini-program opens. */
export function launchApp(built: Pick<TestEnv, 'root' | 'path'>): void {
  nodeRequire(built.path('app.js'));
  const app = (globalThis as unknown as { getApp(): { onLaunch?: () => void } }).getApp();
  app.onLaunch?.();
}

/**
 * Opens a page the way the framework does: create it, attach it, push it on the page stack,
 * then onLoad(query) and onShow().
 */
export function openPage(built: Pick<TestEnv, 'root' | 'path'>, rel: string, query: Record<string, string> = {}): RenderedPage {
  const id = simulate.load(built.path(rel), { rootPath: built.root });
  const page = simulate.render(id);
  page.attach(document.createElement('parent-wrapper'));
  const instance = page.instance as unknown as (typeof openPages)[number];
  openPages.push(instance);
  instance.onLoad?.(query);
  instance.onShow?.();
  return page;
}

/** The text a person sees on the page, whitespace collapsed. */
export function visibleText(page: RenderedPage): string {
  return (page.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await simulate.sleep(20);
  }
}

export async function waitForText(page: RenderedPage, text: string, timeoutMs?: number): Promise<void> {
  await waitFor(() => visibleText(page).includes(text), `"${text}" in: ${visibleText(page).slice(0, 300)}`, timeoutMs);
}

/**
 * The first element matching a CSS selector in the rendered page. TDesign components are
 * virtual hosts (no node of their own), so tests look into the DOM: miniprogram-simulate
 * prefixes classes with their component (`main--hero` for a page's `hero`,
 * `t-cell--t-cell__title` inside t-cell) — use `cls('hero')` / `[class*="t-cell__title"]`.
 */
export function query(page: RenderedPage, selector: string): Element | null {
  return page.dom?.querySelector(selector) ?? null;
}

export function queryAll(page: RenderedPage, selector: string): Element[] {
  return Array.from(page.dom?.querySelectorAll(selector) ?? []);
}

/** A selector for a class of the page itself (pages render with the `main` prefix). */
export const cls = (name: string): string => `.main--${name}`;

function touch(el: Element, type: 'touchstart' | 'touchend', touches: object[]): void {
  const event = new Event(type, { bubbles: true, cancelable: true });
  Object.assign(event, { touches, changedTouches: [{ pageX: 0, pageY: 0, clientX: 0, clientY: 0 }] });
  el.dispatchEvent(event);
}

/** A finger on the element: touchstart + touchend, from which j-component derives WeChat's `tap`. */
export function tap(el: Element | null | undefined, what: string): void {
  if (!el) throw new Error(`nothing to tap: ${what}`);
  touch(el, 'touchstart', [{ pageX: 0, pageY: 0, clientX: 0, clientY: 0 }]);
  touch(el, 'touchend', []);
}

interface Exparser {
  Event: {
    create(name: string, detail: unknown, options: Record<string, unknown>): unknown;
    dispatchEvent(target: unknown, event: unknown): void;
  };
}
const exparser = createRequire(nodeRequire.resolve('j-component'))('miniprogram-exparser') as Exparser;

/** A framework event on a native element, e.g. the `input` event a keyboard raises on <input>. */
export function fire(el: Element | null | undefined, name: string, detail: unknown, what: string): void {
  if (!el) throw new Error(`no element for ${name}: ${what}`);
  const target = (el as Element & { __wxElement?: unknown }).__wxElement ?? el;
  exparser.Event.dispatchEvent(
    target,
    exparser.Event.create(name, detail, {
      bubbles: true,
      capturePhase: true,
      composed: true,
      extraFields: { touches: {}, changedTouches: {} },
    }),
  );
}
