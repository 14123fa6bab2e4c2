import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCall } from '../../local/call';
import { startDevStack, type DevStack } from './helpers/dev-stack';

const repo = fileURLToPath(new URL('../..', import.meta.url));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {} } };
}

/** A port nothing listens on: bind one, note it, let it go. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('npm run call', () => {
  let dev: DevStack;
  beforeAll(async () => {
    dev = await startDevStack();
  });
  afterAll(() => dev.close());

  it('calls a function as the given OPENID and pretty-prints the JSON result', async () => {
    const c = capture();
    const code = await runCall(['whoami', '{"n":1}', '--openid', 'oCli', '--url', dev.url], c.io);
    expect(code).toBe(0);
    expect(JSON.parse(c.out.join('\n'))).toMatchObject({ before: 'oCli', event: { n: 1 } });
    expect(c.out[0]).toContain('\n  "before": "oCli"');
    expect(c.err.join('\n')).toMatch(/whoami · [0-9a-f-]{36}/);
  });

  it('takes the port from PORT when no --url is given', async () => {
    const c = capture();
    const code = await runCall(['echo', '{"via":"PORT"}'], { ...c.io, env: { PORT: String(dev.port) } });
    expect(code).toBe(0);
    expect(JSON.parse(c.out.join(''))).toEqual({ via: 'PORT' });
  });

  it('exits non-zero when the answer is {ok:false}', async () => {
    const c = capture();
    expect(await runCall(['crashy', '{"mode":"throw"}', '--url', dev.url], c.io)).toBe(1);
    expect(JSON.parse(c.out.join(''))).toMatchObject({ ok: false, error: { code: 'FUNCTIONS_EXECUTE_FAIL' } });
    expect(await runCall(['nope', '--url', dev.url], capture().io)).toBe(1);
  });

  it('explains in Chinese and English when no server is running', async () => {
    const c = capture();
    const code = await runCall(['echo', '--url', `http://127.0.0.1:${await closedPort()}`], c.io);
    expect(code).toBe(3);
    expect(c.err.join('\n')).toMatch(/无法连接本地云/);
    expect(c.err.join('\n')).toMatch(/Cannot reach the local cloud/);
  });

  it('rejects bad arguments before calling', async () => {
    expect(await runCall([], capture().io)).toBe(2);
    expect(await runCall(['echo', '{not json'], capture().io)).toBe(2);
    expect(await runCall(['echo', '--bogus'], capture().io)).toBe(2);
  });

  it('works as a command (tsx local/call.ts) with the exit code of the call', async () => {
    const run = promisify(execFile);
    const tsx = path.join(repo, 'node_modules', '.bin', 'tsx');
    const ok = await run(tsx, ['local/call.ts', 'echo', '{"cli":true}', '--url', dev.url], { cwd: repo });
    expect(JSON.parse(ok.stdout)).toEqual({ cli: true });
    const failed = await run(tsx, ['local/call.ts', 'crashy', '{"mode":"throw"}', '--url', dev.url], { cwd: repo }).catch(
      (e: { code: number }) => e,
    );
    expect((failed as { code: number }).code).toBe(1);
  });
});
