import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

const ACTIONS = ['me.get', 'org.overview', 'services.catalog', 'volunteer.teams'];

/**
 * The whole local stack as `npm start` runs it (one process: emulator, runner, function
 * instances as threads), seeded with the demo street and exercised by concurrent callers.
 */
export async function measureMemory(dataDir: string) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--no-build'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), LINLI_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`local cloud did not start: ${out}`)), 120_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('demo identities')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`local cloud exited with ${code}: ${out}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    const call = async (i: number) => {
      const res = await fetch(`${url}/functions/api`, {
        method: 'POST',
        headers: { 'x-wx-openid': `demo-resident-${String((i % 150) + 1).padStart(3, '0')}` },
        body: JSON.stringify({ action: ACTIONS[i % ACTIONS.length], payload: {} }),
      });
      await res.json();
    };
    for (let round = 0; round < 50; round++) await Promise.all([0, 1, 2, 3].map((k) => call(round * 4 + k)));
    const inspected = (await (await fetch(`${url}/_inspect/functions`)).json()) as {
      data?: { stats?: { functions?: Record<string, { instances?: Array<{ peakHeapUsedBytes: number }> }> } };
    };
    const instances = Object.values(inspected.data?.stats?.functions ?? {}).flatMap((f) => f.instances ?? []);
    return {
      stackPeakRss: peakRss(child.pid as number),
      instancePeakHeap: Math.max(0, ...instances.map((i) => i.peakHeapUsedBytes)),
      instances: instances.length,
    };
  } finally {
    child.kill('SIGTERM');
  }
}
