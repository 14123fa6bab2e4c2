import type { ReportSummary } from '../../../../../contracts/reports';
import { CATEGORY_LABELS, REPORT_STATUS } from '../../../../services/report-labels';
import { formatTime, fromNow } from '../../../../utils/time';

export const DETAIL_PATH = '/packages/reports/pages/detail/index';

/** "3小时后到期", "2天前到期" (with the 超时 tag), or "无期限". */
export function deadlineText(dueAt: number | null, now: number = Date.now()): string {
  if (dueAt === null) return '无期限';
  return `${fromNow(dueAt, now)}到期`;
}

/** One report as a handler's list draws it: render-only strings. */
export function summaryRow(r: ReportSummary, now: number = Date.now()) {
  return {
    id: r.id,
    no: r.no,
    category: CATEGORY_LABELS[r.category],
    status: REPORT_STATUS[r.status].label,
    statusTheme: REPORT_STATUS[r.status].theme,
    urgent: r.urgent,
    overdue: r.overdue,
    escalated: r.escalation > 0,
    escalation: r.escalation === 2 ? '已升级到街道' : r.escalation === 1 ? '已升级到社区' : '',
    snippet: r.snippet || (r.mediaKinds.includes('voice') ? '（语音）' : ''),
    thumbUrl: r.thumbUrl,
    place: r.place,
    deadline: deadlineText(r.dueAt, now),
    dueAtText: r.dueAt === null ? '' : formatTime(r.dueAt, now),
    createdAt: fromNow(r.createdAt, now),
    proxy: r.proxy,
    meTooCount: r.meTooCount,
  };
}
export type SummaryRow = ReturnType<typeof summaryRow>;

/** Opens a report's detail page. */
export function openDetail(id: string): void {
  wx.navigateTo({ url: `${DETAIL_PATH}?id=${encodeURIComponent(id)}` }).catch(() => undefined);
}
