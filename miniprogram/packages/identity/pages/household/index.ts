import type { ActionResult } from '../../../../../contracts';
import { call } from '../../../../services/api';
import { ApiCallError } from '../../../../services/api-error';
import { placeLine, RELATION_LABELS } from '../../../../services/identity-labels';
import { setMe } from '../../../../services/session';
import { showMessage } from '../../../../services/toast';
import { fieldErrors } from '../../../../utils/field-errors';
import { loadablePage } from '../../../../behaviors/loadable-page';
import { formatTime } from '../../../../utils/time';

type Mine = ActionResult<'household.mine'>;
type Household = NonNullable<Mine['household']>;
type QueueItem = Mine['pendingMembers'][number];

function householdView(h: Household) {
  return {
    id: h.id,
    address: h.address.text,
    place: placeLine(h.place),
    area: h.floorArea === null ? '房屋面积待社区登记' : `房屋面积 ${h.floorArea} 平方米`,
    members: h.members.map((m) => ({
      userId: m.userId,
      name: m.name,
      relation: RELATION_LABELS[m.relation],
      isHead: m.isHead,
      isMe: m.isMe,
      since: formatTime(m.since),
    })),
  };
}

function pendingView(r: QueueItem) {
  return {
    id: r.id,
    realName: r.realName,
    relation: RELATION_LABELS[r.relation],
    phoneMasked: r.phoneMasked,
    submittedAt: formatTime(r.submittedAt),
  };
}

let rejectingId = '';

Component({
  behaviors: [loadablePage],
  data: {
    household: null as ReturnType<typeof householdView> | null,
    pending: [] as Array<ReturnType<typeof pendingView>>,
    busyId: '',
    rejecting: false,
    rejectError: '',
  },
  methods: {
    onLoad() {
      this.startLoading();
    },
    async fetchData() {
      const mine = await call('household.mine', {}, { silent: true });
      if (!mine.household) {
        this.setData({ status: 'empty', errorText: '', household: null, pending: [] });
        return;
      }
      this.setData({
        status: 'ready',
        errorText: '',
        household: householdView(mine.household),
        pending: mine.pendingMembers.map(pendingView),
      });
    },

    async onApproveMember(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      const id = e.currentTarget.dataset.id;
      if (this.data.busyId) return;
      this.setData({ busyId: id });
      try {
        const done = await call('household.approveMember', { registrationId: id });
        showMessage(`已确认 ${done.realName} 加入本户`, 'success');
        this.setData({ busyId: '' });
        await this.load();
      } catch {
        this.setData({ busyId: '' });
      }
    },
    onRejectMember(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      rejectingId = e.currentTarget.dataset.id;
      this.setData({ rejecting: true, rejectError: '' });
    },
    onCancelReject() {
      this.setData({ rejecting: false });
    },
    async onConfirmReject(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ busyId: rejectingId, rejectError: '' });
      try {
        await call('household.rejectMember', { registrationId: rejectingId, reason: e.detail.value }, { silent: true });
        this.setData({ busyId: '', rejecting: false });
        showMessage('已拒绝', 'success');
        await this.load();
      } catch (err) {
        this.setData({ busyId: '', rejectError: fieldErrors(err).reason ?? (err instanceof ApiCallError ? err.message : '操作失败') });
      }
    },

    onMove() {
      wx.navigateTo({ url: '/packages/identity/pages/register/index?mode=move' });
    },
    async onLeave() {
      const res = await wx.showModal({
        title: '退出家庭',
        content: '退出后你将不再是本院落的认证居民，需要重新登记才能恢复。确定退出吗？',
        confirmText: '退出',
        confirmColor: '#d54941',
      });
      if (!res.confirm) return;
      try {
        setMe(await call('household.leave', { confirm: true }));
        showMessage('已退出家庭', 'success');
        this.setData({ status: 'loading' });
        await this.load();
      } catch {
        // call() has told the person.
      }
    },
    onRegister() {
      wx.navigateTo({ url: '/packages/identity/pages/register/index' });
    },
  },
});
