import type { ActionResult } from '../../../contracts';
import { syncTabBar } from '../../custom-tab-bar/tabs';
import { call } from '../../services/api';
import { getMe, type Me } from '../../services/session';
import { loadablePage } from '../../behaviors/loadable-page';
import { formatTime } from '../../utils/time';

type Overview = ActionResult<'org.overview'>;

interface CommunityRow {
  id: string;
  name: string;
  grids: number;
  courtyards: number;
  isMine: boolean;
  canViewStats: boolean;
}

/** Staff see the statistics of the communities their roles cover. */
function statsAllowed(me: Me, streetId: string, communityId: string): boolean {
  return me.roles.some(
    (r) =>
      (r.role === 'street_admin' && r.scopeType === 'street' && r.scopeId === streetId) ||
      ((r.role === 'community_staff' || r.role === 'street_admin') && r.scopeType === 'community' && r.scopeId === communityId),
  );
}

Component({
  behaviors: [loadablePage],
  data: {
    street: { id: '', name: '' },
    communities: [] as CommunityRow[],
    myPlace: null as Overview['myPlace'],
    updatedAt: '',
  },
  methods: {
    onLoad() {
      this.startLoading();
    },
    onShow() {
      syncTabBar(this, 'home');
      this.applyPageStyle();
    },
    async fetchData() {
      const [overview, me] = await Promise.all([call('org.overview', {}, { silent: true }), getMe()]);
      const mine = overview.myPlace?.community.id;
      this.setData({
        status: 'ready',
        errorText: '',
        street: overview.street,
        communities: overview.communities.map((c) => ({
          ...c,
          isMine: c.id === mine,
          canViewStats: statsAllowed(me, overview.street.id, c.id),
        })),
        myPlace: overview.myPlace,
        updatedAt: formatTime(Date.now()),
      });
    },
    onWhomToFind() {
      const courtyard = this.data.myPlace?.courtyard;
      if (courtyard) wx.navigateTo({ url: `/packages/org/pages/whom-to-find/index?courtyardId=${encodeURIComponent(courtyard.id)}` });
    },
    onRegister() {
      wx.navigateTo({ url: '/packages/identity/pages/register/index' });
    },
    onCommunityTap(e: WechatMiniprogram.CustomEvent<object, object, { id: string; stats: boolean }>) {
      const { id, stats } = e.currentTarget.dataset;
      if (!stats) return;
      wx.navigateTo({ url: `/packages/org/pages/community-stats/index?communityId=${encodeURIComponent(id)}` });
    },
  },
});
