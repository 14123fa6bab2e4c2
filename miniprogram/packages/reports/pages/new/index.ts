import type { ActionPayload } from '../../../../../contracts';
import type { MediaInput, ReportCategory } from '../../../../../contracts/reports';
import { call } from '../../../../services/api';
import { errorMessage } from '../../../../services/api-error';
import {
  clearDraft,
  draftHasContent,
  loadDraft,
  newDraft,
  saveDraft,
  type DraftFile,
  type ReportDraft,
} from '../../../../services/report-draft';
import { CATEGORY_LABELS, CATEGORY_OPTIONS } from '../../../../services/report-labels';
import { loadScopeTree, type CascaderOption } from '../../../../services/org-picker';
import { getMe } from '../../../../services/session';
import { prefetchTemplates, recordSubscribe, requestSubscribe, type SubscribeResults } from '../../../../services/subscribe';
import { showMessage } from '../../../../services/toast';
import { uploadToCloud } from '../../../../services/cloud-upload';
import { loadUploadOwner, refuseMedia, reportCloudPath, type PickedMedia } from '../../../../services/upload-queue';
import { fieldErrors } from '../../../../utils/field-errors';
import { pageStyle } from '../../../../utils/display-mode';

const PROXY_ROLES = ['grid_worker', 'community_staff'];
/** A finger that slides this far up while recording cancels the recording. */
const CANCEL_SLIDE_PX = 60;

/**
 * Not drawn, so kept out of `data`: the draft itself (saved to storage on every change), the
 * recorder and audio player, and the recording's bookkeeping.
 */
let draft: ReportDraft = newDraft();
let recorder: WechatMiniprogram.RecorderManager | null = null;
let audio: WechatMiniprogram.InnerAudioContext | null = null;
let recordCancelled = false;
let recordStartY = 0;
let recordTimer: ReturnType<typeof setInterval> | null = null;
let lastProgressDraw = 0;
/** The unit of the worker's grant whose courtyards the proxy section offers, and which ids are courtyards. */
let proxyScopeId = '';
/** The subscribe sheet's answers, asked in the first 提交 tap of this draft (a retry does not ask again). */
let subscribed: Promise<SubscribeResults> | null = null;
let courtyardIds = new Set<string>();

function seconds(ms: number | null): string {
  return ms ? `${Math.max(1, Math.round(ms / 1000))}″` : '';
}

function fileView(f: DraftFile) {
  return {
    n: f.n,
    kind: f.kind,
    src: f.kind === 'video' ? f.thumbTempPath : f.tempPath,
    state: f.state,
    progress: f.progress,
    duration: seconds(f.durationMs),
  };
}

/** What the hold-to-talk button says. */
function holdText(recording: boolean, cancelling: boolean, secondsSoFar: number): string {
  if (!recording) return '按住说话';
  return cancelling ? '松开手指，取消录音' : `松开结束 ${secondsSoFar} 秒，上滑取消`;
}

/** Everything the page draws, derived from the draft. */
function view(d: ReportDraft) {
  const visual = d.files.filter((f) => f.kind !== 'voice');
  const voiceFile = d.files.find((f) => f.kind === 'voice');
  const pending = d.files.filter((f) => f.state !== 'done').length;
  const failed = d.files.filter((f) => f.state === 'failed').length;
  const hasContent = d.files.length > 0 || d.text.trim().length > 0;
  let submitHint = '拍照、录像、按住说话或写几句，任选其一即可上报';
  if (failed) submitHint = `有 ${failed} 个文件上传失败，点击它重试`;
  else if (pending) submitHint = `还有 ${pending} 个文件正在上传`;
  else if (hasContent) submitHint = '提交后直接送到负责的网格员';
  return {
    files: visual.map(fileView),
    voice: voiceFile ? fileView(voiceFile) : null,
    imageCount: visual.filter((f) => f.kind === 'image').length,
    hasVideo: visual.some((f) => f.kind === 'video'),
    text: d.text,
    category: d.category,
    categoryLabel: CATEGORY_LABELS[d.category],
    urgent: d.urgent,
    hideName: d.hideName,
    private: d.private,
    locationText: d.location ? d.location.name || d.location.address || '已选位置' : '',
    proxyName: d.proxyName,
    proxyPhone: d.proxyPhone,
    courtyardName: d.courtyardName,
    canSubmit: hasContent && pending === 0,
    submitHint,
  };
}

