/** The identities a person trying the demo switches between; every one's OPENID starts with demo-. */
export interface DemoIdentity {
  openid: string;
  label: string;
  role: string;
}

export const DEMO_IDENTITIES: DemoIdentity[] = [
  { openid: 'demo-resident-001', label: '居民（已认证，户主）', role: 'resident' },
  { openid: 'demo-resident-002', label: '居民（待审核，家庭成员）', role: 'resident' },
  { openid: 'demo-resident-003', label: '居民（未通过）', role: 'resident' },
  { openid: 'demo-resident-004', label: '居民（已搬家）', role: 'resident' },
  { openid: 'demo-resident-005', label: '居民（搬家待审核）', role: 'resident' },
  { openid: 'demo-guest', label: '访客（未登记）', role: 'guest' },
  { openid: 'demo-volunteer-1', label: '志愿者（院落小队长）', role: 'volunteer' },
  { openid: 'demo-grid-01', label: '网格员（兼志愿者）', role: 'grid_worker' },
  { openid: 'demo-grid-02', label: '网格员', role: 'grid_worker' },
  { openid: 'demo-community-1', label: '社区工作人员（锦绣社区）', role: 'community_staff' },
  { openid: 'demo-community-2', label: '社区工作人员（梧桐社区）', role: 'community_staff' },
  { openid: 'demo-street-admin', label: '街道管理员', role: 'street_admin' },
  { openid: 'demo-property-1', label: '物业经理', role: 'property_manager' },
  { openid: 'demo-merchant-1', label: '商家', role: 'merchant' },
];
