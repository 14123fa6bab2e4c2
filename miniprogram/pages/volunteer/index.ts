import { syncTabBar } from '../../custom-tab-bar/tabs';
import { call } from '../../services/api';
import { loadablePage } from '../../behaviors/loadable-page';
import { buildTeamTree, type DetachmentView } from './team-tree';

Component({
  behaviors: [loadablePage],
  data: {
    volunteers: 0,
    teamCount: 0,
    detachments: [] as DetachmentView[],
  },
  methods: {
    onLoad() {
      this.startLoading();
    },
    onShow() {
      syncTabBar(this, 'volunteer');
      this.applyPageStyle();
    },
    async fetchData() {
      const { teams, volunteers } = await call('volunteer.teams', {}, { silent: true });
      this.setData({
        status: teams.length ? 'ready' : 'empty',
        errorText: '',
        volunteers,
        teamCount: teams.length,
        detachments: buildTeamTree(teams),
      });
    },
  },
});
