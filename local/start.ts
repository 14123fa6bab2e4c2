import path from 'node:path';
import { buildFunctions } from '../scripts/build-functions';
import { buildMiniprogramNpm } from '../scripts/build-miniprogram-npm';
import { startDevServer } from './dev-server';
import { createPreview } from './preview';
import { sdkEnv } from './sdk-env';
import { DEMO_IDENTITIES, seedDemoIfEmpty } from './seed';

const ROOT = path.resolve(__dirname, '..');

/** `npm start`: build, serve the local cloud, seed an empty data folder, say how to use it. */
async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  if (!args.has('--no-build')) {
    await buildFunctions();
    await buildMiniprogramNpm({ quiet: true });
  }
  const dataDir = path.resolve(ROOT, process.env.LINLI_DATA_DIR ?? '.linli');
  const port = Number(process.env.PORT ?? 3000);
  const preview = createPreview({ log: (line) => console.log(line) });
  const server = await startDevServer({
    dataDir,
    port,
    host: '127.0.0.1',
    functionsDir: path.join(ROOT, 'cloudfunctions'),
    log: true,
    extraRoutes: (req, res, ctx) => preview.handle(req, res, ctx),
  });

  void preview.warm();

  // The seed writes through the real SDK, like any function would.
  Object.assign(process.env, sdkEnv({ url: server.url, envId: server.emulator.ctx.envId }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the env points it at the local cloud
  const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
  cloud.init({ env: server.emulator.ctx.envId });
  const seeded = await seedDemoIfEmpty(cloud);

  const lines = [
    '',
    `邻里 local cloud  ${server.url}   data: ${path.relative(ROOT, dataDir) || dataDir}/`,
    `  the mini-program in a browser: ${server.url}/preview/`,
    seeded
      ? `  seeded the demo street: ${Object.entries(seeded)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`
      : '  using the existing data (delete the data folder to reseed)',
    `  POST ${server.url}/functions/<name>   header X-Wx-Openid: <openid>   body: the event as JSON`,
    `  GET  ${server.url}/healthz · ${server.url}/_inspect/collections · /_inspect/outbox · /_inspect/functions`,
    `  try: npm run call -- api '{"action":"me.get"}' --openid demo-resident-001`,
    '  demo identities:',
    ...DEMO_IDENTITIES.map((d) => `    ${d.openid.padEnd(20)} ${d.label}`),
    '',
  ];
  console.log(lines.join('\n'));

  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
