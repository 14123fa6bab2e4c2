import type { ActionResult } from '../../../../../contracts';
import { call } from '../../../../services/api';
import { ApiCallError } from '../../../../services/api-error';
import { STATUS_TAGS } from '../../../../services/identity-labels';
import { getMe, type Me } from '../../../../services/session';
import { loadablePage } from '../../../../behaviors/loadable-page';

type Resolved = ActionResult<'joinCode.resolve'>;

type Next = 'register' | 'status' | 'move' | 'find';

/** What the page offers depends on who scanned: a newcomer registers, a resident of elsewhere moves. */
function plan(resolved: Resolved, me: Me): { next: Next; primaryText: string; note: string } {
  const here = resolved.courtyard?.id;
  const mine = me.courtyard?.id;
  switch (me.status) {
    case 'pending':
      return { next: 'status', primaryText: '查看登记进度', note: '你的登记正在审核，审核通过后即可使用全部功能。' };
    case 'verified':
      // A community-wide code says nothing about the courtyard, so only a courtyard code suggests moving.
      if (here && mine !== here) {
        return { next: 'move', primaryText: '搬到这里（重新登记）', note: '你已在其他院落认证。搬家后重新登记，审核通过后替换现住址。' };
      }
      return { next: 'find', primaryText: '进入首页', note: here ? '你已是本院落的认证居民。' : '你已完成登记认证。' };
    case 'rejected':
      return { next: 'register', primaryText: '修改并重新登记', note: '你上次的登记未通过，可以修改后重新提交。' };
    default:
      return {
        next: 'register',
        primaryText: '登记为居民',
        note: '登记后可以收到本院落的通知，上报的问题会直接送到负责的网格员。',
      };
  }
}

// Carried into the registration page; not drawn.
let resolvedCode: Resolved | null = null;
let next: Next = 'register';
let scene = '';

Component({
  behaviors: [loadablePage],
  data: {
    target: { type: 'community', id: '', name: '' },
    placeText: '',
    statusTag: null as (typeof STATUS_TAGS)[keyof typeof STATUS_TAGS] | null,
    myCourtyard: '',
    note: '',
    primaryText: '',
    canFind: false,
  },
  methods: {
    /** A QR code from wxacode.getUnlimited arrives as options.scene, URL-encoded. */
    onLoad(query: Record<string, string | undefined>) {
      try {
        scene = decodeURIComponent(query.scene ?? '');
      } catch {
        scene = query.scene ?? '';
      }
      this.startLoading();
    },
    async fetchData() {
      if (!scene) throw new ApiCallError('NOT_FOUND', '二维码无效，请重新扫码');
      const [resolved, me] = await Promise.all([call('joinCode.resolve', { scene }, { silent: true }), getMe(true)]);
      resolvedCode = resolved;
      const p = plan(resolved, me);
      next = p.next;
      const placeText = [resolved.community.name, resolved.grid?.name, resolved.microgrid?.name, resolved.courtyard?.name]
        .filter(Boolean)
        .join(' · ');
      this.setData({
        status: 'ready',
        errorText: '',
        target: resolved.target,
        placeText,
        statusTag: me.status === 'guest' ? null : STATUS_TAGS[me.status],
        myCourtyard: me.courtyard?.name ?? '',
        note: p.note,
        primaryText: p.primaryText,
        // Anyone may look at a courtyard's people; whether full numbers show is the backend's call there.
        canFind: !!resolved.courtyard,
      });
    },
    onPrimary() {
      const r = resolvedCode;
      if (!r) return;
      if (next === 'find') {
        wx.switchTab({ url: '/pages/home/index' });
        return;
      }
      const query = [
        `communityId=${encodeURIComponent(r.community.id)}`,
        r.courtyard ? `courtyardId=${encodeURIComponent(r.courtyard.id)}` : '',
        `joinCode=${encodeURIComponent(r.code)}`,
        next === 'move' ? 'mode=move' : '',
      ]
        .filter(Boolean)
        .join('&');
      wx.navigateTo({ url: `/packages/identity/pages/register/index?${query}` });
    },
    onWhomToFind() {
      const courtyard = resolvedCode?.courtyard;
      if (courtyard) wx.navigateTo({ url: `/packages/org/pages/whom-to-find/index?courtyardId=${encodeURIComponent(courtyard.id)}` });
    },
    onBrowse() {
      wx.switchTab({ url: '/pages/home/index' });
    },
  },
});
