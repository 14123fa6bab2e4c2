import path from 'node:path';
import { importDocuments, listCollections } from '../emulator/database';
import { createEmulator } from '../emulator/server';
import { generateSeed } from './generate';
import { REPORTS_PER_SCALE, importVolumeReports } from './volume';

/**
 * `npm run seed -- --scale <n>`: writes benchmark volume straight into the data folder (no HTTP:
 * 40k documents through the SDK one by one would take minutes). Stop `npm start` first or use
 * another LINLI_DATA_DIR. `--scale 0` writes the demo street.
 */
function main(): void {
  const args = process.argv.slice(2);
  const at = args.indexOf('--scale');
  const scale = at >= 0 ? Number(args[at + 1]) : 0;
  if (!Number.isFinite(scale) || scale < 0 || scale > 20) {
    console.error('用法：npm run seed -- --scale <0–20 的数字>（0 = 演示数据）');
    process.exit(2);
  }
  const dataDir = path.resolve(__dirname, '../..', process.env.LINLI_DATA_DIR ?? '.linli');
  const emulator = createEmulator({ dataDir });
  const existing = listCollections(emulator.ctx).find((c) => c.name === 'org_units');
  if (existing && existing.count > 0) {
    console.error(`${dataDir} already holds data (org_units: ${existing.count}); choose an empty LINLI_DATA_DIR.`);
    process.exit(1);
  }
  const started = Date.now();
  const data = generateSeed({ scale, now: Date.now() });
  for (const [name, docs] of Object.entries(data) as Array<[string, Array<Record<string, unknown>>]>) {
    for (let i = 0; i < docs.length; i += 5000) importDocuments(emulator.ctx, name, docs.slice(i, i + 5000));
    console.log(`${name.padEnd(18)} ${docs.length}`);
  }
  if (scale > 0) {
    const reportsStarted = Date.now();
    const n = importVolumeReports(emulator.ctx, data, Math.round(scale * REPORTS_PER_SCALE), Date.now());
    console.log(`${'reports'.padEnd(18)} ${n} in ${((Date.now() - reportsStarted) / 1000).toFixed(1)} s`);
  }
  void emulator.close();
  console.log(`seeded scale ${scale} into ${dataDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
