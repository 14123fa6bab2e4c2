import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearOutbox, listOutbox, retryUndeliveredVerdicts } from '../../local/emulator/openapi';
import { listenEmulator } from '../../local/emulator/server';
import { putFile, tempUrlFor } from '../../local/emulator/storage';
import type { FunctionInvoker } from '../../local/emulator/types';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

interface WxError {
  errCode: number;
  errMsg: string;
}

interface Pushed {
  name: string;
  event: Record<string, unknown>;
  options: unknown;
}

let t: TestCloud;
let pushed: Pushed[];

/** Records every event the emulator pushes into `pushed`. */
function recordingInvoker(): FunctionInvoker {
  return async (name, event, options) => {
    pushed.push({ name, event: event as Record<string, unknown>, options });
    return 'success';
  };
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function failure(promise: Promise<unknown>): Promise<WxError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: WxError) => err,
  );
}

function mediaCheck(mediaUrl: string, extra: Record<string, unknown> = {}) {
  return t.cloud.openapi.security.mediaCheckAsync({ mediaUrl, mediaType: 2, version: 2, scene: 3, openid: 'o-poster-1', ...extra });
}

beforeAll(async () => {
  t = await startTestCloud();
});
beforeEach(() => {
  pushed = [];
  process.env.LINLI_MEDIACHECK_DELAY_MS = '30';
  clearOutbox(t.emulator.ctx);
  t.emulator.setFunctionInvoker(recordingInvoker());
});
afterEach(() => {
  delete process.env.LINLI_MEDIACHECK_DELAY_MS;
  delete process.env.LINLI_MEDIACHECK_FUNCTION;
});
afterAll(async () => {
  await t.close();
});

