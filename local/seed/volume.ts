import { importDocuments } from '../emulator/database';
import type { EmulatorContext } from '../emulator/types';
import type { SeedData } from './generate';
import { volumeReports } from './reports';

/** `--scale n` writes n × 100k reports. */
export const REPORTS_PER_SCALE = 100_000;

/**
 * Streams benchmark reports into the emulator through the bulk import path, 5000 a chunk, so
 * memory stays flat whatever the scale. Deterministic from the seed. Returns how many were written.
 */
export function importVolumeReports(
  ctx: EmulatorContext,
  data: Pick<SeedData, 'users' | 'org_units'>,
  count: number,
  now: number,
  seed = 20261128 + 3,
  collection = 'reports',
): number {
  const units = new Map(data.org_units.map((u) => [u._id, u]));
  let written = 0;
  for (const chunk of volumeReports({ users: data.users, units, now, seed }, count)) {
    importDocuments(ctx, collection, chunk as unknown as Array<Record<string, unknown>>);
    written += chunk.length;
  }
  return written;
}
