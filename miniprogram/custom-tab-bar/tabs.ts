/** The five tabs, in app.json's order. `value` is what each tab page reports in onShow. */
export const TABS = [
  { value: 'home', label: '首页', icon: 'home', path: '/pages/home/index' },
  { value: 'services', label: '办事', icon: 'app', path: '/pages/services/index' },
  { value: 'report', label: '上报', icon: 'camera', path: '/pages/report/index' },
  { value: 'volunteer', label: '志愿', icon: 'heart', path: '/pages/volunteer/index' },
  { value: 'me', label: '我的', icon: 'user', path: '/pages/me/index' },
] as const;

export type TabValue = (typeof TABS)[number]['value'];

interface TabBarHost {
  getTabBar?: () => WechatMiniprogram.Component.TrivialInstance | undefined;
}

/** Highlights the current tab: the custom tab bar is one instance per page, so each page sets it on show. */
export function syncTabBar(page: TabBarHost, value: TabValue): void {
  const tabBar = typeof page.getTabBar === 'function' ? page.getTabBar() : undefined;
  if (tabBar && (tabBar.data as { value?: string }).value !== value) tabBar.setData({ value });
}
