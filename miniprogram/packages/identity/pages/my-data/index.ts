import type { ActionResult } from '../../../../../contracts';
import { call } from '../../../../services/api';
import { RELATION_LABELS, REGISTRATION_TAGS, STATUS_TAGS } from '../../../../services/identity-labels';
import { clearActiveRole, ROLE_LABELS } from '../../../../services/roles';
import { relogin } from '../../../../services/session';
import { showMessage } from '../../../../services/toast';
import { loadablePage } from '../../../../behaviors/loadable-page';
import { formatTime } from '../../../../utils/time';

type Export = ActionResult<'me.export'>;
type AccessEntry = Export['accessesToMyData'][number];

interface Row {
  key: string;
  title: string;
  note: string;
  description: string;
}
interface Section {
  title: string;
  empty: string;
  rows: Row[];
  more: number;
}

// Lists can grow long (every reveal is logged); the page draws the newest, the export carries all.
const ROWS_PER_SECTION = 20;

const PURPOSES: Record<AccessEntry['purpose'], string> = { whom_to_find: '微网实格', verify_registration: '审核登记' };

/** Export labels come from the backend as codes; show the Chinese name where we know one. */
const label = <K extends string>(map: Record<K, { label: string } | string>, key: string): string => {
  const hit = (map as Record<string, { label: string } | string | undefined>)[key];
  return hit === undefined ? key : typeof hit === 'string' ? hit : hit.label;
};
const time = (millis: number | null): string => (millis === null ? '' : formatTime(millis));

function section(title: string, empty: string, rows: Row[]): Section {
  return { title, empty, rows: rows.slice(0, ROWS_PER_SECTION), more: Math.max(0, rows.length - ROWS_PER_SECTION) };
}

function sections(d: Export): Section[] {
  const p = d.profile;
  const profile: Array<[string, string]> = [
    ['昵称', p.nickname],
    ['身份状态', label(STATUS_TAGS, p.status)],
    ['真实姓名', p.realName],
    ['手机号', p.phone ? `${p.phone}${p.phoneVerified ? '（微信验证）' : '（手动填写）'}` : ''],
    ['院落', p.courtyard],
    ['住址', p.address],
    ['与户主关系', p.relation ? label(RELATION_LABELS, p.relation) : ''],
    ['同意的隐私政策', p.privacyVersion ? `版本 ${p.privacyVersion}${p.privacyAgreedAt ? `，${time(p.privacyAgreedAt)}` : ''}` : ''],
    ['注册时间', time(p.createdAt)],
    ['最后更新', time(p.updatedAt)],
  ];
  const access = (e: AccessEntry, who: string): Row => ({
    key: e.id,
    title: `${who} · ${PURPOSES[e.purpose]}`,
    note: time(e.at),
    description: `${e.subject.name}（${e.subject.duty}）${e.subject.phoneMasked} · ${e.unit.name}`,
  });
  return [
    section(
      '基本资料',
      '',
      profile.map(([title, note]) => ({ key: title, title, note: note || '未填写', description: '' })),
    ),
    section(
      '登记记录',
      '没有登记记录',
      d.registrations.map((r) => ({
        key: r.id,
        title: `${r.courtyard} ${r.address}`,
        note: label(REGISTRATION_TAGS, r.status),
        description: [
          `${r.realName} · ${r.phone} · ${label(RELATION_LABELS, r.relation)}`,
          `提交于 ${time(r.submittedAt)}${r.decidedAt ? `，处理于 ${time(r.decidedAt)}` : ''}`,
          r.rejectReason ? `原因：${r.rejectReason}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      })),
    ),
    section(
      '我家',
      '没有加入任何一户',
      d.household
        ? [
            {
              key: d.household.id,
              title: `${d.household.courtyard} ${d.household.address}`,
              note: d.household.isHead ? '户主' : label(RELATION_LABELS, d.household.relation),
              description: `${d.household.members} 位成员 · ${d.household.floorArea === null ? '面积未登记' : `${d.household.floorArea} 平方米`} · ${time(d.household.since)} 起`,
            },
          ]
        : [],
    ),
    section(
      '我的身份',
      '没有身份',
      d.roles.map((r) => ({ key: `${r.role}:${r.scopeId}`, title: ROLE_LABELS[r.role], note: r.scopeName, description: '' })),
    ),
    section(
      '谁查看过我的电话',
      '没有人查看过你的完整电话',
      d.accessesToMyData.map((e) => access(e, e.actor.name)),
    ),
    section(
      '我查看过的电话',
      '你没有查看过他人的完整电话',
      d.myAccesses.map((e) => access(e, '我')),
    ),
    section(
      '与我相关的操作记录',
      '没有记录',
      d.auditEntries.map((a) => ({
        key: a.id,
        title: a.summary,
        note: time(a.at),
        description: [a.actor.name, a.reason].filter(Boolean).join(' · '),
      })),
    ),
  ];
}

// The full export, for copying and saving; only its summary goes through setData.
let exported: Export | null = null;

function exportText(d: Export): string {
  return JSON.stringify(d, null, 2);
}

Component({
  behaviors: [loadablePage],
  data: {
    exportedAt: '',
    sections: [] as Section[],
  },
  methods: {
    onLoad() {
      this.startLoading();
    },
    async fetchData() {
      exported = await call('me.export', {}, { silent: true });
      this.setData({ status: 'ready', errorText: '', exportedAt: formatTime(exported.exportedAt), sections: sections(exported) });
    },
    onCopy() {
      if (!exported) return;
      wx.setClipboardData({ data: exportText(exported) }).catch(() => showMessage('复制失败，请重试'));
    },
    async onSave() {
      if (!exported) return;
      const filePath = `${wx.env.USER_DATA_PATH}/linli-my-data-${exported.exportedAt}.json`;
      try {
        wx.getFileSystemManager().writeFileSync(filePath, exportText(exported), 'utf8');
        await wx.shareFileMessage({ filePath, fileName: '邻里-我的数据.json' });
      } catch (err) {
        const msg = err && typeof err === 'object' && 'errMsg' in err ? String((err as { errMsg: unknown }).errMsg) : '';
        if (!/cancel/.test(msg)) showMessage('保存失败，可以先复制全部数据');
      }
    },
    async onDelete() {
      const first = await wx.showModal({
        title: '注销账号',
        content: '注销后你的姓名、电话、头像、登记信息将被删除，身份全部撤销，并退出所在户。此操作无法撤回。',
        confirmText: '继续',
      });
      if (!first.confirm) return;
      const second = await wx.showModal({
        title: '再次确认',
        content: '确定要注销账号吗？',
        confirmText: '确认注销',
        confirmColor: '#d54941',
      });
      if (!second.confirm) return;
      try {
        await call('me.deleteAccount', { confirm: true });
        exported = null;
        clearActiveRole();
        showMessage('账号已注销', 'success');
        // What remains is a bare visitor profile; every page shows that from now on.
        await relogin().catch(() => undefined);
        wx.reLaunch({ url: '/pages/me/index' });
      } catch {
        // call() has told the person.
      }
    },
  },
});
