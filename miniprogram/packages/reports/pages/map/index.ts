import type { ReportSummary } from '../../../../../contracts/reports';
import { loadablePage } from '../../../../behaviors/loadable-page';
import { call } from '../../../../services/api';
import { openDetail, summaryRow, type SummaryRow } from '../tasks/summary';

interface Marker {
  id: number;
  latitude: number;
  longitude: number;
  title: string;
  width: number;
  height: number;
  callout: { content: string; display: 'BYCLICK'; padding: number; borderRadius: number };
}

/** Unused while no case has a location: the map is then not drawn. */
const FALLBACK_CENTER = { latitude: 0, longitude: 0 };

function markerOf(r: ReportSummary, i: number, label: string): Marker | null {
  if (!r.location) return null;
  return {
    id: i,
    latitude: r.location.latitude,
    longitude: r.location.longitude,
    title: label,
    width: 28,
    height: 36,
    callout: { content: `${label}${r.overdue ? '（超时）' : ''}`, display: 'BYCLICK', padding: 8, borderRadius: 8 },
  };
}

// Marker ids are indexes into the rows; the unit is not drawn.
let unitId = '';
let generation = 0;

/**
 * Open cases within the handler's reach on the native map (reports.map: precise locations); a tap
 * on a marker shows the case's card, the card opens the detail. The list under the map has every
 * case, located or not (the browser preview cannot draw map tiles: there the list is the map).
 */
Component({
  behaviors: [loadablePage],
  data: {
    center: FALLBACK_CENTER,
    markers: [] as Marker[],
    items: [] as SummaryRow[],
    located: 0,
    truncated: false,
    selected: null as SummaryRow | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      unitId = decodeURIComponent(query.unitId ?? '');
      this.startLoading();
    },
    onShow() {
      this.applyPageStyle();
    },
    async fetchData() {
      const mine = ++generation;
      try {
        const res = await call('reports.map', unitId ? { unitId } : {}, { silent: true });
        if (mine !== generation) return;
        const items = res.items.map((r) => summaryRow(r));
        const markers = res.items
          .map((r, i) => markerOf(r, i, `${items[i]!.category} · ${r.place}`))
          .filter((m): m is Marker => m !== null);
        const center = markers.length
          ? {
              latitude: markers.reduce((s, m) => s + m.latitude, 0) / markers.length,
              longitude: markers.reduce((s, m) => s + m.longitude, 0) / markers.length,
            }
          : FALLBACK_CENTER;
        this.setData({
          status: items.length ? 'ready' : 'empty',
          errorText: '',
          items,
          markers,
          located: markers.length,
          center,
          truncated: res.truncated,
          selected: null,
        });
      } catch (err) {
        if (mine === generation) throw err;
      }
    },
    onMarkerTap(e: WechatMiniprogram.CustomEvent<{ markerId: number }>) {
      const row = this.data.items[Number(e.detail.markerId)];
      if (row) this.setData({ selected: row });
    },
    onCloseCard() {
      this.setData({ selected: null });
    },
    onOpenSelected() {
      if (this.data.selected) openDetail(this.data.selected.id);
    },
    onOpen(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      openDetail(e.currentTarget.dataset.id);
    },
  },
});
