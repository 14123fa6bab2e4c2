import type { Me } from './session';

type Status = Me['status'];

/** How each registration status is named and coloured (TDesign tag themes). */
export const STATUS_TAGS: Record<Status, { label: string; theme: 'default' | 'warning' | 'success' | 'danger' }> = {
  guest: { label: '访客', theme: 'default' },
  pending: { label: '待审核', theme: 'warning' },
  verified: { label: '已认证', theme: 'success' },
  rejected: { label: '未通过', theme: 'danger' },
};
