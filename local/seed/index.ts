import { generateSeed, type SeedData, type SeedOptions } from './generate';

type Cloud = typeof import('wx-server-sdk');

/** Inserts through the real SDK, as any function would: the seed exercises the emulator's own write path. */
export async function writeSeedViaSdk(cloud: Cloud, data: SeedData, concurrency = 8): Promise<Record<string, number>> {
  const db = cloud.database();
  const counts: Record<string, number> = {};
  for (const [name, docs] of Object.entries(data) as Array<[string, Array<Record<string, unknown>>]>) {
    let next = 0;
    const worker = async () => {
      while (next < docs.length) {
        const doc = docs[next++] as Record<string, unknown>;
        await db.collection(name).add({ data: doc });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, docs.length) }, worker));
    counts[name] = docs.length;
  }
  return counts;
}

/** Seeds the demo street once: an existing street (any org unit) means the data folder is in use. */
export async function seedDemoIfEmpty(cloud: Cloud, options: Partial<SeedOptions> = {}): Promise<Record<string, number> | null> {
  const existing = (await cloud.database().collection('org_units').limit(1).get()) as { data: unknown[] };
  if (existing.data.length > 0) return null;
  return writeSeedViaSdk(cloud, generateSeed({ scale: 0, now: Date.now(), ...options }));
}

export { generateSeed };
export { DEMO_IDENTITIES } from './demo-identities';
