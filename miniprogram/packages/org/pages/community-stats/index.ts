import { call } from '../../../../services/api';
import { ApiCallError } from '../../../../services/api-error';
import { pageStyle } from '../../../../utils/display-mode';
import { failedState, initialLoadState } from '../../../../utils/load-state';
import { formatTime } from '../../../../utils/time';

// The community comes from the page query; it is not drawn, so it stays out of `data`.
let communityId = '';

Component({
  data: {
    ...initialLoadState,
    pageStyle: '',
    communityName: '',
    grids: 0,
    courtyards: 0,
    residents: { pending: 0, verified: 0, rejected: 0 },
    updatedAt: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      communityId = decodeURIComponent(query.communityId ?? '');
      this.setData({ pageStyle: pageStyle() });
      void this.load();
    },
    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      this.setData({ status: 'loading' });
      void this.load();
    },
    async load() {
      try {
        if (!communityId) throw new ApiCallError('NOT_FOUND', '没有指定社区');
        const stats = await call('org.communityStats', { communityId }, { silent: true });
        this.setData({
          status: 'ready',
          errorText: '',
          communityName: stats.community.name,
          grids: stats.grids,
          courtyards: stats.courtyards,
          residents: stats.residents,
          updatedAt: formatTime(Date.now()),
        });
      } catch (err) {
        this.setData(failedState(err));
      }
    },
  },
});
