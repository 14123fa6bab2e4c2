import type { ActionResult } from '../../contracts';
import type { Me } from './session';

type Status = Me['status'];

/** How each registration status is named and coloured (TDesign tag themes). */
export const STATUS_TAGS: Record<Status, { label: string; theme: 'default' | 'warning' | 'success' | 'danger' }> = {
  guest: { label: '访客', theme: 'default' },
  pending: { label: '待审核', theme: 'warning' },
  verified: { label: '已认证', theme: 'success' },
  rejected: { label: '未通过', theme: 'danger' },
};

type Registration = ActionResult<'registration.mine'>['history'][number];

export const RELATION_LABELS: Record<Registration['relation'], string> = {
  owner: '业主',
  tenant: '租户',
  family: '家庭成员',
};

/** The relations in the order the form offers them. */
export const RELATION_OPTIONS = (Object.keys(RELATION_LABELS) as Array<Registration['relation']>).map((value) => ({
  value,
  label: RELATION_LABELS[value],
}));

export const REGISTRATION_TAGS: Record<Registration['status'], { label: string; theme: 'default' | 'warning' | 'success' | 'danger' }> = {
  pending: { label: '待审核', theme: 'warning' },
  verified: { label: '已认证', theme: 'success' },
  rejected: { label: '未通过', theme: 'danger' },
  withdrawn: { label: '已撤回', theme: 'default' },
  moved: { label: '已搬离', theme: 'default' },
  left: { label: '已退出', theme: 'default' },
};

/** "锦绣社区 · 第1网格 · 枫林小区": where a registration or household is, for one line of text. */
export function placeLine(place: Registration['place']): string {
  return [place.community.name, place.grid.name, place.courtyard.name].join(' · ');
}
