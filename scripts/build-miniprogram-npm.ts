/**
 * Builds `miniprogram/miniprogram_npm/` with only what the mini-program uses.
 *
 * DevTools' own "构建 npm" copies every package's whole `miniprogram` folder (TDesign alone
 * is 5.6 MB, over the 2 MB package limit). This walks the real dependency graph instead:
 * every `usingComponents` of app.json and each page/component json, every bare `require`
 * of the app's TypeScript, and from there each copied file's own references (json
 * usingComponents, wxml import/include/wxs, wxss @import, js/wxs require). The result is
 * laid out exactly as DevTools would lay it out, so the same paths resolve on a phone.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

export interface BuildNpmOptions {
  /** The repository root: where package.json and node_modules live. */
  projectRoot?: string;
  /** The mini-program root (app.json lives here). */
  miniprogramRoot?: string;
  /** Print a one-line summary. */
  quiet?: boolean;
}

export interface BuildNpmResult {
  outDir: string;
  /** Component paths (without extension) relative to miniprogram_npm, e.g. `tdesign-miniprogram/button/button`. */
  components: string[];
  /** Every file written, relative to miniprogram_npm. */
  files: string[];
  bytes: number;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_PROJECT_ROOT = path.resolve(HERE, '..');
const COMPONENT_EXTS = ['.json', '.wxml', '.wxss', '.js', '.wxs'] as const;
const SKIP_DIRS = new Set(['miniprogram_npm', 'node_modules']);

/** One installed package as the mini-program sees it. */
interface NpmPackage {
  name: string;
  /** Where its files are read from: the `miniprogram` folder if it declares one, else the package root. */
  srcDir: string;
  /** Whether it ships a mini-program build (then paths map 1:1, else main becomes index.js). */
  isMiniprogram: boolean;
  main: string | null;
}

export async function buildMiniprogramNpm(opts: BuildNpmOptions = {}): Promise<BuildNpmResult> {
  const projectRoot = opts.projectRoot ?? DEFAULT_PROJECT_ROOT;
  const mpRoot = opts.miniprogramRoot ?? path.join(projectRoot, 'miniprogram');
  const outDir = path.join(mpRoot, 'miniprogram_npm');
  const requireFromProject = createRequire(path.join(projectRoot, 'package.json'));

  fs.rmSync(outDir, { recursive: true, force: true });

  const packages = new Map<string, NpmPackage>();
  const written = new Map<string, number>();
  const components = new Set<string>();
  // Source files already processed, by absolute path: the graph has cycles (common/ ↔ components).
  const visited = new Set<string>();

  function findPackage(name: string, baseDir: string): NpmPackage {
    const key = `${baseDir}::${name}`;
    const known = packages.get(key);
    if (known) return known;
    let pkgJsonPath: string;
    try {
      pkgJsonPath = createRequire(path.join(baseDir, 'noop.js')).resolve(`${name}/package.json`);
    } catch {
      // Packages nested inside a miniprogram build (TDesign's own miniprogram_npm/tslib) have no package.json.
      const nested = path.join(baseDir, 'miniprogram_npm', name);
      if (fs.existsSync(nested)) {
        const pkg = { name, srcDir: nested, isMiniprogram: true, main: 'index.js' };
        packages.set(key, pkg);
        return pkg;
      }
      pkgJsonPath = requireFromProject.resolve(`${name}/package.json`);
    }
    const pkgDir = path.dirname(pkgJsonPath);
    const json = JSON.parse(fs.readFileSync(pkgJsonPath, 'utf8')) as { miniprogram?: string; main?: string };
    const pkg: NpmPackage = json.miniprogram
      ? {
          name,
          srcDir: path.join(pkgDir, json.miniprogram),
          isMiniprogram: true,
          main: json.main ? path.relative(json.miniprogram, json.main) : 'index.js',
        }
      : { name, srcDir: pkgDir, isMiniprogram: false, main: json.main ?? 'index.js' };
    packages.set(key, pkg);
    return pkg;
  }

  function write(destRel: string, content: Buffer | string): void {
    const dest = path.join(outDir, destRel);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, content);
    written.set(destRel.split(path.sep).join('/'), Buffer.byteLength(content));
  }

