import type { UserDoc } from '../../server/identity/model';
import { contactsId, type ContactPersonDoc, type ContactsDoc, type OrgUnitDoc } from '../../server/org/model';
import type { People } from './people';

/** The three-in-one record of every courtyard: party branch or group, residents' group, micro-grid and grid, with fictional people. */
export function seedContacts(units: OrgUnitDoc[], gridWorkers: Map<string, UserDoc>, people: People, now: number): ContactsDoc[] {
  const docs: ContactsDoc[] = [];
  const at = new Date(now - 30 * 86_400_000);
  const doc = (
    unit: OrgUnitDoc,
    section: ContactsDoc['section'],
    name: string,
    list: Array<Omit<ContactPersonDoc, 'id'>>,
    partyKind: ContactsDoc['partyKind'] = null,
  ) =>
    docs.push({
      _id: contactsId(unit._id, section),
      unitId: unit._id,
      section,
      partyKind,
      name,
      people: list.map((p, i) => ({ ...p, id: `p-${unit._id}-${section === 'residents_group' ? 'r' : section[0]}${i + 1}` })),
      communityId: unit.communityId ?? '',
      updatedAt: at,
      updatedBy: 'demo-street-admin',
    });
  const person = (duty: string, phone = people.contactPhone()) => ({ name: people.name(), duty, phone, userId: null });

  let courtyardNo = 0;
  for (const unit of units) {
    if (unit.type === 'grid') {
      const worker = gridWorkers.get(unit._id);
      const list: Array<Omit<ContactPersonDoc, 'id'>> = [];
      if (worker)
        list.push({
          name: worker.realName ?? '',
          duty: '专职网格员：入户走访、问题上报与处置',
          phone: worker.phone ?? '',
          userId: worker._id,
        });
      list.push(person('社区民警', people.landline()));
      doc(unit, 'grid', unit.name, list);
    } else if (unit.type === 'microgrid') {
      doc(unit, 'microgrid', unit.name, [person('微网格员：楼栋信息收集、邻里纠纷调解')]);
    } else if (unit.type === 'courtyard') {
      courtyardNo += 1;
      const branch = courtyardNo % 3 === 1;
      doc(
        unit,
        'party',
        `${unit.name}${branch ? '党支部' : '党小组'}`,
        branch ? [person('党支部书记'), person('组织委员')] : [person('党小组长')],
        branch ? 'branch' : 'group',
      );
      doc(unit, 'residents_group', `${unit.name}居民小组`, [person('居民小组长'), person('楼栋长')]);
    }
  }
  return docs;
}
