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
 * - `setData(data, callback)` called the callback without `this`; WeChat calls it on the
 *   component (TDesign's cascader passes `this.triggerChange` and relies on that).
 * - A re-render set every attribute of a component again when any one changed, firing the
 *   observers of unchanged properties; WeChat passes down only the bindings whose data changed
 *   (TDesign's cascader resets its selection when its `value` observer fires).
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
  {
    file: /j-component[\\/]src[\\/]componentmanager\.js$/,
    from: 'Promise.resolve().then(callback).catch(console.error)',
    to: 'Promise.resolve().then(() => callback.call(caller)).catch(console.error)',
  },
  {
    file: /j-component[\\/]src[\\/]render[\\/]diff\.js$/,
    from: `    newAttrsMap[attr.name] = attr.value
    retAttrs.push(attr)

    if (oldAttrsMap[attr.name] === undefined || oldAttrsMap[attr.name] !== attr.value) isChange = true`,
    to: `    newAttrsMap[attr.name] = attr.value

    if (oldAttrsMap[attr.name] === undefined || oldAttrsMap[attr.name] !== attr.value) {
      isChange = true
      retAttrs.push(attr)
    }`,
  },
  {
    file: /j-component[\\/]src[\\/]render[\\/]diff\.js$/,
    from: `        newVt.attrs = attrs
        render.updateAttrs(node, attrs)`,
    to: `        render.updateAttrs(node, attrs)`,
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
