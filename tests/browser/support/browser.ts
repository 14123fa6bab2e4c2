import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { startPreviewEnv, type PreviewEnv } from './preview-env';

const REPO_ROOT = path.resolve(__dirname, '../../..');
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', 'browser');
const CHROMIUM = process.env.LINLI_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Why the browser tests cannot run here, or null when they can. In CI they must run: there a
 * missing browser is a failure (the caller throws), not a skip.
 */
export function unavailableReason(): string | null {
  if (!fs.existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk, or set LINLI_CHROMIUM)`;
  return null;
}

export const IN_CI = process.env.CI === 'true';

export interface BrowserEnv {
  preview: PreviewEnv;
  browser: Browser;
  close(): Promise<void>;
}

export async function startBrowserEnv(): Promise<BrowserEnv> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  // Playwright gives each launch a fresh temporary profile (it refuses --user-data-dir with launch()).
  const [preview, browser] = await Promise.all([
    startPreviewEnv(),
    chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // A microphone that answers getUserMedia, for voice notes.
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
      ],
    }),
  ]);
  return {
    preview,
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      await preview.close();
    },
  };
}

/** One person's session in the preview: a fresh browser context, its console kept for failure reports. */
export interface Session {
  context: BrowserContext;
  page: Page;
  /** The phone's screen (the webview iframe). */
  phone: FrameLocator;
  console: string[];
  /** Requests that would have left the machine (must stay empty). */
  external: string[];
  /** The actions the app called, in order (from the `POST /functions/api` bodies). */
  actions: string[];
  shot(name: string): Promise<string>;
  /** Saves the shell and webview HTML and the console log next to the screenshots. */
  saveFailure(name: string): Promise<void>;
}

export async function openSession(
  env: BrowserEnv,
  testName: string,
  opts: { openid: string; path?: string; query?: string },
): Promise<Session> {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const lines: string[] = [];
  const external: string[] = [];
  const actions: string[] = [];
  const base = env.preview.url;
  page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.stack ?? e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:')) external.push(u);
    if (u === `${base}/functions/api` && r.method() === 'POST') {
      const action = (JSON.parse(r.postData() ?? '{}') as { action?: string }).action;
      if (action) actions.push(action);
    }
  });
  const q = new URLSearchParams({ openid: opts.openid });
  if (opts.path) q.set('path', opts.path);
  if (opts.query) q.set('query', opts.query);
  await page.goto(`${base}/preview/?${q.toString()}`);
  const slug = testName.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');
  let n = 0;
  return {
    context,
    page,
    phone: page.frameLocator('#webview'),
    console: lines,
    external,
    actions,
    async shot(name) {
      n += 1;
      const file = path.join(RESULTS_DIR, `${slug}-${String(n).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async saveFailure(name) {
      const stem = path.join(RESULTS_DIR, `${slug}-FAILED-${name}`);
      await page.screenshot({ path: `${stem}.png` }).catch(() => undefined);
      const shellHtml = await page.content().catch((e: Error) => `(no page: ${e.message})`);
      const frame = page.frame({ url: /webview\.html/ });
      // The pages live in shadow roots; serialise them too so the saved HTML shows what was on screen.
      const webviewHtml = frame
        ? await frame
            // A string, not a function: this file is type-checked without the DOM library.
            .evaluate<string>(
              `[...document.querySelectorAll('.wv-scroller, .wv-tabbar')]
                .map((host) => '<!-- ' + host.className + ' ' + (host.parentElement?.dataset.route ?? '') + ' -->\\n' + (host.shadowRoot?.innerHTML ?? ''))
                .join('\\n\\n')`,
            )
            .catch((e: Error) => `(webview unavailable: ${e.message})`)
        : '(no webview frame)';
      fs.writeFileSync(`${stem}.html`, `<!-- shell -->\n${shellHtml}\n\n<!-- webview pages -->\n${webviewHtml}\n`);
      fs.writeFileSync(`${stem}.console.txt`, lines.join('\n'));
    },
  };
}

/** POST /functions/api as someone: the tests take their expectations from the backend, not from constants. */
export async function callApi<T>(env: BrowserEnv, openid: string, action: string, payload: unknown = {}): Promise<T> {
  const res = await fetch(`${env.preview.url}/functions/api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
    body: JSON.stringify({ action, payload }),
  });
  return (await res.json()) as T;
}
