import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDevServer, type DevServer } from '../../../local/dev-server';
import { createPreview } from '../../../local/preview';
import { sdkEnv } from '../../../local/sdk-env';
import { seedDemoIfEmpty } from '../../../local/seed';
import { buildFunctions } from '../../../scripts/build-functions';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const FUNCTIONS_DIR = path.join(REPO_ROOT, 'cloudfunctions');
const SOURCES = ['server', 'contracts', 'cloudfunctions/api/src'].map((d) => path.join(REPO_ROOT, d));

function newestMtime(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const full = path.join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }, 0);
}

export interface PreviewEnv {
  /** The dev server's base URL; the preview is at `${url}/preview/`. */
  url: string;
  server: DevServer;
  close(): Promise<void>;
}

/**
 * The dev server as `npm start` runs it — local cloud, real `api` function, the demo seed,
 * the browser preview — on a free port over a fresh data folder.
 */
export async function startPreviewEnv(): Promise<PreviewEnv> {
  const bundle = path.join(FUNCTIONS_DIR, 'api', 'index.js');
  const built = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : 0;
  if (built < Math.max(...SOURCES.map(newestMtime))) await buildFunctions();

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-browser-'));
  const preview = createPreview();
  const server = await startDevServer({
    dataDir,
    port: 0,
    functionsDir: FUNCTIONS_DIR,
    timers: false,
    extraRoutes: (req, res, ctx) => preview.handle(req, res, ctx),
  });
  const warm = preview.warm();
  Object.assign(process.env, sdkEnv({ url: server.url, envId: server.emulator.ctx.envId }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the env points it at this server
  const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
  cloud.init({ env: server.emulator.ctx.envId });
  await Promise.all([seedDemoIfEmpty(cloud), warm]);
  return {
    url: server.url,
    server,
    async close() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
