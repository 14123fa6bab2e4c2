import type { ActionResult } from '../../../../../contracts';
import { call } from '../../../../services/api';
import { ApiCallError } from '../../../../services/api-error';
import { placeLine, RELATION_LABELS } from '../../../../services/identity-labels';
import { getMe } from '../../../../services/session';
import { staffGrant } from '../../../../services/staff';
import { showMessage } from '../../../../services/toast';
import { fieldErrors } from '../../../../utils/field-errors';
import { loadablePage } from '../../../../behaviors/loadable-page';
import { formatTime, fromNow } from '../../../../utils/time';

type Queue = ActionResult<'registration.queue'>;
type QueueItem = Queue['items'][number];
type Tab = 'pending' | 'verified' | 'rejected';

const TABS: Array<{ value: Tab; label: string }> = [
  { value: 'pending', label: '待审核' },
  { value: 'verified', label: '已通过' },
  { value: 'rejected', label: '未通过' },
];
const EMPTY_TEXT: Record<Tab, string> = {
  pending: '没有待审核的登记',
  verified: '还没有通过的登记',
  rejected: '没有未通过的登记',
};

function row(r: QueueItem) {
  return {
    id: r.id,
    realName: r.realName,
    isMove: r.kind === 'move',
    relation: RELATION_LABELS[r.relation],
    place: placeLine(r.place),
    address: r.address.text,
    phoneMasked: r.phoneMasked,
    phoneVerified: r.phoneVerified,
    householdMembers: r.householdMembers,
    submittedAt: formatTime(r.submittedAt),
    waited: fromNow(r.submittedAt),
    decidedAt: r.decidedAt === null ? '' : formatTime(r.decidedAt),
    rejectReason: r.rejectReason ?? '',
  };
}
type Row = ReturnType<typeof row>;

// Paging and the item being decided are not drawn.
let unitId = '';
let nextCursor: string | null = null;
let deciding = '';
let detailPhone = '';
// A newer load (tab switch, refresh) supersedes an older one still on its way.
let generation = 0;

