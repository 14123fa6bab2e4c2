/** The two HTML documents of the preview. Scripts are files (the CSP allows no inline script). */

export function webviewHtml(): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>邻里 webview</title>
<link rel="icon" href="data:,">
<style>
html, body { margin: 0; height: 100%; overflow: hidden; background: #fff; }
body { font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", sans-serif; }
#pages { position: absolute; inset: 0; overflow: hidden; }
.wv-page { position: absolute; inset: 0; visibility: hidden; background: #fff; overflow: hidden; }
.wv-page.wv-page--top { visibility: visible; }
.wv-scroller { position: absolute; inset: 0; overflow-y: auto; overflow-x: hidden; scrollbar-width: none; transition: transform 0.2s; }
.wv-scroller::-webkit-scrollbar { display: none; }
.wv-page--refreshing .wv-scroller { transform: translateY(50px); }
.wv-refresher { position: absolute; top: 0; left: 0; right: 0; height: 50px; display: none; align-items: center; justify-content: center; gap: 6px; }
.wv-page--refreshing .wv-refresher { display: flex; }
.wv-refresher i { width: 6px; height: 6px; border-radius: 50%; background: #b2b2b2; animation: wv-dot 1s infinite ease-in-out; }
.wv-refresher i:nth-child(2) { animation-delay: 0.15s; }
.wv-refresher i:nth-child(3) { animation-delay: 0.3s; }
@keyframes wv-dot { 0%, 100% { opacity: 0.3; } 50% { opacity: 1; } }
.wv-tabbar { position: absolute; left: 0; right: 0; bottom: 0; z-index: 100; }
.wv-preview-image { position: fixed; inset: 0; z-index: 10000; background: #000; display: flex; align-items: center; justify-content: center; }
.wv-preview-image img { max-width: 100%; max-height: 100%; }
.wv-preview-image div { position: absolute; top: 12px; width: 100%; text-align: center; color: #fff; font-size: 14px; }
.wv-fatal { position: fixed; inset: 0; padding: 24px 16px; background: #fff; overflow: auto; z-index: 20000; }
.wv-fatal h1 { font-size: 18px; color: #d54941; margin: 0 0 12px; }
.wv-fatal pre { white-space: pre-wrap; font-size: 12px; line-height: 1.5; color: #333; }
</style>
<script src="/preview/app.js"></script>
<script src="/preview/webview.js" defer></script>
</head>
<body><div id="pages"></div></body>
</html>`;
}

export function shellHtml(): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>邻里 · 小程序预览</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/preview/shell.css">
<script src="/preview/shell.js" defer></script>
</head>
<body>
<header class="top">
  <div class="brand"><b>邻里</b> Linli <span>小程序预览 · 本地云</span></div>
  <nav>
    <a href="/preview/actions" target="_blank" id="link-actions">接口目录</a>
    <a href="/_inspect/collections" target="_blank">数据集合</a>
    <a href="/healthz" target="_blank">运行状态</a>
  </nav>
</header>
<main>
  <section class="device">
    <div class="phone" id="phone">
      <div class="statusbar"><span>9:41</span><span class="statusbar__right">●●●● 5G &nbsp; 100%</span></div>
      <div class="navbar" id="navbar">
        <button class="navbar__back" id="nav-back" aria-label="返回" hidden>‹</button>
        <button class="navbar__home" id="nav-home" aria-label="回到首页" hidden>⌂</button>
        <div class="navbar__title" id="nav-title"></div>
        <div class="capsule"><button id="capsule-menu" aria-label="更多">•••</button><i></i><span>◎</span></div>
      </div>
      <iframe id="webview" title="小程序页面"></iframe>
      <div class="overlay" id="overlay"></div>
    </div>
    <div class="device__tools">
      <button id="tool-back">返回</button>
      <button id="tool-refresh">下拉刷新</button>
      <button id="tool-relaunch">重新进入</button>
    </div>
    <div class="device__status" id="device-status"></div>
  </section>
  <aside class="panels">
    <section class="panel">
      <h2>当前身份</h2>
      <p class="hint">切换身份后小程序会以这个人重新打开（本地缓存按身份分开）。</p>
      <div class="identities" id="identities"></div>
    </section>
    <section class="panel">
      <h2>打开页面</h2>
      <div class="row">
        <select id="open-page" aria-label="页面"></select>
        <input id="open-query" placeholder="参数，如 communityId=cm-1" aria-label="页面参数">
        <button id="open-go" class="primary">打开</button>
      </div>
      <h2>扫码进入</h2>
      <p class="hint">邻里的二维码（小程序码）由本地云生成；粘贴码的内容，或直接填场景值。</p>
      <div class="row">
        <input id="scan-content" placeholder="linli://wxacode?… 或场景值" aria-label="二维码内容或场景值">
        <button id="scan-go" class="primary">扫码</button>
      </div>
      <div class="codes" id="codes"></div>
    </section>
    <section class="panel">
      <h2>开放接口记录 <button id="outbox-refresh" class="small">刷新</button></h2>
      <p class="hint">云函数调用的微信开放接口：订阅消息、内容安全检测、小程序码、手机号。</p>
      <div class="outbox" id="outbox"></div>
    </section>
    <section class="panel">
      <h2>页面栈</h2>
      <ol class="stack" id="stack"></ol>
      <h2>提示</h2>
      <ul class="notes" id="notes"></ul>
    </section>
  </aside>
</main>
</body>
</html>`;
}
