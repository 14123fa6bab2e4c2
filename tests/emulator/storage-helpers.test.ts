import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudPathFromUrl, listFiles, putFile, readFile } from '../../local/emulator/storage';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

let t: TestCloud;

type TempUrlRequest = Parameters<TestCloud['cloud']['getTempFileURL']>[0]['fileList'];

// The SDK types these as `Promise | void` (a callback overload); called without a callback they return the promise.
function getTempUrls(fileList: TempUrlRequest) {
  const pending = t.cloud.getTempFileURL({ fileList });
  if (!pending) throw new Error('getTempFileURL returned no promise');
  return pending.then((res) => res.fileList);
}
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t.close();
});

describe('storage helpers for the dev server', () => {
  it('putFile stores a client upload that the SDK can then download', async () => {
    const fileID = putFile(t.emulator.ctx, {
      cloudPath: 'client/photo.webp',
      bytes: Buffer.from('RIFF....WEBP'),
      contentType: 'image/webp',
    });
    expect(fileID.endsWith('/client/photo.webp')).toBe(true);
    const { fileContent } = await t.cloud.downloadFile({ fileID });
    expect(Buffer.from(fileContent as Buffer).toString()).toBe('RIFF....WEBP');
    expect(readFile(t.emulator.ctx, fileID)?.contentType).toBe('image/webp');
  });

  it('keeps a declared specific type, and guesses from the extension when the declared one is generic', () => {
    const a = putFile(t.emulator.ctx, { cloudPath: 'types/a.jpg', bytes: Buffer.from('x'), contentType: 'image/png' });
    const b = putFile(t.emulator.ctx, { cloudPath: 'types/b.jpg', bytes: Buffer.from('x'), contentType: 'application/octet-stream' });
    const c = putFile(t.emulator.ctx, { cloudPath: 'types/c.unknownext', bytes: Buffer.from('x') });
    const d = putFile(t.emulator.ctx, { cloudPath: 'types/d.mp3', bytes: Buffer.from('x') });
    expect([a, b, c, d].map((id) => readFile(t.emulator.ctx, id)?.contentType)).toEqual([
      'image/png',
      'image/jpeg',
      'application/octet-stream',
      'audio/mpeg',
    ]);
  });

  it('putFile rejects bad paths and oversized bytes with CloudBase codes', () => {
    expect(() => putFile(t.emulator.ctx, { cloudPath: '', bytes: Buffer.from('x') })).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAM' }),
    );
    process.env.LINLI_UPLOAD_MAX_BYTES = '3';
    try {
      expect(() => putFile(t.emulator.ctx, { cloudPath: 'big.bin', bytes: Buffer.from('four') })).toThrow(
        expect.objectContaining({ code: 'STORAGE_REQUEST_FAIL' }),
      );
    } finally {
      delete process.env.LINLI_UPLOAD_MAX_BYTES;
    }
    expect(readFile(t.emulator.ctx, 'cloud://nothing/big.bin')).toBeNull();
  });

  it('listFiles pages newest first, filters by cloud-path prefix literally, and omits bytes', () => {
    const ctx = t.emulator.ctx;
    const ids = ['list_a/1.txt', 'list_a/2.txt', 'listXa/3.txt'].map((cloudPath) => {
      ctx.clock.advance(1000);
      return putFile(ctx, { cloudPath, bytes: Buffer.from(cloudPath) });
    });
    const listed = listFiles(ctx, { limit: 10, prefix: 'list_a/' });
    // `_` is not a wildcard: listXa/ stays out.
    expect(listed.map((f) => f.fileID)).toEqual([ids[1], ids[0]]);
    expect(Object.keys(listed[0]!).sort()).toEqual(['contentType', 'createdAt', 'fileID', 'size']);
    expect(listed[0]).toMatchObject({ fileID: ids[1], size: 12, contentType: 'text/plain' });
    // createdAt follows the emulator clock, which the test advanced by 1 s between writes.
    expect(listed[0]!.createdAt - listed[1]!.createdAt).toBeGreaterThanOrEqual(1000);
    expect(listFiles(ctx, { limit: 1 }).map((f) => f.fileID)).toEqual([ids[2]]);
  });

  it('maps a temp URL back to its cloud path and ignores foreign URLs', async () => {
    const fileID = putFile(t.emulator.ctx, { cloudPath: '图片/猫 1.png', bytes: Buffer.from('x') });
    const url = (await getTempUrls([fileID]))[0]!.tempFileURL;
    expect(cloudPathFromUrl(t.emulator.ctx, url)).toBe('图片/猫 1.png');
    expect(cloudPathFromUrl(t.emulator.ctx, encodeURI(url))).toBe('图片/猫 1.png');
    expect(cloudPathFromUrl(t.emulator.ctx, 'https://example.com/__cos/x/y.png')).toBeNull();
    expect(cloudPathFromUrl(t.emulator.ctx, 'not a url')).toBeNull();
  });
});
