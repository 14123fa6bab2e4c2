import { createReadStream, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

// A 1x1 PNG: enough for the content-type and byte-for-byte round trip checks.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==', 'base64');

// Request-level storage errors reach the caller as the node-sdk's TcbError: the CloudBase `code`
// string survives, while the wx-server-sdk wrapper sets errCode -1.
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

function deleteFiles(fileList: string[]) {
  const pending = t.cloud.deleteFile({ fileList });
  if (!pending) throw new Error('deleteFile returned no promise');
  return pending.then((res) => res.fileList);
}

beforeAll(async () => {
  t = await startTestCloud();
  t.setOpenid('o-storage-tester');
});
afterAll(async () => {
  await t.close();
});

describe('storage through the real wx-server-sdk', () => {
  it('uploads a buffer and returns a CloudBase-shaped fileID', async () => {
    const res = await t.cloud.uploadFile({ cloudPath: 'avatars/u1.png', fileContent: PNG });
    const env = t.emulator.ctx.envId;
    expect(res.fileID).toBe(`cloud://${env}.${Buffer.from(env.slice(0, 2)).toString('hex')}-${env}-1300000000/avatars/u1.png`);
    expect(res.errMsg).toBe('uploadFile:ok');
  });

  it('serves the upload over HTTP at its temp URL with the content type of its extension', async () => {
    const { fileID } = await t.cloud.uploadFile({ cloudPath: 'photos/p1.png', fileContent: PNG });
    const fileList = await getTempUrls([fileID]);
    expect(fileList).toHaveLength(1);
    expect(fileList[0]!.status).toBe(0);
    expect(fileList[0]!.tempFileURL.startsWith(`${t.emulator.url}/`)).toBe(true);
    const res = await fetch(fileList[0]!.tempFileURL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-length')).toBe(String(PNG.length));
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('round-trips a Chinese path and a ReadStream through downloadFile', async () => {
    const local = path.join(t.dataDir, 'note.txt');
    const text = '邻里通知：周六停水。';
    writeFileSync(local, text);
    const { fileID } = await t.cloud.uploadFile({ cloudPath: '公告/2026 冬季/通知.txt', fileContent: createReadStream(local) });
    const { fileContent } = await t.cloud.downloadFile({ fileID });
    expect(Buffer.from(fileContent as Buffer).toString('utf8')).toBe(text);
    const fileList = await getTempUrls([{ fileID, maxAge: 120 }]);
    expect(fileList[0]!.maxAge).toBe(120);
    // The URL carries the raw path, as CloudBase's do; a browser or the SDK encodes it.
    expect(fileList[0]!.tempFileURL).toContain('/公告/2026 冬季/通知.txt?');
    const res = await fetch(encodeURI(fileList[0]!.tempFileURL));
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe(text);
  });

  it('overwrites a file uploaded again to the same path', async () => {
    const first = await t.cloud.uploadFile({ cloudPath: 'docs/a.bin', fileContent: Buffer.from('first') });
    const second = await t.cloud.uploadFile({ cloudPath: 'docs/a.bin', fileContent: Buffer.from('second, longer') });
    expect(second.fileID).toBe(first.fileID);
    const { fileContent } = await t.cloud.downloadFile({ fileID: first.fileID });
    expect(Buffer.from(fileContent as Buffer).toString()).toBe('second, longer');
  });

  it('answers STORAGE_FILE_NONEXIST per file, which the SDK reports as status -503003', async () => {
    const { fileID } = await t.cloud.uploadFile({ cloudPath: 'mixed/ok.png', fileContent: PNG });
    const missing = fileID.replace('ok.png', 'missing.png');
    const fileList = await getTempUrls([fileID, missing, 'cloud://other-env.6f74-other-env-1/x.png']);
    expect(fileList.map((f) => f.status)).toEqual([0, -503003, -503003]);
    expect(fileList[1]!.tempFileURL).toBe('');
  });

  it('rejects downloadFile of a missing file', async () => {
    const { fileID } = await t.cloud.uploadFile({ cloudPath: 'gone/soon.png', fileContent: PNG });
    const err = (await t.cloud.downloadFile({ fileID: fileID.replace('soon', 'never') }).catch((e: SdkError) => e)) as SdkError;
    expect(err.code).toBe('STORAGE_FILE_NONEXIST');
    expect(err.errMsg).toBe('downloadFile:fail 文件不存在');
  });

  it('deletes files, reports missing ones per file, and stops serving the deleted bytes', async () => {
    const { fileID } = await t.cloud.uploadFile({ cloudPath: 'trash/x.png', fileContent: PNG });
    const urls = await getTempUrls([fileID]);
    const res = await deleteFiles([fileID, fileID.replace('x.png', 'y.png')]);
    expect(res.map((f) => f.status)).toEqual([0, -503003]);
    const after = await getTempUrls([fileID]);
    expect(after[0]!.status).toBe(-503003);
    const http = await fetch(urls[0]!.tempFileURL);
    expect(http.status).toBe(404);
    expect(await http.text()).toContain('<Code>NoSuchKey</Code>');
  });

  it('refuses more than 50 files in one getTempFileURL or deleteFile call', async () => {
    const ids = Array.from({ length: 51 }, (_, i) => `cloud://x.y/${i}.png`);
    const a = await getTempUrls(ids).catch((e: SdkError) => e);
    expect(a).toMatchObject({ code: 'INVALID_PARAM', errCode: -1 });
    const b = await deleteFiles(ids).catch((e: SdkError) => e);
    expect(b).toMatchObject({ code: 'INVALID_PARAM', errCode: -1 });
  });

  it('rejects cloud paths that break CloudBase naming rules or the SDK URL round trip', async () => {
    for (const cloudPath of ['/lead.png', 'a//b.png', 'dir/', 'x%41.png', 'q?.png', 'h#.png', `${'长'.repeat(284)}.png`]) {
      const err = (await t.cloud.uploadFile({ cloudPath, fileContent: PNG }).catch((e: SdkError) => e)) as SdkError;
      expect(err.code, cloudPath).toBe('INVALID_PARAM');
    }
  });
});
