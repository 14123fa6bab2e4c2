import type { ActionResult } from '../../../../../contracts';
import type { Role, ScopeType } from '../../../../../contracts/common';
import { call } from '../../../../services/api';
import { ApiCallError } from '../../../../services/api-error';
import { placeLine, STATUS_TAGS } from '../../../../services/identity-labels';
import { loadScopeTree, type CascaderOption, type ScopeTree } from '../../../../services/org-picker';
import { ROLE_LABELS } from '../../../../services/roles';
import { getMe } from '../../../../services/session';
import { staffGrant } from '../../../../services/staff';
import { showMessage } from '../../../../services/toast';
import { fieldErrors } from '../../../../utils/field-errors';
import { failedState } from '../../../../utils/load-state';
import { loadablePage } from '../../../../behaviors/loadable-page';

type Grantable = ActionResult<'roles.options'>['grantable'][number];
type HeldRole = ActionResult<'roles.grant'>['roles'][number];

const SCOPE_LABELS: Record<ScopeType, string> = {
  street: '街道',
  community: '社区',
  grid: '网格',
  microgrid: '微网格',
  courtyard: '院落',
  project: '改造项目',
  merchant: '商家',
  organisation: '社会组织',
};
const ORG_SCOPES: readonly ScopeType[] = ['street', 'community', 'grid', 'microgrid', 'courtyard'];

interface Person {
  userId: string;
  name: string;
  phoneMasked: string;
  place: string;
  status: string;
  roles: HeldRole[];
}

const roleKeyOf = (r: HeldRole) => `${r.role}:${r.scopeType}:${r.scopeId}`;
const roleTitleOf = (r: HeldRole) => `${ROLE_LABELS[r.role]} · ${r.scopeName || r.scopeId}`;

function personRow(p: Person) {
  const working = p.roles.filter((r) => r.role !== 'resident');
  return {
    userId: p.userId,
    name: p.name,
    phoneMasked: p.phoneMasked,
    summary: working.length ? working.map(roleTitleOf).join('、') : p.status,
  };
}

const EMPTY_GRANT = {
  role: '' as Role | '',
  orgScope: false,
  scopeType: '' as ScopeType | '',
  scopeId: '',
  scopeName: '',
  scopeHint: '',
  reason: '',
};

// Everything a decision needs but the page does not draw.
let unitId = '';
let grantable: Grantable[] = [];
let people = new Map<string, Person>();
let nextCursor: string | null = null;
let searchedQuery = '';
let tree: ScopeTree | null = null;
let revokingRole: HeldRole | null = null;

