import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startDevServer } from '../local/dev-server';
import { sdkEnv } from '../local/sdk-env';
import { seedDemoIfEmpty } from '../local/seed';
import { buildFunctions } from './build-functions';
import { measureColdStart, measureWarm } from './bench/cold-warm';
import { measureMemory } from './bench/memory';
import { measureIndexedQuery } from './bench/query-index';
import { measureEscalation, measureReportLists } from './bench/reports';
import { kb, mb, ms, type Row } from './bench/stats';
import { benchWorkspace } from './bench/workspace';

const ROOT = path.resolve(__dirname, '..');

/**
 * `npm run bench`: the performance targets of the issues, as ratios against baselines measured in
 * the same run (these machines are noisy) and absolute numbers where the issue sets one.
 */
async function main(): Promise<void> {
  const rows: Row[] = [];
  const built = await buildFunctions();
  const api = built.find((f) => f.name === 'api');
  const apiBytes = api ? statSync(api.file).size : 0;
  rows.push({
    metric: 'api bundle (minified, wx-server-sdk excluded)',
    value: kb(apiBytes),
    target: '≤ 250 KB',
    pass: apiBytes <= 250 * 1024,
  });

  const ws = benchWorkspace();
  try {
    const server = await startDevServer({ dataDir: ws.dataDir, port: 0, host: '127.0.0.1', functionsDir: ws.functionsDir, timers: false });
    try {
      Object.assign(process.env, sdkEnv({ url: server.url, envId: server.emulator.ctx.envId }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the env points it at the local cloud
      const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
      cloud.init({ env: server.emulator.ctx.envId });
      await seedDemoIfEmpty(cloud);

      const cold = await measureColdStart(server, ws.functionsDir);
      rows.push({ metric: 'cold start: bare function (load wx-server-sdk, return)', value: ms(cold.bareMs) });
      rows.push({ metric: 'cold start: api (load + system.ping)', value: ms(cold.apiMs) });
      rows.push({ metric: 'cold start ratio api / bare', value: cold.ratio.toFixed(2), target: '≤ 1.3', pass: cold.ratio <= 1.3 });

      const ping = await measureWarm(server, 'system.ping');
      rows.push({
        metric: 'warm system.ping over HTTP p50 / p95',
        value: `${ms(ping.p50)} / ${ms(ping.p95)}`,
        target: 'p95 ≤ 15 ms',
        pass: ping.p95 <= 15,
      });
      const me = await measureWarm(server, 'me.get');
      rows.push({ metric: 'warm me.get (2 database reads) p50 / p95', value: `${ms(me.p50)} / ${ms(me.p95)}` });
    } finally {
      await server.close();
    }

    const q = await measureIndexedQuery();
    rows.push({ metric: `indexed query on ${q.docs / 1000}k documents`, value: `${q.indexedQps.toFixed(0)} queries/s` });
    rows.push({
      metric: `same query, no index (${q.plainScanned ? 'scan recorded' : 'scan NOT recorded'})`,
      value: `${q.plainQps.toFixed(1)} queries/s`,
    });
    rows.push({
      metric: 'index speed-up',
      value: `${q.speedup.toFixed(0)}×`,
      target: '> 10×, indexed query not in scan log',
      pass: q.speedup > 10 && q.indexedScans === 0 && q.plainScanned,
    });

    const mem = await measureMemory(path.join(ws.dir, 'mem-data'));
    rows.push({
      metric: 'peak RSS of the local stack with the demo seed',
      value: mb(mem.stackPeakRss),
      target: '≤ 400 MB',
      pass: mem.stackPeakRss <= 400 * 1024 * 1024,
    });
    rows.push({
      metric: `peak heap of one function instance (${mem.instances} instances)`,
      value: mb(mem.instancePeakHeap),
      target: '≤ 256 MB',
      pass: mem.instancePeakHeap <= 256 * 1024 * 1024,
    });

    const esc = await measureEscalation(ws.dir, ws.functionsDir);
    rows.push({
      metric: `scheduler escalation of ${esc.count / 1000}k overdue cases (${esc.pages} pages, ${esc.messages} digests)`,
      value: `${ms(esc.durationMs)} of ${esc.timeoutMs / 1000} s`,
    });
    rows.push({
      metric: 'escalation duration / function timeout, all escalated',
      value: `${esc.ratio.toFixed(2)} (${esc.escalated} escalated)`,
      target: '≤ 0.5, all',
      pass: esc.ratio <= 0.5 && esc.escalated === esc.count,
    });

    const lists = await measureReportLists(ws.dir, ws.functionsDir);
    rows.push({
      metric: `seed ${lists.volume / 1000}k reports (bulk import)`,
      value: ms(lists.seedMs),
      target: '< 60 s',
      pass: lists.seedMs < 60_000,
    });
    rows.push({
      metric: `reports.tasks page over HTTP, ${lists.volume / 1000}k reports, p50 / p95`,
      value: `${ms(lists.tasks.p50)} / ${ms(lists.tasks.p95)}`,
    });
    rows.push({
      metric: `reports.public page over HTTP, ${lists.volume / 1000}k reports, p50 / p95`,
      value: `${ms(lists.pub.p50)} / ${ms(lists.pub.p95)}`,
    });
    const tasksSpeedup = lists.tasksPlain / lists.tasksIndexed;
    const publicSpeedup = lists.publicPlain / lists.publicIndexed;
    rows.push({ metric: 'tasks query indexed / unindexed (p50)', value: `${ms(lists.tasksIndexed)} / ${ms(lists.tasksPlain)}` });
    rows.push({
      metric: 'tasks query index speed-up',
      value: `${tasksSpeedup.toFixed(0)}×`,
      target: '> 10×, no scans',
      pass: tasksSpeedup > 10 && lists.indexedScans === 0,
    });
    rows.push({ metric: 'public query indexed / unindexed (p50)', value: `${ms(lists.publicIndexed)} / ${ms(lists.publicPlain)}` });
    // publicPath is an array: served by the emulator's per-element (multikey) entries, in sk order.
    rows.push({
      metric: 'public query index speed-up (multikey index on publicPath)',
      value: `${publicSpeedup.toFixed(0)}×`,
      target: '> 10×, no scans',
      pass: publicSpeedup > 10 && lists.indexedScans === 0,
    });
  } finally {
    ws.cleanup();
  }

  const width = Math.max(...rows.map((r) => r.metric.length));
  console.log('');
  for (const r of rows) {
    const verdict = r.pass === undefined ? '' : r.pass ? '  ok' : '  MISSED';
    console.log(`${r.metric.padEnd(width)}  ${r.value.padStart(22)}  ${(r.target ?? '').padEnd(18)}${verdict}`);
  }
  const outDir = path.join(ROOT, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), rows }, null, 2));
  console.log(`\nwritten to bench-results/latest.json`);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);
