import { syncTabBar } from '../../custom-tab-bar/tabs';
import { call } from '../../services/api';
import { loadablePage } from '../../behaviors/loadable-page';

/** The grid-management flow a report goes through (上报 → 受理 → 派单 → 处置 → 反馈 → 评价 → 办结). */
const STEPS = [
  { title: '上报', content: '你拍照、录像或语音上报，系统记下位置和时间' },
  { title: '受理', content: '负责你院落的网格员收到提醒并受理' },
  { title: '派单', content: '需要其他部门时，社区派单给负责单位' },
  { title: '处置', content: '处理人员到场处理，留下处理前后的照片' },
  { title: '反馈', content: '处理结果推送给你，你可以随时查看进度' },
  { title: '评价', content: '你确认是否解决，不满意可以重新打开' },
  { title: '办结', content: '问题办结，计入社区的响应率、解决率和满意率' },
];

Component({
  behaviors: [loadablePage],
  data: {
    handler: null as { community: string; grid: string; courtyard: string } | null,
    steps: STEPS,
  },
  methods: {
    onLoad() {
      this.startLoading();
    },
    onShow() {
      syncTabBar(this, 'report');
      this.applyPageStyle();
    },
    async fetchData() {
      const { myPlace } = await call('org.overview', {}, { silent: true });
      this.setData({
        status: 'ready',
        errorText: '',
        handler: myPlace ? { community: myPlace.community.name, grid: myPlace.grid.name, courtyard: myPlace.courtyard.name } : null,
      });
    },
  },
});