Component({
  behaviors: [loadablePage],
  data: {
    scopeName: '',
    query: '',
    searched: false,
    emptyText: '',
    people: [] as Array<ReturnType<typeof personRow>>,
    hasMore: false,
    loadingMore: false,
    grantable: [] as Array<{ role: Role; roleName: string }>,
    selected: null as null | {
      userId: string;
      name: string;
      phoneMasked: string;
      place: string;
      roles: Array<{ key: string; title: string; revocable: boolean }>;
    },
    grant: { ...EMPTY_GRANT },
    grantError: '',
    scopePickerVisible: false,
    scopeOptions: [] as CascaderOption[],
    revoking: '',
    revokeMessage: '',
    revokeError: '',
    busy: false,
  },
  methods: {
    onLoad() {
      this.startLoading();
    },
    onReachBottom() {
      void this.onLoadMore();
    },

    async fetchData() {
      if (!unitId) {
        const grant = staffGrant(await getMe(), 'roles');
        if (!grant) throw new ApiCallError('FORBIDDEN', '您没有授权的权限');
        unitId = grant.scopeId;
        this.setData({ scopeName: grant.scopeName });
      }
      const options = await call('roles.options', {}, { silent: true });
      grantable = options.grantable;
      this.setData({ grantable: grantable.map((g) => ({ role: g.role, roleName: g.roleName })) });
      await this.fetch(false);
    },

    /** The current staff of the scope, or the people matching the search. */
    async fetch(more: boolean) {
      const cursor = more ? (nextCursor ?? undefined) : undefined;
      let found: Person[];
      if (searchedQuery) {
        const page = await call('residents.search', { unitId, q: searchedQuery, cursor }, { silent: !more });
        nextCursor = page.nextCursor;
        found = page.items.map((p) => ({
          userId: p.userId,
          name: p.realName || p.nickname,
          phoneMasked: p.phoneMasked,
          place: p.place ? `${placeLine(p.place)}${p.address ? ` ${p.address.text}` : ''}` : '',
          status: STATUS_TAGS[p.status].label,
          roles: p.roles,
        }));
      } else {
        const page = await call('roles.holders', { unitId, cursor }, { silent: !more });
        nextCursor = page.nextCursor;
        found = page.items.map((p) => ({
          userId: p.userId,
          name: p.name,
          phoneMasked: p.phoneMasked,
          place: '',
          status: '',
          roles: p.roles,
        }));
      }
      if (!more) people = new Map();
      found.forEach((p) => people.set(p.userId, p));
      const rows = [...people.values()].map(personRow);
      this.setData({
        status: rows.length ? 'ready' : 'empty',
        errorText: '',
        searched: !!searchedQuery,
        emptyText: searchedQuery ? `没有找到“${searchedQuery}”，请确认对方已在本范围内登记` : '还没有工作人员',
        people: rows,
        hasMore: nextCursor !== null,
      });
    },
    async onLoadMore() {
      if (!nextCursor || this.data.loadingMore) return;
      this.setData({ loadingMore: true });
      try {
        await this.fetch(true);
      } catch {
        // call() has told the person.
      }
      this.setData({ loadingMore: false });
    },

    onQueryChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ query: e.detail.value ?? '' });
    },
    async onSearch() {
      searchedQuery = this.data.query.trim();
      this.setData({ status: 'loading' });
      try {
        await this.fetch(false);
      } catch (err) {
        this.setData(failedState(err));
      }
    },
    onClearSearch() {
      this.setData({ query: '' });
      void this.onSearch();
    },

    /** Shows one person in the sheet; only roles this staff member could grant can be revoked here. */
    show(p: Person) {
      const canGrant = new Set(grantable.map((g) => g.role));
      this.setData({
        selected: {
          userId: p.userId,
          name: p.name,
          phoneMasked: p.phoneMasked,
          place: p.place,
          roles: p.roles.map((r) => ({ key: roleKeyOf(r), title: roleTitleOf(r), revocable: canGrant.has(r.role) })),
        },
      });
    },
    onSelect(e: WechatMiniprogram.CustomEvent<object, object, { id: string }>) {
      const p = people.get(e.currentTarget.dataset.id);
      if (!p) return;
      this.show(p);
      this.setData({ grant: { ...EMPTY_GRANT }, grantError: '' });
    },
    onPopupVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.setData({ selected: null });
    },

    async onGrantRole(e: WechatMiniprogram.CustomEvent<{ value: Role }>) {
      const option = grantable.find((g) => g.role === e.detail.value);
      if (!option) return;
      const orgScope = option.scopeTypes.some((t) => ORG_SCOPES.includes(t));
      this.setData({
        grant: {
          ...this.data.grant,
          role: option.role,
          orgScope,
          scopeType: orgScope ? '' : (option.scopeTypes[0] ?? ''),
          scopeId: '',
          scopeName: '',
          scopeHint: `可选范围：${option.scopeTypes.map((t) => SCOPE_LABELS[t]).join('、')}`,
        },
        grantError: '',
      });
      if (orgScope && !tree) {
        try {
          tree = await loadScopeTree(unitId);
          this.setData({ scopeOptions: tree.options });
        } catch (err) {
          this.setData({ grantError: err instanceof ApiCallError ? err.message : '范围加载失败' });
        }
      }
    },
    onOpenScopePicker() {
      if (tree) this.setData({ scopePickerVisible: true });
    },
    onCloseScopePicker() {
      this.setData({ scopePickerVisible: false });
    },
    onScopeChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const option = grantable.find((g) => g.role === this.data.grant.role);
      const unit = tree?.units.get(e.detail.value);
      this.setData({ scopePickerVisible: false });
      if (!option || !unit) return;
      if (!option.scopeTypes.includes(unit.type)) {
        this.setData({ grantError: `${option.roleName}的范围须为${option.scopeTypes.map((t) => SCOPE_LABELS[t]).join('或')}` });
        return;
      }
      this.setData({ 'grant.scopeType': unit.type, 'grant.scopeId': e.detail.value, 'grant.scopeName': unit.name, grantError: '' });
    },
    onScopeIdInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'grant.scopeId': (e.detail.value ?? '').trim() });
    },
    onGrantReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'grant.reason': e.detail.value ?? '' });
    },

    applyRoles(userId: string, roles: HeldRole[]) {
      const p = people.get(userId);
      if (!p) return;
      p.roles = roles;
      this.show(p);
      this.setData({ people: [...people.values()].map(personRow) });
    },
    async onGrant() {
      const { grant, selected } = this.data;
      if (!selected || this.data.busy) return;
      if (!grant.role) return this.setData({ grantError: '请选择要授予的身份' });
      if (!grant.scopeType || !grant.scopeId) return this.setData({ grantError: '请选择范围' });
      this.setData({ busy: true, grantError: '' });
      try {
        const res = await call(
          'roles.grant',
          { userId: selected.userId, role: grant.role, scopeType: grant.scopeType, scopeId: grant.scopeId, reason: grant.reason.trim() },
          { silent: true },
        );
        this.applyRoles(res.userId, res.roles);
        this.setData({ busy: false, grant: { ...EMPTY_GRANT } });
        showMessage('已授予', 'success');
      } catch (err) {
        const f = fieldErrors(err);
        this.setData({ busy: false, grantError: f.reason ?? f.scopeId ?? (err instanceof ApiCallError ? err.message : '授予失败') });
      }
    },

    onRevoke(e: WechatMiniprogram.CustomEvent<object, object, { key: string }>) {
      const p = this.data.selected && people.get(this.data.selected.userId);
      revokingRole = p?.roles.find((r) => roleKeyOf(r) === e.currentTarget.dataset.key) ?? null;
      if (!p || !revokingRole) return;
      this.setData({
        revoking: e.currentTarget.dataset.key,
        revokeMessage: `撤销 ${p.name} 的「${roleTitleOf(revokingRole)}」`,
        revokeError: '',
      });
    },
    onCancelRevoke() {
      if (!this.data.busy) this.setData({ revoking: '' });
    },
    async onConfirmRevoke(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const selected = this.data.selected;
      const r = revokingRole;
      if (!selected || !r) return;
      this.setData({ busy: true, revokeError: '' });
      try {
        const res = await call(
          'roles.revoke',
          { userId: selected.userId, role: r.role, scopeType: r.scopeType, scopeId: r.scopeId, reason: e.detail.value },
          { silent: true },
        );
        this.applyRoles(res.userId, res.roles);
        this.setData({ busy: false, revoking: '' });
        showMessage('已撤销', 'success');
      } catch (err) {
        this.setData({ busy: false, revokeError: fieldErrors(err).reason ?? (err instanceof ApiCallError ? err.message : '撤销失败') });
      }
    },
  },
});
