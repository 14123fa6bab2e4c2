import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * TDesign's icon font is not in any npm package (tdesign-miniprogram's icon.wxss loads it from
 * a CDN, which the preview must not reach). The same icons ship as SVG in
 * `@iconify-json/tdesign`; each glyph rule of icon.wxss becomes a CSS mask of its SVG, painted
 * in the text colour at 1em, which is how the font draws them.
 */

interface IconifySet {
  icons: Record<string, { body: string; width?: number; height?: number }>;
  aliases?: Record<string, { parent: string }>;
  width?: number;
  height?: number;
}

let cached: IconifySet | null = null;

function iconSet(): IconifySet {
  if (!cached) {
    const file = createRequire(path.resolve(__dirname, '../../package.json')).resolve('@iconify-json/tdesign/icons.json');
    cached = JSON.parse(fs.readFileSync(file, 'utf8')) as IconifySet;
  }
  return cached;
}

function svgFor(set: IconifySet, name: string): string | null {
  let icon = set.icons[name];
  const alias = set.aliases?.[name];
  if (!icon && alias) icon = set.icons[alias.parent];
  if (!icon) return null;
  const w = icon.width ?? set.width ?? 24;
  const h = icon.height ?? set.height ?? 24;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}">${icon.body}</svg>`;
}

/**
 * Mask rules for every glyph the icon component's (prefixed) style sheet names.
 * `iconCss` is that sheet; `prefix` the icon component's class prefix.
 */
export function iconMaskCss(iconCss: string, prefix: string): { css: string; missing: string[] } {
  const set = iconSet();
  const p = prefix ? `${prefix}--` : '';
  const names = [...iconCss.matchAll(new RegExp(`\\.${p}t-icon-([a-z0-9-]+):before`, 'g'))].map((m) => m[1]!);
  const rules = [
    // The glyph box: what the font's 1em square was, painted with the text colour through the mask.
    `.${p}t-icon-base:before{content:'' !important;display:inline-block;width:1em;height:1em;vertical-align:top;` +
      `background-color:currentColor;mask-position:center;mask-size:100% 100%;mask-repeat:no-repeat;}`,
  ];
  const missing: string[] = [];
  for (const name of new Set(names)) {
    const svg = svgFor(set, name);
    if (!svg) {
      missing.push(name);
      continue;
    }
    rules.push(`.${p}t-icon-${name}:before{mask-image:url("data:image/svg+xml,${encodeURIComponent(svg)}");}`);
  }
  return { css: rules.join('\n'), missing };
}
