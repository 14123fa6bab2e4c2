import fs from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

/**
 * The browser code of the preview, bundled by esbuild when the preview starts: the shell (the
 * page around the phone) and the webview (the phone's screen: j-component, exparser, wx).
 */

export interface ClientBundles {
  shell: string;
  webview: string;
  ms: number;
}

interface Patch {
  file: RegExp;
  from: string;
  to: string;
}

/**
 * j-component was written for unit tests in jsdom; two of its choices do not hold on a real
 * screen. Patched at bundle time (the build fails if the text moved, rather than silently
 * drawing wrong):
 * - rpx in inline styles became px one-for-one; WeChat scales 750rpx to the screen width.
 * - `addGlobalClass` was always off; WeChat turns it on for `addGlobalClass: true` and
 *   `styleIsolation: 'apply-shared' | 'shared'`, letting page styles reach the component.
 */
const PATCHES: Patch[] = [
  {
    file: /j-component[\\/]src[\\/]tool[\\/]utils\.js$/,
    from: "return style.replace(/(\\d+)rpx/ig, '$1px')",
    to: 'return globalThis.__linliTransformRpx(style)',
  },
  {
    file: /j-component[\\/]src[\\/]componentmanager\.js$/,
    from: 'addGlobalClass: false,',
    to: "addGlobalClass: !!(options.addGlobalClass || options.styleIsolation === 'apply-shared' || options.styleIsolation === 'shared'),",
  },
];

const patchPlugin: Plugin = {
  name: 'linli-patch-j-component',
  setup(b) {
    b.onLoad({ filter: /j-component[\\/]src[\\/].*\.js$/ }, (args) => {
      let text = fs.readFileSync(args.path, 'utf8');
      for (const p of PATCHES) {
        if (!p.file.test(args.path)) continue;
        if (!text.includes(p.from))
          throw new Error(`j-component changed: "${p.from}" not found in ${args.path}; update local/preview/bundle.ts`);
        text = text.replace(p.from, p.to);
      }
      return { contents: text, loader: 'js' };
    });
  },
};

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome110',
    platform: 'browser',
    sourcemap: 'inline',
    define: { global: 'globalThis' },
    plugins: [patchPlugin],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export async function bundleClient(): Promise<ClientBundles> {
  const started = Date.now();
  const dir = path.join(__dirname, 'client');
  const [shell, webview] = await Promise.all([bundle(path.join(dir, 'shell/main.ts')), bundle(path.join(dir, 'webview/main.ts'))]);
  return { shell, webview, ms: Date.now() - started };
}
