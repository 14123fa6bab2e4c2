import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearOutbox, listOutbox } from '../../local/emulator/openapi';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

interface WxError {
  errCode: number;
  errMsg: string;
}

let t: TestCloud;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'linli-words-'));

beforeAll(async () => {
  t = await startTestCloud();
});
beforeEach(() => {
  clearOutbox(t.emulator.ctx);
});
afterEach(() => {
  delete process.env.LINLI_SECCHECK_WORDS;
});
afterAll(async () => {
  await t.close();
  rmSync(tmp, { recursive: true, force: true });
});

function check(params: Record<string, unknown>) {
  return t.cloud.openapi.security.msgSecCheck({ version: 2, scene: 2, openid: 'o-user-1', ...params });
}

function failure(promise: Promise<unknown>): Promise<WxError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: WxError) => err,
  );
}

describe('security.msgSecCheck v2 through the real SDK', () => {
  it('passes ordinary text with label 100 and a trace id', async () => {
    const res = await check({ content: '周六上午社区义诊，欢迎参加' });
    expect(res.errCode).toBe(0);
    expect(res.result).toEqual({ suggest: 'pass', label: 100 });
    expect(res.traceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(res.detail).toEqual([{ strategy: 'content_model', errcode: 0, suggest: 'pass', label: 100, prob: 90 }]);
  });

  it('answers review for a review word and risky for a risky word, the worst hit winning', async () => {
    const review = await check({ content: '这里有一个待审词' });
    expect(review.result).toEqual({ suggest: 'review', label: 21000 });
    const both = await check({ content: '待审词 和 违禁词 都在' });
    expect(both.errCode).toBe(0); // v2 judges by result.suggest, never by errcode
    expect(both.result).toEqual({ suggest: 'risky', label: 20006 });
    expect(both.detail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ strategy: 'keyword', suggest: 'risky', keyword: '违禁词', label: 20006 }),
        expect.objectContaining({ strategy: 'keyword', suggest: 'review', keyword: '待审词' }),
      ]),
    );
  });

  it('checks title and nickname, and the signature only in the profile scene', async () => {
    expect((await check({ content: 'ok', title: '违禁词标题' })).result.suggest).toBe('risky');
    expect((await check({ content: 'ok', nickname: '待审词' })).result.suggest).toBe('review');
    expect((await check({ content: 'ok', scene: 2, signature: '违禁词' })).result.suggest).toBe('pass');
    expect((await check({ content: 'ok', scene: 1, signature: '违禁词' })).result.suggest).toBe('risky');
  });

  it('accepts exactly 2500 characters and refuses 2501 with errcode 47001', async () => {
    expect((await check({ content: '好'.repeat(2500) })).errCode).toBe(0);
    const err = await failure(check({ content: '好'.repeat(2501) }));
    expect(err.errCode).toBe(47001);
    expect(err.errMsg).toContain('2500');
  });

  it('answers WeChat errcodes for bad input', async () => {
    expect((await failure(check({ content: '' }))).errCode).toBe(44002);
    expect((await failure(check({ content: 'x', scene: 5 }))).errCode).toBe(40129);
    expect((await failure(check({ content: 'x', openid: '' }))).errCode).toBe(40003);
    expect((await failure(check({ content: 'x', openid: 'has space' }))).errCode).toBe(40003);
    expect((await failure(check({ content: 'x', version: 3 }))).errCode).toBe(47001);
    expect((await failure(check({ content: 'x', title: 42 }))).errCode).toBe(47001);
  });

  it('behaves as v1 without a version: errcode 87014 for risky text, 0 otherwise', async () => {
    const risky = await failure(t.cloud.openapi.security.msgSecCheck({ content: '违禁词' }));
    expect(risky.errCode).toBe(87014);
    const fine = await t.cloud.openapi.security.msgSecCheck({ content: '待审词 is only review' });
    expect(fine.errCode).toBe(0);
  });

  it('uses the word list named by LINLI_SECCHECK_WORDS and notices when it changes', async () => {
    const file = path.join(tmp, 'words.json');
    writeFileSync(file, JSON.stringify({ words: [{ word: 'Banana', suggest: 'risky', label: 10001 }] }));
    process.env.LINLI_SECCHECK_WORDS = file;
    expect((await check({ content: 'ripe banana' })).result).toEqual({ suggest: 'risky', label: 10001 });
    expect((await check({ content: '违禁词' })).result.suggest).toBe('pass');

    writeFileSync(file, JSON.stringify({ words: [{ word: 'apple', suggest: 'review', label: 21000 }] }));
    utimesSync(file, new Date(), new Date(Date.now() + 5000)); // a distinct mtime even within one clock tick
    expect((await check({ content: 'ripe banana' })).result.suggest).toBe('pass');
    expect((await check({ content: 'an apple' })).result.suggest).toBe('review');
  });

  it('answers a system error (-1) for an unreadable word list rather than passing everything', async () => {
    const file = path.join(tmp, 'broken.json');
    writeFileSync(file, JSON.stringify({ words: [{ word: '', suggest: 'maybe' }] }));
    process.env.LINLI_SECCHECK_WORDS = file;
    expect((await failure(check({ content: 'x' }))).errCode).toBe(-1);
  });

  it('records every call, failed ones included, in the outbox', async () => {
    await check({ content: '待审词' });
    await failure(check({ content: 'x', scene: 9 }));
    const entries = listOutbox(t.emulator.ctx, { apiName: 'security.msgSecCheck' });
    expect(entries.map((e) => e.errcode)).toEqual([40129, 0]);
    expect(entries[1]!.request).toEqual({ version: 2, scene: 2, openid: 'o-user-1', content: '待审词' });
    expect(entries[1]!.reply).toMatchObject({ errcode: 0, result: { suggest: 'review' } });
    expect(entries[1]!.caller.source).toBe(',scf');
  });
});
