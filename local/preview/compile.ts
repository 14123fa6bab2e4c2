import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * The official WXML / WXSS compilers (wcc / wcsc from `miniprogram-compiler`), driven over a
 * laid-out mini-program root. Their output is what WeChat's webview runs: wcc produces `$gwx`,
 * the template functions j-component renders; wcsc produces style sheets with rpx values and
 * class-prefix slots left open, which we fill for a 375-pixel-wide screen.
 */

const REPO_ROOT = path.resolve(__dirname, '../..');

function compilerBinary(name: 'wcc' | 'wcsc'): string {
  const pkgDir = path.dirname(createRequire(path.join(REPO_ROOT, 'package.json')).resolve('miniprogram-compiler/package.json'));
  const platformDir = process.platform === 'darwin' ? 'mac' : process.platform === 'linux' ? 'linux' : 'windows';
  const bin = path.join(pkgDir, 'bin', platformDir, process.platform === 'win32' ? `${name}.exe` : name);
  // npm does not keep the executable bit on these files.
  if (process.platform !== 'win32') fs.chmodSync(bin, 0o755);
  return bin;
}

export function listFiles(root: string, ext: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(ext)) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

function readUsingComponents(file: string): Record<string, string> | undefined {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { usingComponents?: Record<string, string> }).usingComponents;
  } catch {
    return undefined;
  }
}

export class CompileError extends Error {}

/** wcc over every template and wxs module: JavaScript that defines `$gwx(path)`. */
export function compileWxml(root: string): string {
  const wxml = listFiles(root, '.wxml');
  const wxs = listFiles(root, '.wxs');
  // `-cc`: for each template with usingComponents, its tag names (wcc treats those tags as components).
  const parts: Array<string | number> = [];
  let count = 0;
  for (const file of wxml) {
    const using = readUsingComponents(path.join(root, file.replace(/\.wxml$/, '.json')));
    if (!using) continue;
    parts.push(file, Object.keys(using).length, ...Object.keys(using));
    count += 1;
  }
  const res = spawnSync(compilerBinary('wcc'), ['-d', '-cc', [count, ...parts].join(' '), ...wxml, ...wxs, '-gn', '$gwx'], {
    cwd: root,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (res.error) throw res.error;
  if (res.status !== 0) throw new CompileError(`WXML 编译失败（wcc）：\n${res.stderr.toString().trim()}`);
  return res.stdout.toString();
}

/** Marks where a component's class prefix goes; replaced per component by `withPrefix`. */
export const PREFIX_SLOT = '\u0001';

export interface CompiledStyles {
  /** Style sheet per wxss file (root-relative path), class prefixes left as PREFIX_SLOT. */
  files: Record<string, string>;
  /** Rules wcsc hoists out of components (`:host` → `[is="<component>"]`), for every page. */
  common: string;
}

/** WeChat's rpx rule (base library): floor to whole pixels, a non-zero hairline never vanishes. */
export function rpxToPx(rpx: number, screenWidth: number): number {
  if (rpx === 0) return 0;
  const px = Math.floor((rpx / 750) * screenWidth + 1e-4);
  if (px === 0) return rpx > 0 ? 0.5 : -0.5;
  return px;
}

/**
 * wcsc over every style sheet, then its own runtime (the `setCssToHead` it emits) run in a
 * sandbox at a 375-pixel screen, collecting the CSS it would have put in the page head.
 */
export function compileWxss(root: string, screenWidth: number): CompiledStyles {
  const files = listFiles(root, '.wxss');
  // Every file is compiled as a "page" file so each gets its own output; `./` is what wcsc's
  // `:host` rewriting expects in front of a path.
  const res = spawnSync(compilerBinary('wcsc'), ['-pc', String(files.length), ...files.map((f) => `./${f}`)], {
    cwd: root,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (res.error) throw res.error;
  if (res.status !== 0) throw new CompileError(`WXSS 编译失败（wcsc）：\n${res.stderr.toString().trim()}`);

  // Output: `key=value=key=value…`; '=' inside values is escaped as \x3d.
  const fields = res.stdout.toString().split('=');
  const entries = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) entries.set(fields[i]!, fields[i + 1]!);
  const unescape = (s: string): string => vm.runInNewContext(`"${s}"`) as string;
  const comm = entries.get('comm');
  if (comm === undefined) throw new CompileError('WXSS 编译输出缺少公共部分（wcsc）');

  const captured = new Map<string, string>();
  const sandbox = {
    window: {
      screen: { width: screenWidth, height: 667 },
      devicePixelRatio: 2,
      __transformRpx__: (n: number) => rpxToPx(n, screenWidth),
      __styleSheetManager2__: {
        addItem: () => undefined,
        setCss: (key: string, css: string) => void captured.set(key, css),
      },
    },
    navigator: { userAgent: 'iPhone' },
    console,
    __files: {} as Record<string, (suffix: string) => void>,
  };
  vm.createContext(sandbox);
  const program = [unescape(comm)];
  for (const [key, value] of entries) {
    if (key === 'comm' || key === 'version' || !key.endsWith('.wxss')) continue;
    program.push(`__files[${JSON.stringify(key.replace(/^\.\//, ''))}] = ${unescape(value)};`);
  }
  vm.runInContext(program.join('\n'), sandbox);

  // Anything captured so far came from the common part (keys are random numbers, no path).
  const common = [...captured.values()].join('\n');
  captured.clear();
  const out: Record<string, string> = {};
  for (const [file, rewrite] of Object.entries(sandbox.__files)) {
    rewrite(PREFIX_SLOT);
    out[file] = [...captured.values()].join('\n');
    captured.clear();
  }
  return { files: out, common };
}

/** A compiled sheet with its class-prefix slots filled: `prefix--name`, or the bare name for pages. */
export function withPrefix(css: string, prefix: string): string {
  return css.split(PREFIX_SLOT).join(prefix ? `${prefix}--` : '');
}
