import { loadablePage } from '../../../../behaviors/loadable-page';
import { call } from '../../../../services/api';
import { summaryRow, type SummaryRow } from '../../../../services/report-labels';

/** A community or grid the list was opened for; otherwise the backend's default (the caller's own). */
let unitId = '';
/** Ten a page: a phone screen and a half, and the next page comes as the list nears its end. */
const PAGE = 10;
let nextCursor: string | null = null;
let generation = 0;

Component({
  behaviors: [loadablePage],
  data: {
    rows: [] as SummaryRow[],
    hasMore: false,
    loadingMore: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      unitId = decodeURIComponent(query.unitId ?? '');
      nextCursor = null;
      this.startLoading();
    },
    onShow() {
      this.applyPageStyle();
    },
    onReachBottom() {
      void this.onLoadMore();
    },
    /** A reply that a newer load (refresh) has overtaken is dropped, its failure too. */
    async fetchData() {
      const mine = ++generation;
      try {
        const page = await call('reports.public', { limit: PAGE, ...(unitId ? { unitId } : {}) }, { silent: true });
        if (mine !== generation) return;
        nextCursor = page.nextCursor;
        const rows = page.items.map((s) => summaryRow(s));
        this.setData({ status: rows.length ? 'ready' : 'empty', errorText: '', rows, hasMore: nextCursor !== null });
      } catch (err) {
        if (mine === generation) throw err;
      }
    },
    async onLoadMore() {
      if (!nextCursor || this.data.loadingMore) return;
      const mine = generation;
      this.setData({ loadingMore: true });
      try {
        const page = await call('reports.public', { limit: PAGE, ...(unitId ? { unitId } : {}), cursor: nextCursor });
        if (mine === generation) {
          nextCursor = page.nextCursor;
          this.setData({ rows: [...this.data.rows, ...page.items.map((s) => summaryRow(s))], hasMore: nextCursor !== null });
        }
      } catch {
        // call() has told the person.
      }
      this.setData({ loadingMore: false });
    },
    onOpen(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      wx.navigateTo({ url: `/packages/reports/pages/detail/index?id=${e.currentTarget.dataset.id}` });
    },
  },
});
