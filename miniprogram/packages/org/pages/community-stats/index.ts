import { call } from '../../../../services/api';
import { ApiCallError } from '../../../../services/api-error';
import { loadablePage } from '../../../../behaviors/loadable-page';
import { formatTime } from '../../../../utils/time';

// The community comes from the page query; it is not drawn, so it stays out of `data`.
let communityId = '';

Component({
  behaviors: [loadablePage],
  data: {
    communityName: '',
    grids: 0,
    courtyards: 0,
    residents: { pending: 0, verified: 0, rejected: 0 },
    updatedAt: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      communityId = decodeURIComponent(query.communityId ?? '');
      this.startLoading();
    },
    async fetchData() {
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
    },
  },
});
