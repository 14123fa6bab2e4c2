import type { Role, ScopeType } from '../../contracts/common';

export const ROLE_NAMES: Record<Role, string> = {
  resident: '居民',
  volunteer: '志愿者',
  grid_worker: '网格员',
  community_staff: '社区工作人员',
  street_admin: '街道管理员',
  property_manager: '物业',
  owners_committee: '业委会成员',
  renovation_committee: '自改委成员',
  contractor: '施工单位',
  merchant: '商家',
  organisation_member: '社会组织成员',
};

export const SCOPE_NAMES: Record<ScopeType, string> = {
  street: '街道',
  community: '社区',
  grid: '网格',
  microgrid: '微网格',
  courtyard: '院落',
  project: '项目',
  merchant: '商家',
  organisation: '组织',
};

export const RELATION_NAMES = { owner: '业主', tenant: '租户', family: '家庭成员' } as const;

export const DELETED_USER_NAME = '已注销用户';
