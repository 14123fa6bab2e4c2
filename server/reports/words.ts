import type { ReportCategory, ReportStatus } from '../../contracts/reports';
import type { TransitionName } from './states';

export const STATUS_WORD: Record<ReportStatus, string> = {
  submitted: '待受理',
  transferred: '已转交',
  accepted: '已受理',
  dispatched: '已派单',
  in_progress: '处置中',
  resolved: '已反馈',
  reopened: '重新打开',
  closed: '已办结',
  rejected: '不予受理',
  duplicate: '重复问题',
  withdrawn: '已撤回',
};

/** Status as a subscribe-message `phrase` keyword: at most five 汉字. */
export const STATUS_PHRASE: Record<ReportStatus, string> = {
  submitted: '待受理',
  transferred: '已转交',
  accepted: '已受理',
  dispatched: '已派单',
  in_progress: '处置中',
  resolved: '已处理',
  reopened: '重新办理',
  closed: '已办结',
  rejected: '不予受理',
  duplicate: '已合并',
  withdrawn: '已撤回',
};

export const MOVE_WORD: Record<TransitionName, string> = {
  accept: '受理',
  reject: '不予受理',
  duplicate: '标记为重复',
  dispatch: '派单',
  start: '开始处置',
  resolve: '反馈处理结果',
  transfer: '转交',
  rate: '评价',
  reopen: '重新打开',
  withdraw: '撤回',
  auto_close: '自动办结',
};

export const CATEGORY_WORD: Record<ReportCategory, string> = {
  environment: '环境卫生',
  facility: '设施损坏',
  utilities: '水电气',
  safety: '安全隐患',
  traffic: '交通出行',
  greening: '绿化',
  noise: '噪音扰民',
  property: '物业服务',
  dispute: '邻里纠纷',
  renovation: '装修',
  other: '其他',
};
