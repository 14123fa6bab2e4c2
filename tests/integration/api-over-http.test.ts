import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../component/support/local-cloud';

// The whole stack as a client meets it: dev server → function runner (worker instances) → the
// bundled `api` → real wx-server-sdk → emulator.
let stack: LocalCloud;
beforeAll(async () => {
  stack = await startLocalCloud();
}, 120_000);
afterAll(() => stack.close());

async function post(body: string, openid?: string, fn = 'api') {
  const res = await fetch(`${stack.url}/functions/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) },
    body,
  });
  return {
    status: res.status,
    body: (await res.json()) as { ok: boolean; data?: Record<string, unknown>; error?: { code: string; message: string } },
  };
}

const call = (openid: string | undefined, event: unknown) => post(JSON.stringify(event), openid);

describe('the api function over HTTP', () => {
  it('keeps concurrent callers apart: each sees their own profile', async () => {
    const people = Array.from({ length: 12 }, (_, i) => `demo-resident-${String(i + 101).padStart(3, '0')}`);
    const results = await Promise.all(people.map((openid) => call(openid, { action: 'me.get' })));
    const nicknames = await Promise.all(people.map(async (openid) => (await call(openid, { action: 'me.get' })).body.data?.nickname));
    results.forEach((r, i) => {
      expect(r.body.ok).toBe(true);
      expect(r.body.data?.nickname).toBe(nicknames[i]);
    });
    // Their first-open profiles are created for the right people too.
    const fresh = Array.from({ length: 8 }, (_, i) => `http-newcomer-${i}`);
    await Promise.all(fresh.map((openid) => call(openid, { action: 'identity.login' })));
    for (const openid of fresh) expect((await call(openid, { action: 'me.get' })).body.data?.status).toBe('guest');
  });

  it('applies a mutation once when the same request arrives twice at the same time', async () => {
    const event = { action: 'me.updateProfile', payload: { nickname: '同时到达' }, requestId: 'req-concurrent-0001' };
    const [a, b] = await Promise.all([call('demo-resident-120', event), call('demo-resident-120', event)]);
    const outcomes = [a.body, b.body];
    // One applies it; the other either replays that result or is told the request is still being handled.
    expect(outcomes.some((o) => o.ok && o.data?.nickname === '同时到达')).toBe(true);
    for (const o of outcomes) if (!o.ok) expect(o.error?.code).toBe('CONFLICT');
    const replay = await call('demo-resident-120', event);
    expect(replay.body).toMatchObject({ ok: true, data: { nickname: '同时到达' } });
    // The handler ran once: the nickname went through the content check exactly one time.
    const outbox = (await (await fetch(`${stack.url}/_inspect/outbox?apiName=security.msgSecCheck`)).json()) as {
      data: Array<{ request: { content?: string } }>;
    };
    expect(outbox.data.filter((e) => e.request.content === '同时到达')).toHaveLength(1);
  });

  it('answers malformed JSON, an unknown function and a missing identity with codes, and keeps serving', async () => {
    const bad = await post('{"action": ');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: '请求不是合法的 JSON' });

    const unknown = await post('{}', 'demo-resident-001', 'nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.ok).toBe(false);

    const anonymous = await call(undefined, { action: 'me.get' });
    expect(anonymous.body.error?.code).toBe('UNAUTHENTICATED');

    const stillUp = await call('demo-resident-001', { action: 'system.ping' });
    expect(stillUp.body.ok).toBe(true);
  });

  it('never leaks a stack trace, whatever the input', async () => {
    const inputs: unknown[] = [
      { action: 'me.get', payload: [] },
      { action: 'org.communityStats', payload: { communityId: { $gt: '' } } },
      { action: 'x'.repeat(500) },
    ];
    for (const event of inputs) {
      const res = await call('demo-street-admin', event);
      expect(res.body.ok).toBe(false);
      expect(JSON.stringify(res.body)).not.toMatch(/at .+\.js:\d+|Error:/);
    }
  });
});
