import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../../local/emulator/storage';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

interface SdkError {
  code?: string;
  errCode: number;
  errMsg: string;
}

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
afterEach(() => {
  delete process.env.LINLI_UPLOAD_MAX_BYTES;
});
afterAll(async () => {
  await t.close();
});

describe('storage limits and the COS-like routes', () => {
  it('refuses an upload over the size limit with a COS EntityTooLarge error and stores nothing', async () => {
    process.env.LINLI_UPLOAD_MAX_BYTES = '1024';
    const err = (await t.cloud
      .uploadFile({ cloudPath: 'big/too-big.bin', fileContent: Buffer.alloc(4096, 7) })
      .catch((e: SdkError) => e)) as SdkError;
    expect(err.code).toBe('STORAGE_REQUEST_FAIL');
    expect(err.errMsg).toContain('[EntityTooLarge]');
    expect(listFiles(t.emulator.ctx, { limit: 10, prefix: 'big/' })).toEqual([]);
    // Exactly at the limit is fine.
    const ok = await t.cloud.uploadFile({ cloudPath: 'big/just-fits.bin', fileContent: Buffer.alloc(1024, 7) });
    expect(listFiles(t.emulator.ctx, { limit: 10, prefix: 'big/' }).map((f) => f.fileID)).toEqual([ok.fileID]);
  });

  it('refuses a PUT that carries no upload ticket from getUploadMetadata', async () => {
    const { fileID } = await t.cloud.uploadFile({ cloudPath: 'guarded/a.txt', fileContent: Buffer.from('original') });
    const url = (await getTempUrls([fileID]))[0]!.tempFileURL.split('?')[0]!;
    const forged = await fetch(url, { method: 'PUT', body: 'forged', headers: { 'x-cos-security-token': 'made-up' } });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('<Code>AccessDenied</Code>');
    const { fileContent } = await t.cloud.downloadFile({ fileID });
    expect(Buffer.from(fileContent as Buffer).toString()).toBe('original');
  });

  it('answers HEAD with size and type, and 304 for a matching ETag', async () => {
    const { fileID } = await t.cloud.uploadFile({ cloudPath: 'img/a.jpg', fileContent: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) });
    const url = (await getTempUrls([fileID]))[0]!.tempFileURL;
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('image/jpeg');
    expect(head.headers.get('content-length')).toBe('7');
    const etag = head.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('leaves foreign paths to the host server and rejects other methods on files', async () => {
    const handled = await fetch(`${t.emulator.url}/not-the-emulator`);
    expect(handled.status).toBe(404); // the standalone server's fallback, i.e. handle() returned false
    const { fileID } = await t.cloud.uploadFile({ cloudPath: 'x/y.txt', fileContent: Buffer.from('y') });
    const url = (await getTempUrls([fileID]))[0]!.tempFileURL;
    const del = await fetch(url, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect((await t.cloud.downloadFile({ fileID })).fileContent.toString()).toBe('y');
  });
});
