import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sdkEnv } from '../../local/sdk-env';
import { FIXTURE_FUNCTIONS } from './helpers/fixtures';
import { startRunnerStack, type RunnerStack } from './helpers/runner-stack';

type WhoAmI = { before: string | null; after: string | null };

describe('runner: each invocation sees its own caller', () => {
  let stack: RunnerStack;
  beforeAll(async () => {
    stack = await startRunnerStack({ maxInstancesPerFunction: 4 });
  });
  afterAll(() => stack.close());

  it('control: the same function run concurrently in ONE process leaks OPENIDs (the race the runner must prevent)', async () => {
    // What the SDK does by design (getWXContext reads process.env on every call): run two
    // invocations interleaved in this process and the first one ends up seeing the second caller.
    Object.assign(process.env, sdkEnv({ url: stack.url, envId: stack.emulator.ctx.envId }));
    const fn = createRequire(import.meta.url)(path.join(FIXTURE_FUNCTIONS, 'whoami', 'index.js')) as {
      main(event: unknown): Promise<WhoAmI>;
    };
    const quiet = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    process.env.OPENID = 'oAlice';
    const alice = fn.main({ delayMs: 30 });
    process.env.OPENID = 'oBob';
    const bob = fn.main({ delayMs: 30 });
    const [a, b] = await Promise.all([alice, bob]);
    delete process.env.OPENID;
    quiet.mockRestore();
    expect(a.before).toBe('oAlice');
    expect(a.after).toBe('oBob');
    expect(b.after).toBe('oBob');
  });

  it('runs 12 overlapping invocations with different OPENIDs and every one sees only its own', async () => {
    const openids = Array.from({ length: 12 }, (_, i) => `oUser${i}`);
    const results = await Promise.all(
      openids.map((openid, i) => stack.runner.invoke('whoami', { delayMs: 20 + ((i * 17) % 60) }, { openid })),
    );
    results.forEach((r, i) => {
      expect(r.result).toMatchObject({ before: openids[i], after: openids[i], source: 'wx_client' });
    });
    // They really overlapped: more than one instance was needed, and at most the configured four.
    const whoami = stack.runner.stats().functions.whoami!;
    expect(whoami.instances.length).toBeGreaterThan(1);
    expect(whoami.instances.length).toBeLessThanOrEqual(4);
  });

  it('a caller without identity sees no OPENID, even on an instance that just served someone', async () => {
    await stack.runner.invoke('whoami', {}, { openid: 'oSomeone' });
    const anonymous = await stack.runner.invoke('whoami', {});
    expect(anonymous.result).toMatchObject({ before: null, after: null });
  });

  it('hands every invocation LINLI_LOCAL and the emulator clock offset', async () => {
    stack.emulator.ctx.clock.setOffset(86_400_000);
    try {
      const r = await stack.runner.invoke('whoami', {});
      expect(r.result).toMatchObject({ local: '1', clockOffsetMs: 86_400_000 });
    } finally {
      stack.emulator.ctx.clock.setOffset(0);
    }
  });
});
