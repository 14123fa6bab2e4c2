import { cursorList } from '../../../../behaviors/cursor-list';
import { call } from '../../../../services/api';
import { ApiCallError } from '../../../../services/api-error';
import { getMe } from '../../../../services/session';
import { staffGrant } from '../../../../services/staff';
import { openDetail, summaryRow } from '../tasks/summary';

const PAGE_SIZE = 20;

/**
 * 督办队列 of a community or the street: reports nobody is responsible for, or escalated to this
 * level because their deadline passed; overdue first (the server's order).
 */
Component({
  behaviors: [cursorList],
  data: {
    scopeName: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      // The unit is not drawn: kept on the instance.
      (this as unknown as { unitId: string }).unitId = decodeURIComponent(query.unitId ?? '');
      this.startLoading();
    },
    onShow() {
      this.applyPageStyle();
      if (this.data.status === 'ready' || this.data.status === 'empty') void this.load();
    },
    async fetchPage(cursor: string | undefined, silent: boolean) {
      const self = this as unknown as { unitId: string };
      if (!self.unitId) {
        const grant = staffGrant(await getMe(), 'queue');
        if (!grant) throw new ApiCallError('FORBIDDEN', '您没有查看督办队列的权限');
        self.unitId = grant.scopeId;
        this.setData({ scopeName: grant.scopeName });
      }
      const page = await call('reports.queue', { unitId: self.unitId, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }, { silent });
      return { rows: page.items.map((r) => summaryRow(r)), nextCursor: page.nextCursor };
    },
    onOpen(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      openDetail(e.currentTarget.dataset.id);
    },
  },
});
