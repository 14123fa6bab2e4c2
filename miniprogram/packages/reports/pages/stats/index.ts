import type { ActionResult } from '../../../../../contracts';
import { loadablePage } from '../../../../behaviors/loadable-page';
import { call } from '../../../../services/api';
import { ApiCallError } from '../../../../services/api-error';
import { getMe } from '../../../../services/session';
import { staffGrant } from '../../../../services/staff';
import dayjs from 'dayjs';

type Stats = ActionResult<'reports.stats'>;
type Row = Stats['total'];
type Period = '7d' | '30d' | '90d' | '365d';

const PERIODS: Array<{ value: Period; label: string }> = [
  { value: '7d', label: '7天' },
  { value: '30d', label: '30天' },
  { value: '90d', label: '90天' },
  { value: '365d', label: '一年' },
];

/** 0.8765 → "87.7%"; no data → "—". */
function percent(x: number | null): string {
  if (x === null) return '—';
  const p = Math.round(x * 1000) / 10;
  return `${p}%`;
}

function hours(h: number | null): string {
  if (h === null) return '—';
  return h >= 48 ? `${Math.round((h / 24) * 10) / 10} 天` : `${h} 小时`;
}

function statsRow(r: Row) {
  return {
    id: r.unit.id,
    name: r.unit.name,
    reports: r.reports,
    response: percent(r.responseRate),
    resolution: percent(r.resolutionRate),
    satisfaction: percent(r.satisfaction),
    stars: r.averageStars === null ? '' : `${r.averageStars} 星`,
    rated: r.rated,
    median: hours(r.medianHoursToClose),
    reopen: percent(r.reopenRate),
    openNow: r.openNow,
    overdueNow: r.overdueNow,
  };
}
type StatsRowView = ReturnType<typeof statsRow>;

// The unit is not drawn.
let unitId = '';
let generation = 0;

/**
 * 三率: response rate (accepted in time), resolution rate, satisfaction (4–5 stars), with the
 * median time to close and the reopen rate, for the caller's unit and each unit below it.
 */
Component({
  behaviors: [loadablePage],
  data: {
    scopeName: '',
    periods: PERIODS,
    period: '30d' as Period,
    range: '',
    total: null as StatsRowView | null,
    rows: [] as StatsRowView[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      unitId = decodeURIComponent(query.unitId ?? '');
      this.startLoading();
    },
    onShow() {
      this.applyPageStyle();
    },
    onPeriodChange(e: WechatMiniprogram.CustomEvent<{ value: Period }>) {
      this.setData({ period: e.detail.value, status: 'loading' });
      void this.load();
    },
    async fetchData() {
      const mine = ++generation;
      try {
        if (!unitId) {
          const grant = staffGrant(await getMe(), 'stats');
          if (!grant) throw new ApiCallError('FORBIDDEN', '您没有查看统计的权限');
          unitId = grant.scopeId;
        }
        const stats = await call('reports.stats', { unitId, period: this.data.period }, { silent: true });
        if (mine !== generation) return;
        this.setData({
          status: 'ready',
          errorText: '',
          scopeName: stats.unit.name,
          range: `${dayjs(stats.from).format('YYYY年M月D日')} 至 ${dayjs(stats.to).format('M月D日')}`,
          total: statsRow(stats.total),
          rows: stats.rows.map(statsRow),
        });
      } catch (err) {
        if (mine === generation) throw err;
      }
    },
  },
});
