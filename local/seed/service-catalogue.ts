import type { ServiceEntryDoc } from '../../server/services/model';

// Real public-service hotlines where a resident would expect them; merchants are fictional.
export const SERVICE_CATALOGUE: Array<Omit<ServiceEntryDoc, '_id' | 'sort'>> = [
  { circle: 'gov', title: '住房公积金查询', description: '个人缴存、提取与贷款进度', icon: 'houses', kind: 'phone', target: '12329' },
  { circle: 'gov', title: '维修资金查询', description: '本院落专项维修资金余额与使用记录', icon: 'wallet', kind: 'info', target: '请携带房产证到社区服务中心窗口查询，或致电物业服务中心。' },
  { circle: 'gov', title: '社保查询', description: '参保缴费、待遇发放', icon: 'secured', kind: 'phone', target: '12333' },
  { circle: 'gov', title: '养老金查询', description: '养老金发放与资格认证', icon: 'user-time', kind: 'phone', target: '12333' },
  { circle: 'gov', title: '政务服务热线', description: '咨询、投诉、建议', icon: 'call', kind: 'phone', target: '12345' },
  { circle: 'volunteer', title: '志愿队伍', description: '街道支队、社区分队、院落小队', icon: 'usergroup', kind: 'page', target: '/pages/volunteer/index' },
  { circle: 'volunteer', title: '服务项目', description: '助老、巡逻、环境整治等服务岗位', icon: 'heart', kind: 'info', target: '服务项目与岗位列表即将开放报名。' },
  { circle: 'life', title: '邻里超市', description: '青石桥农贸市场旁，8:00–21:00', icon: 'shop', kind: 'info', target: '邻里超市（示例商家）：营业时间 8:00–21:00。' },
  { circle: 'life', title: '社区食堂', description: '老年人助餐，午餐 11:00–13:00', icon: 'food', kind: 'info', target: '社区食堂（示例）：60 岁以上老人凭证优惠。' },
  { circle: 'life', title: '社区卫生服务中心', description: '家庭医生签约、预防接种', icon: 'hospital', kind: 'phone', target: '120' },
  { circle: 'life', title: '教育服务', description: '学区划分、四点半课堂', icon: 'education', kind: 'info', target: '四点半课堂：工作日 16:30–18:30，社区活动室。' },
  { circle: 'life', title: '公共交通', description: '周边公交线路与地铁站', icon: 'bus', kind: 'info', target: '周边公交与地铁信息以官方发布为准。' },
];
