import type { ActionName, ActionPayload } from '../../../../../contracts';
import type { MediaInput, ReportDetail } from '../../../../../contracts/reports';
import { call } from '../../../../services/api';
import { ApiCallError, errorMessage } from '../../../../services/api-error';
import { newRequestId } from '../../../../services/request-id';
import { showMessage } from '../../../../services/toast';
import { fieldErrors } from '../../../../utils/field-errors';
import { CATEGORY_LABELS } from '../../../../services/report-labels';
import { uploadToCloud } from '../../../../services/cloud-upload';
import { extensionOf, MEDIA_LIMITS, uploadOwner } from '../../../../services/upload-queue';

/**
 * What a handler (grid worker, property manager, community or street staff) may do with a
 * report, drawn from the `can` of the ReportDetail the page passes in: exactly the buttons the
 * backend allows, each asking what its action needs. After a move the panel emits `changed`
 * with the ReportDetail the backend returned (`e.detail` is that ReportDetail).
 *
 *   <handler-panel report="{{report}}" bind:changed="onChanged" />
 */

type Move = 'accept' | 'reject' | 'markDuplicate' | 'dispatch' | 'start' | 'resolve' | 'transfer';
type Dialog = '' | 'accept' | 'reject' | 'duplicate' | 'assign' | 'resolve';
type PhotoState = 'uploading' | 'done' | 'failed';

interface PhotoRow {
  key: string;
  path: string;
  percent: number;
  state: PhotoState;
}

/** What the panel keeps but does not draw. */
interface Inner {
  /** One requestId per move until the backend answers it: a retry after a lost reply is the same request. */
  requestIds: Partial<Record<Move, string>>;
  photos: Map<string, { path: string; size: number; fileId: string; n: number }>;
  photoSeq: number;
  /** Candidates for 标记重复, by id. */
  candidates: Array<{ id: string; no: string }>;
}

const inners = new WeakMap<object, Inner>();
function inner(self: object): Inner {
  let s = inners.get(self);
  if (!s) {
    s = { requestIds: {}, photos: new Map(), photoSeq: 0, candidates: [] };
    inners.set(self, s);
  }
  return s;
}

const NO_MOVES: Record<Move, boolean> = {
  accept: false,
  reject: false,
  markDuplicate: false,
  dispatch: false,
  start: false,
  resolve: false,
  transfer: false,
};

