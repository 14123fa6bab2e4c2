import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearOutbox, listOutbox } from '../../local/emulator/openapi';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

interface WxError {
  errCode: number;
  errMsg: string;
}

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
beforeEach(() => {
  clearOutbox(t.emulator.ctx);
});
afterAll(async () => {
  await t.close();
});

function failure(promise: Promise<unknown>): Promise<WxError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: WxError) => err,
  );
}

const GOOD = {
  touser: 'o-resident-7',
  templateId: 'TPL_report_progress',
  page: 'packages/report/pages/detail/index?id=r1',
  miniprogramState: 'developer',
  lang: 'zh_CN',
  data: {
    thing1: { value: '楼道灯不亮' },
    phrase2: { value: '处理中' },
    time3: { value: '2026-11-28 09:30' },
    character_string4: { value: 'R-2026-0001' },
    number5: { value: 3 },
  },
};

describe('subscribeMessage.send through the real SDK', () => {
  it('accepts a valid message, answers errCode 0 with a msgid, and records it with snake_case keys', async () => {
    const res = await t.cloud.openapi.subscribeMessage.send(GOOD);
    expect(res.errCode).toBe(0);
    expect(Number.isSafeInteger(res.msgid)).toBe(true);
    const [entry] = listOutbox(t.emulator.ctx, { apiName: 'subscribeMessage.send' });
    expect(entry!.request).toMatchObject({ touser: 'o-resident-7', template_id: 'TPL_report_progress', miniprogram_state: 'developer' });
    expect(entry!.request.data).toEqual(GOOD.data);
    expect(entry!.errcode).toBe(0);
  });

  it('answers 40003 for a missing or malformed touser', async () => {
    expect((await failure(t.cloud.openapi.subscribeMessage.send({ ...GOOD, touser: '' }))).errCode).toBe(40003);
    expect((await failure(t.cloud.openapi.subscribeMessage.send({ ...GOOD, touser: 'o x' }))).errCode).toBe(40003);
  });

  it('answers 40037 without a template id', async () => {
    expect((await failure(t.cloud.openapi.subscribeMessage.send({ ...GOOD, templateId: ' ' }))).errCode).toBe(40037);
  });

  it('answers 47003 for template data that breaks the keyword rules', async () => {
    const bad: Array<Record<string, unknown>> = [
      {},
      { thing1: { value: '一二三四五六七八九十一二三四五六七八九十一' } }, // 21 > 20
      { number1: { value: '三' } },
      { phrase1: { value: 'abc' } },
      { thing1: { value: '' } },
      { thing1: 'not an object' },
      { unknownkind1: { value: 'x' } },
    ];
    for (const data of bad) {
      const err = await failure(t.cloud.openapi.subscribeMessage.send({ ...GOOD, data }));
      expect(err.errCode, JSON.stringify(data)).toBe(47003);
    }
    // 20 characters is still fine.
    const res = await t.cloud.openapi.subscribeMessage.send({
      ...GOOD,
      data: { thing1: { value: '一二三四五六七八九十一二三四五六七八九十' } },
    });
    expect(res.errCode).toBe(0);
  });

  it('answers 47001 for an unknown miniprogram_state or lang', async () => {
    expect((await failure(t.cloud.openapi.subscribeMessage.send({ ...GOOD, miniprogramState: 'beta' }))).errCode).toBe(47001);
    expect((await failure(t.cloud.openapi.subscribeMessage.send({ ...GOOD, lang: 'fr_FR' }))).errCode).toBe(47001);
  });
});

describe('phonenumber.getPhoneNumber through the real SDK', () => {
  it('resolves a demo code to its number with a watermark of the appid and time', async () => {
    const before = Math.floor(t.emulator.ctx.clock.now() / 1000);
    const res = await t.cloud.openapi.phonenumber.getPhoneNumber({ code: 'demo-phone:13800138000' });
    expect(res.errCode).toBe(0);
    expect(res.phoneInfo).toMatchObject({ phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86' });
    expect(res.phoneInfo.watermark.appid).toBe('wxlinlilocal0000');
    expect(res.phoneInfo.watermark.timestamp).toBeGreaterThanOrEqual(before);
  });

  it('answers 40029 for any other code and 44002 for none', async () => {
    for (const code of ['0a3bcd', 'demo-phone:1380013800', 'demo-phone:138001380001', 'demo-phone:abcdefghijk']) {
      expect((await failure(t.cloud.openapi.phonenumber.getPhoneNumber({ code }))).errCode, code).toBe(40029);
    }
    expect((await failure(t.cloud.openapi.phonenumber.getPhoneNumber({}))).errCode).toBe(44002);
    expect(listOutbox(t.emulator.ctx, { apiName: 'phonenumber.getPhoneNumber' }).map((e) => e.errcode)).toEqual([
      44002, 40029, 40029, 40029, 40029,
    ]);
  });
});
