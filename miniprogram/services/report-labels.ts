import type { ReportCategory, ReportStatus, ReportSummary, TimelineKind } from '../../contracts/reports';
import { fromNow } from '../utils/time';

type TagTheme = 'default' | 'primary' | 'warning' | 'success' | 'danger';

/** How each report status is named and coloured (TDesign tag themes). */
export const REPORT_STATUS: Record<ReportStatus, { label: string; theme: TagTheme }> = {
  submitted: { label: '待受理', theme: 'warning' },
  transferred: { label: '已转交', theme: 'warning' },
  accepted: { label: '已受理', theme: 'primary' },
  dispatched: { label: '已派单', theme: 'primary' },
  in_progress: { label: '处理中', theme: 'primary' },
  resolved: { label: '待评价', theme: 'success' },
  reopened: { label: '重新打开', theme: 'danger' },
  closed: { label: '已办结', theme: 'success' },
  rejected: { label: '不予受理', theme: 'default' },
  duplicate: { label: '重复问题', theme: 'default' },
  withdrawn: { label: '已撤回', theme: 'default' },
};

export const CATEGORY_LABELS: Record<ReportCategory, string> = {
  environment: '环境卫生',
  facility: '公共设施',
  utilities: '水电气暖',
  safety: '安全隐患',
  traffic: '交通停车',
  greening: '绿化养护',
  noise: '噪音扰民',
  property: '物业服务',
  dispute: '邻里纠纷',
  renovation: '装修改造',
  other: '其他',
};

/** The categories in the order the picker offers them (其他 last, it is the default). */
export const CATEGORY_OPTIONS = (Object.keys(CATEGORY_LABELS) as ReportCategory[]).map((value) => ({
  value,
  label: CATEGORY_LABELS[value],
}));

export const TIMELINE_LABELS: Record<TimelineKind, string> = {
  submit: '上报',
  accept: '受理',
  reject: '不予受理',
  duplicate: '标记为重复',
  dispatch: '派单',
  start: '开始处置',
  resolve: '处理反馈',
  transfer: '转交',
  rate: '评价办结',
  reopen: '重新打开',
  withdraw: '撤回',
  auto_close: '自动办结',
  escalate: '超时升级',
  media_hidden: '图片已隐藏',
};

export const ASSIGNEE_LABELS: Record<'grid_worker' | 'property' | 'community' | 'staff', string> = {
  grid_worker: '网格员',
  property: '物业',
  community: '社区',
  staff: '工作人员',
};

/** The seven steps of the flow and which step each status stands on (for t-steps). */
export const FLOW_STEPS = ['上报', '受理', '派单', '处置', '反馈', '评价', '办结'];

export function flowStep(status: ReportStatus): number {
  switch (status) {
    case 'submitted':
    case 'transferred':
      return 0;
    case 'accepted':
      return 1;
    case 'dispatched':
      return 2;
    case 'in_progress':
    case 'reopened':
      return 3;
    case 'resolved':
      return 5;
    case 'closed':
      return 6;
    default:
      return 0;
  }
}

/** Statuses where nothing more will happen. */
export function isEnded(status: ReportStatus): boolean {
  return status === 'closed' || status === 'rejected' || status === 'duplicate' || status === 'withdrawn';
}

/** One row of a report list (mine, public, the report tab). */
export function summaryRow(s: ReportSummary, now: number = Date.now()) {
  return {
    id: s.id,
    title: s.snippet || `${CATEGORY_LABELS[s.category]}问题${s.mediaKinds.includes('voice') ? '（语音）' : ''}`,
    description: [s.no, s.place, fromNow(s.createdAt, now)].filter(Boolean).join(' · '),
    statusLabel: REPORT_STATUS[s.status].label,
    statusTheme: REPORT_STATUS[s.status].theme,
    overdue: s.overdue,
    urgent: s.urgent,
    meTooCount: s.meTooCount,
    thumb: s.thumbUrl,
  };
}
export type SummaryRow = ReturnType<typeof summaryRow>;
