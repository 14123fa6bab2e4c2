import type { ReportDetail } from '../../../../../contracts/reports';
import { loadablePage } from '../../../../behaviors/loadable-page';
import { call } from '../../../../services/api';
import { errorMessage } from '../../../../services/api-error';
import { ASSIGNEE_LABELS, CATEGORY_LABELS, FLOW_STEPS, flowStep, REPORT_STATUS, TIMELINE_LABELS } from '../../../../services/report-labels';
import { newRequestId } from '../../../../services/request-id';
import { showMessage } from '../../../../services/toast';
import { fieldErrors } from '../../../../utils/field-errors';
import { formatTime, fromNow } from '../../../../utils/time';

type Move = 'rate' | 'reopen' | 'withdraw' | 'meToo';

/** Not drawn: which report, the audio player, and one requestId per move until the backend answers it. */
let reportId = '';
let audio: WechatMiniprogram.InnerAudioContext | null = null;
let requestIds: Partial<Record<Move, string>> = {};

const STAR_TEXTS = ['很不满意', '不满意', '一般', '满意', '非常满意'];

function deadline(ms: number, now: number): string {
  return `${formatTime(ms, now)}（${fromNow(ms, now)}）`;
}

/** What the page draws of a report. */
function view(r: ReportDetail, now: number = Date.now()) {
  const visible = r.media.filter((m) => !m.hidden && m.url);
  const voice = visible.find((m) => m.kind === 'voice');
  const waitsForAcceptance = r.status === 'submitted' || r.status === 'transferred';
  const ended = ['closed', 'rejected', 'duplicate', 'withdrawn'].includes(r.status);
  const resolved = r.status === 'resolved' || ended;
  return {
    no: r.no,
    viewer: r.viewer,
    statusLabel: REPORT_STATUS[r.status].label,
    statusTheme: REPORT_STATUS[r.status].theme,
    category: CATEGORY_LABELS[r.category],
    urgent: r.urgent,
    overdue: r.overdue,
    title: r.text ? (r.text.length > 30 ? `${r.text.slice(0, 30)}…` : r.text) : `${CATEGORY_LABELS[r.category]}问题`,
    text: r.text,
    createdAt: formatTime(r.createdAt, now),
    reporter: r.reporter.isMe ? (r.reporter.proxy ? `代 ${r.reporter.name} 上报` : '我上报的') : r.reporter.name,
    assignee: r.assignee ? `${ASSIGNEE_LABELS[r.assignee.kind]} ${r.assignee.name}${r.assignee.unit ? ` · ${r.assignee.unit}` : ''}` : '',
    acceptLine: waitsForAcceptance ? `${deadline(r.acceptBy, now)}前受理` : '',
    resolveLine: resolved ? (r.resolvedAt ? `${formatTime(r.resolvedAt, now)} 已处理` : '') : `${deadline(r.resolveBy, now)}前办结`,
    step: flowStep(r.status),
    meTooCount: r.meTooCount,
    meTooByMe: r.meTooByMe,
    images: visible.filter((m) => m.kind === 'image').map((m) => ({ url: m.url })),
    video: visible.find((m) => m.kind === 'video') ?? null,
    voice: voice ? { url: voice.url, duration: voice.durationMs ? `${Math.round(voice.durationMs / 1000)}″` : '' } : null,
    hiddenCount: r.media.filter((m) => m.hidden).length,
    location: r.location,
    place: [r.place.community.name, r.place.grid.name, r.place.courtyard.name].filter(Boolean).join(' · '),
    rating: r.rating,
    reopenUntil: r.reopenUntil ? formatTime(r.reopenUntil, now) : '',
    timeline: r.timeline.map((t, i) => ({
      key: `${t.at}-${i}`,
      title: `${TIMELINE_LABELS[t.kind]} · ${t.actor}`,
      content: [`${formatTime(t.at, now)}`, t.note].filter(Boolean).join('  '),
      images: t.media.filter((m) => !m.hidden && m.url && m.kind === 'image').map((m) => ({ url: m.url })),
    })),
  };
}

type View = ReturnType<typeof view>;

