import type { ActionResult } from '../../../../../contracts';
import { cursorList } from '../../../../behaviors/cursor-list';
import { call } from '../../../../services/api';
import { formatTime } from '../../../../utils/time';

type Message = ActionResult<'messages.list'>['items'][number];

function row(m: Message, now: number) {
  return { id: m.id, title: m.title, body: m.body, page: m.page, at: formatTime(m.at, now), read: m.read };
}
type Row = ReturnType<typeof row>;

Component({
  behaviors: [cursorList],
  data: {
    // Declared again only for its row type; the list behavior fills it.
    rows: [] as Row[],
    unread: 0,
    markingAll: false,
  },
  methods: {
    onLoad() {
      this.startLoading();
    },
    onShow() {
      this.applyPageStyle();
      if (this.data.status === 'ready') void this.load();
    },
    async fetchPage(cursor: string | undefined, silent: boolean) {
      const page = await call('messages.list', cursor ? { cursor } : {}, { silent });
      const now = Date.now();
      return { rows: page.items.map((m) => row(m, now)), nextCursor: page.nextCursor, extra: { unread: page.unread } };
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
