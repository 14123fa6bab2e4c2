/**
 * What DevTools would upload, per package, against our budgets: the main package (tab
 * pages, shared code, miniprogram_npm) ≤ 1.2 MB and each subpackage ≤ 1 MB — well under
 * WeChat's 2 MB per package, so that growth shows up here long before the upload fails.
 *
 * TypeScript is counted as the JavaScript it becomes (esbuild transpile, not minified, so
 * the number errs on the large side); files DevTools does not upload are left out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import { buildMiniprogramNpm } from './build-miniprogram-npm';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = path.resolve(HERE, '..');

export const MAIN_LIMIT = 1.2 * 1024 * 1024;
export const SUBPACKAGE_LIMIT = 1024 * 1024;
export const TOTAL_LIMIT = 30 * 1024 * 1024;

export interface PackageSize {
  name: string;
  root: string;
  files: number;
  bytes: number;
  limit: number;
}

/** Not part of an upload: editor config, docs, type declarations. */
const NOT_UPLOADED = [/(^|\/)tsconfig\.json$/, /\.d\.ts$/, /\.md$/, /\.map$/, /(^|\/)\./];

function uploadedBytes(file: string): number {
  if (file.endsWith('.ts')) {
    const { code } = transformSync(fs.readFileSync(file, 'utf8'), { loader: 'ts', format: 'cjs', target: 'es2020' });
    return Buffer.byteLength(code);
  }
  return fs.statSync(file).size;
}

function listUploaded(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (NOT_UPLOADED.some((re) => re.test(rel))) continue;
      if (entry.isDirectory()) walk(full);
      // A .js beside its .ts is a stale local compile; the upload has the .ts's output instead.
      else if (!(rel.endsWith('.js') && fs.existsSync(full.replace(/\.js$/, '.ts')))) out.push(full);
    }
  };
  walk(root);
  return out;
}

export function measurePackages(mpRoot: string): PackageSize[] {
  const app = JSON.parse(fs.readFileSync(path.join(mpRoot, 'app.json'), 'utf8')) as {
    subPackages?: Array<{ root: string; name?: string }>;
    subpackages?: Array<{ root: string; name?: string }>;
  };
  const subs = (app.subPackages ?? app.subpackages ?? []).map((s) => ({ name: s.name ?? s.root, root: s.root.replace(/\/$/, '') }));
  const sizes: PackageSize[] = [
    { name: 'main', root: '', files: 0, bytes: 0, limit: MAIN_LIMIT },
    ...subs.map((s) => ({ name: s.name, root: s.root, files: 0, bytes: 0, limit: SUBPACKAGE_LIMIT })),
  ];
  for (const file of listUploaded(mpRoot)) {
    const rel = path.relative(mpRoot, file).split(path.sep).join('/');
    const owner = sizes.find((p) => p.root && (rel === p.root || rel.startsWith(`${p.root}/`))) ?? sizes[0]!;
    owner.files += 1;
    owner.bytes += uploadedBytes(file);
  }
  return sizes;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const mpRoot = path.join(PROJECT_ROOT, 'miniprogram');
  if (!fs.existsSync(path.join(mpRoot, 'miniprogram_npm'))) await buildMiniprogramNpm({ quiet: true });
  const sizes = measurePackages(mpRoot);
  const total = sizes.reduce((sum, p) => sum + p.bytes, 0);
  const rows = [
    ['package', 'root', 'files', 'size', 'limit', ''],
    ...sizes.map((p) => [p.name, p.root || '/', String(p.files), kb(p.bytes), kb(p.limit), p.bytes > p.limit ? 'TOO BIG' : 'ok']),
    ['total', '', String(sizes.reduce((n, p) => n + p.files, 0)), kb(total), kb(TOTAL_LIMIT), total > TOTAL_LIMIT ? 'TOO BIG' : 'ok'],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    console.log(
      r
        .map((cell, i) => (i >= 2 && i <= 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    );
  const over = sizes.filter((p) => p.bytes > p.limit);
  if (over.length || total > TOTAL_LIMIT) {
    console.error(`check-size: ${over.map((p) => p.name).join(', ') || 'total'} over budget`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
