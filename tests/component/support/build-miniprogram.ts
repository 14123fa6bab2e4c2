import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transformSync } from 'esbuild';
import { buildMiniprogramNpm } from '../../../scripts/build-miniprogram-npm';
import { REPO_ROOT } from './paths';

const SOURCE_ROOT = path.join(REPO_ROOT, 'miniprogram');

export interface BuiltMiniprogram {
  /** The mini-program root as miniprogram-simulate sees it (`rootPath`). */
  root: string;
  /** Absolute path of a page or component, without extension. */
  path(rel: string): string;
  cleanup(): void;
}

/**
 * Lays out the mini-program the way DevTools runs it, in a temp folder the tests can load:
 * - each `.ts` transpiled to a CommonJS `.js` beside it (DevTools' TypeScript plugin does the same);
 * - `miniprogram_npm/` built by the real npm build, so the tests load exactly what ships,
 *   with TDesign's ESM converted to CommonJS (the base library does that conversion on a phone);
 * - bare `require('tdesign-miniprogram/…')` / `require('dayjs')` resolved through
 *   `miniprogram_npm/` as WeChat resolves them (Node would look in node_modules instead);
 * - `usingComponents` made absolute under the root, which is what miniprogram-simulate accepts.
 */
export async function buildMiniprogramForTests(): Promise<BuiltMiniprogram> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-mp-'));
  copySources(SOURCE_ROOT, root);
  await buildMiniprogramNpm({ projectRoot: REPO_ROOT, miniprogramRoot: root, quiet: true });
  for (const file of walk(path.join(root, 'miniprogram_npm'))) {
    if (file.endsWith('.js')) fs.writeFileSync(file, toCommonJs(fs.readFileSync(file, 'utf8'), 'js', file));
  }
  for (const file of walk(root)) {
    if (file.endsWith('.js')) fs.writeFileSync(file, resolveBareRequires(fs.readFileSync(file, 'utf8'), file, root));
    else if (file.endsWith('.json')) absolutiseUsingComponents(file, root);
  }
  return {
    root,
    path: (rel) => path.join(root, rel),
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : [full];
  });
}

function copySources(from: string, to: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.name === 'miniprogram_npm' || entry.name === 'tsconfig.json' || entry.name.startsWith('.')) continue;
    const src = path.join(from, entry.name);
    const dest = path.join(to, entry.name);
    if (entry.isDirectory()) {
      fs.mkdirSync(dest, { recursive: true });
      copySources(src, dest);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      fs.writeFileSync(dest.replace(/\.ts$/, '.js'), toCommonJs(fs.readFileSync(src, 'utf8'), 'ts', src));
    } else if (!(entry.name.endsWith('.js') && fs.existsSync(src.replace(/\.js$/, '.ts')))) {
      fs.copyFileSync(src, dest);
    }
  }
}

function toCommonJs(code: string, loader: 'ts' | 'js', file: string): string {
  return transformSync(code, { loader, format: 'cjs', target: 'es2020', sourcefile: file, sourcemap: 'inline' }).code;
}

/** WeChat's lookup: `miniprogram_npm/<name>/<subpath>` in the file's folder, then each parent up to the root. */
function resolveInMiniprogramNpm(spec: string, fromFile: string, root: string): string | null {
  for (let dir = path.dirname(fromFile); dir.startsWith(root); dir = path.dirname(dir)) {
    const base = path.join(dir, 'miniprogram_npm', spec);
    for (const candidate of [base, `${base}.js`, path.join(base, 'index.js')]) {
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
    }
    if (dir === root) break;
  }
  return null;
}

function resolveBareRequires(code: string, file: string, root: string): string {
  return code.replace(/\brequire\((["'])([^"'./][^"']*)\1\)/g, (_whole, _q: string, spec: string) => {
    const target = resolveInMiniprogramNpm(spec, file, root);
    if (!target)
      throw new Error(
        `${path.relative(root, file)}: require('${spec}') does not resolve in miniprogram_npm (it would fail on a phone too)`,
      );
    let rel = path.relative(path.dirname(file), target).split(path.sep).join('/');
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `require(${JSON.stringify(rel)})`;
  });
}

function absolutiseUsingComponents(file: string, root: string): void {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { usingComponents?: Record<string, string> };
  if (!json.usingComponents) return;
  for (const [tag, ref] of Object.entries(json.usingComponents)) {
    if (ref.startsWith('/') || ref.startsWith('plugin://')) continue;
    const target = ref.startsWith('.') ? path.resolve(path.dirname(file), ref) : path.join(root, 'miniprogram_npm', ref);
    json.usingComponents[tag] = `/${path.relative(root, target).split(path.sep).join('/')}`;
  }
  fs.writeFileSync(file, JSON.stringify(json));
}
