import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { err, ok, startApiHarness, type ApiHarness } from '../support/api-harness';
import { doc, docs, expectNoScans, rid } from './identity-support';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const call: ApiHarness['act'] = (...args) => h.act(...args);

interface Section {
  section: string;
  partyKind: string | null;
  title: string;
  name: string;
  unitId: string;
  people: Array<{ id: string; name: string; duty: string; phoneMasked: string; linked: boolean }>;
}
interface Contacts {
  courtyard: { id: string; name: string };
  grid: { id: string };
  microgrid: { id: string };
  sections: Section[];
  canReveal: boolean;
}

const CY = 'cy-1-1-1-1';
const stored = (unitId: string, section: string) =>
  doc<{ people: Array<{ id: string; phone: string; userId: string | null }> }>(h, 'org_contacts', `ct-${unitId}-${section}`);

describe('whom to find', () => {
  it('shows a courtyard’s party organisation, residents’ group, grid and micro-grid with masked numbers', async () => {
    const res = ok<Contacts>(await call('demo-resident-001', 'org.contacts', { courtyardId: CY }));
    expect(res.sections.map((s) => s.section)).toEqual(['party', 'residents_group', 'grid', 'microgrid']);
    expect(res.sections.map((s) => s.unitId)).toEqual([CY, CY, 'gd-1-1', 'mg-1-1-1']);
    expect(res.sections[0]).toMatchObject({ partyKind: 'branch', title: '党支部' });
    const grid = res.sections[2] as Section;
    expect(grid.people[0]).toMatchObject({ linked: true, duty: expect.stringContaining('网格员') });
    expect(grid.people[0]?.name).toBe(doc<{ realName: string }>(h, 'users', 'demo-grid-01')?.realName);
    for (const s of res.sections) for (const p of s.people) expect(p.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(JSON.stringify(res)).not.toMatch(/1380000\d{4}|1390000\d{4}|028-6\d{7}/);
    expect(res.canReveal).toBe(true);
  });

  it('lets anyone registered look at any courtyard, but only its residents and staff above it may reveal', async () => {
    for (const [who, can] of [
      ['demo-resident-004', false],
      ['demo-resident-002', false],
      ['demo-guest', false],
      ['demo-merchant-1', false],
      ['demo-property-1', false],
      ['demo-grid-01', true],
      ['demo-grid-02', false],
      ['demo-community-1', true],
      ['demo-community-2', false],
      ['demo-street-admin', true],
    ] as const) {
      expect(ok<Contacts>(await call(who, 'org.contacts', { courtyardId: CY })).canReveal, who).toBe(can);
    }
    expect(err(await call('demo-guest', 'org.contacts', { courtyardId: 'gd-1-1' })).code).toBe('NOT_FOUND');
    expect(err(await call(undefined, 'org.contacts', { courtyardId: CY })).code).toBe('UNAUTHENTICATED');
  });
});

describe('revealing a number', () => {
  const gridWorker = () => stored('gd-1-1', 'grid')?.people[0] as { id: string; phone: string; userId: string };

  it('gives a verified resident of the courtyard the full number, logged before it is returned', async () => {
    const before = docs(h, 'pii_access_log').length;
    const p = gridWorker();
    const res = ok<{ phone: string; name: string }>(
      await call('demo-resident-001', 'org.revealPhone', { courtyardId: CY, unitId: 'gd-1-1', personId: p.id }, rid()),
    );
    expect(res.phone).toBe(p.phone);
    const log = docs<{ actorOpenid: string; subjectOpenid: string; purpose: string; unitId: string; basis: unknown; scopePath: string[] }>(
      h,
      'pii_access_log',
    );
    expect(log).toHaveLength(before + 1);
    expect(log.at(-1)).toMatchObject({
      actorOpenid: 'demo-resident-001',
      subjectOpenid: 'demo-grid-01',
      purpose: 'whom_to_find',
      unitId: CY,
      basis: { role: 'resident', scopeType: 'courtyard', scopeId: CY },
      scopePath: ['st-1', 'cm-1', 'gd-1-1', 'mg-1-1-1', CY],
    });
  });

  it('logs a retried reveal once', async () => {
    const before = docs(h, 'pii_access_log').length;
    const person = stored(CY, 'party')?.people[0] as { id: string };
    const requestId = rid('reveal');
    const first = ok(await call('demo-resident-001', 'org.revealPhone', { courtyardId: CY, unitId: CY, personId: person.id }, requestId));
    expect(ok(await call('demo-resident-001', 'org.revealPhone', { courtyardId: CY, unitId: CY, personId: person.id }, requestId))).toEqual(
      first,
    );
    expect(docs(h, 'pii_access_log')).toHaveLength(before + 1);
  });

  it('lets staff above the courtyard reveal, naming the grant that allowed it', async () => {
    const p = gridWorker();
    ok(
      await call(
        'demo-community-1',
        'org.revealPhone',
        { courtyardId: CY, unitId: 'mg-1-1-1', personId: (stored('mg-1-1-1', 'microgrid')?.people[0] as { id: string }).id },
        rid(),
      ),
    );
    ok(await call('demo-street-admin', 'org.revealPhone', { courtyardId: CY, unitId: 'gd-1-1', personId: p.id }, rid()));
    const last = docs<{ basis: { role: string } }>(h, 'pii_access_log').slice(-2);
    expect(last.map((l) => l.basis.role)).toEqual(['community_staff', 'street_admin']);
  });

  it('refuses everyone else, and unknown people, logging nothing', async () => {
    const p = gridWorker();
    const before = await h.snapshot();
    for (const who of [
      'demo-resident-004',
      'demo-resident-002',
      'demo-guest',
      'demo-merchant-1',
      'demo-property-1',
      'demo-grid-02',
      'demo-community-2',
      'demo-volunteer-1',
    ]) {
      expect(err(await call(who, 'org.revealPhone', { courtyardId: CY, unitId: 'gd-1-1', personId: p.id }, rid())).code, who).toBe(
        'FORBIDDEN',
      );
    }
    // A resident of another courtyard cannot reach this one's people through their own page either.
    const other = doc<{ roles: Array<{ scopeId: string }> }>(h, 'users', 'demo-resident-004')?.roles[0]?.scopeId as string;
    expect(
      err(
        await call(
          'demo-resident-004',
          'org.revealPhone',
          { courtyardId: other, unitId: CY, personId: (stored(CY, 'party')?.people[0] as { id: string }).id },
          rid(),
        ),
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      err(await call('demo-resident-001', 'org.revealPhone', { courtyardId: CY, unitId: 'gd-1-1', personId: 'p-nobody' }, rid())).code,
    ).toBe('NOT_FOUND');
    expect(err(await call('demo-resident-001', 'org.revealPhone', { courtyardId: CY, unitId: 'gd-1-1' }, rid())).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(err(await call(undefined, 'org.revealPhone', { courtyardId: CY, unitId: 'gd-1-1', personId: p.id })).code).toBe(
      'UNAUTHENTICATED',
    );
    const { rate_limits: _a, ...after } = await h.snapshot();
    const { rate_limits: _b, ...was } = before;
    expect(after).toEqual(was);
  });

  it('limits reveals to 20 an hour per person', async () => {
    const p = gridWorker();
    // demo-street-admin has used one already in this file.
    const used = docs(h, 'pii_access_log', (d) => d.actorOpenid === 'demo-street-admin' && d.purpose === 'whom_to_find').length;
    for (let i = used; i < 20; i++)
      ok(await call('demo-street-admin', 'org.revealPhone', { courtyardId: CY, unitId: 'gd-1-1', personId: p.id }, rid()));
    const before = docs(h, 'pii_access_log').length;
    expect(err(await call('demo-street-admin', 'org.revealPhone', { courtyardId: CY, unitId: 'gd-1-1', personId: p.id }, rid())).code).toBe(
      'RATE_LIMITED',
    );
    expect(docs(h, 'pii_access_log')).toHaveLength(before);
  });
});

interface AccessLog {
  items: Array<{
    at: number;
    purpose: string;
    actor: { userId: string; name: string };
    subject: { name: string; phoneMasked: string };
    unit: { id: string };
  }>;
  nextCursor: string | null;
}

describe('who revealed what', () => {
  it('shows community staff every reveal in their community, newest first, page by page', async () => {
    const all: AccessLog['items'] = [];
    let cursor: string | undefined;
    do {
      const page = ok<AccessLog>(
        await call('demo-community-1', 'privacy.accessLog', { unitId: 'cm-1', limit: 7, ...(cursor ? { cursor } : {}) }),
      );
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all.length).toBe(docs(h, 'pii_access_log', (d) => (d.scopePath as string[]).includes('cm-1')).length);
    expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort((a, b) => b - a));
    const byResident = all.find((e) => e.actor.userId === 'demo-resident-001');
    expect(byResident?.actor.name).toBe(doc<{ realName: string }>(h, 'users', 'demo-resident-001')?.realName);
    expect(all.every((e) => /^\d{3}\*{4}\d{4}$/.test(e.subject.phoneMasked))).toBe(true);
    expect(ok<AccessLog>(await call('demo-community-2', 'privacy.accessLog', { unitId: 'cm-2' })).items.some((e) => e.unit.id === CY)).toBe(
      false,
    );
  });

  it('refuses grid workers, residents and other communities', async () => {
    for (const [who, unitId] of [
      ['demo-grid-01', 'gd-1-1'],
      ['demo-resident-001', CY],
      ['demo-community-2', 'cm-1'],
    ]) {
      expect(err(await call(who, 'privacy.accessLog', { unitId })).code, who).toBe('FORBIDDEN');
    }
  });
});

describe('editing the three-in-one record', () => {
  it('lets the grid worker update a micro-grid’s people, keeping ids of those who stay', async () => {
    const current = stored('mg-1-1-1', 'microgrid')?.people[0] as { id: string };
    const res = ok<Section>(
      await call(
        'demo-grid-01',
        'org.setContacts',
        {
          unitId: 'mg-1-1-1',
          section: 'microgrid',
          name: '第1-1微网格',
          people: [
            { id: current.id, name: '陈桂兰', duty: '微网格员', phone: '13800009999' },
            { name: '李德华', duty: '楼栋长', phone: '028-66660000', userId: 'demo-resident-001' },
          ],
        },
        rid(),
      ),
    );
    expect(res.people.map((p) => [p.name, p.phoneMasked, p.linked])).toEqual([
      ['陈桂兰', '138****9999', false],
      ['李德华', '028****0000', true],
    ]);
    expect(res.people[0]?.id).toBe(current.id);
    expect(stored('mg-1-1-1', 'microgrid')?.people[1]).toMatchObject({ phone: '028-66660000', userId: 'demo-resident-001' });
    const audit = docs<{ kind: string; detail: Record<string, string> }>(h, 'audit_log', (d) => d.kind === 'contacts.update').at(-1);
    expect(audit?.detail.people).toContain('陈桂兰');
    expect(JSON.stringify(audit)).not.toContain('13800009999');
  });

  it('keeps a stored number when an edit leaves the phone out, so editing needs no reveal', async () => {
    const before = stored('gd-1-2', 'grid')?.people[0] as { id: string; phone: string };
    const res = ok<Section>(
      await call(
        'demo-community-1',
        'org.setContacts',
        { unitId: 'gd-1-2', section: 'grid', name: '第2网格', people: [{ id: before.id, name: '新负责人', duty: '专职网格员' }] },
        rid(),
      ),
    );
    expect(res.people[0]?.id).toBe(before.id);
    expect(stored('gd-1-2', 'grid')?.people[0]).toMatchObject({ id: before.id, name: '新负责人', phone: before.phone });
    const noPhone = err(
      await call(
        'demo-community-1',
        'org.setContacts',
        { unitId: 'gd-1-2', section: 'grid', name: '第2网格', people: [{ name: '无号码', duty: '网格员' }] },
        rid(),
      ),
    );
    expect(noPhone.fields).toEqual([{ path: 'people.0.phone', message: '请填写电话' }]);
  });

  it('records a party group instead of a branch on a courtyard', async () => {
    const res = ok<Section>(
      await call(
        'demo-community-1',
        'org.setContacts',
        {
          unitId: CY,
          section: 'party',
          partyKind: 'group',
          name: '枫林小区党小组',
          people: [{ name: '周建国', duty: '党小组长', phone: '13800001234' }],
        },
        rid(),
      ),
    );
    expect(res).toMatchObject({ partyKind: 'group', title: '党小组' });
    const view = ok<Contacts>(await call('demo-resident-001', 'org.contacts', { courtyardId: CY }));
    expect(view.sections[0]).toMatchObject({ title: '党小组', name: '枫林小区党小组' });
  });

  it('refuses the wrong section for a unit, bad people, unsafe text and other scopes, writing nothing', async () => {
    const before = await h.snapshot();
    const base = {
      unitId: CY,
      section: 'residents_group',
      name: '居民小组',
      people: [{ name: '王秀英', duty: '组长', phone: '13800001111' }],
    };
    const cases: Array<[string, Record<string, unknown>, string, string?]> = [
      ['demo-community-1', { ...base, section: 'grid' }, 'VALIDATION_FAILED', 'section'],
      ['demo-community-1', { ...base, unitId: 'gd-1-1', section: 'party' }, 'VALIDATION_FAILED', 'section'],
      ['demo-community-1', { ...base, people: [{ name: '王秀英', duty: '组长', phone: '12345' }] }, 'VALIDATION_FAILED', 'people.0.phone'],
      [
        'demo-community-1',
        { ...base, people: [{ name: '王秀英', duty: '组长', phone: '13800001111', userId: 'nobody-here' }] },
        'VALIDATION_FAILED',
        'people.0.userId',
      ],
      ['demo-community-1', { ...base, people: Array.from({ length: 11 }, () => base.people[0]) }, 'VALIDATION_FAILED', 'people'],
      [
        'demo-community-1',
        {
          ...base,
          people: [
            { ...base.people[0], id: 'p-1' },
            { ...base.people[0], id: 'p-1' },
          ],
        },
        'VALIDATION_FAILED',
        'people',
      ],
      ['demo-community-1', { ...base, people: [{ name: '王秀英', duty: '违禁词', phone: '13800001111' }] }, 'CONTENT_REJECTED'],
      ['demo-community-1', { ...base, unitId: 'cy-404' }, 'NOT_FOUND'],
      ['demo-grid-02', base, 'FORBIDDEN'],
      ['demo-community-2', base, 'FORBIDDEN'],
      ['demo-resident-001', base, 'FORBIDDEN'],
      ['demo-property-1', base, 'FORBIDDEN'],
      ['demo-community-1', { ...base, extra: 1 }, 'VALIDATION_FAILED', ''],
    ];
    for (const [who, payload, code, path] of cases) {
      const e = err(await call(who, 'org.setContacts', payload, rid()));
      expect(e.code, `${who} ${JSON.stringify(payload).slice(0, 80)}`).toBe(code);
      if (path !== undefined) expect(e.fields?.map((f) => f.path)).toContain(path);
    }
    const { rate_limits: _a, ...after } = await h.snapshot();
    const { rate_limits: _b, ...was } = before;
    expect(after).toEqual(was);
  });

  it('ran every query on an index', () => expectNoScans(h));
});
