import Toast from 'tdesign-miniprogram/toast/index';

/**
 * Shows a short message on the current page with TDesign's toast. Every page carries a
 * `<t-toast id="t-toast" />`; where one does not (a page still loading), fall back to the
 * system toast so the message is never lost.
 */
export function showMessage(message: string, theme: 'success' | 'error' | 'warning' = 'error'): void {
  const pages = getCurrentPages();
  const page = pages[pages.length - 1];
  if (page && page.selectComponent('#t-toast')) {
    Toast({ context: page, selector: '#t-toast', message, theme, direction: 'column' });
    return;
  }
  wx.showToast({ title: message, icon: 'none' });
}
