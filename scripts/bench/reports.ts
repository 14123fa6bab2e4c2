import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findDocuments, getScanLog, importDocuments, resetScanLog } from '../../local/emulator/database';
import { createEmulator } from '../../local/emulator/server';
import { startDevServer } from '../../local/dev-server';
import { sdkEnv } from '../../local/sdk-env';
import { generateSeed } from '../../local/seed/generate';
import { buildReport, REPORT_TEXTS } from '../../local/seed/reports';
import { Random } from '../../local/seed/random';
import { importVolumeReports } from '../../local/seed/volume';
import { sortKey } from '../../server/core/paging';
import type { ReportDoc } from '../../server/reports/model';
import type { ReportStatus } from '../../contracts/reports';
import { percentile } from './stats';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Seed = ReturnType<typeof generateSeed>;

/** `count` open reports past their deadline, not yet escalated, spread over every grid of the seed. */
function overdueReports(seed: Seed, count: number, now: number): ReportDoc[] {
  const rnd = new Random(99);
  const units = new Map(seed.org_units.map((u) => [u._id, u]));
  const courtyards = seed.org_units.filter((u) => u.type === 'courtyard');
  const workers = new Map<string, { openid: string; name: string }>();
  for (const u of seed.users)
    for (const g of u.roles) if (g.role === 'grid_worker') workers.set(g.scopeId, { openid: u._id, name: u.realName || u.nickname });
  const residents = seed.users.filter((u) => u.status === 'verified' && u.place);
  const out: ReportDoc[] = [];
  for (let i = 0; i < count; i++) {
    const cy = courtyards[i % courtyards.length]!;
    const w = workers.get(cy.path[2] ?? '');
    const r = residents[i % residents.length]!;
    const problem = REPORT_TEXTS[i % REPORT_TEXTS.length]!;
    const status: ReportStatus = i % 2 === 0 ? 'submitted' : 'accepted';
    out.push(
      buildReport({
        id: `rp-bench-${i.toString(36).padStart(5, '0')}`,
        seq: 500_000 + i,
        reporter: { openid: r._id, name: r.realName || r.nickname, phone: r.phone ?? null },
        handler: w ? { ...w, phone: null, role: 'grid_worker', kind: 'grid_worker' } : null,
        courtyard: cy,
        unitName: (id) => units.get(id)?.name ?? '',
        category: problem.category,
        text: problem.text,
        spot: problem.spot,
        status,
        // Old enough that both deadlines (acceptance, and resolution for the accepted) have passed.
        createdAt: now - 20 * DAY - (i % 1000) * 60_000,
        now,
        escalate: false,
        rnd,
      }),
    );
  }
  return out;
}

/**
 * The scheduler's escalation run over `count` overdue open cases: the real `scheduler` cloud
 * function, invoked through the local function runner with its own config.json (timeout 60 s).
 */
export async function measureEscalation(dir: string, functionsDir: string, count = 10_000) {
  const dataDir = path.join(dir, 'escalation-data');
  const server = await startDevServer({ dataDir, port: 0, host: '127.0.0.1', functionsDir, timers: false });
  try {
    const now = Date.now();
    const seed = generateSeed({ scale: 0, now });
    // The demo street (people, roleKeys for the digests) without its own reports, then the overdue cases.
    for (const [name, docs] of Object.entries(seed) as Array<[string, Array<Record<string, unknown>>]>) {
      if (name !== 'reports' && docs.length) importDocuments(server.emulator.ctx, name, docs);
    }
    const reports = overdueReports(seed, count, now);
    for (let i = 0; i < reports.length; i += 5000)
      importDocuments(server.emulator.ctx, 'reports', reports.slice(i, i + 5000) as unknown as Array<Record<string, unknown>>);
    const timeoutMs = (server.runner.spec('scheduler')?.timeoutMs ?? 60_000) as number;
    const started = performance.now();
    const res = await server.runner.invoke('scheduler', { job: 'report-escalation' }, { source: 'wx_trigger' });
    const wallMs = performance.now() - started;
    const job = (
      res.result as { jobs: Array<{ result?: { escalatedToCommunity: number; pages: number; messages: number }; error?: string }> }
    ).jobs[0];
    if (job?.error) throw new Error(`escalation failed: ${job.error}`);
    const stored = findDocuments(server.emulator.ctx, 'reports', { limit: 1_000_000 }) as Array<{ _id: string; escalation: number }>;
    const escalated = stored.filter((d) => d._id.startsWith('rp-bench-') && d.escalation === 1).length;
    return {
      count,
      durationMs: res.durationMs,
      wallMs,
      timeoutMs,
      ratio: res.durationMs / timeoutMs,
      escalated,
      reported: job?.result?.escalatedToCommunity ?? 0,
      pages: job?.result?.pages ?? 0,
      messages: job?.result?.messages ?? 0,
    };
  } finally {
    await server.close();
  }
}

