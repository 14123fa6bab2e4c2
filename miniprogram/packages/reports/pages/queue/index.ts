import { loadablePage } from '../../../../behaviors/loadable-page';
import { call } from '../../../../services/api';
import { ApiCallError } from '../../../../services/api-error';
import { getMe } from '../../../../services/session';
import { staffGrant } from '../../../../services/staff';
import { openDetail, summaryRow, type SummaryRow } from '../tasks/summary';

const PAGE_SIZE = 20;

// The unit and paging are not drawn.
let unitId = '';
let nextCursor: string | null = null;
let generation = 0;

/**
 * 督办队列 of a community or the street: reports nobody is responsible for, or escalated to this
 * level because their deadline passed; overdue first (the server's order).
 */
Component({
  behaviors: [loadablePage],
  data: {
    scopeName: '',
    items: [] as SummaryRow[],
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
      if (this.data.status === 'ready' || this.data.status === 'empty') void this.load();
    },
    onReachBottom() {
      void this.onLoadMore();
    },
    async fetchData() {
      const mine = ++generation;
      try {
        if (!unitId) {
          const grant = staffGrant(await getMe(), 'queue');
          if (!grant) throw new ApiCallError('FORBIDDEN', '您没有查看督办队列的权限');
          unitId = grant.scopeId;
          this.setData({ scopeName: grant.scopeName });
        }
        const page = await call('reports.queue', { unitId, limit: PAGE_SIZE }, { silent: true });
        if (mine !== generation) return;
        nextCursor = page.nextCursor;
        this.setData({
          status: page.items.length ? 'ready' : 'empty',
          errorText: '',
          items: page.items.map((r) => summaryRow(r)),
          hasMore: page.nextCursor !== null,
        });
      } catch (err) {
        if (mine === generation) throw err;
      }
    },
    async onLoadMore() {
      if (!nextCursor || this.data.loadingMore) return;
      const mine = generation;
      this.setData({ loadingMore: true });
      try {
        const page = await call('reports.queue', { unitId, cursor: nextCursor, limit: PAGE_SIZE });
        if (mine !== generation) return;
        nextCursor = page.nextCursor;
        const known = new Set(this.data.items.map((i) => i.id));
        this.setData({
          loadingMore: false,
          items: [...this.data.items, ...page.items.filter((r) => !known.has(r.id)).map((r) => summaryRow(r))],
          hasMore: page.nextCursor !== null,
        });
      } catch {
        this.setData({ loadingMore: false });
      }
    },
    onOpen(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      openDetail(e.currentTarget.dataset.id);
    },
  },
});
