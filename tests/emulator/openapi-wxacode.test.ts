import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox, parseWxacodeContent } from '../../local/emulator/openapi';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

interface WxError {
  errCode: number;
  errMsg: string;
}

let t: TestCloud;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'linli-app-'));

beforeAll(async () => {
  // A fixed app.json, so the page check does not depend on the mini-program others are building.
  const appJson = path.join(tmp, 'app.json');
  writeFileSync(
    appJson,
    JSON.stringify({ pages: ['pages/home/index'], subPackages: [{ root: 'packages/org/', pages: ['pages/join/index'] }] }),
  );
  process.env.LINLI_MINIPROGRAM_APP_JSON = appJson;
  t = await startTestCloud();
});
afterAll(async () => {
  delete process.env.LINLI_MINIPROGRAM_APP_JSON;
  await t.close();
  rmSync(tmp, { recursive: true, force: true });
});

function failure(promise: Promise<unknown>): Promise<WxError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: WxError) => err,
  );
}

function decodeQr(buffer: Buffer): { text: string; width: number } {
  const png = PNG.sync.read(buffer);
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  if (!code) throw new Error('no QR code found in the PNG');
  return { text: code.data, width: png.width };
}

describe('wxacode.getUnlimited through the real SDK', () => {
  it('returns a PNG whose QR code carries the scene and page', async () => {
    const scene = 'inv=Ab3&c=12/x~y';
    const res = await t.cloud.openapi.wxacode.getUnlimited({ scene, page: 'packages/org/pages/join/index', envVersion: 'trial' });
    expect(res.contentType).toBe('image/png');
    expect(res.buffer.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    const { text, width } = decodeQr(res.buffer);
    expect(width).toBe(430);
    expect(parseWxacodeContent(text)).toEqual({
      appid: 'wxlinlilocal0000',
      page: 'packages/org/pages/join/index',
      scene,
      envVersion: 'trial',
    });
    const [entry] = listOutbox(t.emulator.ctx, { apiName: 'wxacode.getUnlimited', limit: 1 });
    expect(entry!.reply).toMatchObject({ contentType: 'image/png', content: text, width: 430 });
  });

  it('defaults to the first page of app.json and clamps the width to 280..1280', async () => {
    const small = await t.cloud.openapi.wxacode.getUnlimited({ scene: 'a', width: 100 });
    const decoded = decodeQr(small.buffer);
    expect(decoded.width).toBe(280);
    expect(parseWxacodeContent(decoded.text)?.page).toBe('pages/home/index');
    const big = await t.cloud.openapi.wxacode.getUnlimited({ scene: 'a', width: 5000 });
    expect(PNG.sync.read(big.buffer).width).toBe(1280);
  });

  it('answers 40169 for a scene over 32 characters, empty, or outside the allowed alphabet', async () => {
    expect((await t.cloud.openapi.wxacode.getUnlimited({ scene: 'x'.repeat(32) })).contentType).toBe('image/png');
    for (const scene of ['x'.repeat(33), '', '中文', 'a b', 'a%20b']) {
      expect((await failure(t.cloud.openapi.wxacode.getUnlimited({ scene }))).errCode, scene).toBe(40169);
    }
  });

  it('answers 41030 for a page that is not in app.json unless check_path is false, or that starts with /', async () => {
    expect((await failure(t.cloud.openapi.wxacode.getUnlimited({ scene: 'a', page: 'pages/nope/index' }))).errCode).toBe(41030);
    const unchecked = await t.cloud.openapi.wxacode.getUnlimited({ scene: 'a', page: 'pages/nope/index', checkPath: false });
    expect(parseWxacodeContent(decodeQr(unchecked.buffer).text)?.page).toBe('pages/nope/index');
    expect((await failure(t.cloud.openapi.wxacode.getUnlimited({ scene: 'a', page: '/pages/home/index' }))).errCode).toBe(41030);
  });

  it('answers 40097 for an unknown env_version', async () => {
    expect((await failure(t.cloud.openapi.wxacode.getUnlimited({ scene: 'a', envVersion: 'beta' }))).errCode).toBe(40097);
  });
});