Component({
  behaviors: [loadablePage],
  data: {
    scopeName: '',
    tabs: TABS,
    tab: 'pending' as Tab,
    counts: { pending: 0, verified: 0, rejected: 0 },
    items: [] as Row[],
    emptyText: EMPTY_TEXT.pending,
    hasMore: false,
    loadingMore: false,
    dialog: '' as '' | 'approve' | 'reject',
    dialogMessage: '',
    dialogError: '',
    areaDraft: '',
    busy: false,
    detail: null as { realName: string; text: string } | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      unitId = decodeURIComponent(query.unitId ?? '');
      this.startLoading();
    },
    onReachBottom() {
      void this.onLoadMore();
    },
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: Tab }>) {
      this.setData({ tab: e.detail.value, status: 'loading', items: [], emptyText: EMPTY_TEXT[e.detail.value] });
      void this.load();
    },

    /** A reply that a newer load (tab change, refresh) has overtaken is dropped, its failure too. */
    async fetchData() {
      const mine = ++generation;
      try {
        if (!unitId) {
          const grant = staffGrant(await getMe(), 'verify');
          if (!grant) throw new ApiCallError('FORBIDDEN', '您没有审核登记的权限');
          unitId = grant.scopeId;
          this.setData({ scopeName: grant.scopeName });
        }
        const page = await call('registration.queue', { unitId, status: this.data.tab }, { silent: true });
        if (mine !== generation) return;
        nextCursor = page.nextCursor;
        this.setData({
          status: page.items.length ? 'ready' : 'empty',
          errorText: '',
          counts: page.counts,
          items: page.items.map(row),
          hasMore: page.nextCursor !== null,
        });
      } catch (err) {
        if (mine === generation) throw err;
      }
    },
    async onLoadMore() {
      if (!nextCursor || this.data.loadingMore) return;
      const mine = generation;
      this.setData({ loadingMore: true });
      try {
        const page = await call('registration.queue', { unitId, status: this.data.tab, cursor: nextCursor });
        if (mine !== generation) return;
        nextCursor = page.nextCursor;
        const known = new Set(this.data.items.map((i) => i.id));
        this.setData({
          loadingMore: false,
          counts: page.counts,
          items: [...this.data.items, ...page.items.filter((i) => !known.has(i.id)).map(row)],
          hasMore: page.nextCursor !== null,
        });
      } catch {
        this.setData({ loadingMore: false });
      }
    },

    describe(id: string): string {
      const item = this.data.items.find((i) => i.id === id);
      return item ? `${item.realName} · ${item.place} ${item.address}` : '';
    },
    onApprove(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      deciding = e.currentTarget.dataset.id;
      this.setData({ dialog: 'approve', dialogMessage: this.describe(deciding), dialogError: '', areaDraft: '' });
    },
    onReject(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      deciding = e.currentTarget.dataset.id;
      this.setData({ dialog: 'reject', dialogMessage: this.describe(deciding), dialogError: '' });
    },
    onCloseDialog() {
      if (!this.data.busy) this.setData({ dialog: '' });
    },
    async onConfirmApprove(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const text = e.detail.value;
      const floorArea = text === '' ? undefined : Number(text);
      if (floorArea !== undefined && !Number.isFinite(floorArea)) {
        this.setData({ dialogError: '请填写数字，如 86.5' });
        return;
      }
      await this.decide(
        () =>
          call('registration.verify', { registrationId: deciding, ...(floorArea === undefined ? {} : { floorArea }) }, { silent: true }),
        '已通过',
      );
    },
    async onConfirmReject(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      await this.decide(
        () => call('registration.reject', { registrationId: deciding, reason: e.detail.value }, { silent: true }),
        '已驳回',
      );
    },
    /** Runs a decision; the item leaves the pending list and the counts move with it. */
    async decide(run: () => Promise<QueueItem>, done: string) {
      this.setData({ busy: true, dialogError: '' });
      try {
        const decided = await run();
        const counts = { ...this.data.counts };
        counts.pending = Math.max(0, counts.pending - 1);
        if (decided.status === 'verified' || decided.status === 'rejected') counts[decided.status] += 1;
        const items = this.data.items.filter((i) => i.id !== decided.id);
        this.setData({ busy: false, dialog: '', counts, items, status: items.length || this.data.hasMore ? 'ready' : 'empty' });
        showMessage(done, 'success');
      } catch (err) {
        const fields = fieldErrors(err);
        this.setData({
          busy: false,
          dialogError: fields.floorArea ?? fields.reason ?? (err instanceof ApiCallError ? err.message : '操作失败'),
        });
        // Someone else decided it meanwhile: the list is stale.
        if (err instanceof ApiCallError && (err.code === 'CONFLICT' || err.code === 'NOT_FOUND')) void this.load();
      }
    },

    /** The full record, phone included; the backend logs that this person saw it. */
    async onDetail(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      try {
        const d = await call('registration.get', { registrationId: e.currentTarget.dataset.id });
        detailPhone = d.phone;
        const lines = [
          `手机号：${d.phone}${d.phoneVerified ? '（微信验证）' : '（手动填写）'}`,
          `住址：${placeLine(d.place)} ${d.address.text}`,
          `关系：${RELATION_LABELS[d.relation]}`,
          `房屋面积：${d.floorArea === null ? '未登记' : `${d.floorArea} 平方米`}`,
          d.currentPlace ? `现住址：${placeLine(d.currentPlace)} ${d.currentPlace.address.text}` : '',
          '查看完整信息已记入个人信息访问日志',
        ];
        this.setData({ detail: { realName: d.realName, text: lines.filter(Boolean).join('\n') } });
      } catch {
        // call() has told the person.
      }
    },
    onCloseDetail() {
      this.setData({ detail: null });
    },
    onCallApplicant() {
      this.setData({ detail: null });
      if (detailPhone) wx.makePhoneCall({ phoneNumber: detailPhone }).catch(() => undefined);
    },
  },
});