Component({
  properties: {
    report: { type: Object, value: null as unknown as ReportDetail },
  },
  data: {
    moves: NO_MOVES,
    anyMove: false,
    dialog: '' as Dialog,
    busy: false,
    errorText: '',
    acceptKind: 'normal' as 'normal' | 'complex',
    dupNo: '',
    dupChoice: '',
    dupOptions: [] as Array<{ value: string; label: string }>,
    dupLoading: false,
    assignMode: 'dispatch' as 'dispatch' | 'transfer',
    handlerChoice: '',
    handlerOptions: [] as Array<{ value: string; label: string }>,
    handlersLoading: false,
    assignNote: '',
    resolveNote: '',
    photos: [] as PhotoRow[],
    maxPhotos: MEDIA_LIMITS.afterImages,
  },
  observers: {
    report(report: ReportDetail | null) {
      const can = report?.can;
      const moves: Record<Move, boolean> = can
        ? {
            accept: can.accept,
            reject: can.reject,
            markDuplicate: can.markDuplicate,
            dispatch: can.dispatch,
            start: can.start,
            resolve: can.resolve,
            transfer: can.transfer,
          }
        : NO_MOVES;
      this.setData({ moves, anyMove: Object.values(moves).some(Boolean) });
    },
  },
  lifetimes: {
    detached() {
      inners.delete(this);
    },
  },
  methods: {
    reportId(): string {
      return (this.data.report as ReportDetail | null)?.id ?? '';
    },

    /** Runs one move: the same requestId until the backend has answered, then `changed` with the new detail. */
    async run<A extends ActionName>(move: Move, action: A, payload: ActionPayload<A>, done: string): Promise<boolean> {
      if (this.data.busy) return false;
      const s = inner(this);
      const requestId = (s.requestIds[move] ??= newRequestId());
      this.setData({ busy: true, errorText: '' });
      try {
        const detail = (await call(action, payload, { silent: true, requestId })) as unknown as ReportDetail;
        delete s.requestIds[move];
        this.setData({ busy: false, dialog: '' });
        showMessage(done, 'success');
        this.triggerEvent('changed', detail);
        return true;
      } catch (err) {
        // Answered (refused): a new attempt is a new request. Not delivered: keep the id for the retry.
        if (!(err instanceof ApiCallError && err.code === 'NETWORK')) delete s.requestIds[move];
        const fields = fieldErrors(err);
        const text = Object.values(fields)[0] ?? errorMessage(err);
        if (this.data.dialog) this.setData({ busy: false, errorText: text });
        else {
          this.setData({ busy: false });
          showMessage(text);
        }
        return false;
      }
    },
    onCloseDialog() {
      if (!this.data.busy) this.setData({ dialog: '', errorText: '' });
    },
    onPopupVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.onCloseDialog();
    },

    // 受理
    onAccept() {
      this.setData({ dialog: 'accept', acceptKind: 'normal', errorText: '' });
    },
    onAcceptKind(e: WechatMiniprogram.CustomEvent<{ value: 'normal' | 'complex' }>) {
      this.setData({ acceptKind: e.detail.value });
    },
    onConfirmAccept() {
      void this.run('accept', 'reports.accept', { id: this.reportId(), complex: this.data.acceptKind === 'complex' }, '已受理');
    },

    // 不予受理
    onReject() {
      this.setData({ dialog: 'reject', errorText: '' });
    },
    onConfirmReject(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const reason = e.detail.value;
      if (reason.length < 2) {
        this.setData({ errorText: '请写明不予受理的原因' });
        return;
      }
      void this.run('reject', 'reports.reject', { id: this.reportId(), reason }, '已不予受理');
    },

    // 开始处置
    onStart() {
      void this.run('start', 'reports.start', { id: this.reportId() }, '已开始处置');
    },

    // 标记重复: by the other report's number, or picked from my open reports and the grid's public ones.
    async onDuplicate() {
      this.setData({ dialog: 'duplicate', errorText: '', dupNo: '', dupChoice: '', dupOptions: [], dupLoading: true });
      const report = this.data.report as ReportDetail | null;
      const gridId = report?.place.grid.id;
      const [tasks, nearby] = await Promise.all([
        call('reports.tasks', { filter: 'all', limit: 50 }, { silent: true }).catch(() => null),
        gridId ? call('reports.public', { unitId: gridId, limit: 50 }, { silent: true }).catch(() => null) : Promise.resolve(null),
      ]);
      const seen = new Set([this.reportId()]);
      const others = [...(tasks?.items ?? []), ...(nearby?.items ?? [])].filter((r) => {
        if (seen.has(r.id)) return false;
        seen.add(r.id);
        return true;
      });
      inner(this).candidates = others.map((r) => ({ id: r.id, no: r.no }));
      this.setData({
        dupLoading: false,
        dupOptions: others.map((r) => ({
          value: r.id,
          label: `${r.no} · ${CATEGORY_LABELS[r.category]} · ${r.snippet || r.place}`,
        })),
      });
    },
    onDupNo(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ dupNo: (e.detail.value ?? '').trim(), dupChoice: '' });
    },
    onDupChoice(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ dupChoice: e.detail.value, dupNo: '' });
    },
    onConfirmDuplicate() {
      if (this.data.busy) return;
      let ofId = this.data.dupChoice;
      const typed = this.data.dupNo;
      if (!ofId && typed) {
        // The number is read out (R + 6 letters); the list holds my tasks and the grid's public reports.
        ofId = inner(this).candidates.find((c) => c.no.toUpperCase() === typed.toUpperCase() || c.id === typed)?.id ?? '';
        if (!ofId) {
          this.setData({ errorText: `在我的待办和本网格的问题中没有找到编号 ${typed}` });
          return;
        }
      }
      if (!ofId) {
        this.setData({ errorText: '请输入另一件问题的编号，或从列表中选择' });
        return;
      }
      if (ofId === this.reportId()) {
        this.setData({ errorText: '不能标记为与自己重复' });
        return;
      }
      void this.run('markDuplicate', 'reports.markDuplicate', { id: this.reportId(), ofId }, '已标记为重复问题');
    },

    // 派单 / 转交: to one of the handlers the backend offers.
    onDispatch() {
      void this.openAssign('dispatch');
    },
    onTransfer() {
      void this.openAssign('transfer');
    },
    async openAssign(mode: 'dispatch' | 'transfer') {
      this.setData({
        dialog: 'assign',
        assignMode: mode,
        errorText: '',
        handlerChoice: '',
        assignNote: '',
        handlerOptions: [],
        handlersLoading: true,
      });
      try {
        const { items } = await call('reports.handlers', { id: this.reportId() }, { silent: true });
        this.setData({
          handlersLoading: false,
          handlerOptions: items.map((h) => ({ value: h.openid, label: `${h.name}（${h.duty}）` })),
          errorText: items.length ? '' : '没有可以选择的处理人员',
        });
      } catch (err) {
        this.setData({ handlersLoading: false, errorText: errorMessage(err) });
      }
    },
    onHandlerChoice(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ handlerChoice: e.detail.value });
    },
    onAssignNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ assignNote: e.detail.value ?? '' });
    },
    onConfirmAssign() {
      const toUserId = this.data.handlerChoice;
      const text = this.data.assignNote.trim();
      if (!toUserId) {
        this.setData({ errorText: this.data.assignMode === 'dispatch' ? '请选择派给谁' : '请选择转交给谁' });
        return;
      }
      if (this.data.assignMode === 'transfer') {
        if (text.length < 2) {
          this.setData({ errorText: '请写明转交原因' });
          return;
        }
        void this.run('transfer', 'reports.transfer', { id: this.reportId(), toUserId, reason: text }, '已转交');
      } else {
        void this.run('dispatch', 'reports.dispatch', { id: this.reportId(), toUserId, note: text }, '已派单');
      }
    },

    // 反馈处理结果: a note and at least one photo taken after the work.
    onResolve() {
      this.setData({ dialog: 'resolve', errorText: '' });
    },
    onResolveNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ resolveNote: e.detail.value ?? '' });
    },
    async onAddPhotos() {
      const room = MEDIA_LIMITS.afterImages - this.data.photos.length;
      if (room <= 0) return;
      let picked: WechatMiniprogram.ChooseMediaSuccessCallbackResult;
      try {
        picked = await wx.chooseMedia({ count: room, mediaType: ['image'], sourceType: ['camera', 'album'], sizeType: ['compressed'] });
      } catch {
        return; // Cancelled.
      }
      const s = inner(this);
      const added: PhotoRow[] = [];
      for (const f of picked.tempFiles.slice(0, room)) {
        if (f.size > MEDIA_LIMITS.imageBytes) {
          showMessage('照片不能超过 10 MB');
          continue;
        }
        s.photoSeq += 1;
        const key = `p${s.photoSeq}`;
        s.photos.set(key, { path: f.tempFilePath, size: f.size, fileId: '', n: s.photoSeq });
        added.push({ key, path: f.tempFilePath, percent: 0, state: 'uploading' });
      }
      if (!added.length) return;
      this.setData({ photos: [...this.data.photos, ...added], errorText: '' });
      added.forEach((p) => void this.upload(p.key));
    },
    async upload(key: string) {
      const photo = inner(this).photos.get(key);
      if (!photo) return;
      this.patchPhoto(key, { state: 'uploading', percent: 0 });
      try {
        // The contract's folder for a handler's files: reports/<my OPENID>/<report id>-after/<n>.jpg
        const cloudPath = `reports/${uploadOwner()}/${this.reportId()}-after/${photo.n}.${extensionOf(photo.path, 'jpg')}`;
        photo.fileId = await uploadToCloud(photo.path, cloudPath, (percent) => this.patchPhoto(key, { percent }));
        this.patchPhoto(key, { state: 'done', percent: 100 });
      } catch {
        if (inner(this).photos.has(key)) this.patchPhoto(key, { state: 'failed' });
      }
    },
    patchPhoto(key: string, patch: Partial<PhotoRow>) {
      const i = this.data.photos.findIndex((p) => p.key === key);
      if (i < 0) return;
      const row = this.data.photos[i]!;
      // A progress report that changes nothing is not drawn again.
      if (patch.state === undefined && patch.percent === row.percent) return;
      this.setData({ [`photos[${i}]`]: { ...row, ...patch } });
    },
    onRetryPhoto(e: WechatMiniprogram.CustomEvent<object, object, { key: string }>) {
      this.setData({ errorText: '' });
      void this.upload(e.currentTarget.dataset.key);
    },
    onRemovePhoto(e: WechatMiniprogram.CustomEvent<object, object, { key: string }>) {
      const key = e.currentTarget.dataset.key;
      inner(this).photos.delete(key);
      this.setData({ photos: this.data.photos.filter((p) => p.key !== key) });
    },
    onPreviewPhoto(e: WechatMiniprogram.CustomEvent<object, object, { key: string }>) {
      const urls = this.data.photos.map((p) => p.path);
      const current = this.data.photos.find((p) => p.key === e.currentTarget.dataset.key)?.path ?? urls[0] ?? '';
      wx.previewImage({ urls, current }).catch(() => undefined);
    },
    onConfirmResolve() {
      const note = this.data.resolveNote.trim();
      const photos = this.data.photos;
      let problem = '';
      if (note.length < 2) problem = '请写明处理情况';
      else if (!photos.length) problem = '请上传处理后的照片';
      else if (photos.some((p) => p.state === 'uploading')) problem = '照片还在上传，请稍候';
      else if (photos.some((p) => p.state === 'failed')) problem = '有照片上传失败，请点重试或删除';
      if (problem) {
        this.setData({ errorText: problem });
        return;
      }
      const s = inner(this);
      const media: MediaInput[] = photos.map((p) => {
        const f = s.photos.get(p.key)!;
        return { kind: 'image', fileId: f.fileId, size: f.size };
      });
      void this.run('resolve', 'reports.resolve', { id: this.reportId(), note, media }, '已反馈处理结果').then((ok) => {
        if (!ok) return;
        s.photos.clear();
        this.setData({ photos: [], resolveNote: '' });
      });
    },
  },
});
