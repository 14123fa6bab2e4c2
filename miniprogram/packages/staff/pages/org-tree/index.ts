import type { ActionResult } from '../../../../../contracts';
import { call } from '../../../../services/api';
import { ApiCallError } from '../../../../services/api-error';
import { loadScopeTree, type CascaderOption, type ScopeTree } from '../../../../services/org-picker';
import { getMe } from '../../../../services/session';
import { staffGrant } from '../../../../services/staff';
import { showMessage } from '../../../../services/toast';
import { fieldErrors } from '../../../../utils/field-errors';
import { loadablePage } from '../../../../behaviors/loadable-page';

type Level = ActionResult<'org.children'>;
type UnitType = Level['unit']['type'];

const TYPE_LABELS: Record<UnitType, string> = { street: '街道', community: '社区', grid: '网格', microgrid: '微网格', courtyard: '院落' };
const CHILD_TYPE: Record<UnitType, UnitType | ''> = {
  street: 'community',
  community: 'grid',
  grid: 'microgrid',
  microgrid: 'courtyard',
  courtyard: '',
};
/** What a unit may be moved under (within its community): a micro-grid to a grid, a courtyard to a micro-grid. */
const MOVE_PARENT: Partial<Record<UnitType, UnitType>> = { microgrid: 'grid', courtyard: 'microgrid' };

let rootId = '';
let currentId = '';
let level: Level | null = null;
let editingId = '';
let movingId = '';
let moveTree: ScopeTree | null = null;

