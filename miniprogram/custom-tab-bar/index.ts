import { TABS } from './tabs';

Component({
  data: {
    value: 'home' as string,
    tabs: TABS.map(({ value, label, icon }) => ({ value, label, icon })),
  },
  methods: {
    onChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const tab = TABS.find((t) => t.value === e.detail.value);
      if (!tab) return;
      this.setData({ value: tab.value });
      wx.switchTab({ url: tab.path });
    },
  },
});
