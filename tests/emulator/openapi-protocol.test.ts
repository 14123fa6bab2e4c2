import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearOutbox, listOutbox } from '../../local/emulator/openapi';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

interface SdkError {
  errCode: number;
  errMsg: string;
}

let t: TestCloud;
let contextKeys = '';
beforeAll(async () => {
  t = await startTestCloud();
  contextKeys = process.env.WX_CONTEXT_KEYS ?? '';
});
beforeEach(() => {
  clearOutbox(t.emulator.ctx);
});
afterEach(() => {
  delete process.env.WX_API_TOKEN;
  process.env.WX_CONTEXT_KEYS = contextKeys;
});
afterAll(async () => {
  await t.close();
});

function failure(promise: Promise<unknown>): Promise<SdkError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: SdkError) => err,
  );
}

function multipart(parts: Array<{ name: string; value: string | Buffer; type?: string }>): { body: Buffer; type: string } {
  const boundary = '----linli-test-boundary';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head), Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

async function postAdmin(form: { body: Buffer; type: string }) {
  const res = await fetch(`${t.emulator.url}/admin`, { method: 'POST', body: form.body, headers: { 'content-type': form.type } });
  return { contentType: res.headers.get('content-type'), json: (await res.json()) as Record<string, unknown> };
}

describe('the open-API envelope', () => {
  it('answers an unknown API the way the cloud-call gateway does: errCode -604100', async () => {
    const err = await failure(t.cloud.openapi.wxa.noSuchThing({ foo: 1 }));
    expect(err.errCode).toBe(-604100);
    const [entry] = listOutbox(t.emulator.ctx);
    expect(entry).toMatchObject({ apiName: 'wxa.noSuchThing', errcode: -604100, request: { foo: 1 } });
  });

  it('converts nested camelCase parameters to snake_case on the way in and back on the way out', async () => {
    await t.cloud.openapi.subscribeMessage.send({
      touser: 'o-1',
      templateId: 'T1',
      data: { thing1: { value: 'x' } },
      miniprogramState: 'trial',
    });
    const [entry] = listOutbox(t.emulator.ctx);
    expect(Object.keys(entry!.request).sort()).toEqual(['data', 'miniprogram_state', 'template_id', 'touser']);
    const phone = await t.cloud.openapi.phonenumber.getPhoneNumber({ code: 'demo-phone:13900000000' });
    expect(Object.keys(phone).sort()).toEqual(['errCode', 'errMsg', 'phoneInfo']);
  });

  it('records who called: the calling function token and the request source', async () => {
    // The node-sdk forwards WX_API_TOKEN only when WX_CONTEXT_KEYS lists it, as SCF's environment does.
    process.env.WX_CONTEXT_KEYS = `${process.env.WX_CONTEXT_KEYS},WX_API_TOKEN`;
    process.env.WX_API_TOKEN = 'local:api:o-caller';
    await t.cloud.openapi.phonenumber.getPhoneNumber({ code: 'demo-phone:13900000000' });
    const [entry] = listOutbox(t.emulator.ctx);
    expect(entry!.caller).toEqual({ apiToken: 'local:api:o-caller', source: ',scf', appid: null });
    expect(entry!.createdAt).toBeLessThanOrEqual(t.emulator.ctx.clock.now());
  });

  it('lists newest first, filters by API, limits, and clears', async () => {
    await t.cloud.openapi.phonenumber.getPhoneNumber({ code: 'demo-phone:13900000001' });
    await t.cloud.openapi.subscribeMessage.send({ touser: 'o-1', templateId: 'T', data: { thing1: { value: 'a' } } });
    await t.cloud.openapi.phonenumber.getPhoneNumber({ code: 'demo-phone:13900000002' });
    const all = listOutbox(t.emulator.ctx);
    expect(all.map((e) => e.apiName)).toEqual(['phonenumber.getPhoneNumber', 'subscribeMessage.send', 'phonenumber.getPhoneNumber']);
    expect(all[0]!.id).toBeGreaterThan(all[1]!.id);
    expect(listOutbox(t.emulator.ctx, { apiName: 'phonenumber.getPhoneNumber', limit: 1 }).map((e) => e.request.code)).toEqual([
      'demo-phone:13900000002',
    ]);
    expect(clearOutbox(t.emulator.ctx)).toBe(3);
    expect(listOutbox(t.emulator.ctx)).toEqual([]);
  });

  it('answers CloudBase JSON errors for requests that are not a valid open-API call', async () => {
    const noData = await postAdmin(
      multipart([
        { name: 'action', value: 'wx.openApi' },
        { name: 'apiName', value: 'security.msgSecCheck' },
      ]),
    );
    expect(noData.contentType).toBe('application/json; charset=utf-8');
    expect(noData.json).toMatchObject({ code: 'INVALID_PARAM' });

    const garbage = await postAdmin(
      multipart([
        { name: 'action', value: 'wx.openApi' },
        { name: 'apiName', value: 'security.msgSecCheck' },
        { name: 'requestData', value: Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]), type: 'application/octet-stream' },
      ]),
    );
    expect(garbage.json).toMatchObject({ code: 'INVALID_PARAM' });

    const pay = await postAdmin(multipart([{ name: 'action', value: 'wx.wxPayApi' }]));
    expect(pay.json).toMatchObject({ code: 'INVALID_ACTION' });
    expect(listOutbox(t.emulator.ctx)).toEqual([]);
  });
});
