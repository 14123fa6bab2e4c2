import { cursorList } from '../../../../behaviors/cursor-list';
import { call } from '../../../../services/api';
import { summaryRow } from '../../../../services/report-labels';

/** Ten a page: a phone screen and a half, and the next page comes as the list nears its end. */
const PAGE = 10;

Component({
  behaviors: [cursorList],
  methods: {
    onLoad() {
      this.startLoading();
    },
    onShow() {
      this.applyPageStyle();
      // Back from a detail page where the report may have moved on: refresh quietly.
      if (this.data.status === 'ready') void this.load();
    },
    async fetchPage(cursor: string | undefined, silent: boolean) {
      const page = await call('reports.mine', { limit: PAGE, ...(cursor ? { cursor } : {}) }, { silent });
      return { rows: page.items.map((s) => summaryRow(s)), nextCursor: page.nextCursor };
    },
    onOpen(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      wx.navigateTo({ url: `/packages/reports/pages/detail/index?id=${e.currentTarget.dataset.id}` });
    },
  },
});
