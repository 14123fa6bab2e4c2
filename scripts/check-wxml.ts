/**
 * Compiles every WXML and WXSS of the mini-program — our own files and the TDesign files
 * copied into miniprogram_npm — with WeChat's official compilers (wcc / wcsc from
 * `miniprogram-compiler`), and checks that every `usingComponents` entry points at a real
 * component. Exits 1 listing each file and the compiler's message.
 *
 * The binaries are driven directly rather than through the package's JS wrapper: the
 * wrapper resolves `usingComponents` as relative paths (so npm-style paths such as
 * `tdesign-miniprogram/button/button` become missing files) and swallows wcsc failures.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMiniprogramNpm } from './build-miniprogram-npm';

export interface Problem {
  file: string;
  message: string;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = path.resolve(HERE, '..');

function compilerBinary(name: 'wcc' | 'wcsc'): string {
  const pkgDir = path.dirname(createRequire(path.join(PROJECT_ROOT, 'package.json')).resolve('miniprogram-compiler/package.json'));
  const platformDir = process.platform === 'darwin' ? 'mac' : process.platform === 'linux' ? 'linux' : 'windows';
  const bin = path.join(pkgDir, 'bin', platformDir, process.platform === 'win32' ? `${name}.exe` : name);
  // npm does not keep the executable bit on these files.
  if (process.platform !== 'win32') fs.chmodSync(bin, 0o755);
  return bin;
}

function listFiles(root: string, ext: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(ext)) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

function readJson(file: string): { usingComponents?: Record<string, string>; component?: boolean } | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as { usingComponents?: Record<string, string> };
  } catch {
    return null;
  }
}

/** Where a `usingComponents` value points, as WeChat resolves it; null for plugins. */
export function resolveComponent(root: string, fromJson: string, ref: string): string | null {
  if (ref.startsWith('plugin://')) return null;
  if (ref.startsWith('/')) return path.join(root, ref);
  if (ref.startsWith('.')) return path.resolve(path.dirname(fromJson), ref);
  return path.join(root, 'miniprogram_npm', ref);
}

function checkUsingComponents(root: string): Problem[] {
  const problems: Problem[] = [];
  for (const rel of listFiles(root, '.json')) {
    const json = readJson(path.join(root, rel));
    for (const [tag, ref] of Object.entries(json?.usingComponents ?? {})) {
      const target = resolveComponent(root, path.join(root, rel), ref);
      if (target && !fs.existsSync(`${target}.json`)) {
        problems.push({ file: rel, message: `usingComponents "${tag}": "${ref}" does not exist (run the npm build?)` });
      }
    }
  }
  return problems;
}

/** wcc's `-cc` argument: for each page/component with usingComponents, its wxml and tag names. */
function componentArgs(root: string, wxmlFiles: string[]): string {
  const parts: Array<string | number> = [];
  let count = 0;
  for (const wxml of wxmlFiles) {
    const json = readJson(path.join(root, wxml.replace(/\.wxml$/, '.json')));
    const tags = Object.keys(json?.usingComponents ?? {});
    if (!json?.usingComponents) continue;
    parts.push(wxml, tags.length, ...tags);
    count += 1;
  }
  return [count, ...parts].join(' ');
}

function runWcc(root: string, wxmlFiles: string[], wxsFiles: string[]): string | null {
  const res = spawnSync(compilerBinary('wcc'), ['-d', '-cc', componentArgs(root, wxmlFiles), ...wxmlFiles, ...wxsFiles, '-gn', '$gwx'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error) throw res.error;
  return res.status === 0 ? null : res.stderr.toString().trim() || `wcc exited with ${res.status}`;
}

function runWcsc(root: string, components: string[], others: string[]): string | null {
  // wcsc wants every stylesheet of the app at once (it resolves @import among them), components first.
  const res = spawnSync(compilerBinary('wcsc'), ['-db', '-pc', String(components.length), ...components, ...others], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error) throw res.error;
  return res.status === 0 ? null : res.stderr.toString().trim() || `wcsc exited with ${res.status}`;
}

/** The file a compiler message blames: wcc says `path:line:col: …`, wcsc says `… from \`path\``. */
function blamedFile(message: string, candidates: string[]): string | undefined {
  const named = /^(?:\.\/)?([^\s:]+\.(?:wxml|wxs|wxss)):\d+/m.exec(message)?.[1] ?? /from `(?:\.\/)?([^`]+)`/.exec(message)?.[1];
  if (named && candidates.includes(named)) return named;
  return candidates.find((c) => message.includes(c));
}

/**
 * Runs a compiler over all files the way DevTools does; on failure records the blamed file,
 * drops it and runs again, so one check lists every broken file rather than the first.
 */
function compileAll(files: string[], run: (files: string[]) => string | null, label: string): Problem[] {
  const problems: Problem[] = [];
  let remaining = [...files];
  for (;;) {
    const message = run(remaining);
    if (!message) return problems;
    const file = blamedFile(message, remaining);
    if (!file) return [...problems, { file: label, message }];
    problems.push({ file, message });
    remaining = remaining.filter((f) => f !== file);
  }
}

export function checkTemplatesAndStyles(root: string): Problem[] {
  const problems = checkUsingComponents(root);
  const wxml = listFiles(root, '.wxml');
  const wxs = listFiles(root, '.wxs');
  problems.push(
    ...compileAll(
      [...wxml, ...wxs],
      (files) =>
        runWcc(
          root,
          files.filter((f) => f.endsWith('.wxml')),
          files.filter((f) => f.endsWith('.wxs')),
        ),
      '(wxml)',
    ),
  );

  const wxss = listFiles(root, '.wxss');
  const isComponent = (file: string) => file !== 'app.wxss' && fs.existsSync(path.join(root, file.replace(/\.wxss$/, '.json')));
  problems.push(
    ...compileAll(
      wxss,
      (files) =>
        runWcsc(
          root,
          files.filter(isComponent),
          files.filter((f) => !isComponent(f)),
        ),
      '(wxss)',
    ),
  );
  return problems;
}

async function main(): Promise<void> {
  const root = path.join(PROJECT_ROOT, 'miniprogram');
  if (!fs.existsSync(path.join(root, 'miniprogram_npm'))) await buildMiniprogramNpm({ quiet: true });
  const problems = checkTemplatesAndStyles(root);
  const counts = ['.wxml', '.wxss', '.wxs'].map((ext) => `${listFiles(root, ext).length} ${ext}`).join(', ');
  if (problems.length) {
    for (const p of problems) console.error(`✗ miniprogram/${p.file}\n  ${p.message.replace(/\n/g, '\n  ')}`);
    console.error(`check-wxml: ${problems.length} problem(s) in ${counts}`);
    process.exit(1);
  }
  console.log(`check-wxml: ok (${counts}, official wcc/wcsc)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
