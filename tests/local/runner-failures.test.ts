import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunnerError } from '../../local/runner';
import { startRunnerStack, type RunnerStack } from './helpers/runner-stack';

async function failure(p: Promise<unknown>): Promise<RunnerError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RunnerError);
  return err as RunnerError;
}

describe('runner: failures stay inside their instance', () => {
  let stack: RunnerStack;
  beforeAll(async () => {
    stack = await startRunnerStack();
  });
  afterAll(() => stack.close());

  it('enforces the timeout from config.json (1 s here, not the 3 s default) and stops the instance', async () => {
    const started = Date.now();
    const err = await failure(stack.runner.invoke('sleepy', { ms: 1500 }));
    const elapsed = Date.now() - started;
    expect(err.code).toBe('FUNCTIONS_TIME_LIMIT_EXCEEDED');
    expect(err.message).toBe('Invoking task timed out after 1 seconds');
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // The function would have finished at 1.5 s: failing at all proves the 1 s limit; this bounds the kill.
    expect(elapsed).toBeLessThan(2500);
    const ok = await stack.runner.invoke('sleepy', { ms: 10 });
    expect(ok).toMatchObject({ result: { slept: 10 }, coldStart: true });
    expect(stack.runner.stats().functions.sleepy).toMatchObject({ timeouts: 1 });
  });

  it('a thrown error fails the call but keeps the instance warm', async () => {
    const warm = await stack.runner.invoke('crashy', {});
    const err = await failure(stack.runner.invoke('crashy', { mode: 'throw' }));
    expect(err).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL', message: 'Error: boom' });
    const after = await stack.runner.invoke('crashy', {});
    expect(after).toMatchObject({ coldStart: false, instanceId: warm.instanceId, result: { fine: true } });
  });

  it.each([
    ['an unhandled rejection', 'reject', /unhandled boom/],
    ['process.exit()', 'exit', /exited with code 3/],
  ])('%s kills only that instance; the next call gets a fresh one', async (_label, mode, message) => {
    const before = await stack.runner.invoke('crashy', {});
    const err = await failure(stack.runner.invoke('crashy', { mode }));
    expect(err.code).toBe('FUNCTIONS_INSTANCE_CRASHED');
    expect(err.message).toMatch(message);
    const next = await stack.runner.invoke('crashy', {});
    expect(next.coldStart).toBe(true);
    expect(next.instanceId).not.toBe(before.instanceId);
    // Other functions' instances were not touched.
    expect((await stack.runner.invoke('echo', { still: 'here' })).result).toEqual({ still: 'here' });
  });

  it('a value JSON cannot carry is an execution failure, as on the platform', async () => {
    const err = await failure(stack.runner.invoke('crashy', { mode: 'circular' }));
    expect(err.code).toBe('FUNCTIONS_EXECUTE_FAIL');
    expect(err.message).toMatch(/circular/);
  });

  it('a module that throws while loading fails the call with the reason', async () => {
    const err = await failure(stack.runner.invoke('broken', {}));
    expect(err.code).toBe('FUNCTIONS_EXECUTE_FAIL');
    expect(err.message).toMatch(/failed to load: Error: cannot load/);
  });

  it('stops an instance that outgrows its memory limit (config.json memorySize: 64)', async () => {
    const err = await failure(stack.runner.invoke('memory', { allocMb: 200 }));
    expect(err).toMatchObject({ code: 'FUNCTIONS_MEMORY_LIMIT_EXCEEDED', message: 'Memory limit exceeded (64 MB)' });
    expect((await stack.runner.invoke('memory', {})).coldStart).toBe(true);
  });

  it.each(['nope', '../whoami', 'whoami/../echo', ''])('an unknown function name (%j) is FUNCTION_NOT_FOUND', async (name) => {
    const err = await failure(stack.runner.invoke(name, {}));
    expect(err.code).toBe('FUNCTION_NOT_FOUND');
  });

  it('keeps each invocation’s console output, tagged with its request id', async () => {
    const r = await stack.runner.invoke('whoami', {}, { openid: 'oLogger' });
    const lines = stack.runner.logs({ requestId: r.requestId });
    expect(lines.some((l) => l.level === 'log' && l.text === 'whoami oLogger')).toBe(true);
    expect(lines.every((l) => l.functionName === 'whoami')).toBe(true);
  });
});
