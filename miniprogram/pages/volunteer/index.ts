import { syncTabBar } from '../../custom-tab-bar/tabs';
import { call } from '../../services/api';
import { pageStyle } from '../../utils/display-mode';
import { failedState, initialLoadState } from '../../utils/load-state';
import { buildTeamTree, type DetachmentView } from './team-tree';

Component({
  data: {
    ...initialLoadState,
    pageStyle: '',
    volunteers: 0,
    teamCount: 0,
    detachments: [] as DetachmentView[],
  },
  methods: {
    onLoad() {
      this.setData({ pageStyle: pageStyle() });
      void this.load();
    },
    onShow() {
      syncTabBar(this, 'volunteer');
      const style = pageStyle();
      if (style !== this.data.pageStyle) this.setData({ pageStyle: style });
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
        const { teams, volunteers } = await call('volunteer.teams', {}, { silent: true });
        this.setData({
          status: teams.length ? 'ready' : 'empty',
          errorText: '',
          volunteers,
          teamCount: teams.length,
          detachments: buildTeamTree(teams),
        });
      } catch (err) {
        this.setData(failedState(err));
      }
    },
  },
});
