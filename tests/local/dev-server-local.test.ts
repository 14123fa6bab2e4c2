import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTimerCron } from '../../local/runner';
import { startDevStack, type DevStack } from './helpers/dev-stack';

const json = { 'content-type': 'application/json' };

describe('dev server: /_local and /_inspect', () => {
  let dev: DevStack;
  beforeAll(async () => {
    dev = await startDevStack({ timers: true, timerTickMs: 25 });
  });
  afterAll(() => dev.close());

  it('POST /_local/trigger/<fn>/<trigger> runs the timer trigger now', async () => {
    const r = await dev.request('POST', '/_local/trigger/tick/nightly', {
      body: JSON.stringify({ time: '2026-03-01T00:00:00Z' }),
      headers: json,
    });
    expect(r.status).toBe(200);
    const event = { Type: 'Timer', TriggerName: 'nightly', Time: '2026-03-01T00:00:00Z', Message: '' };
    expect(r.body).toMatchObject({ ok: true, data: { event, result: { got: event } } });
  });

  it('an unknown trigger or function → 404 JSON; a bad time → 400', async () => {
    expect(await dev.request('POST', '/_local/trigger/tick/hourly')).toMatchObject({
      status: 404,
      body: { error: { code: 'TRIGGER_NOT_FOUND' } },
    });
    expect(await dev.request('POST', '/_local/trigger/nope/nightly')).toMatchObject({
      status: 404,
      body: { error: { code: 'FUNCTION_NOT_FOUND' } },
    });
    expect(await dev.request('POST', '/_local/trigger/tick')).toMatchObject({ status: 404, body: { ok: false } });
    expect(await dev.request('POST', '/_local/trigger/tick/nightly', { body: '{"time":"soon"}' })).toMatchObject({ status: 400 });
  });

  it('POST /_local/clock shifts the time functions and timers see, and the trigger fires when it is due', async () => {
    const due = parseTimerCron('0 30 2 * * * *').nextAfter(Date.now())!;
    const set = await dev.request('POST', '/_local/clock', { body: JSON.stringify({ offsetMs: due - 100 - Date.now() }), headers: json });
    expect(set).toMatchObject({ status: 200, body: { ok: true } });
    const seen = await dev.call('whoami', {});
    expect((seen.body as { clockOffsetMs: number }).clockOffsetMs).toBe((set.body as { data: { offsetMs: number } }).data.offsetMs);
    const expectedTime = new Date(due).toISOString().replace('.000Z', 'Z');
    await expect
      .poll(() => dev.runner.logs({ functionName: 'tick' }).some((l) => l.text.includes(`"Time":"${expectedTime}"`)), { timeout: 5000 })
      .toBe(true);
    const advanced = await dev.request('POST', '/_local/clock', { body: '{"advanceMs":1000}', headers: json });
    expect((advanced.body as { data: { offsetMs: number } }).data.offsetMs).toBe(
      (set.body as { data: { offsetMs: number } }).data.offsetMs + 1000,
    );
    await dev.request('POST', '/_local/clock', { body: '{"offsetMs":0}', headers: json });
  });

  it('a bad clock request → 400 JSON', async () => {
    for (const body of ['{}', '{"offsetMs":"1"}', '{"offsetMs":1,"advanceMs":1}', '{"advanceMs":null}', 'nope']) {
      const r = await dev.request('POST', '/_local/clock', { body, headers: json });
      expect(r).toMatchObject({ status: 400, body: { ok: false, error: { code: 'VALIDATION_FAILED' } } });
    }
  });

  it('POST /_local/upload without a cloudPath → 400 JSON', async () => {
    const r = await dev.request('POST', '/_local/upload', { body: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(r).toMatchObject({ status: 400, body: { ok: false, error: { code: 'VALIDATION_FAILED' } } });
    const form = new FormData();
    form.append('note', 'no file here');
    expect(await dev.request('POST', '/_local/upload?cloudPath=a.txt', { body: form })).toMatchObject({ status: 400 });
  });

  it('POST /_local/upload stores raw and multipart uploads like wx.cloud.uploadFile', async () => {
    const raw = await dev.request('POST', '/_local/upload?cloudPath=test/raw.txt', {
      body: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(raw.status).toBe(200);
    expect((raw.body as { fileID: string }).fileID).toMatch(/^cloud:\/\/.+\/test\/raw\.txt$/);
    const form = new FormData();
    form.append('cloudPath', 'test/form.png');
    form.append('file', new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }), 'x.png');
    const multi = await dev.request('POST', '/_local/upload', { body: form });
    expect(multi.status).toBe(200);
    expect((multi.body as { fileID: string }).fileID).toMatch(/test\/form\.png$/);
    const listed = await dev.request('GET', '/_inspect/storage?prefix=test/');
    expect((listed.body as { data: Array<{ fileID: string; contentType: string }> }).data).toEqual(
      expect.arrayContaining([expect.objectContaining({ fileID: (multi.body as { fileID: string }).fileID, contentType: 'image/png' })]),
    );
    const bad = await dev.request('POST', '/_local/upload?cloudPath=/leading-slash.txt', {
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(bad).toMatchObject({ status: 400, body: { ok: false, error: { code: 'INVALID_PARAM' } } });
  });

  it('GET /_inspect/functions shows instances, cold starts, timers and recent logs', async () => {
    const call = await dev.call('whoami', {}, 'oInspect');
    const requestId = call.headers.get('x-linli-request-id')!;
    const r = await dev.request('GET', `/_inspect/functions?requestId=${requestId}`);
    expect(r.status).toBe(200);
    const data = (
      r.body as {
        data: {
          found: string[];
          stats: { functions: Record<string, { coldStarts: number; instances: unknown[] }> };
          timers: unknown[];
          logs: Array<{ requestId: string; text: string }>;
        };
      }
    ).data;
    expect(data.found).toContain('whoami');
    expect(data.stats.functions.whoami!.coldStarts).toBeGreaterThanOrEqual(1);
    expect(data.stats.functions.whoami!.instances.length).toBeGreaterThanOrEqual(1);
    expect(data.timers).toEqual([expect.objectContaining({ functionName: 'tick', triggerName: 'nightly' })]);
    expect(data.logs.length).toBeGreaterThan(0);
    expect(data.logs.every((l) => l.requestId === requestId)).toBe(true);
    expect(data.logs.some((l) => l.text === 'whoami oInspect')).toBe(true);
  });

  it('GET /_inspect/collections, /collections/<name>, /storage, /scans, /outbox answer with the emulator’s data', async () => {
    await dev.call('whoami', {}); // counts the fixture_probe collection: a query the emulator may log as a scan
    const collections = await dev.request('GET', '/_inspect/collections');
    expect(collections.status).toBe(200);
    expect((collections.body as { data: unknown[] }).data).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: expect.any(String), count: expect.any(Number) })]),
    );
    for (const p of [
      '/_inspect/collections/users?limit=5&skip=0',
      '/_inspect/outbox?apiName=subscribeMessage.send',
      '/_inspect/storage',
      '/_inspect/scans',
    ]) {
      const r = await dev.request('GET', p);
      expect(r.status, p).toBe(200);
      expect(Array.isArray((r.body as { data: unknown }).data), p).toBe(true);
    }
    expect(await dev.request('GET', '/_inspect/collections/users?filter={"_id":"none"}')).toMatchObject({
      status: 200,
      body: { ok: true, data: [] },
    });
    expect(await dev.request('DELETE', '/_inspect/outbox')).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('bad inspection requests → 4xx JSON', async () => {
    expect(await dev.request('GET', '/_inspect/collections/users?limit=-1')).toMatchObject({ status: 400 });
    expect(await dev.request('GET', '/_inspect/collections/users?limit=5000')).toMatchObject({ status: 400 });
    expect(await dev.request('GET', '/_inspect/collections/users?filter=[1]')).toMatchObject({ status: 400 });
    expect(await dev.request('GET', '/_inspect/collections/users?filter={oops')).toMatchObject({ status: 400 });
    expect(await dev.request('GET', '/_inspect/collections/%E0%A4%A')).toMatchObject({ status: 400 });
    expect(await dev.request('GET', '/_inspect/unknown')).toMatchObject({ status: 404, body: { ok: false } });
    expect(await dev.request('POST', '/_inspect/collections')).toMatchObject({ status: 405, body: { ok: false } });
  });
});
