import { cursorList } from '../../../../behaviors/cursor-list';
import { call } from '../../../../services/api';
import { summaryRow } from '../../../../services/report-labels';

/** Ten a page: a phone screen and a half, and the next page comes as the list nears its end. */
const PAGE = 10;

Component({
  behaviors: [cursorList],
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      // A community or grid the list was opened for; otherwise the backend's default (the caller's own).
      (this as unknown as { unitId: string }).unitId = decodeURIComponent(query.unitId ?? '');
      this.startLoading();
    },
    onShow() {
      this.applyPageStyle();
    },
    async fetchPage(cursor: string | undefined, silent: boolean) {
      const unitId = (this as unknown as { unitId?: string }).unitId;
      const page = await call('reports.public', { limit: PAGE, ...(unitId ? { unitId } : {}), ...(cursor ? { cursor } : {}) }, { silent });
      return { rows: page.items.map((s) => summaryRow(s)), nextCursor: page.nextCursor };
    },
    onOpen(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      wx.navigateTo({ url: `/packages/reports/pages/detail/index?id=${e.currentTarget.dataset.id}` });
    },
  },
});