Component({
  behaviors: [loadablePage],
  data: {
    crumbs: [] as Array<{ id: string; name: string }>,
    unit: { id: '', name: '', type: 'street' as UnitType, typeLabel: '' },
    childType: '' as UnitType | '',
    childTypeLabel: '',
    children: [] as Array<{ id: string; name: string; description: string }>,
    dialog: '' as '' | 'create' | 'rename',
    dialogTitle: '',
    dialogValue: '',
    dialogError: '',
    busy: false,
    movePickerVisible: false,
    moveOptions: [] as CascaderOption[],
    moveTitle: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      currentId = decodeURIComponent(query.unitId ?? '');
      rootId = '';
      this.startLoading();
    },
    async fetchData() {
      if (!rootId) {
        const grant = staffGrant(await getMe(), 'orgTree');
        if (!grant) throw new ApiCallError('FORBIDDEN', '您没有维护组织架构的权限');
        rootId = grant.scopeId;
        currentId ||= rootId;
      }
      level = await call('org.children', { unitId: currentId }, { silent: true });
      const u = level.unit;
      // The breadcrumb starts at the staff member's own unit: above it they may look but not edit.
      const path = [...level.ancestors.map((a) => ({ id: a.id, name: a.name })), { id: u.id, name: u.name }];
      const from = Math.max(
        0,
        path.findIndex((p) => p.id === rootId),
      );
      const childType = CHILD_TYPE[u.type];
      this.setData({
        status: 'ready',
        errorText: '',
        crumbs: path.slice(from),
        unit: { id: u.id, name: u.name, type: u.type, typeLabel: TYPE_LABELS[u.type] },
        childType,
        childTypeLabel: childType ? TYPE_LABELS[childType] : '',
        children: level.children.map((c) => ({
          id: c.id,
          name: c.name,
          description: c.type === 'courtyard' ? '院落' : `${TYPE_LABELS[c.type]} · 下级 ${c.children} 个`,
        })),
      });
    },
    go(unitId: string) {
      currentId = unitId;
      this.setData({ status: 'loading' });
      void this.load();
    },
    onCrumb(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      if (e.currentTarget.dataset.id !== currentId) this.go(e.currentTarget.dataset.id);
    },
    onOpenChild(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      this.go(e.currentTarget.dataset.id);
    },

    async onChildMenu(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      const child = level?.children.find((c) => c.id === e.currentTarget.dataset.id);
      if (!child) return;
      const items: Array<[string, () => void]> = [['重命名', () => this.openRename(child.id, child.name)]];
      if (MOVE_PARENT[child.type])
        items.push(['移到其他' + TYPE_LABELS[MOVE_PARENT[child.type]!], () => void this.openMove(child.id, child.type)]);
      if (child.type === 'courtyard') items.push(['三合一负责人', () => this.openContacts(child.id)]);
      if (child.type === 'courtyard' || child.type === 'community') items.push(['入驻二维码', () => this.openQrcode(child.type, child.id)]);
      items.push(['删除', () => void this.remove(child.id, child.name)]);
      try {
        const res = await wx.showActionSheet({ itemList: items.map(([label]) => label) });
        items[res.tapIndex]?.[1]();
      } catch {
        // Cancelled.
      }
    },

    onCreate() {
      editingId = currentId;
      this.setData({
        dialog: 'create',
        dialogTitle: `在${this.data.unit.name}下新建${this.data.childTypeLabel}`,
        dialogValue: '',
        dialogError: '',
      });
    },
    onRename() {
      this.openRename(this.data.unit.id, this.data.unit.name);
    },
    openRename(unitId: string, name: string) {
      editingId = unitId;
      this.setData({ dialog: 'rename', dialogTitle: '重命名', dialogValue: name, dialogError: '' });
    },
    onCancelDialog() {
      if (!this.data.busy) this.setData({ dialog: '' });
    },
    async onConfirmName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const name = e.detail.value;
      this.setData({ busy: true, dialogError: '' });
      try {
        if (this.data.dialog === 'create') await call('org.createUnit', { parentId: editingId, name }, { silent: true });
        else await call('org.renameUnit', { unitId: editingId, name }, { silent: true });
        showMessage(this.data.dialog === 'create' ? '已新建' : '已重命名', 'success');
        this.setData({ busy: false, dialog: '' });
        moveTree = null;
        await this.load();
      } catch (err) {
        this.setData({ busy: false, dialogError: fieldErrors(err).name ?? (err instanceof ApiCallError ? err.message : '保存失败') });
      }
    },

    async openMove(unitId: string, type: UnitType) {
      movingId = unitId;
      const communityId = type === 'community' ? unitId : (level?.ancestors.find((a) => a.type === 'community')?.id ?? currentId);
      try {
        moveTree ??= await loadScopeTree(communityId);
        this.setData({ moveOptions: moveTree.options, moveTitle: `移到哪个${TYPE_LABELS[MOVE_PARENT[type]!]}`, movePickerVisible: true });
      } catch (err) {
        showMessage(err instanceof ApiCallError ? err.message : '加载失败');
      }
    },
    onCloseMovePicker() {
      this.setData({ movePickerVisible: false });
    },
    async onMoveTarget(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ movePickerVisible: false });
      const moving = level?.children.find((c) => c.id === movingId);
      const target = moveTree?.units.get(e.detail.value);
      if (!moving || !target) return;
      const wanted = MOVE_PARENT[moving.type];
      if (target.type !== wanted) {
        showMessage(`请选择一个${TYPE_LABELS[wanted!]}`, 'warning');
        return;
      }
      try {
        await call('org.moveUnit', { unitId: movingId, newParentId: e.detail.value });
        showMessage(`已移到${target.name}`, 'success');
        moveTree = null;
        await this.load();
      } catch {
        // call() has told the person.
      }
    },

    async remove(unitId: string, name: string) {
      const ok = await wx.showModal({
        title: '删除',
        content: `确定删除「${name}」吗？有下级、居民或待审核登记的单位不能删除。`,
        confirmText: '删除',
        confirmColor: '#d54941',
      });
      if (!ok.confirm) return;
      try {
        await call('org.deleteUnit', { unitId });
        showMessage('已删除', 'success');
        moveTree = null;
        await this.load();
      } catch {
        // call() has told the person why (e.g. residents still live there).
      }
    },

    onContacts() {
      this.openContacts(this.data.unit.id);
    },
    openContacts(courtyardId: string) {
      wx.navigateTo({ url: `/packages/staff/pages/three-in-one/index?courtyardId=${encodeURIComponent(courtyardId)}` });
    },
    onQrcode() {
      this.openQrcode(this.data.unit.type, this.data.unit.id);
    },
    openQrcode(type: UnitType, id: string) {
      wx.navigateTo({ url: `/packages/staff/pages/qrcode/index?targetType=${type}&targetId=${encodeURIComponent(id)}` });
    },
  },
});
