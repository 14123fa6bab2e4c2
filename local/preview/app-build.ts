import fs from 'node:fs';
import path from 'node:path';
import { buildMiniprogramForTests } from '../../tests/component/support/build-miniprogram';
import type { AppJson, AppPayload, ComponentEntry, ComponentJson } from './client/shared/protocol';
import { compileWxml, compileWxss, listFiles, withPrefix } from './compile';
import { iconMaskCss } from './icons';

/** The phone the preview draws: an iPhone 6/7/8 class screen, what most design drafts assume. */
export const SCREEN_WIDTH = 375;

export interface AppBuild {
  /** The JavaScript served as /preview/app.js: defines `window.__LINLI_APP__`. */
  script: string;
  builtAt: number;
  components: number;
  modules: number;
  bytes: number;
  ms: number;
  /** Glyphs icon.wxss names that the local SVG set lacks (drawn as nothing). */
  missingIcons: string[];
}

const ICON_COMPONENT = 'miniprogram_npm/tdesign-miniprogram/icon/icon';

/**
 * What a style sheet needs to run in the preview: wcsc writes `page` as `body` (WeChat's page
 * is its webview's body); here each page is a `wx-page` element in its own shadow root. And
 * `@font-face` pointing at a CDN, or any other remote url(), goes: nothing may leave the machine.
 */
function adapt(css: string): string {
  return css
    .replace(/@font-face\s*\{[^}]*\}/g, '')
    .replace(/url\(\s*['"]?https?:\/\/[^)]*\)/g, 'none')
    .replace(/(^|[\s,>+~}(])body(?=[\s,.{:#[>+~)])/g, '$1wx-page');
}

/** A readable, unique class prefix: `tdesign-miniprogram/button/button` → `button`, `components/page-state/index` → `page-state`. */
function prefixNamer(): (componentPath: string) => string {
  const used = new Set<string>();
  return (componentPath) => {
    const parts = componentPath.split('/');
    const file = parts[parts.length - 1]!;
    const base = (file === 'index' ? parts[parts.length - 2] : file) ?? 'c';
    let name = base.replace(/[^a-zA-Z0-9_-]/g, '-');
    for (let i = 2; used.has(name); i += 1) name = `${base}${i}`;
    used.add(name);
    return name;
  };
}

function pagesOf(app: AppJson): string[] {
  const subs = app.subPackages ?? app.subpackages ?? [];
  return [...app.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/+$/, '')}/${p}`))];
}

/**
 * Builds the mini-program for the browser: the same layout the component tests load (TypeScript
 * → CommonJS with esbuild, miniprogram_npm built by the real npm build, usingComponents
 * absolute), templates through wcc, styles through wcsc at 375 px. Pages listed in app.json
 * whose files do not exist yet are left out (the webview says so when one is opened).
 */
export async function buildApp(): Promise<AppBuild> {
  const started = Date.now();
  const built = await buildMiniprogramForTests();
  try {
    const root = built.root;
    const appJson = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8')) as AppJson;
    const gwx = compileWxml(root);
    const styles = compileWxss(root, SCREEN_WIDTH);
    const pages = new Set(pagesOf(appJson));
    const name = prefixNamer();

    const components: Record<string, ComponentEntry> = {};
    for (const jsonFile of listFiles(root, '.json')) {
      const rel = jsonFile.replace(/\.json$/, '');
      if (!fs.existsSync(path.join(root, `${rel}.js`))) continue;
      const json = JSON.parse(fs.readFileSync(path.join(root, jsonFile), 'utf8')) as ComponentJson;
      const isPage = pages.has(rel);
      if (!isPage && json.component !== true) continue;
      const prefix = isPage ? '' : name(rel);
      const raw = styles.files[`${rel}.wxss`];
      components[rel] = {
        json,
        prefix,
        css: raw === undefined ? '' : adapt(withPrefix(raw, prefix)),
        hasTemplate: fs.existsSync(path.join(root, `${rel}.wxml`)),
      };
    }

    let iconCss = '';
    let missingIcons: string[] = [];
    const icon = components[ICON_COMPONENT];
    if (icon) ({ css: iconCss, missing: missingIcons } = iconMaskCss(icon.css, icon.prefix));

    const modules: Record<string, string> = {};
    for (const file of listFiles(root, '.js')) modules[file] = fs.readFileSync(path.join(root, file), 'utf8');

    const builtAt = Date.now();
    const data = {
      appJson,
      components,
      modules,
      commonCss: adapt(styles.common),
      appCss: adapt(withPrefix(styles.files['app.wxss'] ?? '', '')),
      iconCss,
      builtAt,
    } satisfies Omit<AppPayload, 'gwx'>;
    // wcc's output runs as the body of a function, as WeChat's webview runs it; it assigns `$gwx`.
    const script =
      `window.__LINLI_APP__ = ${JSON.stringify(data)};\n` + `window.__LINLI_APP__.gwx = function () {\n${gwx}\nreturn $gwx;\n};\n`;
    return {
      script,
      builtAt,
      components: Object.keys(components).length,
      modules: Object.keys(modules).length,
      bytes: Buffer.byteLength(script),
      ms: Date.now() - started,
      missingIcons,
    };
  } finally {
    built.cleanup();
  }
}
