import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { importDocuments, resetScanLog, getScanLog } from '../../local/emulator/database';
import { loadIndexSpec } from '../../local/emulator/index-spec';
import { listenEmulator } from '../../local/emulator/server';
import { sdkEnv } from '../../local/sdk-env';

/**
 * The same query on the same 100k documents, once on a collection with a matching index and once
 * without: the emulator must make the index matter, as the production database does.
 */
export async function measureIndexedQuery(docs = 100_000, queries = 40) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'linli-bench-q-'));
  const spec = loadIndexSpec();
  spec.collections.bench_indexed = [
    {
      name: 'category_createdAt',
      fields: [
        ['category', 1],
        ['createdAt', -1],
      ],
    },
  ];
  spec.collections.bench_plain = [];
  const emulator = await listenEmulator({ dataDir, indexSpec: spec });
  try {
    const base = Date.UTC(2026, 0, 1);
    for (let i = 0; i < docs; i += 5000) {
      const chunk = Array.from({ length: Math.min(5000, docs - i) }, (_, k) => {
        const n = i + k;
        return { _id: `d${n}`, category: `c-${n % 500}`, createdAt: new Date(base + n * 60_000), title: `第${n}条`, score: n % 97 };
      });
      importDocuments(emulator.ctx, 'bench_indexed', chunk);
      importDocuments(emulator.ctx, 'bench_plain', chunk);
    }
    Object.assign(process.env, sdkEnv({ url: emulator.url, envId: emulator.ctx.envId }));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the env points it here
    const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
    cloud.init({ env: emulator.ctx.envId });
    const db = cloud.database();
    const run = async (name: string) => {
      const started = performance.now();
      for (let i = 0; i < queries; i++) {
        const res = (await db
          .collection(name)
          .where({ category: `c-${(i * 37) % 500}` })
          .orderBy('createdAt', 'desc')
          .limit(20)
          .get()) as { data: unknown[] };
        if (res.data.length !== 20) throw new Error(`expected 20 documents, got ${res.data.length}`);
      }
      return queries / ((performance.now() - started) / 1000);
    };
    resetScanLog(emulator.ctx);
    const indexedQps = await run('bench_indexed');
    const indexedScans = getScanLog(emulator.ctx).length;
    const plainQps = await run('bench_plain');
    return {
      docs,
      indexedQps,
      plainQps,
      speedup: indexedQps / plainQps,
      indexedScans,
      plainScanned: getScanLog(emulator.ctx).length > indexedScans,
    };
  } finally {
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
