import type { ActionPayload, ActionResult } from '../../../../../contracts';
import { call } from '../../../../services/api';
import { ApiCallError } from '../../../../services/api-error';
import { showMessage } from '../../../../services/toast';
import { loadablePage } from '../../../../behaviors/loadable-page';

type Contacts = ActionResult<'org.contacts'>;
type SectionView = Contacts['sections'][number];

interface PersonDraft {
  rowKey: string;
  id: string;
  name: string;
  duty: string;
  phone: string;
  phoneMasked: string;
}
interface Editing {
  key: string;
  section: SectionView['section'];
  title: string;
  unitId: string;
  partyKind: 'branch' | 'group';
  name: string;
  people: PersonDraft[];
}

let courtyardId = '';
let sectionsByKey = new Map<string, SectionView>();
let rowSeq = 0;

const keyOf = (s: SectionView) => `${s.section}:${s.unitId}`;

Component({
  behaviors: [loadablePage],
  data: {
    courtyard: '',
    placeText: '',
    sections: [] as Array<{
      key: string;
      title: string;
      name: string;
      people: Array<{ id: string; name: string; duty: string; phoneMasked: string }>;
    }>,
    editing: null as Editing | null,
    editError: '',
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      courtyardId = decodeURIComponent(query.courtyardId ?? '');
      this.startLoading();
    },
    async fetchData() {
      if (!courtyardId) throw new ApiCallError('NOT_FOUND', '没有指定院落，请从组织架构中选择');
      const data = await call('org.contacts', { courtyardId }, { silent: true });
      sectionsByKey = new Map(data.sections.map((s) => [keyOf(s), s]));
      this.setData({
        status: 'ready',
        errorText: '',
        courtyard: data.courtyard.name,
        placeText: [data.community.name, data.grid.name, data.microgrid.name].join(' · '),
        sections: data.sections.map((s) => ({
          key: keyOf(s),
          title: s.title,
          name: s.name,
          people: s.people.map((p) => ({ id: p.id, name: p.name, duty: p.duty, phoneMasked: p.phoneMasked })),
        })),
      });
    },

    onEdit(e: WechatMiniprogram.CustomEvent<object, object, { key: string }>) {
      const s = sectionsByKey.get(e.currentTarget.dataset.key);
      if (!s) return;
      this.setData({
        editError: '',
        editing: {
          key: keyOf(s),
          section: s.section,
          title: s.title,
          unitId: s.unitId,
          partyKind: s.partyKind ?? 'branch',
          name: s.name,
          // Stored numbers never come to the phone: an empty field keeps the stored one on the server.
          people: s.people.map((p) => ({
            rowKey: `r${++rowSeq}`,
            id: p.id,
            name: p.name,
            duty: p.duty,
            phone: '',
            phoneMasked: p.phoneMasked,
          })),
        },
      });
    },
    onPopupVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible && !this.data.busy) this.setData({ editing: null });
    },
    onPartyKind(e: WechatMiniprogram.CustomEvent<{ value: 'branch' | 'group' }>) {
      this.setData({ 'editing.partyKind': e.detail.value });
    },
    onNameInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'editing.name': e.detail.value ?? '' });
    },
    onPersonInput(e: WechatMiniprogram.CustomEvent<{ value: string }, object, { index: number; field: 'name' | 'duty' | 'phone' }>) {
      const { index, field } = e.currentTarget.dataset;
      this.setData({ [`editing.people[${index}].${field}`]: e.detail.value ?? '', editError: '' });
    },
    onAddPerson() {
      const people = this.data.editing?.people ?? [];
      this.setData({
        [`editing.people[${people.length}]`]: { rowKey: `r${++rowSeq}`, id: '', name: '', duty: '', phone: '', phoneMasked: '' },
      });
    },
    onRemovePerson(e: WechatMiniprogram.CustomEvent<object, object, { index: number }>) {
      const editing = this.data.editing;
      if (!editing) return;
      this.setData({ 'editing.people': editing.people.filter((_, i) => i !== Number(e.currentTarget.dataset.index)) });
    },
    async onSave() {
      const editing = this.data.editing;
      if (!editing || this.data.busy) return;
      const missing = editing.people.find((p) => !p.id && !p.phone.trim());
      if (missing) {
        this.setData({ editError: `请填写${missing.name || '新负责人'}的电话` });
        return;
      }
      const payload: ActionPayload<'org.setContacts'> = {
        unitId: editing.unitId,
        section: editing.section,
        ...(editing.section === 'party' ? { partyKind: editing.partyKind } : {}),
        name: editing.name.trim(),
        people: editing.people.map((p) => ({
          ...(p.id ? { id: p.id } : {}),
          name: p.name.trim(),
          duty: p.duty.trim(),
          ...(p.phone.trim() ? { phone: p.phone.trim() } : {}),
        })),
      };
      this.setData({ busy: true, editError: '' });
      try {
        await call('org.setContacts', payload, { silent: true });
        this.setData({ busy: false, editing: null });
        showMessage('已保存', 'success');
        await this.load();
      } catch (err) {
        const first = err instanceof ApiCallError ? err.fields[0] : undefined;
        this.setData({
          busy: false,
          editError: first ? `${describeField(first.path)}：${first.message}` : err instanceof ApiCallError ? err.message : '保存失败',
        });
      }
    },
  },
});

/** "people.1.phone" → "负责人 2 电话", so a message names the row it is about. */
function describeField(path: string): string {
  const m = /^people\.(\d+)\.(\w+)/.exec(path);
  const names: Record<string, string> = { name: '姓名', duty: '职责', phone: '电话' };
  if (m) return `负责人 ${Number(m[1]) + 1} ${names[m[2]!] ?? ''}`;
  return path === 'name' ? '名称' : path;
}
