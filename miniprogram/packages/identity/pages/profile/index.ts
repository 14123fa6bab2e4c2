import { STATUS_TAGS } from '../../../../services/identity-labels';
import { changeAvatar, changeNickname } from '../../../../services/profile';
import { getMe, type Me } from '../../../../services/session';
import { showMessage } from '../../../../services/toast';
import { loadablePage } from '../../../../behaviors/loadable-page';

const NICKNAME_MAX = 20;

function view(me: Me) {
  return {
    avatar: me.avatarFileId,
    nickname: me.nickname,
    savedNickname: me.nickname,
    statusTag: STATUS_TAGS[me.status],
    courtyard: me.courtyard?.name ?? '',
    canSave: false,
  };
}

Component({
  behaviors: [loadablePage],
  data: {
    avatar: '',
    nickname: '',
    savedNickname: '',
    statusTag: STATUS_TAGS.guest,
    courtyard: '',
    canSave: false,
    saving: false,
    uploading: false,
  },
  methods: {
    onLoad() {
      this.startLoading();
    },
    async fetchData() {
      this.setData({ status: 'ready', errorText: '', ...view(await getMe()) });
    },
    onNicknameInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const nickname = e.detail.value ?? '';
      const trimmed = nickname.trim();
      this.setData({
        nickname,
        canSave: trimmed.length > 0 && trimmed.length <= NICKNAME_MAX && trimmed !== this.data.savedNickname,
      });
    },
    async onSave() {
      if (!this.data.canSave || this.data.saving) return;
      this.setData({ saving: true });
      try {
        const me = await changeNickname(this.data.nickname.trim());
        this.setData({ ...view(me), saving: false });
        showMessage('昵称已保存', 'success');
      } catch {
        // call() has shown the reason (e.g. the nickname failed the content check); keep the input for editing.
        this.setData({ saving: false });
      }
    },
    async onChooseAvatar(e: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
      this.setData({ uploading: true });
      try {
        const me = await changeAvatar(e.detail.avatarUrl);
        this.setData({ avatar: me.avatarFileId, uploading: false });
        showMessage('头像已更新', 'success');
      } catch {
        this.setData({ uploading: false });
      }
    },
  },
});
