import { afterAll, beforeAll } from 'vitest';
import { quiesce } from './app';
import { startTestEnv, type TestEnv } from './test-env';

/**
 * One test environment per file: started before the file's tests, closed after them. Returns a
 * stand-in that forwards to the started environment, so tests use `env` as a plain TestEnv.
 * `settle` waits for the pages' last timers (toasts, delayed reloads) before closing.
 */
export function useTestEnv(options: { settle?: boolean } = {}): TestEnv {
  let current: TestEnv | undefined;
  beforeAll(async () => {
    current = await startTestEnv();
  }, 120_000);
  afterAll(async () => {
    if (options.settle) await quiesce();
    await current?.close();
  });
  return new Proxy({} as TestEnv, {
    get(_target, key) {
      if (!current) throw new Error('the test environment is not started yet (use env inside a test or a hook)');
      return Reflect.get(current, key) as unknown;
    },
  });
}
