import { syncTabBar } from '../../custom-tab-bar/tabs';
import { STATUS_TAGS } from '../../services/identity-labels';
import { changeAvatar } from '../../services/profile';
import { activeRole, roleKey, roleTitle, saveActiveRole, workingRoles } from '../../services/roles';
import { getMe, onMeChange, type Me } from '../../services/session';
import { showMessage } from '../../services/toast';
import { isElderMode, pageStyle, setElderMode } from '../../utils/display-mode';
import { failedState, initialLoadState } from '../../utils/load-state';

interface RoleRow {
  key: string;
  title: string;
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
    },
    onElderChange(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      const elder = e.detail.value;
      setElderMode(elder);
      this.setData({ elder, pageStyle: pageStyle(elder) });
    },
    onOpenPrivacy() {
      wx.openPrivacyContract({});
    },
  },
});
