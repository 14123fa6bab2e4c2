import type { Role } from '../../contracts/common';
import type { ContactSection } from '../../contracts/org';
import { defineAction } from '../core/action';
import { checkText } from '../core/content-check';
import { collection, command, findById, findMany, put, transact } from '../core/db';
import { AppError } from '../core/errors';
import { USERS, type UserDoc } from '../identity/model';
import { logAccess } from '../privacy/access-log';
import { maskPhone } from '../privacy/phone';
import { auditDoc, writeAudit } from '../roles/audit';
import { coveringGrant } from '../roles/matrix';
import { ORG_CONTACTS, SECTION_UNIT, contactsId, type ContactsDoc, type OrgUnitDoc } from './model';
import { newId } from '../core/paging';
import { loadUnits, orgPathOf, requireCourtyard, requireUnit, unitRef } from './units';

/** Who may see a full number on a courtyard's page: its verified residents, and staff whose scope covers it. */
const REVEALERS: readonly Role[] = ['resident', 'grid_worker', 'community_staff', 'street_admin'];
const EDITORS: readonly Role[] = ['grid_worker', 'community_staff', 'street_admin'];
const ORDER: ContactSection[] = ['party', 'residents_group', 'grid', 'microgrid'];

function title(section: ContactSection, partyKind: 'branch' | 'group' | null): string {
  if (section === 'party') return partyKind === 'group' ? '党小组' : '党支部';
  return { residents_group: '居民小组', grid: '网格', microgrid: '微网格' }[section];
}

/** The unit each section of a courtyard's record lives on: party and residents' group on the courtyard, the rest above it. */
function sectionUnits(cy: OrgUnitDoc): Record<ContactSection, string> {
  return { party: cy._id, residents_group: cy._id, grid: cy.path[2] ?? '', microgrid: cy.path[3] ?? '' };
}

function sectionView(section: ContactSection, unitId: string, doc: ContactsDoc | undefined, fallbackName: string) {
  return {
    section,
    partyKind: doc?.partyKind ?? (section === 'party' ? ('branch' as const) : null),
    title: title(section, doc?.partyKind ?? null),
    name: doc?.name ?? fallbackName,
    unitId,
    people: (doc?.people ?? []).map((p) => ({ id: p.id, name: p.name, duty: p.duty, phoneMasked: maskPhone(p.phone), linked: !!p.userId })),
    updatedAt: doc ? new Date(doc.updatedAt).getTime() : null,
  };
}

async function sectionsOf(cy: OrgUnitDoc): Promise<Map<string, ContactsDoc>> {
  const units = sectionUnits(cy);
  const ids = ORDER.map((s) => contactsId(units[s], s));
  const docs = await findMany<ContactsDoc>(
    collection(ORG_CONTACTS)
      .where({ _id: command().in(ids) })
      .limit(ids.length),
  );
  return new Map(docs.map((d) => [d._id, d]));
}

const contacts = defineAction({
  name: 'org.contacts',
  access: 'registered',
  mutates: false,
  async handler(ctx, input) {
    const cy = await requireCourtyard(input.courtyardId);
    const [docs, names] = await Promise.all([sectionsOf(cy), loadUnits(cy.path)]);
    const units = sectionUnits(cy);
    const fallback: Record<ContactSection, string> = {
      party: `${cy.name}党支部`,
      residents_group: `${cy.name}居民小组`,
      grid: names.get(units.grid)?.name ?? '',
      microgrid: names.get(units.microgrid)?.name ?? '',
    };
    return {
      courtyard: unitRef(cy),
      community: unitRef(names.get(cy.path[1] ?? ''), cy.path[1]),
      grid: unitRef(names.get(units.grid), units.grid),
      microgrid: unitRef(names.get(units.microgrid), units.microgrid),
      sections: ORDER.map((s) => sectionView(s, units[s], docs.get(contactsId(units[s], s)), fallback[s])),
      canReveal: !!coveringGrant(ctx.user?.roles, REVEALERS, cy),
    };
  },
});

