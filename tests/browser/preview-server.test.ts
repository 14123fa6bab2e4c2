/**
 * The preview's server side, without a browser (these run even where Chromium is missing): its
 * routes next to the local cloud, the built app it serves, and that nothing in it points off the
 * machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppPayload } from '../../local/preview/client/shared/protocol';
import { startPreviewEnv, type PreviewEnv } from './support/preview-env';

let env: PreviewEnv;

beforeAll(async () => {
  env = await startPreviewEnv();
});

afterAll(async () => {
  await env?.close();
});

async function appPayload(): Promise<Omit<AppPayload, 'gwx'> & { gwxSource: string }> {
  const script = await (await fetch(`${env.url}/preview/app.js`)).text();
  const json = /^window\.__LINLI_APP__ = (.*);\n/m.exec(script)?.[1];
  expect(json, 'app.js defines the payload').toBeTruthy();
  return { ...(JSON.parse(json!) as Omit<AppPayload, 'gwx'>), gwxSource: script };
}

describe('the preview server', () => {
  it('serves the shell at /preview/ (and / redirects there) with a same-origin-only policy', async () => {
    const root = await fetch(`${env.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/preview/');
    const shell = await fetch(`${env.url}/preview/`);
    expect(shell.status).toBe(200);
    expect(await shell.text()).toContain('小程序预览');
    const csp = shell.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    for (const asset of ['shell.js', 'shell.css', 'webview.js', 'webview.html']) {
      expect((await fetch(`${env.url}/preview/${asset}`)).status, asset).toBe(200);
    }
  });

  it('leaves the local cloud’s own routes alone', async () => {
    expect((await fetch(`${env.url}/healthz`)).status).toBe(200);
    const missing = await fetch(`${env.url}/nothing-here`);
    expect(missing.status).toBe(404);
    expect((await fetch(`${env.url}/preview/nothing-here`)).status).toBe(404);
  });

  it('builds every page app.json lists, with templates from wcc and styles from wcsc at 375 px', async () => {
    const app = await appPayload();
    const pages = [...app.appJson.pages, ...(app.appJson.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
    for (const page of pages) {
      expect(app.components[page], page).toBeDefined();
      expect(app.components[page]!.prefix).toBe('');
    }
    expect(app.gwxSource).toContain('$gwx');
    // 750rpx is the screen: app.wxss's 32rpx padding is 16px; no rpx survives in any sheet.
    expect(app.appCss).toMatch(/padding: 0 16px 8px/);
    for (const [path, entry] of Object.entries(app.components)) expect(entry.css, path).not.toMatch(/\d+rpx/);
    // wcsc writes `page` as `body`; pages render in a `wx-page` element.
    expect(app.appCss).toContain('wx-page {');
  });

  it('points nowhere off the machine: no remote fonts or images, icons drawn from local SVGs', async () => {
    const app = await appPayload();
    const sheets = [app.appCss, app.commonCss, app.iconCss, ...Object.values(app.components).map((c) => c.css)];
    for (const css of sheets) {
      expect(css).not.toMatch(/url\(\s*['"]?https?:/);
      expect(css).not.toContain('@font-face');
    }
    const icon = app.components['miniprogram_npm/tdesign-miniprogram/icon/icon']!;
    expect(app.iconCss).toContain(`.${icon.prefix}--t-icon-home:before{mask-image:url("data:image/svg+xml,`);
  });

  it('resolves a scanned mini-program code to its page and scene', async () => {
    const content = 'linli://wxacode?appid=wx1&page=packages%2Fidentity%2Fpages%2Fjoin%2Findex&scene=j%3DABC&env_version=release';
    const res = (await (await fetch(`${env.url}/preview/api/scan?content=${encodeURIComponent(content)}`)).json()) as { data: unknown };
    expect(res.data).toMatchObject({ page: 'packages/identity/pages/join/index', scene: 'j=ABC' });
    const other = (await (await fetch(`${env.url}/preview/api/scan?content=hello`)).json()) as { data: unknown };
    expect(other.data).toBeNull();
  });

  it('gives a same-origin URL for a cloud file, which serves its bytes', async () => {
    const form = new FormData();
    form.append('cloudPath', 'avatars/preview-test.png');
    form.append('file', new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }), 'a.png');
    const up = (await (await fetch(`${env.url}/_local/upload`, { method: 'POST', body: form })).json()) as { fileID: string };
    const res = (await (await fetch(`${env.url}/preview/api/temp-url?fileID=${encodeURIComponent(up.fileID)}`)).json()) as {
      data: { tempFileURL: string };
    };
    expect(res.data.tempFileURL.startsWith('/')).toBe(true);
    const file = await fetch(`${env.url}${res.data.tempFileURL}`);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(new Uint8Array([137, 80, 78, 71]));
    const missing = await fetch(`${env.url}/preview/api/temp-url?fileID=${encodeURIComponent('cloud://nope/x.png')}`);
    expect(missing.status).toBe(404);
  });

  it('serves the package’s images and media by path, never its code or anything outside it', async () => {
    for (const p of ['app.json', 'app.ts', 'config.ts', '%2e%2e%2fpackage.json', '..%2f..%2fetc%2fpasswd', 'images/none.png']) {
      expect((await fetch(`${env.url}/preview/app/${p}`)).status, p).toBe(404);
    }
  });

  it('serves the action catalogue', async () => {
    const res = await fetch(`${env.url}/preview/actions`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toContain('me.get');
  });
});