  /** Where a source file inside a package lands in miniprogram_npm (`destBase` is the package's folder there). */
  interface Place {
    pkg: NpmPackage;
    destBase: string;
  }

  function copyFile(src: string, place: Place): void {
    if (visited.has(src)) return;
    visited.add(src);
    const rel = path.relative(place.pkg.srcDir, src);
    if (rel.startsWith('..')) throw new Error(`${src} lies outside package ${place.pkg.name}`);
    const content = fs.readFileSync(src);
    write(path.join(place.destBase, rel), content);
    followReferences(src, content.toString('utf8'), place);
  }

  function copyIfExists(src: string, place: Place): boolean {
    if (!fs.existsSync(src)) return false;
    copyFile(src, place);
    return true;
  }

  function resolveScript(fromFile: string, spec: string, place: Place): void {
    if (spec.startsWith('.') || spec.startsWith('/')) {
      const base = path.resolve(path.dirname(fromFile), spec);
      const candidates = [base, `${base}.js`, path.join(base, 'index.js')];
      const hit = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
      if (!hit) throw new Error(`${fromFile}: cannot resolve '${spec}'`);
      copyFile(hit, place);
      return;
    }
    // A bare name inside a package resolves to that package's nested miniprogram_npm first, as on the phone.
    const { name, subpath } = splitSpecifier(spec);
    const nestedDir = path.join(place.pkg.srcDir, 'miniprogram_npm', name);
    if (place.pkg.isMiniprogram && fs.existsSync(nestedDir)) {
      const nested: NpmPackage = { name, srcDir: nestedDir, isMiniprogram: true, main: 'index.js' };
      copyModule(nested, path.join(place.destBase, 'miniprogram_npm', name), subpath);
      return;
    }
    copyModule(findPackage(name, path.dirname(fromFile)), name, subpath);
  }

  /** Copies the module a `require(name/subpath)` needs, into `destBase`. */
  function copyModule(pkg: NpmPackage, destBase: string, subpath: string): void {
    const place = { pkg, destBase };
    if (pkg.isMiniprogram) {
      resolveScript(path.join(pkg.srcDir, 'noop.js'), `./${subpath || stripJs(pkg.main ?? 'index.js')}`, place);
      return;
    }
    // A plain npm package: main becomes index.js, sub-paths keep their place (dayjs/plugin/x).
    const src = subpath
      ? createRequire(path.join(pkg.srcDir, 'noop.js')).resolve(`${pkg.name}/${subpath}`)
      : path.join(pkg.srcDir, pkg.main ?? 'index.js');
    if (visited.has(src)) return;
    visited.add(src);
    const content = fs.readFileSync(src);
    const destRel = subpath ? path.join(destBase, withJs(subpath)) : path.join(destBase, 'index.js');
    write(destRel, content);
    for (const dep of scriptRequires(content.toString('utf8'), false)) {
      if (dep.startsWith('.')) {
        throw new Error(`${src}: relative require '${dep}' in a plain npm package is not supported; bundle it or pick a miniprogram build`);
      }
      const d = splitSpecifier(dep);
      copyModule(findPackage(d.name, pkg.srcDir), d.name, d.subpath);
    }
  }

  function copyComponent(srcBase: string, place: Place): void {
    const rel = path.relative(place.pkg.srcDir, srcBase).split(path.sep).join('/');
    const found = COMPONENT_EXTS.map((ext) => copyIfExists(`${srcBase}${ext}`, place));
    if (!found[0]) throw new Error(`component ${srcBase} has no .json`);
    components.add(`${place.destBase}/${rel}`.split(path.sep).join('/'));
  }

  function followReferences(file: string, text: string, place: Place): void {
    const dir = path.dirname(file);
    const ext = path.extname(file);
    if (ext === '.json') {
      for (const ref of jsonComponentRefs(text)) {
        if (ref.startsWith('plugin://')) continue;
        if (ref.startsWith('.') || ref.startsWith('/')) copyComponent(path.resolve(dir, ref), place);
        else useNpmComponent(ref, path.dirname(file));
      }
    } else if (ext === '.wxml') {
      for (const ref of wxmlRefs(text)) copyFile(path.resolve(dir, ref), place);
    } else if (ext === '.wxss') {
      for (const ref of wxssImports(text)) copyFile(path.resolve(dir, ref.endsWith('.wxss') ? ref : `${ref}.wxss`), place);
    } else if (ext === '.wxs') {
      for (const ref of scriptRequires(text, false)) copyFile(path.resolve(dir, ref), place);
    } else if (ext === '.js') {
      for (const ref of scriptRequires(text, true)) resolveScript(file, ref, place);
    }
  }

