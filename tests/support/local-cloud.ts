import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listenEmulator, type ListeningEmulator } from '../../local/emulator/server';
import { sdkEnv } from '../../local/sdk-env';

export interface TestCloud {
  emulator: ListeningEmulator;
  dataDir: string;
  /** The real wx-server-sdk, initialised against this emulator. */
  cloud: typeof import('wx-server-sdk');
  /** Who the SDK believes is calling (getWXContext().OPENID); undefined = no identity. */
  setOpenid(openid: string | undefined): void;
  close(): Promise<void>;
}

/**
 * Starts an emulator on a free port with a fresh data folder and points the real,
 * unmodified wx-server-sdk in this process at it through environment variables only.
 */
export async function startTestCloud(): Promise<TestCloud> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'linli-test-'));
  const emulator = await listenEmulator({ dataDir });
  Object.assign(process.env, sdkEnv({ url: emulator.url, envId: emulator.ctx.envId }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK must load after the env points it here
  const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
  cloud.init({ env: emulator.ctx.envId });
  return {
    emulator,
    dataDir,
    cloud,
    setOpenid(openid) {
      if (openid === undefined) delete process.env.OPENID;
      else process.env.OPENID = openid;
    },
    async close() {
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
