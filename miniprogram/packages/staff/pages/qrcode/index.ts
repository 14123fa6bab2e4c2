import type { ActionResult } from '../../../../../contracts';
import { call } from '../../../../services/api';
import { ApiCallError } from '../../../../services/api-error';
import { loadScopeTree, type CascaderOption, type ScopeTree } from '../../../../services/org-picker';
import { SAVE_MESSAGES, saveImageToAlbum } from '../../../../services/save-image';
import { getMe } from '../../../../services/session';
import { staffGrant } from '../../../../services/staff';
import { showMessage } from '../../../../services/toast';
import { fieldErrors } from '../../../../utils/field-errors';
import { loadablePage } from '../../../../behaviors/loadable-page';
import { formatTime } from '../../../../utils/time';

type JoinCode = ActionResult<'joinCode.create'>;
type TargetType = JoinCode['target']['type'];

function codeRow(c: JoinCode) {
  return { code: c.code, targetName: c.target.name, label: c.label, createdAt: formatTime(c.createdAt), revoked: c.revoked };
}
function shownView(c: JoinCode) {
  return { code: c.code, targetName: c.target.name, label: c.label, url: c.tempUrl };
}

let unitId = '';
let tree: ScopeTree | null = null;
let preset: { type: TargetType; id: string } | null = null;
let codes = new Map<string, JoinCode>();
let shownCode: JoinCode | null = null;
let nextCursor: string | null = null;

Component({
  behaviors: [loadablePage],
  data: {
    target: { type: '' as TargetType | '', id: '', name: '' },
    label: '',
    formError: '',
    creating: false,
    shown: null as ReturnType<typeof shownView> | null,
    saving: false,
    codes: [] as Array<ReturnType<typeof codeRow>>,
    hasMore: false,
    loadingMore: false,
    pickerVisible: false,
    options: [] as CascaderOption[],
  },
  methods: {
    /** Opened from the org tree with a target already chosen, or from 我的 to choose one. */
    onLoad(query: Record<string, string | undefined>) {
      const type = query.targetType;
      const id = decodeURIComponent(query.targetId ?? '');
      preset = (type === 'community' || type === 'courtyard') && id ? { type, id } : null;
      unitId = '';
      tree = null;
      shownCode = null;
      this.startLoading();
    },
    async fetchData() {
      if (!unitId) {
        const grant = staffGrant(await getMe(), 'qrcode');
        if (!grant) throw new ApiCallError('FORBIDDEN', '您没有生成二维码的权限');
        unitId = grant.scopeId;
      }
      const [list, scope] = await Promise.all([
        call('joinCode.list', { unitId }, { silent: true }),
        tree ? Promise.resolve(tree) : loadScopeTree(unitId),
      ]);
      tree = scope;
      codes = new Map(list.items.map((c) => [c.code, c]));
      nextCursor = list.nextCursor;
      const presetUnit = preset ? tree.units.get(preset.id) : undefined;
      this.setData({
        status: 'ready',
        errorText: '',
        options: tree.options,
        codes: list.items.map(codeRow),
        hasMore: nextCursor !== null,
        ...(preset && presetUnit ? { target: { type: preset.type, id: preset.id, name: presetUnit.name } } : {}),
      });
    },
    async onLoadMore() {
      if (!nextCursor || this.data.loadingMore) return;
      this.setData({ loadingMore: true });
      try {
        const list = await call('joinCode.list', { unitId, cursor: nextCursor });
        list.items.forEach((c) => codes.set(c.code, c));
        nextCursor = list.nextCursor;
        this.setData({ codes: [...codes.values()].map(codeRow), hasMore: nextCursor !== null });
      } catch {
        // call() has told the person.
      }
      this.setData({ loadingMore: false });
    },

    onOpenPicker() {
      this.setData({ pickerVisible: true });
    },
    onClosePicker() {
      this.setData({ pickerVisible: false });
    },
    onTarget(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ pickerVisible: false });
      const unit = tree?.units.get(e.detail.value);
      if (!unit) return;
      if (unit.type !== 'community' && unit.type !== 'courtyard') {
        this.setData({ formError: '二维码只能对应一个社区或一个院落' });
        return;
      }
      this.setData({ target: { type: unit.type, id: e.detail.value, name: unit.name }, formError: '' });
    },
    onLabelInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ label: e.detail.value ?? '' });
    },

    async onCreate() {
      const { target, label } = this.data;
      if (!target.type) {
        this.setData({ formError: '请选择社区或院落' });
        return;
      }
      this.setData({ creating: true, formError: '' });
      try {
        const created = await call(
          'joinCode.create',
          { targetType: target.type, targetId: target.id, ...(label.trim() ? { label: label.trim() } : {}) },
          { silent: true },
        );
        codes = new Map([[created.code, created], ...codes]);
        shownCode = created;
        this.setData({ creating: false, label: '', shown: shownView(created), codes: [...codes.values()].map(codeRow) });
        showMessage('已生成，可保存到相册打印', 'success');
      } catch (err) {
        const f = fieldErrors(err);
        this.setData({ creating: false, formError: f.label ?? (err instanceof ApiCallError ? err.message : '生成失败') });
      }
    },
    onShowCode(e: WechatMiniprogram.CustomEvent<object, object, { code: string }>) {
      const c = codes.get(e.currentTarget.dataset.code);
      if (!c || c.revoked) return;
      shownCode = c;
      this.setData({ shown: shownView(c) });
      wx.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
    },
    async onSave() {
      if (!shownCode || this.data.saving) return;
      this.setData({ saving: true });
      const outcome = await saveImageToAlbum(shownCode.fileId, shownCode.tempUrl);
      this.setData({ saving: false });
      if (outcome === 'needs-permission') {
        const res = await wx.showModal({
          title: '需要相册权限',
          content: '请在设置中允许“保存到相册”，然后再试一次。',
          confirmText: '去设置',
        });
        if (res.confirm) wx.openSetting({});
        return;
      }
      showMessage(SAVE_MESSAGES[outcome], outcome === 'saved' ? 'success' : outcome === 'cancelled' ? 'warning' : 'error');
    },
    async onRevoke(e: WechatMiniprogram.CustomEvent<object, object, { code: string }>) {
      const code = e.currentTarget.dataset.code;
      const ok = await wx.showModal({
        title: '作废二维码',
        content: `作废后扫描编号 ${code} 的二维码将提示已失效，已张贴的海报需要更换。`,
        confirmText: '作废',
        confirmColor: '#d54941',
      });
      if (!ok.confirm) return;
      try {
        const revoked = await call('joinCode.revoke', { code });
        codes.set(code, revoked);
        if (shownCode?.code === code) {
          shownCode = null;
          this.setData({ shown: null });
        }
        this.setData({ codes: [...codes.values()].map(codeRow) });
        showMessage('已作废', 'success');
      } catch {
        // call() has told the person.
      }
    },
  },
});
