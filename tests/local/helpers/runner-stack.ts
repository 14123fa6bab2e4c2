import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createEmulator, sendJson, type Emulator } from '../../../local/emulator/server';
import { createRunner, type Runner, type RunnerOptions } from '../../../local/runner';
import { FIXTURE_FUNCTIONS } from './fixtures';

export interface RunnerStack {
  emulator: Emulator;
  runner: Runner;
  url: string;
  close(): Promise<void>;
}

/**
 * The real emulator on a free loopback port with a runner over the fixture functions, mounted
 * the way the dev server mounts them (so callFunction from inside a function works).
 */
export async function startRunnerStack(options: Partial<RunnerOptions> = {}): Promise<RunnerStack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'linli-runner-'));
  const emulator = createEmulator({ dataDir });
  let handle: Emulator['handle'] = emulator.handle;
  const server = http.createServer((req, res) => {
    handle(req, res).then(
      (handled) => handled || sendJson(res, 404, { code: 'NOT_FOUND' }),
      (err: Error) => sendJson(res, 500, { code: 'SYS_ERR', message: err.message }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const runner = createRunner({
    functionsDir: FIXTURE_FUNCTIONS,
    emulatorUrl: url,
    envId: emulator.ctx.envId,
    clock: emulator.ctx.clock,
    ...options,
  });
  handle = runner.attachEmulator(emulator);
  return {
    emulator,
    runner,
    url,
    async close() {
      await runner.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
