import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
export const FUNCTIONS_DIR = path.join(ROOT, 'cloudfunctions');

export interface BuiltFunction {
  name: string;
  file: string;
  bytes: number;
}

/** Every folder of cloudfunctions/ with a src/index.ts is a deployable function. */
export function functionNames(): string[] {
  return readdirSync(FUNCTIONS_DIR).filter((name) => existsSync(path.join(FUNCTIONS_DIR, name, 'src', 'index.ts')));
}

/**
 * Bundles each function into one CommonJS `index.js` beside its package.json, as the platform
 * deploys it. wx-server-sdk stays external: the platform installs it from the function's
 * package.json (locally it resolves from the repository's node_modules).
 */
export async function buildFunctions(options: { minify?: boolean } = {}): Promise<BuiltFunction[]> {
  const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const out: BuiltFunction[] = [];
  for (const name of functionNames()) {
    const file = path.join(FUNCTIONS_DIR, name, 'index.js');
    await build({
      entryPoints: [path.join(FUNCTIONS_DIR, name, 'src', 'index.ts')],
      outfile: file,
      bundle: true,
      platform: 'node',
      // The oldest Node runtime CloudBase offers that we support.
      target: 'node16',
      format: 'cjs',
      external: ['wx-server-sdk'],
      minify: options.minify ?? true,
      sourcemap: false,
      legalComments: 'none',
      define: { __LINLI_VERSION__: JSON.stringify(version) },
      logLevel: 'warning',
    });
    out.push({ name, file, bytes: statSync(file).size });
  }
  return out;
}

if (require.main === module) {
  buildFunctions().then(
    (built) => {
      for (const f of built) console.log(`built cloudfunctions/${f.name}/index.js  ${(f.bytes / 1024).toFixed(1)} KB`);
    },
    (err: Error) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
