import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDevServer, type DevServer } from '../../../local/dev-server';
import { sdkEnv } from '../../../local/sdk-env';
import { seedDemoIfEmpty } from '../../../local/seed';
import { buildFunctions } from '../../../scripts/build-functions';
import { REPO_ROOT } from './paths';

export interface LocalCloud {
  url: string;
  close(): Promise<void>;
}

const FUNCTIONS_DIR = path.join(REPO_ROOT, 'cloudfunctions');
const SOURCES = ['server', 'contracts', 'cloudfunctions/api/src'].map((d) => path.join(REPO_ROOT, d));

function newestMtime(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const full = path.join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }, 0);
}

/** `npm test` builds first; a direct `vitest run` after editing the server rebuilds here instead of testing stale code. */
async function ensureFunctionsBuilt(): Promise<void> {
  const bundle = path.join(FUNCTIONS_DIR, 'api', 'index.js');
  const built = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : 0;
  if (built < Math.max(...SOURCES.map(newestMtime))) await buildFunctions();
}

/**
 * The real local cloud: the dev server running the real `api` function (real wx-server-sdk →
 * CloudBase emulator) over a fresh data folder holding the demo street's seed.
 */
export async function startLocalCloud(): Promise<LocalCloud> {
  await ensureFunctionsBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-component-'));
  const server: DevServer = await startDevServer({ dataDir, port: 0, functionsDir: FUNCTIONS_DIR, timers: false });

  // The seed writes through the real SDK, as `npm start` does.
  Object.assign(process.env, sdkEnv({ url: server.url, envId: server.emulator.ctx.envId }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- must load after the env points it at this server
  const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
  cloud.init({ env: server.emulator.ctx.envId });
  await seedDemoIfEmpty(cloud);

  return {
    url: server.url,
    async close() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
