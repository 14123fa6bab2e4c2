import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startDevServer } from '../dev-server';

/**
 * Measures the runner on this machine: cold start, warm invoke latency (direct and over HTTP)
 * and memory per instance. Usage: tsx local/runner/bench.ts [functionsDir] [functionName]
 * (default: the test fixtures' `echo`, a function that only loads wx-server-sdk).
 */
async function main(): Promise<void> {
  const functionsDir = path.resolve(process.argv[2] ?? path.join(__dirname, '../../tests/fixtures/functions'));
  const fn = process.argv[3] ?? 'echo';
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'linli-bench-'));
  const results: Record<string, unknown> = { node: process.version, cpus: os.cpus().length, function: fn };

  const coldStarts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const server = await startDevServer({ dataDir, port: 0, functionsDir, timers: false });
    const t0 = performance.now();
    const r = await server.runner.invoke(fn, {});
    coldStarts.push(performance.now() - t0);
    if (!r.coldStart) throw new Error('expected a cold start');
    await server.close();
  }
  results.coldStartMs = summary(coldStarts);

  const server = await startDevServer({ dataDir, port: 0, functionsDir, timers: false, maxInstancesPerFunction: 4 });
  const rssBefore = process.memoryUsage().rss;
  await server.runner.invoke(fn, {});
  const direct: number[] = [];
  for (let i = 0; i < 500; i++) {
    const t0 = performance.now();
    await server.runner.invoke(fn, { i });
    direct.push(performance.now() - t0);
  }
  results.warmInvokeMs = summary(direct);

  const overHttp: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    const res = await fetch(`${server.url}/functions/${fn}`, {
      method: 'POST',
      body: JSON.stringify({ i }),
      headers: { 'x-wx-openid': 'oBench' },
    });
    await res.text();
    overHttp.push(performance.now() - t0);
  }
  results.warmHttpMs = summary(overHttp);

  // Four instances at once (the default maximum): what each one adds to the process.
  const oneInstanceRss = process.memoryUsage().rss;
  await Promise.all(Array.from({ length: 8 }, () => server.runner.invoke(fn, {})));
  const stats = server.runner.stats().functions[fn];
  const fourInstancesRss = process.memoryUsage().rss;
  results.instances = stats?.instances.length;
  results.rssMbFirstInstance = mb(oneInstanceRss - rssBefore);
  results.rssMbPerExtraInstance =
    stats && stats.instances.length > 1 ? mb((fourInstancesRss - oneInstanceRss) / (stats.instances.length - 1)) : null;
  results.processRssMb = mb(fourInstancesRss);
  results.peakHeapMbPerInstance = stats?.instances.map((i) => mb(i.peakHeapUsedBytes));

  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  console.log(JSON.stringify(results, null, 2));
}

function summary(samples: number[]): { p50: number; p95: number; max: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
  return { p50: at(0.5), p95: at(0.95), max: round(sorted[sorted.length - 1] ?? NaN), n: sorted.length };
}

const round = (n: number) => Math.round(n * 100) / 100;
const mb = (bytes: number) => round(bytes / 1024 / 1024);

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