Component({
  behaviors: [loadablePage],
  data: {
    report: null as ReportDetail | null,
    v: null as View | null,
    can: null as ReportDetail['can'] | null,
    flow: FLOW_STEPS,
    fresh: false,
    stars: 0,
    comment: '',
    starTexts: STAR_TEXTS,
    rateError: '',
    reopenVisible: false,
    reopenError: '',
    busy: '' as Move | '',
    playing: false,
  },
  lifetimes: {
    detached() {
      audio?.destroy();
      audio = null;
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      reportId = decodeURIComponent(query.id ?? '');
      requestIds = {};
      this.setData({ fresh: query.fresh === '1' });
      this.startLoading();
    },
    onShow() {
      this.applyPageStyle();
    },
    async fetchData() {
      const report = await call('reports.get', { id: reportId }, { silent: true });
      this.show(report);
    },
    show(report: ReportDetail) {
      this.setData({ status: 'ready', errorText: '', report, v: view(report), can: report.can });
    },
    /** The handler panel made a move: it hands over the updated report. */
    onChanged(e: WechatMiniprogram.CustomEvent<ReportDetail>) {
      this.show(e.detail);
    },
    requestId(move: Move): string {
      requestIds[move] ??= newRequestId();
      return requestIds[move]!;
    },
    /** Runs one move; the requestId is kept until the backend answers, so a retry is the same request. */
    async move<T>(move: Move, run: (requestId: string) => Promise<T>): Promise<T | null> {
      if (this.data.busy) return null;
      this.setData({ busy: move });
      try {
        const res = await run(this.requestId(move));
        delete requestIds[move];
        return res;
      } catch (err) {
        // An answer from the backend (not a lost reply) ends the request: the next tap is a new one.
        if (!(err instanceof Error && (err as { code?: string }).code === 'NETWORK')) delete requestIds[move];
        throw err;
      } finally {
        this.setData({ busy: '' });
      }
    },
    onPreview(e: WechatMiniprogram.TouchEvent<object, object, { url: string }>) {
      const url = e.currentTarget.dataset.url;
      const urls = [
        ...(this.data.v?.images.map((i) => i.url) ?? []),
        ...(this.data.v?.timeline.flatMap((t) => t.images.map((i) => i.url)) ?? []),
      ];
      wx.previewImage({ urls: urls.includes(url) ? urls : [url], current: url });
    },
    onPlayVoice() {
      const voice = this.data.v?.voice;
      if (!voice) return;
      if (this.data.playing) {
        audio?.stop();
        return this.setData({ playing: false });
      }
      if (!audio) {
        audio = wx.createInnerAudioContext();
        audio.onEnded(() => this.setData({ playing: false }));
        audio.onError(() => {
          this.setData({ playing: false });
          showMessage('语音播放失败');
        });
      }
      audio.src = voice.url;
      audio.play();
      this.setData({ playing: true });
    },
    onOpenLocation() {
      const loc = this.data.v?.location;
      if (!loc || loc.blurred) return;
      wx.openLocation({ latitude: loc.latitude, longitude: loc.longitude, name: loc.name, scale: 17 });
    },
    onStars(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      this.setData({ stars: e.detail.value, rateError: '' });
    },
    onComment(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ comment: e.detail.value });
    },
    async onRate() {
      if (!this.data.stars) return this.setData({ rateError: '请选择 1–5 星' });
      try {
        const report = await this.move('rate', (requestId) =>
          call('reports.rate', { id: reportId, stars: this.data.stars, comment: this.data.comment.trim() }, { requestId, silent: true }),
        );
        if (!report) return;
        this.show(report);
        showMessage('感谢评价，问题已办结', 'success');
      } catch (err) {
        const errors = fieldErrors(err);
        this.setData({ rateError: errors.stars ?? errors.comment ?? errorMessage(err) });
      }
    },
    onOpenReopen() {
      this.setData({ reopenVisible: true, reopenError: '' });
    },
    onCloseReopen() {
      this.setData({ reopenVisible: false });
    },
    async onReopen(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const reason = e.detail.value;
      if (reason.length < 2) return this.setData({ reopenError: '请写明还有什么问题' });
      try {
        const report = await this.move('reopen', (requestId) =>
          call('reports.reopen', { id: reportId, reason }, { requestId, silent: true }),
        );
        if (!report) return;
        this.setData({ reopenVisible: false });
        this.show(report);
        showMessage('已重新打开，处理人员会再来处理', 'success');
      } catch (err) {
        this.setData({ reopenError: fieldErrors(err).reason ?? errorMessage(err) });
      }
    },
    onWithdraw() {
      wx.showModal({
        title: '撤回上报？',
        content: '撤回后这件问题不再处理。',
        confirmText: '撤回',
        success: (res) => {
          if (!res.confirm) return;
          void this.move('withdraw', (requestId) => call('reports.withdraw', { id: reportId, reason: '' }, { requestId })).then(
            (report) => {
              if (!report) return;
              this.show(report);
              showMessage('已撤回', 'success');
            },
            () => undefined,
          );
        },
      });
    },
    async onMeToo() {
      try {
        const res = await this.move('meToo', (requestId) => call('reports.meToo', { id: reportId }, { requestId }));
        if (!res || !this.data.report) return;
        const report: ReportDetail = {
          ...this.data.report,
          meTooCount: res.meTooCount,
          meTooByMe: res.meTooByMe,
          can: { ...this.data.report.can, meToo: !res.meTooByMe && this.data.report.can.meToo },
        };
        this.show(report);
        showMessage('已记下，处理人员会看到', 'success');
      } catch {
        // call() has already shown why.
      }
    },
  },
});
