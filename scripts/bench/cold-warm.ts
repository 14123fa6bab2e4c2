import { performance } from 'node:perf_hooks';
import { Clock } from '../../local/emulator/clock';
import type { DevServer } from '../../local/dev-server';
import { createRunner } from '../../local/runner';
import { median, percentile } from './stats';

/** Wall time of a first call on a fresh instance: worker start, module load, the call. */
async function coldOnce(server: DevServer, functionsDir: string, name: string, event: unknown): Promise<number> {
  const runner = createRunner({ functionsDir, emulatorUrl: server.url, envId: server.emulator.ctx.envId, clock: new Clock() });
  try {
    const started = performance.now();
    const res = await runner.invoke(name, event, { openid: 'demo-resident-001' });
    const wall = performance.now() - started;
    if (!res.coldStart) throw new Error('expected a cold start');
    return wall;
  } finally {
    await runner.close();
  }
}

export async function measureColdStart(server: DevServer, functionsDir: string, rounds = 8) {
  const bare: number[] = [];
  const api: number[] = [];
  // Interleaved, and the order swapped each round, so drift in machine load hits both sides alike.
  const one = {
    bare: async () => bare.push(await coldOnce(server, functionsDir, 'bare', {})),
    api: async () => api.push(await coldOnce(server, functionsDir, 'api', { action: 'system.ping', payload: {} })),
  };
  await one.bare(); // warms the OS file cache for wx-server-sdk; not counted
  bare.length = 0;
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      await one.bare();
      await one.api();
    } else {
      await one.api();
      await one.bare();
    }
  }
  return { bareMs: median(bare), apiMs: median(api), ratio: median(api) / median(bare) };
}

async function post(url: string, openid: string, event: unknown): Promise<unknown> {
  const res = await fetch(`${url}/functions/api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
    body: JSON.stringify(event),
  });
  const body = (await res.json()) as { ok?: boolean };
  if (!body.ok) throw new Error(`call failed: ${JSON.stringify(body)}`);
  return body;
}

/** Sequential calls over HTTP to a warm instance: the latency a client sees, minus the network. */
export async function measureWarm(server: DevServer, action: string, iterations = 300) {
  const event = { action, payload: {} };
  for (let i = 0; i < 20; i++) await post(server.url, 'demo-resident-001', event);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await post(server.url, 'demo-resident-001', event);
    samples.push(performance.now() - started);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}
