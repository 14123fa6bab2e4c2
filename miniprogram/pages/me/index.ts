import { syncTabBar } from '../../custom-tab-bar/tabs';
import { call } from '../../services/api';
import { STATUS_TAGS } from '../../services/identity-labels';
import { changeAvatar } from '../../services/profile';
import { activeRole, roleKey, roleTitle, saveActiveRole, workingRoles } from '../../services/roles';
import { getMe, onMeChange, type Me } from '../../services/session';
import { staffEntries } from '../../services/staff';
import { showMessage } from '../../services/toast';
import { isElderMode, pageStyle, setElderMode } from '../../utils/display-mode';
import { failedState, initialLoadState } from '../../utils/load-state';

interface RoleRow {
  key: string;
  title: string;
}

/** The registration card: what the status means and where a tap leads. */
const REGISTRATION_CARD: Record<Me['status'], { title: string; description: string; path: string }> = {
  guest: { title: '居民登记', description: '登记住址，成为认证居民', path: '/packages/identity/pages/register/index' },
  pending: { title: '登记审核中', description: '查看或撤回已提交的登记', path: '/packages/identity/pages/register/index' },
  rejected: { title: '登记未通过', description: '查看原因，修改后重新提交', path: '/packages/identity/pages/register/index' },
  verified: { title: '我家', description: '家庭成员、搬家、退出家庭', path: '/packages/identity/pages/household/index' },
};

/** A verified person without a home (staff enrolled by the street) registers like anyone else. */
function registrationCard(me: Me) {
  if (me.status !== 'verified') return REGISTRATION_CARD[me.status];
  if (!me.courtyard) return REGISTRATION_CARD.guest;
  return { ...REGISTRATION_CARD.verified, description: me.courtyard.name };
}

function staffRows(me: Me) {
  return staffEntries(me).map((e) => ({ key: e.entry, title: e.title, description: e.description, icon: e.icon, path: e.path }));
}

function view(me: Me) {
  const active = activeRole(me);
  return {
    nickname: me.nickname,
    avatar: me.avatarFileId,
    statusTag: STATUS_TAGS[me.status],
    courtyard: me.courtyard?.name ?? '',
    roles: me.roles.map((r) => ({ key: roleKey(r), title: roleTitle(r) })),
    switchable: workingRoles(me).map((r) => ({ key: roleKey(r), title: roleTitle(r) })),
    activeRoleKey: active ? roleKey(active) : '',
    registration: registrationCard(me),
    canFind: !!me.courtyard,
    staff: staffRows(me),
  };
}

// The tab page lives for the whole session; one subscription keeps its header in step with profile edits.
let unsubscribe: (() => void) | null = null;

Component({
  data: {
    ...initialLoadState,
    pageStyle: '',
    elder: false,
    nickname: '',
    avatar: '',
    statusTag: STATUS_TAGS.guest,
    courtyard: '',
    roles: [] as RoleRow[],
    switchable: [] as RoleRow[],
    activeRoleKey: '',
    registration: REGISTRATION_CARD.guest,
    canFind: false,
    staff: [] as Array<ReturnType<typeof staffRows>[number]>,
    unread: 0,
  },
  lifetimes: {
    attached() {
      unsubscribe = onMeChange((me) => this.setData(view(me)));
    },
    detached() {
      unsubscribe?.();
      unsubscribe = null;
    },
  },
  methods: {
    onLoad() {
      const elder = isElderMode();
      this.setData({ elder, pageStyle: pageStyle(elder) });
      void this.load(false);
    },
    onShow() {
      syncTabBar(this, 'me');
      void this.refreshUnread();
    },
    /** The message centre's unread count, for the badge; a failure just leaves the badge as it was. */
    async refreshUnread() {
      try {
        const { unread } = await call('messages.list', { limit: 1 }, { silent: true });
        if (unread !== this.data.unread) this.setData({ unread });
      } catch {
        // no badge is better than an error on 我的
      }
    },
    onPullDownRefresh() {
      void this.load(true).then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      this.setData({ status: 'loading' });
      void this.load(false);
    },
    async load(refresh: boolean) {
      try {
        const me = await getMe(refresh);
        this.setData({ status: 'ready', errorText: '', ...view(me) });
      } catch (err) {
        this.setData(failedState(err));
      }
    },
    async onChooseAvatar(e: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
      try {
        await changeAvatar(e.detail.avatarUrl);
        showMessage('头像已更新', 'success');
      } catch {
        // changeAvatar has already told the person what went wrong.
      }
    },
    onEditProfile() {
      wx.navigateTo({ url: '/packages/identity/pages/profile/index' });
    },
    onRoleChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const key = e.detail.value;
      saveActiveRole(key);
      this.setData({ activeRoleKey: key });
      const chosen = this.data.switchable.find((r) => r.key === key);
      if (chosen) showMessage(`已切换为${chosen.title}`, 'success');
      // The staff entries follow the working role just chosen.
      void getMe().then((me) => this.setData({ staff: staffRows(me) }));
    },
    onElderChange(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      const elder = e.detail.value;
      setElderMode(elder);
      this.setData({ elder, pageStyle: pageStyle(elder) });
    },
    onOpen(e: WechatMiniprogram.CustomEvent<object, object, { path: string }>) {
      wx.navigateTo({ url: e.currentTarget.dataset.path });
    },
    onOpenPrivacy() {
      wx.openPrivacyContract({});
    },
  },
});
