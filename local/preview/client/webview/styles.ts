import { rt } from './runtime';

/**
 * Each page renders in its own shadow root, as each WeChat page renders in its own webview: the
 * page's sheets (app.wxss, then the page's wxss) apply to it alone. Component sheets carry their
 * class prefixes and are shared by every page. Sheets are built once and adopted, not copied.
 */

/** What WeChat's webview gives built-in components before any app style (its defaults). */
export const BASE_CSS = `
wx-page { display: block; min-height: 100%; font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif; font-size: 16px; -webkit-tap-highlight-color: transparent; }
wx-view, wx-scroll-view, wx-swiper, wx-swiper-item, wx-form, wx-rich-text, wx-cover-view, wx-movable-area, wx-page-container, wx-progress, wx-map, wx-video, wx-camera, wx-web-view, wx-canvas, wx-navigator, wx-match-media, wx-root-portal, wx-editor { display: block; }
wx-text { display: inline; white-space: pre-line; }
wx-label, wx-icon { display: inline; }
wx-image, wx-cover-image { display: inline-block; overflow: hidden; position: relative; width: 320px; height: 240px; }
wx-image > div { width: 100%; height: 100%; background-repeat: no-repeat; }
wx-image > img { position: absolute; width: 0; height: 0; opacity: 0; }
wx-input { display: block; height: 1.4rem; min-height: 1.4rem; overflow: hidden; text-overflow: clip; white-space: nowrap; cursor: auto; }
wx-input > input, wx-textarea > textarea { all: unset; display: block; box-sizing: border-box; width: 100%; height: 100%; font: inherit; color: inherit; text-align: inherit; line-height: inherit; caret-color: var(--td-brand-color, #0052d9); }
wx-input > input::placeholder, wx-textarea > textarea::placeholder { color: #808080; }
wx-textarea { display: block; width: 300px; height: 150px; position: relative; }
wx-textarea > textarea { white-space: pre-wrap; overflow-y: auto; resize: none; }
wx-textarea[auto-height] { height: auto; min-height: 1.4rem; }
wx-scroll-view { position: relative; -webkit-overflow-scrolling: touch; max-height: 100%; }
wx-swiper { position: relative; overflow: hidden; height: 150px; }
wx-swiper-item { position: absolute; inset: 0; display: none; width: 100%; height: 100%; overflow: hidden; }
wx-swiper-item[data-current] { display: block; }
wx-swiper > .wx-swiper-dots { position: absolute; left: 0; right: 0; bottom: 10px; display: flex; justify-content: center; gap: 8px; pointer-events: none; }
wx-swiper > .wx-swiper-dots > i { width: 8px; height: 8px; border-radius: 50%; background: rgba(0, 0, 0, 0.3); }
wx-swiper > .wx-swiper-dots > i.on { background: #000; }
wx-button { position: relative; display: block; margin-left: auto; margin-right: auto; padding-left: 14px; padding-right: 14px; box-sizing: border-box; font-size: 18px; text-align: center; text-decoration: none; line-height: 2.55555556; border-radius: 5px; overflow: hidden; color: #000; background-color: #f8f8f8; cursor: pointer; }
wx-button::after { content: " "; width: 200%; height: 200%; position: absolute; top: 0; left: 0; border: 1px solid rgba(0, 0, 0, 0.2); transform: scale(0.5); transform-origin: 0 0; box-sizing: border-box; border-radius: 10px; }
wx-button[type="primary"] { color: #fff; background-color: #07c160; }
wx-button[type="warn"] { color: #fff; background-color: #e64340; }
wx-button[size="mini"] { display: inline-block; line-height: 2.3; font-size: 13px; padding: 0 1.34em; }
wx-button[plain] { color: #353535; border: 1px solid #353535; background-color: transparent; }
wx-button[plain]::after { border-width: 0; }
wx-button[disabled] { color: rgba(0, 0, 0, 0.3); background-color: #f7f7f7; cursor: default; }
wx-button.button-hover { background-color: #dedede; }
wx-navigator { cursor: pointer; }
wx-navigator.navigator-hover { background-color: rgba(0, 0, 0, 0.1); opacity: 0.7; }
wx-progress { display: flex; align-items: center; }
wx-progress > .bar { flex: 1; height: 6px; background: #ebebeb; }
wx-progress > .bar > i { display: block; height: 100%; background: #09bb07; }
wx-progress > .info { margin-left: 15px; font-size: 16px; }
wx-map, wx-video, wx-camera, wx-canvas { position: relative; width: 300px; height: 225px; overflow: hidden; }
wx-video > video { width: 100%; height: 100%; background: #000; }
wx-map > .wx-map, wx-camera > .wx-placeholder, wx-canvas > .wx-placeholder, wx-web-view > .wx-placeholder { width: 100%; height: 100%; display: flex; align-items: center; justify-content: center; text-align: center; font-size: 12px; color: #666; background: #eef3ee repeating-linear-gradient(0deg, transparent 0 29px, #dde6dd 29px 30px), repeating-linear-gradient(90deg, transparent 0 29px, #dde6dd 29px 30px); }
wx-switch > input, wx-checkbox > input, wx-radio > input { accent-color: #07c160; width: 20px; height: 20px; vertical-align: middle; }
wx-slider { display: block; margin: 10px 18px; }
wx-slider > input { width: 100%; accent-color: #1aad19; }
wx-page-meta, wx-navigation-bar { display: none; }
[hidden] { display: none !important; }
`;

const cache = new Map<string, CSSStyleSheet>();

function sheet(key: string, css: string): CSSStyleSheet {
  let s = cache.get(key);
  if (!s) {
    s = new CSSStyleSheet();
    try {
      s.replaceSync(css);
    } catch (err) {
      console.error(`[邻里预览] 样式表 ${key} 无法解析`, err);
    }
    cache.set(key, s);
  }
  return s;
}

function shared(): CSSStyleSheet[] {
  const app = rt.app;
  const components = Object.entries(app.components)
    .filter(([, e]) => e.prefix !== '')
    .map(([, e]) => e.css)
    .join('\n');
  return [sheet('base', BASE_CSS), sheet('common', app.commonCss), sheet('components', components), sheet('icons', app.iconCss)];
}

export function pageSheets(route: string): CSSStyleSheet[] {
  return [...shared(), sheet('app', rt.app.appCss), sheet(`page:${route}`, rt.app.components[route]?.css ?? '')];
}

export function tabBarSheets(): CSSStyleSheet[] {
  return [...shared(), sheet('app', rt.app.appCss)];
}