async function post(url: string, openid: string, event: unknown): Promise<{ ok: boolean; data?: { items: unknown[] } }> {
  const res = await fetch(`${url}/functions/api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
    body: JSON.stringify(event),
  });
  const body = (await res.json()) as { ok: boolean; data?: { items: unknown[] }; error?: unknown };
  if (!body.ok) throw new Error(`call failed: ${JSON.stringify(body)}`);
  return body;
}

async function latency(url: string, openid: string, event: unknown, iterations: number) {
  for (let i = 0; i < 5; i++) await post(url, openid, event);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    const body = await post(url, openid, event);
    samples.push(performance.now() - started);
    if (!body.data || body.data.items.length === 0) throw new Error('expected a non-empty page');
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

/**
 * reports.tasks and reports.public on 100k reports: the whole action over HTTP (router, function
 * runner, SDK, emulator), and each list's query on the same documents with and without indexes.
 */
export async function measureReportLists(dir: string, functionsDir: string, volume = 100_000, iterations = 40) {
  const dataDir = mkdtempSync(path.join(dir, 'lists-'));
  mkdirSync(dataDir, { recursive: true });
  const now = Date.now();
  const seed = generateSeed({ scale: 1, now });
  let seedMs = 0;
  {
    const emulator = createEmulator({ dataDir });
    for (const [name, docs] of Object.entries(seed) as Array<[string, Array<Record<string, unknown>>]>) {
      for (let i = 0; i < docs.length; i += 5000) importDocuments(emulator.ctx, name, docs.slice(i, i + 5000));
    }
    const started = performance.now();
    importVolumeReports(emulator.ctx, seed, volume, now);
    seedMs = performance.now() - started;
    // The baseline: the same documents (same seed) in a collection without indexes.
    importVolumeReports(emulator.ctx, seed, volume, now, undefined, 'reports_unindexed');
    await emulator.close();
  }
  const server = await startDevServer({ dataDir, port: 0, host: '127.0.0.1', functionsDir, timers: false });
  try {
    const worker = 'demo-grid-01';
    const resident = seed.users.find((u) => u._id === 'demo-resident-001');
    const communityId = resident?.place?.communityId ?? 'cm-1';
    const tasks = await latency(server.url, worker, { action: 'reports.tasks', payload: {} }, iterations);
    const pub = await latency(server.url, 'demo-resident-001', { action: 'reports.public', payload: {} }, iterations);

    Object.assign(process.env, sdkEnv({ url: server.url, envId: server.emulator.ctx.envId }));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the env points it here
    const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
    // A scan of 100k documents on a busy machine outlasts the SDK's default request timeout.
    cloud.init({ env: server.emulator.ctx.envId, timeout: 300_000 } as Parameters<typeof cloud.init>[0]);
    const db = cloud.database();
    const _ = db.command;
    const queries = {
      tasks: (name: string) =>
        db
          .collection(name)
          .where({ assigneeOpenid: worker, open: true, dueKey: _.gt(sortKey(0, '')) })
          .orderBy('dueKey', 'asc')
          .limit(21)
          .get(),
      public: (name: string) =>
        db
          .collection(name)
          .where({ publicPath: communityId, sk: _.lt(sortKey(now + DAY, '')) })
          .orderBy('sk', 'desc')
          .limit(21)
          .get(),
    };
    const time = async (run: () => unknown, n: number) => {
      const samples: number[] = [];
      for (let i = 0; i < n; i++) {
        const started = performance.now();
        await run();
        samples.push(performance.now() - started);
      }
      return percentile(samples, 50);
    };
    resetScanLog(server.emulator.ctx);
    const tasksIndexed = await time(() => queries.tasks('reports'), iterations);
    const publicIndexed = await time(() => queries.public('reports'), iterations);
    const indexedScans = getScanLog(server.emulator.ctx).filter((s) => s.collection === 'reports').length;
    const tasksPlain = await time(() => queries.tasks('reports_unindexed'), 3);
    const publicPlain = await time(() => queries.public('reports_unindexed'), 3);
    return {
      volume,
      seedMs,
      tasks,
      pub,
      tasksIndexed,
      tasksPlain,
      publicIndexed,
      publicPlain,
      indexedScans,
    };
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
