import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../local/dev-server';
import { findDocuments } from '../../local/emulator/database';
import { listOutbox } from '../../local/emulator/openapi';
import { sdkEnv } from '../../local/sdk-env';
import { seedDemoIfEmpty } from '../../local/seed';
import { buildFunctions, FUNCTIONS_DIR } from '../../scripts/build-functions';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- stored documents, read loosely
type Stored = Record<string, any>;

// The platform's own path: the bundled api asks for a media check, the emulator pushes the verdict
// as a wxa_media_check event to the bundled mediacheck function through the dev server's runner.
let server: DevServer;
let dataDir: string;
let cloud: typeof import('wx-server-sdk');
beforeAll(async () => {
  process.env.LINLI_MEDIACHECK_DELAY_MS = '200';
  await buildFunctions();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-verdict-'));
  server = await startDevServer({ dataDir, port: 0, functionsDir: FUNCTIONS_DIR, timers: false });
  Object.assign(process.env, sdkEnv({ url: server.url, envId: server.emulator.ctx.envId }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- must load after the env points it at this server
  cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
  cloud.init({ env: server.emulator.ctx.envId });
  await seedDemoIfEmpty(cloud);
}, 120_000);
afterAll(async () => {
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function api(openid: string, action: string, payload: unknown) {
  const res = await fetch(`${server.url}/functions/api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
    body: JSON.stringify({ action, payload }),
  });
  return (await res.json()) as { ok: boolean; data?: Stored; error?: { code: string; message: string } };
}

async function until<T>(fn: () => T | undefined, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('media verdicts over the dev server', () => {
  it('a risky photo is hidden by the deployed mediacheck function and the reporter is told', async () => {
    const openid = 'demo-resident-001';
    const upload = (name: string) =>
      cloud.uploadFile({ cloudPath: `reports/${openid}/http-draft/${name}`, fileContent: Buffer.alloc(1024, 1) }) as Promise<{
        fileID: string;
      }>;
    const [ok1, bad] = await Promise.all([upload('1.jpg'), upload('risky-2.jpg')]);
    const res = await api(openid, 'reports.submit', {
      text: '墙上有乱涂乱画',
      media: [
        { kind: 'image', fileId: ok1.fileID, size: 1024 },
        { kind: 'image', fileId: bad.fileID, size: 1024 },
      ],
    });
    expect(res.ok, JSON.stringify(res.error)).toBe(true);
    const id = res.data?.id as string;
    const report = await until(() => {
      const r = (findDocuments(server.emulator.ctx, 'reports', { limit: 1_000_000 }) as Stored[]).find((d) => d._id === id);
      return r && r.media.every((m: Stored) => m.check !== 'pending') ? r : undefined;
    });
    expect(report.media.map((m: Stored) => m.check)).toEqual(['pass', 'risky']);
    expect(report.timeline.map((e: Stored) => e.kind)).toEqual(['submit', 'media_hidden']);
    const deliveries = listOutbox(server.emulator.ctx, { apiName: 'security.mediaCheckAsync' }).map((e) => e.delivery?.status);
    expect(deliveries).toEqual(['delivered', 'delivered']);
    const told = await until(() => {
      const rows = (findDocuments(server.emulator.ctx, 'messages', { limit: 1_000_000 }) as Stored[]).filter(
        (m) => m.reportId === id && m.kind === 'report_media_hidden',
      );
      return rows.length > 0 ? rows : undefined;
    });
    expect(told.map((m) => m.toOpenid)).toEqual([openid]);
    const seen = await api('demo-resident-089', 'reports.get', { id });
    expect(seen.data?.media.map((m: Stored) => m.url === '')).toEqual([false, true]);
  });
});
