import type { ActionResult } from '../../../../../contracts';
import { cursorList } from '../../../../behaviors/cursor-list';
import { call } from '../../../../services/api';
import { getMe } from '../../../../services/session';
import { showMessage } from '../../../../services/toast';
import { openDetail, summaryRow } from './summary';

type Tasks = ActionResult<'reports.tasks'>;
type Filter = 'all' | 'today' | 'overdue';

const PAGE_SIZE = 20;
const TABS: Array<{ value: Filter; label: string }> = [
  { value: 'all', label: '全部' },
  { value: 'today', label: '今天到期' },
  { value: 'overdue', label: '已超时' },
];
const EMPTY_TEXT: Record<Filter, string> = {
  all: '没有待办的问题',
  today: '今天没有到期的问题',
  overdue: '没有超时的问题',
};
/** Who may report for a resident (the report form's own rule): grid workers and community staff. */
const PROXY_ROLES: readonly string[] = ['grid_worker', 'community_staff'];
/** Asked once per phone: the report_task subscribe message (a new task, a deadline near). */
const ASKED_KEY = 'linli.reportTaskSubscribeAsked';

function countsOf(page: Tasks): Record<Filter, number> {
  return { all: page.counts.open, today: page.counts.dueToday, overdue: page.counts.overdue };
}

// The template to subscribe is not drawn.
let templateId = '';

Component({
  behaviors: [cursorList],
  data: {
    tabs: TABS,
    tab: 'all' as Filter,
    counts: { all: 0, today: 0, overdue: 0 } as Record<Filter, number>,
    emptyText: EMPTY_TEXT.all,
    askSubscribe: false,
    canProxy: false,
  },
  methods: {
    onLoad() {
      this.startLoading();
      void this.offerSubscription();
      getMe().then(
        (me) => this.setData({ canProxy: me.roles.some((r) => PROXY_ROLES.includes(r.role)) }),
        () => undefined,
      );
    },
    onShow() {
      this.applyPageStyle();
      // Back from a report's detail: what was done there moves the list and the counts.
      if (this.data.status === 'ready' || this.data.status === 'empty') void this.load();
    },
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: Filter }>) {
      const tab = e.detail.value;
      this.setData({ tab, emptyText: EMPTY_TEXT[tab] });
      this.reloadList();
    },

    /** Overdue first, then by deadline: the order is the server's. */
    async fetchPage(cursor: string | undefined, silent: boolean) {
      const page = await call('reports.tasks', { filter: this.data.tab, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }, { silent });
      return { rows: page.items.map((r) => summaryRow(r)), nextCursor: page.nextCursor, extra: { counts: countsOf(page) } };
    },
    onOpen(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      openDetail(e.currentTarget.dataset.id);
    },
    onProxyReport() {
      wx.navigateTo({ url: '/packages/reports/pages/new/index?proxy=1' }).catch(() => undefined);
    },

    /** First open: offer the task reminder. WeChat only asks from a tap, so a dialog's button makes the request. */
    async offerSubscription() {
      if (wx.getStorageSync(ASKED_KEY)) return;
      try {
        const { templates } = await call('messages.templates', {}, { silent: true });
        templateId = templates.find((t) => t.key === 'report_task')?.templateId ?? '';
        if (templateId) this.setData({ askSubscribe: true });
      } catch {
        // Not now: asked again on the next open.
      }
    },
    onSkipSubscribe() {
      wx.setStorageSync(ASKED_KEY, true);
      this.setData({ askSubscribe: false });
    },
    /** From the dialog's tap: WeChat opens its sheet only when asked synchronously within a tap. */
    onSubscribe() {
      wx.setStorageSync(ASKED_KEY, true);
      this.setData({ askSubscribe: false });
      const id = templateId;
      wx.requestSubscribeMessage({
        tmplIds: [id],
        success: (res) => {
          const answer = (res as unknown as Record<string, unknown>)[id];
          const choice = answer === 'accept' || answer === 'ban' || answer === 'filter' ? answer : 'reject';
          call('messages.subscribe', { results: { [id]: choice } }, { silent: true }).catch(() => undefined);
          showMessage(choice === 'accept' ? '已开启待办提醒' : '未开启待办提醒', choice === 'accept' ? 'success' : 'warning');
        },
        fail: () => undefined,
      });
    },
  },
});