describe('security.mediaCheckAsync through the real SDK', () => {
  it('answers a trace id at once and pushes a wxa_media_check event to the mediacheck function later', async () => {
    process.env.LINLI_MEDIACHECK_DELAY_MS = '300';
    const { fileID } = await t.cloud.uploadFile({ cloudPath: 'reports/r1/photo.jpg', fileContent: Buffer.from('jpeg') });
    const url = (await t.cloud.getTempFileURL({ fileList: [fileID] }))!.fileList[0]!.tempFileURL;
    const res = await mediaCheck(url);
    expect(res.errCode).toBe(0);
    expect(res.traceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(pushed).toHaveLength(0); // not before the delay
    expect(listOutbox(t.emulator.ctx, { apiName: 'security.mediaCheckAsync' })[0]!.delivery?.status).toBe('pending');

    await until(() => pushed.length === 1);
    const { name, event, options } = pushed[0]!;
    expect(name).toBe('mediacheck');
    expect(options).toEqual({});
    expect(event).toMatchObject({
      ToUserName: expect.stringMatching(/^gh_/),
      FromUserName: 'o-poster-1',
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: 'wxlinlilocal0000',
      trace_id: res.traceId,
      version: 2,
      errcode: 0,
      errmsg: 'ok',
      result: { suggest: 'pass', label: 100 },
      detail: [{ strategy: 'content_model', errcode: 0, suggest: 'pass', label: 100, prob: 90 }],
    });
    expect(event.CreateTime).toBe(Math.floor(t.emulator.ctx.clock.now() / 1000));
    await until(() => listOutbox(t.emulator.ctx, { limit: 1 })[0]!.delivery?.status === 'delivered');
  });

  it('judges risky and review from a marker word in the file path, for stored files and foreign URLs alike', async () => {
    const risky = putFile(t.emulator.ctx, { cloudPath: 'posts/demo-RISKY-cat.png', bytes: Buffer.from('png') });
    await mediaCheck(tempUrlFor(t.emulator.ctx, 'posts/demo-RISKY-cat.png', 600));
    await mediaCheck('https://example.com/img/needs-review.png', { mediaType: 1 });
    await mediaCheck('https://example.com/img/fine.png');
    await mediaCheck('https://risky.example.com/img/preview-briskly.png');
    await mediaCheck('https://example.com/img/a.png?tag=%E5%9B%BE-risky');
    await until(() => pushed.length === 5);
    const suggests = listOutbox(t.emulator.ctx, { apiName: 'security.mediaCheckAsync' })
      .reverse()
      .map((e) => (e.delivery!.event.result as { suggest: string }).suggest);
    // The host and words that merely contain a marker do not count; an encoded query does.
    expect(suggests).toEqual(['risky', 'review', 'pass', 'pass', 'risky']);
    expect(risky).toContain('demo-RISKY-cat.png');
  });

  it('delivers to the function named by LINLI_MEDIACHECK_FUNCTION', async () => {
    process.env.LINLI_MEDIACHECK_FUNCTION = 'contentAudit';
    await mediaCheck('https://example.com/a.png');
    await until(() => pushed.length === 1);
    expect(pushed[0]!.name).toBe('contentAudit');
  });

  it('keeps the verdict undelivered without a runner, or when the function does not exist, and retries on demand', async () => {
    t.emulator.ctx.invokeFunction = undefined;
    await mediaCheck('https://example.com/a.png');
    await until(() => listOutbox(t.emulator.ctx, { limit: 1 })[0]!.delivery?.status === 'undelivered');
    expect(listOutbox(t.emulator.ctx, { limit: 1 })[0]!.delivery?.error).toBe('no function runner attached');

    t.emulator.setFunctionInvoker(async (name) => {
      throw Object.assign(new Error(`function ${name} is not found`), { code: 'FUNCTION_NOT_FOUND' });
    });
    expect(Object.values(await retryUndeliveredVerdicts(t.emulator.ctx))).toEqual(['undelivered']);
    expect(listOutbox(t.emulator.ctx, { limit: 1 })[0]!.delivery?.error).toBe('function mediacheck is not found');

    t.emulator.setFunctionInvoker(recordingInvoker());
    expect(Object.values(await retryUndeliveredVerdicts(t.emulator.ctx))).toEqual(['delivered']);
    expect(pushed).toHaveLength(1);
    expect(Object.values(await retryUndeliveredVerdicts(t.emulator.ctx))).toEqual([]); // nothing left to retry
  });

  it('marks the verdict failed when the function throws', async () => {
    t.emulator.setFunctionInvoker(async () => {
      throw new Error('handler bug');
    });
    await mediaCheck('https://example.com/a.png');
    await until(() => listOutbox(t.emulator.ctx, { limit: 1 })[0]!.delivery?.status === 'failed');
    expect(listOutbox(t.emulator.ctx, { limit: 1 })[0]!.delivery?.error).toBe('handler bug');
  });

  it('answers WeChat errcodes for bad input and schedules nothing', async () => {
    const cases: Array<[Record<string, unknown>, number]> = [
      [{ mediaUrl: '' }, 44002],
      [{ mediaUrl: 'not a url' }, 47001],
      [{ mediaUrl: 'ftp://example.com/a.png' }, 47001],
      [{ mediaType: 3 }, 47001],
      [{ version: 1 }, 47001],
      [{ scene: 0 }, 40129],
      [{ openid: undefined }, 40003],
    ];
    for (const [override, errcode] of cases) {
      const params = { mediaUrl: 'https://example.com/a.png', ...override };
      const err = await failure(mediaCheck(params.mediaUrl as string, override));
      expect(err.errCode, JSON.stringify(override)).toBe(errcode);
    }
    await new Promise((r) => setTimeout(r, 80));
    expect(pushed).toHaveLength(0);
    expect(listOutbox(t.emulator.ctx, { apiName: 'security.mediaCheckAsync' }).every((e) => e.delivery === null)).toBe(true);
  });

  it('delivers a verdict still pending when the emulator stopped, after it is reopened on the same data', async () => {
    process.env.LINLI_MEDIACHECK_DELAY_MS = '400';
    await mediaCheck('https://example.com/after-restart.png');
    await t.emulator.close();
    await new Promise((r) => setTimeout(r, 450)); // overdue by the time the emulator is back
    const reopened = await listenEmulator({ dataDir: t.dataDir, port: t.emulator.port });
    try {
      // Attached after start, as a host does: the overdue verdict still waits for it.
      await new Promise((r) => setTimeout(r, 100));
      expect(pushed).toHaveLength(0);
      reopened.setFunctionInvoker(recordingInvoker());
      expect(listOutbox(reopened.ctx, { limit: 1 })[0]!.delivery?.status).toBe('pending');
      await until(() => pushed.length === 1);
      expect(pushed[0]!.event.Event).toBe('wxa_media_check');
      await until(() => listOutbox(reopened.ctx, { limit: 1 })[0]!.delivery?.status === 'delivered');
    } finally {
      await reopened.close();
      rmSync(t.dataDir, { recursive: true, force: true });
    }
    // t.close() in afterAll closes the first emulator again: harmless, its server is already closed.
  });
});
