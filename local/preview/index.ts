import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import mime from 'mime-types';
import { parseWxacodeContent } from '../emulator/openapi';
import type { Emulator } from '../emulator/server';
import { cloudPathOf, readFile, tempUrlFor } from '../emulator/storage';
import { DEMO_IDENTITIES } from '../seed/demo-identities';
import { buildApp, type AppBuild } from './app-build';
import { bundleClient, type ClientBundles } from './bundle';
import { shellHtml, webviewHtml } from './html';

const REPO_ROOT = path.resolve(__dirname, '../..');
const MINIPROGRAM_ROOT = path.join(REPO_ROOT, 'miniprogram');
// Files of the package an <image>, <video> or <audio> may load by path, as on a phone.
const ASSET_EXTENSIONS = new Set([
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.webp',
  '.svg',
  '.bmp',
  '.mp3',
  '.m4a',
  '.aac',
  '.wav',
  '.mp4',
  '.webm',
]);
const SOURCE_DIRS = ['miniprogram', 'contracts'].map((d) => path.join(REPO_ROOT, d));

export interface PreviewContext {
  url: URL;
  emulator: Emulator;
}

export interface Preview {
  /** Answers `/` and `/preview/…`; false for any other path. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, ctx: PreviewContext): Promise<boolean>;
  /** Builds the app and the client code now instead of on the first request. */
  warm(): Promise<void>;
}

export interface PreviewOptions {
  log?: (line: string) => void;
}

// Everything the preview loads comes from this server: a request that would leave the machine is refused by the browser.
const CSP = [
  "default-src 'self'",
  // The app's modules and wcc's templates are evaluated at run time, as WeChat's webview does.
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

function newestMtime(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let max = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'miniprogram_npm' || e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return max;
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...extra });
  res.end(body);
}

const json = (res: http.ServerResponse, status: number, body: unknown) =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));

/**
 * The browser preview: the mini-program's real pages in a phone frame, served by the dev server
 * next to the local cloud. The app is rebuilt when its sources change (checked per page load).
 */
export function createPreview(options: PreviewOptions = {}): Preview {
  let client: Promise<ClientBundles> | null = null;
  let app: { build: Promise<AppBuild>; sourceTime: number } | null = null;

  const clientBundles = () => (client ??= bundleClient());

  function appBuild(): Promise<AppBuild> {
    const sourceTime = Math.max(...SOURCE_DIRS.map(newestMtime));
    if (!app || app.sourceTime < sourceTime) {
      const build = buildApp();
      app = { build, sourceTime };
      build.then(
        (b) =>
          options.log?.(
            `[preview] built the mini-program: ${b.components} components, ${b.modules} modules, ${(b.bytes / 1024).toFixed(0)} KB in ${b.ms} ms`,
          ),
        (err: unknown) => options.log?.(`[preview] build failed: ${err instanceof Error ? err.message : String(err)}`),
      );
    }
    return app.build;
  }

  async function appScript(): Promise<string> {
    try {
      return (await appBuild()).script;
    } catch (err) {
      // The webview shows the compiler's message, as DevTools does, instead of a blank phone.
      const message = err instanceof Error ? err.message : String(err);
      app = null;
      return `window.__LINLI_APP_ERROR__ = ${JSON.stringify(message)};\n`;
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, ctx: PreviewContext): Promise<boolean> {
    const p = ctx.url.pathname;
    if (p === '/' && req.method === 'GET') {
      res.writeHead(302, { location: '/preview/' });
      res.end();
      return true;
    }
    if (p !== '/preview' && !p.startsWith('/preview/')) return false;
    if (req.method !== 'GET') {
      json(res, 405, { ok: false, error: { code: 'METHOD_NOT_ALLOWED', message: '这里只接受 GET' } });
      return true;
    }
    if (p.startsWith('/preview/app/')) {
      serveAsset(res, decodeURIComponent(p.slice('/preview/app/'.length)));
      return true;
    }
    switch (p) {
      case '/preview':
        res.writeHead(302, { location: '/preview/' });
        res.end();
        return true;
      case '/preview/':
        send(res, 200, 'text/html; charset=utf-8', shellHtml(), { 'content-security-policy': CSP });
        return true;
      case '/preview/webview.html':
        send(res, 200, 'text/html; charset=utf-8', webviewHtml(), { 'content-security-policy': CSP });
        return true;
      case '/preview/shell.css':
        send(res, 200, 'text/css; charset=utf-8', fs.readFileSync(path.join(__dirname, 'shell.css')));
        return true;
      case '/preview/shell.js':
        send(res, 200, 'text/javascript; charset=utf-8', (await clientBundles()).shell);
        return true;
      case '/preview/webview.js':
        send(res, 200, 'text/javascript; charset=utf-8', (await clientBundles()).webview);
        return true;
      case '/preview/app.js':
        send(res, 200, 'text/javascript; charset=utf-8', await appScript());
        return true;
      case '/preview/actions':
        send(res, 200, 'text/plain; charset=utf-8', fs.readFileSync(path.join(REPO_ROOT, 'docs/ACTIONS.md')));
        return true;
      case '/preview/api/identities':
        json(res, 200, { ok: true, data: DEMO_IDENTITIES });
        return true;
      case '/preview/api/temp-url': {
        const fileID = ctx.url.searchParams.get('fileID') ?? '';
        const url = tempUrl(ctx.emulator, fileID);
        json(
          res,
          url ? 200 : 404,
          url ? { ok: true, data: { tempFileURL: url } } : { ok: false, error: { code: 'NOT_FOUND', message: '文件不存在' } },
        );
        return true;
      }
      case '/preview/api/scan': {
        const content = ctx.url.searchParams.get('content') ?? '';
        json(res, 200, { ok: true, data: parseWxacodeContent(content.trim()) });
        return true;
      }
      default:
        json(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: `没有这个地址：${p}` } });
        return true;
    }
  }

  return {
    handle,
    async warm() {
      await Promise.all([clientBundles(), appBuild()]);
    },
  };
}

/** A file of the mini-program package (images and media only; never its code). */
function serveAsset(res: http.ServerResponse, rel: string): void {
  const file = path.resolve(MINIPROGRAM_ROOT, rel);
  const inside = file.startsWith(MINIPROGRAM_ROOT + path.sep);
  if (!inside || !ASSET_EXTENSIONS.has(path.extname(file).toLowerCase()) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    json(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: `小程序包里没有这个文件：${rel}` } });
    return;
  }
  send(res, 200, mime.lookup(file) || 'application/octet-stream', fs.readFileSync(file));
}

/** A same-origin URL for a stored file (the emulator's signed file URL without its host). */
function tempUrl(emulator: Emulator, fileID: string): string | null {
  const ctx = emulator.ctx;
  const cloudPath = cloudPathOf(ctx.envId, fileID);
  if (!cloudPath || !readFile(ctx, fileID)) return null;
  const signed = new URL(tempUrlFor(ctx, cloudPath, 7200));
  return signed.pathname + signed.search;
}
