import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerRequestIdFromUrl, currentCaller, runAsCaller } from '../../local/runner/caller-context';
import { startRunnerStack, type RunnerStack } from './helpers/runner-stack';

type CallerResult = { me: string | null; callee: { before: string | null; after: string | null; event: unknown } };

describe('runner: cloud.callFunction between functions', () => {
  let stack: RunnerStack;
  beforeAll(async () => {
    // Two instances per function: enough to overlap callers, few enough to keep the test cheap.
    stack = await startRunnerStack({ maxInstancesPerFunction: 2 });
  });
  afterAll(() => stack.close());

  it('runs the callee through the real SDK and returns its result; the callee sees the caller’s OPENID', async () => {
    const r = await stack.runner.invoke('caller', { data: { hello: 'world' } }, { openid: 'oCaller' });
    const result = r.result as CallerResult;
    expect(result.me).toBe('oCaller');
    expect(result.callee).toMatchObject({ before: 'oCaller', after: 'oCaller', event: { hello: 'world' }, source: 'wx_client,scf' });
    expect(stack.runner.stats().functions.whoami?.invocations).toBeGreaterThanOrEqual(1);
  });

  it('keeps identities apart when several callers call at once', async () => {
    const openids = ['oP1', 'oP2', 'oP3', 'oP4'];
    const results = await Promise.all(openids.map((openid) => stack.runner.invoke('caller', { data: { delayMs: 40 } }, { openid })));
    results.forEach((r, i) => {
      const result = r.result as CallerResult;
      expect(result.me).toBe(openids[i]);
      expect(result.callee.after).toBe(openids[i]);
    });
  });

  it('a caller without identity passes none on', async () => {
    const result = (await stack.runner.invoke('caller', {})).result as CallerResult;
    expect(result.me).toBeNull();
    expect(result.callee.after).toBeNull();
  });

  it('a call the emulator makes on its own (e.g. an async media-check verdict) runs with no user', async () => {
    const result = await stack.emulator.ctx.invokeFunction!('whoami', { verdict: true }, {});
    expect(result).toMatchObject({ before: null, after: null, source: 'wx_unknown', event: { verdict: true } });
  });

  it('a failing callee rejects the caller’s callFunction with the reason', async () => {
    const err = await stack.runner.invoke('caller', { callee: 'nope' }, { openid: 'oX' }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL' });
    expect(err?.message).toMatch(/callFunction:fail function nope is not found/);
  });
});

describe('caller scope', () => {
  it('ends when the emulator request ends, so timers started inside it do not act as that user', async () => {
    let close!: () => void;
    const later = runAsCaller(
      'req-1',
      (c) => (close = c),
      () => {
        expect(currentCaller()).toBe('req-1');
        return new Promise<string | undefined>((resolve) => setTimeout(() => resolve(currentCaller()), 20));
      },
    );
    close();
    expect(await later).toBeUndefined();
    expect(currentCaller()).toBeUndefined();
  });

  it('reads the invocation out of the SDK’s seqId', () => {
    expect(callerRequestIdFromUrl('/admin?env=e&seqId=5b2c1f9e-1d2a-4c3b-9a8e-0f1e2d3c4b5a-18c2f_1a')).toBe(
      '5b2c1f9e-1d2a-4c3b-9a8e-0f1e2d3c4b5a',
    );
    expect(callerRequestIdFromUrl('/admin?env=e&seqId=18c2f_1a')).toBeUndefined();
    expect(callerRequestIdFromUrl('/admin?env=e')).toBeUndefined();
  });
});
