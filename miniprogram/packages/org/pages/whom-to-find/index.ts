import type { ActionResult } from '../../../../../contracts';
import { call } from '../../../../services/api';
import { getMe } from '../../../../services/session';
import { showMessage } from '../../../../services/toast';
import { loadablePage } from '../../../../behaviors/loadable-page';
import { formatTime } from '../../../../utils/time';

type Contacts = ActionResult<'org.contacts'>;
type SectionView = Contacts['sections'][number];

interface PersonRow {
  id: string;
  /** Unique on the page: the same person may serve in two sections. */
  key: string;
  name: string;
  duty: string;
  phoneMasked: string;
  /** Filled once revealed; never fetched unless the person asks. */
  phone: string;
}

function sectionRow(s: SectionView) {
  return {
    key: `${s.section}:${s.unitId}`,
    title: s.title,
    name: s.name,
    unitId: s.unitId,
    updatedAt: s.updatedAt === null ? '' : formatTime(s.updatedAt),
    people: s.people.map<PersonRow>((p) => ({
      id: p.id,
      key: `${s.unitId}:${p.id}`,
      name: p.name,
      duty: p.duty,
      phoneMasked: p.phoneMasked,
      phone: '',
    })),
  };
}
type SectionRow = ReturnType<typeof sectionRow>;

let courtyardId = '';

Component({
  behaviors: [loadablePage],
  data: {
    emptyText: '',
    needsRegistration: false,
    courtyard: '',
    placeText: '',
    sections: [] as SectionRow[],
    canReveal: false,
    revealing: '',
  },
  methods: {
    /** Opened for a courtyard (from a QR code or staff pages) or, without one, for the resident's own. */
    onLoad(query: Record<string, string | undefined>) {
      courtyardId = decodeURIComponent(query.courtyardId ?? '');
      this.startLoading();
    },
    async fetchData() {
      if (!courtyardId) courtyardId = (await getMe()).courtyard?.id ?? '';
      if (!courtyardId) {
        this.setData({ status: 'empty', emptyText: '登记住址并通过认证后，这里会列出你所在院落的负责人', needsRegistration: true });
        return;
      }
      const data = await call('org.contacts', { courtyardId }, { silent: true });
      const sections = data.sections.map(sectionRow);
      if (!sections.some((s) => s.people.length)) {
        this.setData({ status: 'empty', emptyText: `${data.courtyard.name}的负责人信息正在整理中`, needsRegistration: false });
        return;
      }
      this.setData({
        status: 'ready',
        errorText: '',
        courtyard: data.courtyard.name,
        placeText: [data.community.name, data.grid.name, data.microgrid.name].join(' · '),
        sections,
        canReveal: data.canReveal,
      });
    },

    async onReveal(e: WechatMiniprogram.CustomEvent<object, object, { unit: string; person: string; key: string }>) {
      const { unit, person, key } = e.currentTarget.dataset;
      if (this.data.revealing) return;
      this.setData({ revealing: key });
      try {
        const revealed = await call('org.revealPhone', { courtyardId, unitId: unit, personId: person });
        const updates: Record<string, string> = { revealing: '' };
        this.data.sections.forEach((s, si) =>
          s.people.forEach((p, pi) => {
            if (p.key === key) updates[`sections[${si}].people[${pi}].phone`] = revealed.phone;
          }),
        );
        this.setData(updates);
        this.dial(revealed.phone);
      } catch {
        this.setData({ revealing: '' }); // call() has shown why (not allowed, too many reveals…)
      }
    },
    onCall(e: WechatMiniprogram.CustomEvent<object, object, { phone: string }>) {
      this.dial(e.currentTarget.dataset.phone);
    },
    dial(phoneNumber: string) {
      wx.makePhoneCall({ phoneNumber }).catch((err: unknown) => {
        const msg = err && typeof err === 'object' && 'errMsg' in err ? String((err as { errMsg: unknown }).errMsg) : '';
        if (!/cancel/.test(msg)) showMessage('无法拨打电话，请手动拨号');
      });
    },
    onRegister() {
      wx.navigateTo({ url: '/packages/identity/pages/register/index' });
    },
  },
});