Component({
  data: {
    pageStyle: '',
    ...view(newDraft()),
    categoryOptions: CATEGORY_OPTIONS,
    categoryVisible: false,
    canProxy: false,
    proxyOn: false,
    courtyardVisible: false,
    courtyardOptions: [] as CascaderOption[],
    recording: false,
    cancelling: false,
    holdText: '按住说话',
    playing: false,
    submitting: false,
    mediaError: '',
    errors: {} as Record<string, string>,
  },
  lifetimes: {
    detached() {
      if (recordTimer) clearInterval(recordTimer);
      recordTimer = null;
      audio?.destroy();
      audio = null;
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ pageStyle: pageStyle() });
      draft = newDraft();
      subscribed = null;
      void prefetchTemplates();
      // Opened from the report tab's 拍照上报 / 录像: the camera comes up at once.
      const begin = () => {
        if (query.start === 'photo') this.onPickImage();
        else if (query.start === 'video') this.onPickVideo();
      };
      const saved = loadDraft();
      if (saved && draftHasContent(saved)) {
        wx.showModal({
          title: '继续上次的上报？',
          content: '你有一条没有提交的上报，照片、录音和文字都还在。',
          confirmText: '继续',
          cancelText: '重新开始',
          success: (res) => {
            if (res.confirm) {
              draft = saved;
              // A file whose upload was cut off by closing the app goes again.
              draft.files.filter((f) => f.state !== 'done').forEach((f) => void this.upload(f.n));
              this.setData({ proxyOn: !!draft.proxyName });
            } else {
              clearDraft();
              draft = newDraft();
            }
            this.redraw();
            begin();
          },
        });
      } else {
        begin();
      }
      this.redraw();
      const wantsProxy = query.proxy === '1';
      void getMe().then(
        (me) => {
          const grant = me.roles.find((r) => PROXY_ROLES.includes(r.role));
          const canProxy = !!grant;
          proxyScopeId = grant?.scopeId ?? '';
          this.setData({ canProxy, proxyOn: canProxy && (wantsProxy || !!draft.proxyName) });
        },
        () => undefined,
      );
    },
    onShow() {
      const style = pageStyle();
      if (style !== this.data.pageStyle) this.setData({ pageStyle: style });
    },
    onHide() {
      saveDraft(draft);
    },
    /** Saves the draft and draws it: every change goes through here. */
    changed() {
      saveDraft(draft);
      this.redraw();
    },
    redraw() {
      this.setData(view(draft));
    },

    // ── picking ──────────────────────────────────────────────────────────
    counts() {
      return {
        images: draft.files.filter((f) => f.kind === 'image').length,
        video: draft.files.some((f) => f.kind === 'video'),
        voice: draft.files.some((f) => f.kind === 'voice'),
      };
    },
    onPickImage() {
      const left = 9 - this.counts().images;
      if (left <= 0) return showMessage('照片最多 9 张', 'warning');
      wx.chooseMedia({
        count: left,
        mediaType: ['image'],
        sourceType: ['camera', 'album'],
        sizeType: ['compressed'],
        success: (res) => this.addPicked(res.tempFiles.map((f) => ({ ...f, fileType: 'image' }))),
      });
    },
    onPickVideo() {
      wx.chooseMedia({
        count: 1,
        mediaType: ['video'],
        sourceType: ['camera', 'album'],
        maxDuration: 60,
        sizeType: ['compressed'],
        success: (res) => this.addPicked(res.tempFiles.map((f) => ({ ...f, fileType: 'video' }))),
      });
    },
    addPicked(picked: Array<{ tempFilePath: string; size: number; duration?: number; thumbTempFilePath?: string; fileType: string }>) {
      const refusals: string[] = [];
      for (const p of picked) {
        const kind = p.fileType === 'video' ? 'video' : 'image';
        const media: PickedMedia = {
          kind,
          size: p.size,
          durationMs: kind === 'video' && p.duration ? Math.round(p.duration * 1000) : null,
        };
        const why = refuseMedia(media, this.counts());
        if (why) {
          refusals.push(why);
          continue;
        }
        this.addFile(kind, p.tempFilePath, media.size, media.durationMs, p.thumbTempFilePath ?? '');
      }
      this.setData({ mediaError: refusals[0] ?? '' });
      if (refusals.length) showMessage(refusals[0]!, 'warning');
      this.changed();
    },
    addFile(kind: DraftFile['kind'], tempPath: string, size: number, durationMs: number | null, thumbTempPath: string) {
      const file: DraftFile = {
        n: draft.nextN,
        kind,
        tempPath,
        size,
        durationMs,
        thumbTempPath,
        fileId: '',
        thumbFileId: '',
        state: 'uploading',
        progress: 0,
      };
      draft.nextN += 1;
      draft.files.push(file);
      void this.upload(file.n);
    },
    /** Uploads one file (and a video's cover) at once; a failure leaves it for a tap to retry. */
    async upload(n: number) {
      const file = draft.files.find((f) => f.n === n);
      if (!file) return;
      file.state = 'uploading';
      file.progress = 0;
      this.redraw();
      const fallback = file.kind === 'image' ? 'jpg' : file.kind === 'video' ? 'mp4' : 'mp3';
      try {
        const owner = await loadUploadOwner();
        if (!file.fileId) {
          file.fileId = await uploadToCloud(
            file.tempPath,
            reportCloudPath(owner, draft.draftId, String(n), file.tempPath, fallback),
            (p) => {
              file.progress = Math.min(99, p);
              const now = Date.now();
              if (now - lastProgressDraw > 200) {
                lastProgressDraw = now;
                this.redraw();
              }
            },
          );
        }
        if (file.kind === 'video' && file.thumbTempPath && !file.thumbFileId) {
          file.thumbFileId = await uploadToCloud(
            file.thumbTempPath,
            reportCloudPath(owner, draft.draftId, `${n}-thumb`, file.thumbTempPath, 'jpg'),
            () => undefined,
          );
        }
        file.state = 'done';
        file.progress = 100;
      } catch {
        file.state = 'failed';
      }
      if (draft.files.includes(file)) this.changed();
    },
    onTapFile(e: WechatMiniprogram.TouchEvent<object, object, { n: number }>) {
      const n = Number(e.currentTarget.dataset.n);
      const file = draft.files.find((f) => f.n === n);
      if (!file) return;
      if (file.state === 'failed') return void this.upload(n);
      if (file.kind === 'image') {
        const urls = draft.files.filter((f) => f.kind === 'image').map((f) => f.tempPath);
        wx.previewImage({ urls, current: file.tempPath });
      } else if (file.kind === 'video') {
        wx.previewMedia({ sources: [{ url: file.tempPath, type: 'video', poster: file.thumbTempPath }] });
      }
    },
    onRetryFile(e: WechatMiniprogram.TouchEvent<object, object, { n: number }>) {
      void this.upload(Number(e.currentTarget.dataset.n));
    },
    onRemoveFile(e: WechatMiniprogram.TouchEvent<object, object, { n: number }>) {
      const n = Number(e.currentTarget.dataset.n);
      const file = draft.files.find((f) => f.n === n);
      if (file?.kind === 'voice') this.stopVoice();
      draft.files = draft.files.filter((f) => f.n !== n);
      this.setData({ mediaError: '' });
      this.changed();
    },

    // ── voice ────────────────────────────────────────────────────────────
    recorderManager(): WechatMiniprogram.RecorderManager {
      if (recorder) return recorder;
      const rm = wx.getRecorderManager();
      rm.onStart(() => {
        this.setData({ recording: true, cancelling: false, holdText: holdText(true, false, 0) });
        const started = Date.now();
        if (recordTimer) clearInterval(recordTimer);
        recordTimer = setInterval(
          () => this.setData({ holdText: holdText(true, this.data.cancelling, Math.floor((Date.now() - started) / 1000)) }),
          1000,
        );
      });
      rm.onStop((res) => {
        if (recordTimer) clearInterval(recordTimer);
        recordTimer = null;
        this.setData({ recording: false, cancelling: false, holdText: holdText(false, false, 0) });
        if (recordCancelled) return;
        if (!res.tempFilePath || res.duration < 1000) return showMessage('说话时间太短', 'warning');
        const media: PickedMedia = { kind: 'voice', size: res.fileSize, durationMs: Math.round(res.duration) };
        const why = refuseMedia(media, this.counts());
        if (why) return showMessage(why, 'warning');
        this.addFile('voice', res.tempFilePath, res.fileSize, media.durationMs, '');
        this.changed();
      });
      rm.onError(() => {
        if (recordTimer) clearInterval(recordTimer);
        recordTimer = null;
        this.setData({ recording: false, cancelling: false, holdText: holdText(false, false, 0) });
        showMessage('录音失败，请检查麦克风权限');
      });
      recorder = rm;
      return rm;
    },
    onHoldStart(e: WechatMiniprogram.TouchEvent) {
      recordCancelled = false;
      recordStartY = e.touches[0]?.clientY ?? 0;
      this.recorderManager().start({ duration: 60_000, format: 'mp3', sampleRate: 16000, numberOfChannels: 1, encodeBitRate: 48000 });
    },
    onHoldMove(e: WechatMiniprogram.TouchEvent) {
      if (!this.data.recording) return;
      const y = e.touches[0]?.clientY ?? recordStartY;
      const cancelling = recordStartY - y > CANCEL_SLIDE_PX;
      if (cancelling !== this.data.cancelling)
        this.setData({ cancelling, holdText: cancelling ? holdText(true, true, 0) : '松开结束，上滑取消' });
    },
    onHoldEnd() {
      recordCancelled = this.data.cancelling;
      this.recorderManager().stop();
    },
    onHoldCancel() {
      recordCancelled = true;
      this.recorderManager().stop();
    },
    onPlayVoice() {
      const file = draft.files.find((f) => f.kind === 'voice');
      if (!file) return;
      if (this.data.playing) return this.stopVoice();
      if (!audio) {
        audio = wx.createInnerAudioContext();
        audio.onEnded(() => this.setData({ playing: false }));
        audio.onError(() => this.setData({ playing: false }));
      }
      audio.src = file.tempPath;
      audio.play();
      this.setData({ playing: true });
    },
    stopVoice() {
      audio?.stop();
      this.setData({ playing: false });
    },

    // ── the rest of the form ─────────────────────────────────────────────
    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      draft.text = e.detail.value;
      this.changed();
    },
    onOpenCategory() {
      this.setData({ categoryVisible: true });
    },
    onCloseCategory() {
      this.setData({ categoryVisible: false });
    },
    onCategory(e: WechatMiniprogram.CustomEvent<{ value: ReportCategory[] }>) {
      const value = e.detail.value[0];
      if (value && value in CATEGORY_LABELS) draft.category = value;
      this.setData({ categoryVisible: false });
      this.changed();
    },
    onSwitch(e: WechatMiniprogram.CustomEvent<{ value: boolean }, object, { field: 'urgent' | 'hideName' | 'private' }>) {
      draft[e.currentTarget.dataset.field] = e.detail.value;
      this.changed();
    },
    onPickLocation() {
      const keep = (loc: { latitude: number; longitude: number; name?: string; address?: string }) => {
        draft.location = {
          latitude: loc.latitude,
          longitude: loc.longitude,
          name: (loc.name ?? '').slice(0, 50),
          address: (loc.address ?? '').slice(0, 100),
        };
        this.changed();
      };
      wx.chooseLocation({
        success: keep,
        fail: (err: { errMsg?: string }) => {
          if (/cancel/.test(err.errMsg ?? '')) return;
          wx.getLocation({
            type: 'gcj02',
            success: (res) => keep({ latitude: res.latitude, longitude: res.longitude, name: '我的当前位置' }),
            fail: () => showMessage('没有取得位置，可以不填', 'warning'),
          });
        },
      });
    },
    onProxySwitch(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ proxyOn: e.detail.value });
      if (!e.detail.value) {
        draft.proxyName = '';
        draft.proxyPhone = '';
        draft.courtyardId = '';
        draft.courtyardName = '';
        this.changed();
      }
    },
    async onOpenCourtyard() {
      if (!this.data.courtyardOptions.length) {
        try {
          const tree = await loadScopeTree(proxyScopeId);
          courtyardIds = new Set([...tree.units].filter(([, u]) => u.type === 'courtyard').map(([id]) => id));
          this.setData({ courtyardOptions: tree.options });
        } catch {
          return showMessage('院落列表加载失败，请重试');
        }
      }
      this.setData({ courtyardVisible: true });
    },
    onCloseCourtyard() {
      this.setData({ courtyardVisible: false });
    },
    onCourtyard(e: WechatMiniprogram.CustomEvent<{ value: string; selectedOptions?: CascaderOption[] }>) {
      const id = e.detail.value;
      if (!courtyardIds.has(id)) return;
      const chosen = e.detail.selectedOptions?.[e.detail.selectedOptions.length - 1];
      draft.courtyardId = id;
      draft.courtyardName = chosen?.label ?? '';
      this.setData({ courtyardVisible: false, errors: {} });
      this.changed();
    },
    onProxyInput(e: WechatMiniprogram.CustomEvent<{ value: string }, object, { field: 'proxyName' | 'proxyPhone' }>) {
      draft[e.currentTarget.dataset.field] = e.detail.value;
      this.setData({ errors: {} });
      this.changed();
    },

    // ── submit ───────────────────────────────────────────────────────────
    payload(): ActionPayload<'reports.submit'> {
      const media: MediaInput[] = draft.files.map((f) => ({
        kind: f.kind,
        fileId: f.fileId,
        size: Math.max(1, f.size),
        ...(f.durationMs ? { durationMs: f.durationMs } : {}),
        ...(f.thumbFileId ? { thumbFileId: f.thumbFileId } : {}),
      }));
      const payload: ActionPayload<'reports.submit'> = {
        media,
        text: draft.text.trim(),
        category: draft.category,
        urgent: draft.urgent,
        hideName: draft.hideName,
        private: draft.private,
      };
      if (draft.location) {
        const { latitude, longitude, name, address } = draft.location;
        payload.location = { latitude, longitude, ...(name ? { name } : {}), ...(address ? { address } : {}) };
      }
      if (this.data.proxyOn && this.data.canProxy) {
        if (draft.courtyardId) payload.courtyardId = draft.courtyardId;
        payload.proxy = {
          residentName: draft.proxyName.trim(),
          ...(draft.proxyPhone.trim() ? { residentPhone: draft.proxyPhone.trim() } : {}),
        };
      }
      return payload;
    },
    async onSubmit() {
      if (!this.data.canSubmit || this.data.submitting) return;
      // The moment a resident wants to hear back, and WeChat opens the sheet only inside a tap:
      // ask now, before the first await, and tell the backend once the report is in.
      subscribed ??= requestSubscribe(['report_status']);
      this.setData({ submitting: true, errors: {} });
      let id = '';
      try {
        // The draft's requestId: a retry after a lost reply gets the first answer, not a second report.
        const res = await call('reports.submit', this.payload(), { requestId: draft.requestId, silent: true });
        id = res.id;
      } catch (err) {
        const errors = fieldErrors(err, { media: 'media', 'proxy.residentName': 'residentName', 'proxy.residentPhone': 'residentPhone' });
        this.setData({ submitting: false, errors, mediaError: errors.media ?? '' });
        showMessage(errorMessage(err));
        return;
      }
      clearDraft();
      draft = newDraft();
      showMessage('已上报', 'success');
      if (subscribed) await recordSubscribe(await subscribed);
      subscribed = null;
      this.setData({ submitting: false });
      wx.redirectTo({ url: `/packages/reports/pages/detail/index?id=${id}&fresh=1` });
    },
  },
});
