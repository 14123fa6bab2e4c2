import type { ActionResult } from '../../../../../contracts';
import { loadablePage } from '../../../../behaviors/loadable-page';
import { call } from '../../../../services/api';
import { formatTime } from '../../../../utils/time';

type Message = ActionResult<'messages.list'>['items'][number];

function row(m: Message, now: number) {
  return { id: m.id, title: m.title, body: m.body, page: m.page, at: formatTime(m.at, now), read: m.read };
}
type Row = ReturnType<typeof row>;

let nextCursor: string | null = null;
let generation = 0;

Component({
  behaviors: [loadablePage],
  data: {
    rows: [] as Row[],
    unread: 0,
    hasMore: false,
    loadingMore: false,
    markingAll: false,
  },
  methods: {
    onLoad() {
      nextCursor = null;
      this.startLoading();
    },
    onShow() {
      this.applyPageStyle();
      if (this.data.status === 'ready') void this.load();
    },
    onReachBottom() {
      void this.onLoadMore();
    },
    async fetchData() {
      const mine = ++generation;
      try {
        const page = await call('messages.list', {}, { silent: true });
        if (mine !== generation) return;
        nextCursor = page.nextCursor;
        const now = Date.now();
        const rows = page.items.map((m) => row(m, now));
        this.setData({ status: rows.length ? 'ready' : 'empty', errorText: '', rows, unread: page.unread, hasMore: nextCursor !== null });
      } catch (err) {
        if (mine === generation) throw err;
      }
    },
    async onLoadMore() {
      if (!nextCursor || this.data.loadingMore) return;
      const mine = generation;
      this.setData({ loadingMore: true });
      try {
        const page = await call('messages.list', { cursor: nextCursor });
        if (mine === generation) {
          nextCursor = page.nextCursor;
          const now = Date.now();
          this.setData({
            rows: [...this.data.rows, ...page.items.map((m) => row(m, now))],
            unread: page.unread,
            hasMore: nextCursor !== null,
          });
        }
      } catch {
        // call() has told the person.
      }
      this.setData({ loadingMore: false });
    },
    /** Marks the message read (drawn at once, told to the backend), then opens the page it names. */
    onOpen(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      const id = e.currentTarget.dataset.id;
      const index = this.data.rows.findIndex((r) => r.id === id);
      const message = this.data.rows[index];
      if (!message) return;
      if (!message.read) {
        this.setData({ [`rows[${index}].read`]: true, unread: Math.max(0, this.data.unread - 1) });
        void call('messages.read', { ids: [id] }, { silent: true }).then(
          (res) => this.setData({ unread: res.unread }),
          () => undefined,
        );
      }
      if (message.page) wx.navigateTo({ url: message.page.startsWith('/') ? message.page : `/${message.page}` });
    },
    async onReadAll() {
      this.setData({ markingAll: true });
      try {
        const res = await call('messages.read', { all: true });
        this.setData({ unread: res.unread, rows: this.data.rows.map((r) => ({ ...r, read: true })) });
      } catch {
        // call() has told the person.
      }
      this.setData({ markingAll: false });
    },
  },
});
