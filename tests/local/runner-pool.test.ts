import { cpSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_FUNCTIONS } from './helpers/fixtures';
import { startRunnerStack, type RunnerStack } from './helpers/runner-stack';

describe('runner: warm instances and cold starts', () => {
  let stack: RunnerStack;
  beforeAll(async () => {
    stack = await startRunnerStack({ maxInstancesPerFunction: 2 });
  });
  afterAll(() => stack.close());

  it('the first call is a cold start, the next one reuses the warm instance', async () => {
    const first = await stack.runner.invoke('echo', { n: 1 });
    const second = await stack.runner.invoke('echo', { n: 2 });
    expect(first).toMatchObject({ result: { n: 1 }, coldStart: true });
    expect(first.initDurationMs).toBeGreaterThan(0);
    expect(second).toMatchObject({ result: { n: 2 }, coldStart: false, instanceId: first.instanceId });
    expect(second.initDurationMs).toBeUndefined();
    expect(second.requestId).not.toBe(first.requestId);
    expect(stack.runner.stats().functions.echo).toMatchObject({ invocations: 2, coldStarts: 1 });
    expect(stack.runner.logs({ requestId: first.requestId }).some((l) => l.text.startsWith('cold start'))).toBe(true);
  });

  it('never runs more than the configured instances: extra callers wait, none is lost', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => stack.runner.invoke('whoami', { delayMs: 60 }, { openid: `oQ${i}` })),
    );
    expect(results.map((r) => (r.result as { after: string }).after)).toEqual(results.map((_, i) => `oQ${i}`));
    const stats = stack.runner.stats().functions.whoami!;
    expect(stats.coldStarts).toBe(2);
    expect(stats.instances).toHaveLength(2);
    expect(results.filter((r) => r.coldStart)).toHaveLength(2);
    expect(new Set(results.map((r) => r.instanceId)).size).toBe(2);
  });

  it('reports memory for every invocation and per instance', async () => {
    const r = await stack.runner.invoke('memory', {});
    const reported = r.result as { rss: number; heapUsed: number };
    expect(reported.rss).toBeGreaterThan(10 * 1024 * 1024);
    expect(r.memory.heapUsed).toBeGreaterThan(0);
    const instance = stack.runner.stats().functions.memory!.instances[0]!;
    expect(instance.peakHeapUsedBytes).toBeGreaterThan(0);
    expect(stack.runner.stats().peakRssBytes).toBeGreaterThan(10 * 1024 * 1024);
  });
});

describe('runner: rebuilt code', () => {
  let dir: string;
  let stack: RunnerStack | undefined;
  afterEach(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retires warm instances when index.js changes, so the next call loads the new code', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'linli-fns-'));
    // `tick` needs no SDK, so it loads from outside the repo's node_modules.
    cpSync(path.join(FIXTURE_FUNCTIONS, 'tick'), path.join(dir, 'tick'), { recursive: true });
    stack = await startRunnerStack({ functionsDir: dir });
    const first = await stack.runner.invoke('tick', {});
    expect((await stack.runner.invoke('tick', {})).coldStart).toBe(false);
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(dir, 'tick', 'index.js'), later, later);
    const afterBuild = await stack.runner.invoke('tick', {});
    expect(afterBuild.coldStart).toBe(true);
    expect(afterBuild.instanceId).not.toBe(first.instanceId);
  });
});
