import type { ActionResult } from '../../../../../contracts';
import { call } from '../../../../services/api';
import { ApiCallError } from '../../../../services/api-error';
import { ROLE_LABELS } from '../../../../services/roles';
import { getMe } from '../../../../services/session';
import { staffGrant } from '../../../../services/staff';
import { loadablePage } from '../../../../behaviors/loadable-page';
import { formatTime } from '../../../../utils/time';

type AccessEntry = ActionResult<'privacy.accessLog'>['items'][number];
type AuditEntry = ActionResult<'roles.auditLog'>['items'][number];
type Tab = 'access' | 'audit';

interface Row {
  id: string;
  title: string;
  description: string;
  at: string;
}

const PURPOSES: Record<AccessEntry['purpose'], string> = { whom_to_find: '微网实格', verify_registration: '审核登记' };

function accessRow(e: AccessEntry): Row {
  return {
    id: e.id,
    title: `${e.actor.name} 查看了 ${e.subject.name}（${e.subject.duty}）的电话`,
    description: `${PURPOSES[e.purpose]} · ${e.unit.name} · ${e.subject.phoneMasked} · 依据：${ROLE_LABELS[e.basis.role]}`,
    at: formatTime(e.at),
  };
}
function auditRow(e: AuditEntry): Row {
  return {
    id: e.id,
    title: e.summary,
    description: [`${e.actor.name}${e.target ? ` → ${e.target.name}` : ''}`, e.reason].filter(Boolean).join(' · '),
    at: formatTime(e.at),
  };
}

let unitId = '';
let nextCursor: string | null = null;
let generation = 0;

Component({
  behaviors: [loadablePage],
  data: {
    scopeName: '',
    tab: 'access' as Tab,
    rows: [] as Row[],
    hasMore: false,
    loadingMore: false,
  },
  methods: {
    onLoad() {
      unitId = '';
      this.startLoading();
    },
    onReachBottom() {
      void this.onLoadMore();
    },
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: Tab }>) {
      this.setData({ tab: e.detail.value, status: 'loading', rows: [] });
      void this.load();
    },
    async fetch(cursor?: string): Promise<Row[]> {
      const silent = cursor === undefined;
      if (this.data.tab === 'access') {
        const page = await call('privacy.accessLog', { unitId, ...(cursor ? { cursor } : {}) }, { silent });
        nextCursor = page.nextCursor;
        return page.items.map(accessRow);
      }
      const page = await call('roles.auditLog', { unitId, ...(cursor ? { cursor } : {}) }, { silent });
      nextCursor = page.nextCursor;
      return page.items.map(auditRow);
    },
    /** A reply that a newer load (tab change, refresh) has overtaken is dropped, its failure too. */
    async fetchData() {
      const mine = ++generation;
      try {
        if (!unitId) {
          const grant = staffGrant(await getMe(), 'revealLog');
          if (!grant) throw new ApiCallError('FORBIDDEN', '您没有查看记录的权限');
          unitId = grant.scopeId;
          this.setData({ scopeName: grant.scopeName });
        }
        const rows = await this.fetch();
        if (mine !== generation) return;
        this.setData({ status: rows.length ? 'ready' : 'empty', errorText: '', rows, hasMore: nextCursor !== null });
      } catch (err) {
        if (mine === generation) throw err;
      }
    },
    async onLoadMore() {
      if (!nextCursor || this.data.loadingMore) return;
      const mine = generation;
      this.setData({ loadingMore: true });
      try {
        const rows = await this.fetch(nextCursor);
        if (mine === generation) this.setData({ rows: [...this.data.rows, ...rows], hasMore: nextCursor !== null });
      } catch {
        // call() has told the person.
      }
      this.setData({ loadingMore: false });
    },
  },
});