const setContacts = defineAction({
  name: 'org.setContacts',
  access: EDITORS,
  scope: { type: ['grid', 'microgrid', 'courtyard'], from: (input) => input.unitId },
  mutates: true,
  rateLimit: { max: 60, windowSeconds: 3600 },
  async handler(ctx, input) {
    const unit = await requireUnit(input.unitId);
    if (SECTION_UNIT[input.section] !== unit.type) {
      throw new AppError('VALIDATION_FAILED', undefined, [
        { path: 'section', message: '院落设置党组织和居民小组，网格和微网格各自设置负责人' },
      ]);
    }
    const ids = input.people.map((p) => p.id).filter((id): id is string => !!id);
    if (new Set(ids).size !== ids.length) throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'people', message: '负责人重复' }]);
    const linked = [...new Set(input.people.map((p) => p.userId).filter((id): id is string => !!id))];
    if (linked.length) {
      const found = new Set(
        (
          await findMany<UserDoc>(
            collection(USERS)
              .where({ _id: command().in(linked) })
              .limit(linked.length),
          )
        ).map((u) => u._id),
      );
      const bad = input.people.findIndex((p) => p.userId && !found.has(p.userId));
      if (bad >= 0) throw new AppError('VALIDATION_FAILED', undefined, [{ path: `people.${bad}.userId`, message: '关联的用户不存在' }]);
    }
    // Everything here is shown to every resident: names and duties go through the content check together.
    const text = [input.name, ...input.people.flatMap((p) => [p.name, p.duty])].join('\n');
    const message = '名称、姓名或职责未通过内容安全检测，请修改';
    if ((await checkText(ctx.openid, text, 2, message)) !== 'pass') throw new AppError('CONTENT_REJECTED', message);

    const id = contactsId(unit._id, input.section);
    const existing = await findById<ContactsDoc>(ORG_CONTACTS, id);
    const stored = new Map((existing?.people ?? []).map((p) => [p.id, p.phone]));
    const missing = input.people.findIndex((p) => !p.phone && !(p.id && stored.has(p.id)));
    if (missing >= 0) throw new AppError('VALIDATION_FAILED', undefined, [{ path: `people.${missing}.phone`, message: '请填写电话' }]);
    const partyKind = input.section === 'party' ? (input.partyKind ?? existing?.partyKind ?? 'branch') : null;
    const at = ctx.now();
    const doc: ContactsDoc = {
      _id: id,
      unitId: unit._id,
      section: input.section,
      partyKind,
      name: input.name,
      // Ids survive edits so a reveal log entry keeps pointing at the same person.
      people: input.people.map((p) => ({
        id: p.id && stored.has(p.id) ? p.id : newId('p'),
        name: p.name,
        duty: p.duty,
        phone: p.phone ?? (stored.get(p.id ?? '') as string),
        userId: p.userId ?? null,
      })),
      communityId: unit.communityId ?? '',
      updatedAt: new Date(at),
      updatedBy: ctx.openid,
    };
    await transact(async (tx) => {
      await put(ORG_CONTACTS, id, { ...doc }, tx);
      await writeAudit(
        [
          auditDoc(at, {
            kind: 'contacts.update',
            actorOpenid: ctx.openid,
            scopeType: unit.type,
            scopeId: unit._id,
            scopePath: orgPathOf(unit),
            detail: { title: title(input.section, partyKind), people: doc.people.map((p) => `${p.name}（${p.duty}）`).join('、') || '无' },
          }),
        ],
        tx,
      );
    });
    return sectionView(input.section, unit._id, doc, input.name);
  },
});

const revealPhone = defineAction({
  name: 'org.revealPhone',
  access: REVEALERS,
  scope: { type: 'courtyard', from: (input) => input.courtyardId },
  mutates: true,
  rateLimit: { max: 20, windowSeconds: 3600 },
  async handler(ctx, input) {
    const cy = await requireCourtyard(input.courtyardId);
    const units = sectionUnits(cy);
    const sections = ORDER.filter((s) => units[s] === input.unitId);
    if (sections.length === 0) throw new AppError('NOT_FOUND', '该负责人不在本院落的名单中');
    const docs = await sectionsOf(cy);
    let found: { doc: ContactsDoc; person: ContactsDoc['people'][number] } | null = null;
    for (const s of sections) {
      const doc = docs.get(contactsId(input.unitId, s));
      const person = doc?.people.find((p) => p.id === input.personId);
      if (doc && person) found = { doc, person };
    }
    if (!found) throw new AppError('NOT_FOUND', '该负责人不存在或已更换，请刷新');
    const basis = coveringGrant(ctx.user?.roles, REVEALERS, cy);
    if (!basis) throw new AppError('FORBIDDEN', '只有本院落已认证居民可以查看完整电话');
    const { doc, person } = found;
    // Logged before the number leaves the server: a reveal that is not in the log never happened.
    await logAccess(ctx.now(), {
      purpose: 'whom_to_find',
      actorOpenid: ctx.openid,
      subjectOpenid: person.userId,
      subjectName: person.name,
      subjectDuty: `${doc.name} ${person.duty}`,
      subjectPhoneMasked: maskPhone(person.phone),
      unitId: cy._id,
      unitName: cy.name,
      scopePath: orgPathOf(cy),
      basis,
      personId: person.id,
    });
    return { personId: person.id, name: person.name, duty: person.duty, phone: person.phone };
  },
});

export const contactsActions = [contacts, setContacts, revealPhone];
