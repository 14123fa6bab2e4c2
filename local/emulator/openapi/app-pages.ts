import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const DEFAULT_APP_JSON = path.resolve(__dirname, '../../../miniprogram/app.json');

interface AppJson {
  pages?: string[];
  subPackages?: Array<{ root: string; pages?: string[] }>;
  subpackages?: Array<{ root: string; pages?: string[] }>;
}

/**
 * The mini-program's pages (main package and subpackages), read from app.json so `wxacode` can
 * refuse a page that does not exist, as WeChat does with check_path. LINLI_MINIPROGRAM_APP_JSON
 * points elsewhere; null when there is no app.json to check against.
 */
export function appPages(): string[] | null {
  const file = process.env.LINLI_MINIPROGRAM_APP_JSON || DEFAULT_APP_JSON;
  if (!existsSync(file)) return null;
  const app = JSON.parse(readFileSync(file, 'utf8')) as AppJson;
  const subs = app.subPackages ?? app.subpackages ?? [];
  return [...(app.pages ?? []), ...subs.flatMap((s) => (s.pages ?? []).map((p) => `${s.root.replace(/\/+$/, '')}/${p}`))];
}
