import type { ActionResult } from '../../../contracts';
import { syncTabBar } from '../../custom-tab-bar/tabs';
import { call } from '../../services/api';
import { showMessage } from '../../services/toast';
import { loadablePage } from '../../behaviors/loadable-page';

type Entry = ActionResult<'services.catalog'>['circles'][number]['entries'][number];

interface EntryRow {
  id: string;
  title: string;
  description: string;
  /** A TDesign icon name, or '' when the catalogue gives an image URL instead. */
  icon: string;
  image: string;
  note: string;
}

const NOTES: Record<Entry['kind'], string> = { page: '', phone: '拨打电话', info: '查看说明' };

function toRow(entry: Entry): EntryRow {
  const isImage = /^(https?:|cloud:|\/)/.test(entry.icon);
  return {
    id: entry.id,
    title: entry.title,
    description: entry.description,
    icon: isImage ? '' : entry.icon,
    image: isImage ? entry.icon : '',
    note: NOTES[entry.kind],
  };
}

// What a tap does needs the full entry; only what is drawn goes through setData.
let entriesById = new Map<string, Entry>();

Component({
  behaviors: [loadablePage],
  data: {
    circles: [] as Array<{ circle: string; title: string; entries: EntryRow[] }>,
    dialog: { visible: false, title: '', content: '' },
  },
  methods: {
    onLoad() {
      this.startLoading();
    },
    onShow() {
      syncTabBar(this, 'services');
      this.applyPageStyle();
    },
    async fetchData() {
      const { circles } = await call('services.catalog', {}, { silent: true });
      entriesById = new Map(circles.flatMap((c) => c.entries.map((e) => [e.id, e] as const)));
      const visible = circles.filter((c) => c.entries.length > 0);
      this.setData({
        status: visible.length ? 'ready' : 'empty',
        errorText: '',
        circles: visible.map((c) => ({ circle: c.circle, title: c.title, entries: c.entries.map(toRow) })),
      });
    },
    onEntryTap(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      const entry = entriesById.get(e.currentTarget.dataset.id);
      if (!entry) return;
      if (entry.kind === 'page') {
        wx.navigateTo({ url: entry.target, fail: () => showMessage('该服务即将开放', 'warning') });
      } else if (entry.kind === 'phone') {
        wx.makePhoneCall({ phoneNumber: entry.target, fail: () => undefined }); // cancelling the call sheet is not an error
      } else {
        this.setData({ dialog: { visible: true, title: entry.title, content: entry.target } });
      }
    },
    onDialogClose() {
      this.setData({ 'dialog.visible': false });
    },
  },
});
