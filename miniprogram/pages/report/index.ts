import { syncTabBar } from '../../custom-tab-bar/tabs';
import { call } from '../../services/api';
import { loadablePage } from '../../behaviors/loadable-page';
import { draftHasContent, loadDraft } from '../../services/report-draft';
import { summaryRow, type SummaryRow } from '../../services/report-labels';
import { getMe } from '../../services/session';

const PROXY_ROLES = ['grid_worker', 'community_staff'];
const NEW_REPORT = '/packages/reports/pages/new/index';

Component({
  behaviors: [loadablePage],
  data: {
    handler: null as { community: string; grid: string; courtyard: string } | null,
    mine: [] as SummaryRow[],
    nearby: [] as SummaryRow[],
    canProxy: false,
    hasDraft: false,
  },
  methods: {
    onLoad() {
      this.startLoading();
    },
    onShow() {
      syncTabBar(this, 'report');
      this.applyPageStyle();
      const draft = loadDraft();
      this.setData({ hasDraft: !!draft && draftHasContent(draft) });
      // Back from a new report or a detail page: the lists may have changed.
      if (this.data.status === 'ready') void this.load();
    },
    async fetchData() {
      const [{ myPlace }, me] = await Promise.all([call('org.overview', {}, { silent: true }), getMe()]);
      // The lists are extras: a visitor without a place may not have any, and their failure must not hide the entries.
      const registered = me.status !== 'guest';
      const [mine, nearby] = await Promise.all([
        registered
          ? call('reports.mine', { limit: 3 }, { silent: true }).then(
              (p) => p.items,
              () => [],
            )
          : Promise.resolve([]),
        myPlace
          ? call('reports.public', { limit: 5 }, { silent: true }).then(
              (p) => p.items,
              () => [],
            )
          : Promise.resolve([]),
      ]);
      const now = Date.now();
      this.setData({
        status: 'ready',
        errorText: '',
        handler: myPlace ? { community: myPlace.community.name, grid: myPlace.grid.name, courtyard: myPlace.courtyard.name } : null,
        canProxy: me.roles.some((r) => PROXY_ROLES.includes(r.role)),
        mine: mine.map((s) => summaryRow(s, now)),
        nearby: nearby.map((s) => summaryRow(s, now)),
      });
    },
    onStart(e: WechatMiniprogram.CustomEvent<object, object, { start: string }>) {
      const start = e.currentTarget.dataset.start;
      const query = start === 'proxy' ? '?proxy=1' : start === 'draft' ? '' : `?start=${start}`;
      wx.navigateTo({ url: `${NEW_REPORT}${query}` });
    },
    onOpenReport(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      wx.navigateTo({ url: `/packages/reports/pages/detail/index?id=${e.currentTarget.dataset.id}` });
    },
    onOpenPath(e: WechatMiniprogram.CustomEvent<object, object, { path: string }>) {
      wx.navigateTo({ url: e.currentTarget.dataset.path });
    },
  },
});
