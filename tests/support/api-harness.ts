import type { ApiResult } from '../../contracts/errors';
import { generateSeed, type SeedData } from '../../local/seed/generate';
import { writeSeedViaSdk } from '../../local/seed';
import { loadIndexSpec } from '../../local/emulator/index-spec';
import { startTestCloud, type TestCloud } from './local-cloud';

export interface ApiHarness {
  tc: TestCloud;
  seed: SeedData;
  /** Calls the `api` router in this process as `openid` (undefined = no identity) through the real SDK. */
  call(openid: string | undefined, event: unknown): Promise<ApiResult<unknown>>;
  /** The same, spelled as the client calls: action, payload and an optional requestId. */
  act(openid: string | undefined, action: string, payload?: unknown, requestId?: string): Promise<ApiResult<unknown>>;
  /** Document count of every collection in the index spec, to prove a refused call wrote nothing. */
  snapshot(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export const SEED_NOW = Date.UTC(2026, 10, 1, 2, 0, 0);

export async function startApiHarness(): Promise<ApiHarness> {
  const tc = await startTestCloud();
  const seed = generateSeed({ scale: 0, now: SEED_NOW });
  await writeSeedViaSdk(tc.cloud, seed);
  // Loaded after the SDK env points at the emulator, as the function runtime would be.
  const { route } = await import('../../server/core/router');
  const { registry } = await import('../../server/registry');
  const collections = Object.keys(loadIndexSpec().collections);
  const db = tc.cloud.database();
  const call: ApiHarness['call'] = async (openid, event) => {
    tc.setOpenid(openid);
    return route(registry, event);
  };
  return {
    tc,
    seed,
    call,
    act: (openid, action, payload = {}, requestId) => call(openid, { action, payload, ...(requestId ? { requestId } : {}) }),
    async snapshot() {
      const out: Record<string, number> = {};
      for (const name of collections) {
        const res = (await db.collection(name).count()) as { total: number };
        out[name] = res.total;
      }
      return out;
    },
    close: () => tc.close(),
  };
}

/** Narrows a result to success, failing the test with the error otherwise. */
export function ok<T = Record<string, unknown>>(res: ApiResult<unknown>): T {
  if (!res.ok) throw new Error(`expected ok, got ${res.error.code}: ${res.error.message}`);
  return res.data as T;
}

export function err(res: ApiResult<unknown>) {
  if (res.ok) throw new Error(`expected an error, got ${JSON.stringify(res.data).slice(0, 200)}`);
  return res.error;
}
