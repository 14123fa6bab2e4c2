// Fictional names only: nothing here refers to a real place or person.
export const STREET_NAME = '青石桥街道';
export const COMMUNITY_NAMES = ['锦绣社区', '梧桐社区', '清水河社区', '杏花社区', '望江社区', '银杏社区'];
export const COURTYARD_STEMS = [
  '枫林', '桂苑', '竹园', '锦里', '柳岸', '梅园', '松风', '兰亭', '荷塘', '石榴', '樱桃', '翠苑',
  '静安', '和平', '幸福', '长青', '春晖', '南苑', '北苑', '东篱', '西岭', '朝阳', '金桂', '玉兰',
];
export const COURTYARD_SUFFIXES = ['小区', '院', '花园', '苑', '里'];
export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
export const GIVEN = ['建国', '秀英', '桂兰', '志强', '丽娟', '海燕', '小红', '俊杰', '晓明', '雨涵', '子轩', '淑芬', '国庆', '玉梅', '文博', '思琪', '德华', '春梅', '明辉', '欣怡'];
export const NICK_PREFIXES = ['晨跑的', '爱花的', '遛弯的', '热心的', '早起的', '做饭的', '下棋的', '跳舞的'];
export const NICK_NOUNS = ['老王', '阿姨', '大叔', '小李', '邻居', '奶奶', '爷爷', '同学'];
