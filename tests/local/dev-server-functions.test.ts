import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackAddress, isLoopbackOrigin } from '../../local/dev-server';
import { startDevStack, type DevStack } from './helpers/dev-stack';

describe('dev server: POST /functions/<name>', () => {
  let dev: DevStack;
  beforeAll(async () => {
    dev = await startDevStack({ maxEventBytes: 64 * 1024 });
  });
  afterAll(() => dev.close());

  it('answers with the function’s return value, run as the X-Wx-Openid caller', async () => {
    const r = await dev.call('whoami', { hi: 1 }, 'oDevUser');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ before: 'oDevUser', after: 'oDevUser', event: { hi: 1 } });
    expect(r.headers.get('x-linli-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers.get('x-linli-cold-start')).toMatch(/^(true|false)$/);
  });

  it('without X-Wx-Openid the function sees a caller with no identity', async () => {
    const r = await dev.call('whoami', {});
    expect(r.body).toMatchObject({ before: null, after: null });
  });

  it('concurrent HTTP callers each see their own OPENID', async () => {
    const ids = ['oH1', 'oH2', 'oH3', 'oH4', 'oH5', 'oH6'];
    const rs = await Promise.all(ids.map((id) => dev.call('whoami', { delayMs: 30 }, id)));
    expect(rs.map((r) => (r.body as { after: string }).after)).toEqual(ids);
  });

  it('an empty body is an empty event', async () => {
    const r = await dev.request('POST', '/functions/echo');
    expect(r).toMatchObject({ status: 200, body: {} });
  });

  it('malformed JSON → 400 VALIDATION_FAILED in JSON', async () => {
    const r = await dev.request('POST', '/functions/echo', { body: '{"a":', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ ok: false, error: { code: 'VALIDATION_FAILED', message: '请求不是合法的 JSON' } });
  });

  it.each(['[1,2]', '"text"', '42', 'null'])('a JSON body that is not an object (%s) → 400', async (body) => {
    const r = await dev.request('POST', '/functions/echo', { body });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('unknown function → 404 JSON', async () => {
    const r = await dev.call('nope', {});
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ ok: false, error: { code: 'FUNCTION_NOT_FOUND' } });
  });

  it('a path-like or badly encoded name → 404/400 JSON, never a file outside the functions', async () => {
    expect((await dev.request('POST', '/functions/..%2Fwhoami', { body: '{}' })).status).toBe(404);
    expect((await dev.request('POST', '/functions/%E0%A4%A', { body: '{}' })).body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('a malformed X-Wx-Openid → 400', async () => {
    const r = await dev.request('POST', '/functions/echo', { body: '{}', headers: { 'x-wx-openid': 'o bad;' } });
    expect(r).toMatchObject({ status: 400, body: { ok: false, error: { code: 'VALIDATION_FAILED' } } });
  });

  it('GET on a function → 405 JSON', async () => {
    const r = await dev.request('GET', '/functions/echo');
    expect(r).toMatchObject({ status: 405, body: { ok: false, error: { code: 'METHOD_NOT_ALLOWED' } } });
  });

  it('an oversized body → 413 JSON, and the server keeps serving', async () => {
    const big = JSON.stringify({ blob: 'x'.repeat(200 * 1024) });
    const r = await dev.request('POST', '/functions/echo', { body: big });
    expect(r).toMatchObject({ status: 413, body: { ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } } });
    expect((await dev.call('echo', { after: 'big' })).body).toEqual({ after: 'big' });
  });

  it('an oversized chunked body (no content-length) → 413 JSON too', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 10) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${dev.url}/functions/echo`, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('a function that throws → 500 JSON; one that crashes its instance → 500 JSON; the next call works', async () => {
    const thrown = await dev.call('crashy', { mode: 'throw' });
    expect(thrown).toMatchObject({ status: 500, body: { ok: false, error: { code: 'FUNCTIONS_EXECUTE_FAIL', message: 'Error: boom' } } });
    expect((thrown.body as { requestId: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
    const crashed = await dev.call('crashy', { mode: 'exit' });
    expect(crashed).toMatchObject({ status: 500, body: { ok: false, error: { code: 'FUNCTIONS_INSTANCE_CRASHED' } } });
    expect(await dev.call('crashy', {})).toMatchObject({ status: 200, body: { fine: true } });
  });

  it('a timeout → 504 JSON', async () => {
    const r = await dev.call('sleepy', { ms: 1500 });
    expect(r).toMatchObject({ status: 504, body: { ok: false, error: { code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED' } } });
  });

  it('unknown paths → 404 JSON', async () => {
    const r = await dev.request('GET', '/nothing/here');
    expect(r).toMatchObject({ status: 404, body: { ok: false, error: { code: 'NOT_FOUND' } } });
  });

  it('malformed HTTP gets a JSON 400 and the server keeps serving', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(dev.port, '127.0.0.1', () => socket.write('BLAH /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((await dev.request('GET', '/healthz')).status).toBe(200);
  });

  it('GET /healthz reports uptime, collections and the functions found', async () => {
    const r = await dev.request('GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, envId: 'linli-local' });
    const body = r.body as { uptimeMs: number; functions: string[]; collections: number };
    expect(body.uptimeMs).toBeGreaterThanOrEqual(0);
    expect(body.functions).toEqual(expect.arrayContaining(['whoami', 'caller', 'tick']));
    expect(body.collections).toBeGreaterThanOrEqual(0);
  });
});

describe('dev server: who may call it', () => {
  let dev: DevStack;
  beforeAll(async () => {
    dev = await startDevStack();
  });
  afterAll(() => dev.close());

  it('answers CORS preflight for the browser preview on localhost / 127.0.0.1', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080']) {
      const r = await dev.request('OPTIONS', '/functions/echo', {
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-wx-openid' },
      });
      expect(r.status).toBe(204);
      expect(r.headers.get('access-control-allow-origin')).toBe(origin);
      expect(r.headers.get('access-control-allow-headers')).toContain('x-wx-openid');
    }
    const call = await dev.request('POST', '/functions/echo', { body: '{"a":1}', headers: { origin: 'http://localhost:5173' } });
    expect(call.status).toBe(200);
    expect(call.headers.get('access-control-expose-headers')).toContain('x-linli-request-id');
  });

  it('refuses other web origins (a page elsewhere could otherwise act as any user)', async () => {
    const r = await dev.request('POST', '/functions/echo', { body: '{}', headers: { origin: 'https://evil.example' } });
    expect(r).toMatchObject({ status: 403, body: { ok: false, error: { code: 'FORBIDDEN' } } });
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a Host that is not loopback (DNS rebinding)', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(dev.port, '127.0.0.1', () =>
        socket.write('GET /_inspect/functions HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n'),
      );
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 403/);
  });

  it('tells loopback from other addresses and origins', () => {
    for (const a of ['127.0.0.1', '127.5.6.7', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['10.0.0.2', '192.168.1.5', '::ffff:10.0.0.1', '2001:db8::1', '', undefined, '127.0.0.1.evil'])
      expect(isLoopbackAddress(a)).toBe(false);
    for (const o of ['http://localhost:3000', 'http://127.0.0.1', 'http://[::1]:5173']) expect(isLoopbackOrigin(o)).toBe(true);
    for (const o of ['null', 'https://localhost.evil.example', 'file://', 'http://10.0.0.1:3000']) expect(isLoopbackOrigin(o)).toBe(false);
  });
});