  /** `tdesign-miniprogram/button/button` from an app json or a TS import. */
  function useNpmComponent(spec: string, fromDir: string): void {
    const { name, subpath } = splitSpecifier(spec);
    const pkg = findPackage(name, fromDir);
    if (!pkg.isMiniprogram) throw new Error(`'${spec}': ${name} has no miniprogram build, it cannot provide components`);
    copyComponent(path.join(pkg.srcDir, subpath), { pkg, destBase: name });
  }

  // 1. Components named by the app's json files.
  for (const jsonFile of listFiles(mpRoot, (f) => f.endsWith('.json'))) {
    for (const ref of jsonComponentRefs(fs.readFileSync(jsonFile, 'utf8'))) {
      if (ref.startsWith('.') || ref.startsWith('/') || ref.startsWith('plugin://')) continue;
      useNpmComponent(ref, projectRoot);
    }
  }
  // 2. Modules the app's scripts require (TS is transpiled first so type-only imports drop out).
  for (const tsFile of listFiles(mpRoot, (f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))) {
    const source = fs.readFileSync(tsFile, 'utf8');
    for (const spec of scriptRequires(source, true, tsFile.endsWith('.ts') ? 'ts' : 'js')) {
      if (spec.startsWith('.') || spec.startsWith('/')) continue;
      const { name, subpath } = splitSpecifier(spec);
      copyModule(findPackage(name, projectRoot), name, subpath);
    }
  }

  const result: BuildNpmResult = {
    outDir,
    components: [...components].sort(),
    files: [...written.keys()].sort(),
    bytes: [...written.values()].reduce((a, b) => a + b, 0),
  };
  if (!opts.quiet) {
    console.log(
      `miniprogram_npm: ${result.components.length} components, ${result.files.length} files, ${(result.bytes / 1024).toFixed(1)} KB → ${path.relative(projectRoot, outDir)}`,
    );
  }
  return result;
}

function listFiles(root: string, keep: (file: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (keep(full)) out.push(full);
    }
  };
  walk(root);
  return out.sort();
}

function splitSpecifier(spec: string): { name: string; subpath: string } {
  const parts = spec.split('/');
  const nameParts = spec.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1);
  return { name: nameParts.join('/'), subpath: parts.slice(nameParts.length).join('/') };
}

const stripJs = (p: string): string => p.replace(/\.js$/, '');
const withJs = (p: string): string => (p.endsWith('.js') ? p : `${p}.js`);

function jsonComponentRefs(text: string): string[] {
  const json = JSON.parse(text) as {
    usingComponents?: Record<string, string>;
    componentGenerics?: Record<string, { default?: string } | boolean>;
  };
  const refs = Object.values(json.usingComponents ?? {});
  for (const generic of Object.values(json.componentGenerics ?? {})) {
    if (typeof generic === 'object' && generic.default) refs.push(generic.default);
  }
  return refs;
}

function wxmlRefs(text: string): string[] {
  const refs: string[] = [];
  for (const m of text.matchAll(/<(?:import|include|wxs)\b[^>]*?\bsrc\s*=\s*["']([^"'{}]+)["']/g)) refs.push(m[1]!);
  return refs;
}

function wxssImports(text: string): string[] {
  return [...text.matchAll(/@import\s+["']([^"']+)["']/g)].map((m) => m[1]!);
}

/**
 * The modules a script requires. ESM and TS are transpiled to CommonJS by esbuild first,
 * so every import form (and only value imports) ends up as a `require("…")` call.
 */
function scriptRequires(text: string, transpile: boolean, loader: 'js' | 'ts' = 'js'): string[] {
  const code = transpile ? transformSync(text, { loader, format: 'cjs', logLevel: 'silent' }).code : text;
  return [...new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!))];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildMiniprogramNpm().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
