import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IndexSpec } from '../index-spec';
import { listenEmulator, type ListeningEmulator } from '../server';
import { sdkEnv } from '../../sdk-env';
import { engineFor } from './engine';

/*
 * Test support for the database conformance tests (which cannot share a helper module under
 * tests/). Everything here drives the real wx-server-sdk; nothing is mocked.
 */

export interface DatabaseCloud {
  emulator: ListeningEmulator;
  dataDir: string;
  cloud: typeof import('wx-server-sdk');
  /** Sends one raw `/admin` action, for what the SDK cannot express (limits above 1000, bad bodies). */
  raw(action: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Stops the emulator; the data folder stays unless `remove` is set. */
  close(remove?: boolean): Promise<void>;
}

/**
 * An emulator on a given (or fresh) data folder with a given index spec, and the SDK of this
 * process pointed at it. The SDK re-reads its environment on every call, so reopening on the
 * same folder only needs this called again.
 */
export async function openDatabaseCloud(options: { dataDir?: string; indexSpec?: IndexSpec } = {}): Promise<DatabaseCloud> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'linli-db-test-'));
  const emulator = await listenEmulator({ dataDir, indexSpec: options.indexSpec });
  engineFor(emulator.ctx).scans.quiet = true;
  Object.assign(process.env, sdkEnv({ url: emulator.url, envId: emulator.ctx.envId }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK must load after the env points it here
  const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
  cloud.init({ env: emulator.ctx.envId });
  return {
    emulator,
    dataDir,
    cloud,
    async raw(action, body) {
      const res = await fetch(`${emulator.url}/admin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action, envName: emulator.ctx.envId, ...body }),
      });
      return (await res.json()) as Record<string, unknown>;
    },
    async close(remove = false) {
      await emulator.close();
      if (remove) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The errCode / errMsg the SDK rejected with (its errors are CloudSDKError objects). */
/** Takes `unknown` because the SDK's typings return `string | void | Promise<…>` unions. */
export async function sdkError(promise: unknown): Promise<{ errCode: number; errMsg: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { errCode?: number; errMsg?: string; message?: string };
    return { errCode: e.errCode ?? 0, errMsg: e.errMsg ?? e.message ?? String(err) };
  }
  throw new Error('expected the SDK call to fail, but it succeeded');
}
