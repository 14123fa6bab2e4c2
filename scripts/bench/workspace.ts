import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * A scratch folder inside the repository (so `require('wx-server-sdk')` in copied functions
 * resolves from the root node_modules) with the built functions plus a bare baseline function.
 */
export function benchWorkspace(): { dir: string; functionsDir: string; dataDir: string; cleanup(): void } {
  const base = path.join(ROOT, '.linli');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(path.join(base, 'bench-'));
  const functionsDir = path.join(dir, 'functions');
  for (const name of ['api', 'scheduler']) {
    const src = path.join(ROOT, 'cloudfunctions', name);
    if (!existsSync(path.join(src, 'index.js'))) throw new Error(`cloudfunctions/${name}/index.js is not built`);
    mkdirSync(path.join(functionsDir, name), { recursive: true });
    for (const file of ['index.js', 'config.json']) copyFileSync(path.join(src, file), path.join(functionsDir, name, file));
  }
  // The baseline: a function that only loads the SDK and returns, what every function pays at least.
  mkdirSync(path.join(functionsDir, 'bare'), { recursive: true });
  writeFileSync(path.join(functionsDir, 'bare', 'index.js'), "require('wx-server-sdk');\nexports.main = async () => ({ ok: true });\n");
  writeFileSync(path.join(functionsDir, 'bare', 'config.json'), '{ "timeout": 3 }\n');
  return { dir, functionsDir, dataDir: path.join(dir, 'data'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
