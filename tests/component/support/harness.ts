import { createRequire } from 'node:module';
import path from 'node:path';
import type { TestEnv } from './test-env';
import { simulate, type SimNode, type SimRoot } from './simulate';
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

type Node = SimNode;

/**
 * Finds a node through component boundaries: each selector is looked up inside the shadow
 * tree of the previous match (`['page-state', '.state__retry', 'button']`).
 */
export function find(page: RenderedPage, path: string[]): Node | undefined {
  let node: Node | undefined = page;
  for (const selector of path) node = node?.querySelector(selector);
  return node;
}

/** Taps a node as a finger would: WeChat's tap event on it, bubbling to its handlers. */
export function tap(node: Node | undefined, what: string): void {
  if (!node) throw new Error(`nothing to tap: ${what}`);
  node.dispatchEvent('tap');
}
