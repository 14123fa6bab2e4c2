// @vitest-environment jsdom
/**
 * 微网实格 against the real local cloud: the masked numbers are the backend's, the full one
 * appears only after the reveal action and only where the backend allows it, and the call goes
 * to exactly the number the backend revealed.
 */
import { describe, expect, it } from 'vitest';
import type { ActionResult } from '../../contracts';
import { ask, openApp, queryOf } from './support/app';
import { buttons, cell } from './support/find';
import { openPage, tap, visibleText, waitFor, waitForText } from './support/harness';
import { useTestEnv } from './support/use-test-env';

const env = useTestEnv({ settle: true });

const PAGE = 'packages/org/pages/whom-to-find/index';

/** The courtyard of demo-resident-001, with a published party branch so the page has people to show. */
async function courtyardWithContacts(): Promise<{ courtyardId: string; contacts: ActionResult<'org.contacts'> }> {
  const me = await ask(env, 'me.get', 'demo-resident-001', {});
  const courtyardId = me.courtyard!.id;
  let contacts = await ask(env, 'org.contacts', 'demo-resident-001', { courtyardId });
  if (!contacts.sections.some((s) => s.people.length)) {
    const party = contacts.sections.find((s) => s.section === 'party')!;
    await ask(env, 'org.setContacts', 'demo-community-1', {
      unitId: party.unitId,
      section: 'party',
      partyKind: 'branch',
      name: `${contacts.courtyard.name}党支部`,
      people: [{ name: '何建平', duty: '党支部书记', phone: '13688886666' }],
    });
    contacts = await ask(env, 'org.contacts', 'demo-resident-001', { courtyardId });
  }
  return { courtyardId, contacts };
}

describe('微网实格', () => {
  it('shows every section and person with the masked number, and reveals then dials for a verified resident', async () => {
    const { courtyardId, contacts } = await courtyardWithContacts();
    expect(contacts.canReveal).toBe(true);
    const people = contacts.sections.flatMap((s) => s.people.map((p) => ({ ...p, unitId: s.unitId })));

    const phone = openApp(env, 'demo-resident-001');
    const page = openPage(env, PAGE, { courtyardId });
    await waitForText(page, contacts.courtyard.name);
    const text = visibleText(page);
    for (const s of contacts.sections) expect(text).toContain(`${s.title} · ${s.name}`);
    for (const p of people) {
      expect(text).toContain(p.name);
      expect(text).toContain(p.phoneMasked);
    }
    const reveal = buttons(page, '查看完整号码');
    expect(reveal.length).toBe(people.length);
    expect(phone.calls.some((c) => c.data.action === 'org.revealPhone')).toBe(false); // nothing revealed unasked

    const logBefore = await ask(env, 'privacy.accessLog', 'demo-community-1', { unitId: 'cm-1' });
    tap(reveal[0], '查看完整号码');
    await waitFor(() => phone.dialled.length === 1, 'the dial sheet');
    const first = people[0]!;

    // Staff see who revealed what: the page's reveal is the newest entry.
    const logAfter = await ask(env, 'privacy.accessLog', 'demo-community-1', { unitId: 'cm-1' });
    const newest = logAfter.items[0]!;
    expect(logAfter.items.length).toBeGreaterThan(0);
    expect(newest.id).not.toBe(logBefore.items[0]?.id);
    expect(newest.purpose).toBe('whom_to_find');
    expect(newest.subject.name).toBe(first.name);

    const revealed = await ask(env, 'org.revealPhone', 'demo-resident-001', { courtyardId, unitId: first.unitId, personId: first.id });
    expect(phone.dialled).toEqual([revealed.phone]);
    await waitForText(page, revealed.phone);
    expect(buttons(page, '拨打').length).toBe(1);
  });

  it('offers no reveal to someone the backend does not allow, and never shows a full number', async () => {
    const { courtyardId } = await courtyardWithContacts();
    const contacts = await ask(env, 'org.contacts', 'demo-resident-002', { courtyardId });
    expect(contacts.canReveal).toBe(false);
    const phone = openApp(env, 'demo-resident-002');
    const page = openPage(env, PAGE, { courtyardId });
    await waitForText(page, contacts.courtyard.name);
    for (const p of contacts.sections.flatMap((s) => s.people)) expect(visibleText(page)).toContain(p.phoneMasked);
    expect(buttons(page, '查看完整号码')).toEqual([]);
    expect(buttons(page, '拨打')).toEqual([]);
    expect(visibleText(page)).not.toMatch(/1[3-9]\d{9}/);
    expect(phone.calls.some((c) => c.data.action === 'org.revealPhone')).toBe(false);
  });

  it('is reachable from 首页 and 我的 for a resident with a place', async () => {
    const overview = await ask(env, 'org.overview', 'demo-resident-001', {});
    const phone = openApp(env, 'demo-resident-001');
    const home = openPage(env, 'pages/home/index');
    await waitForText(home, '微网实格 · 找谁');
    tap(cell(home, '微网实格 · 找谁'), '微网实格');
    await waitFor(() => phone.navigations.length === 1, 'whom-to-find to open');
    const url = phone.navigations.at(-1)!;
    expect(url.startsWith(`/${PAGE}?`)).toBe(true);
    expect(decodeURIComponent(queryOf(url).courtyardId!)).toBe(overview.myPlace!.courtyard.id);

    const me = openPage(env, 'pages/me/index');
    await waitForText(me, '微网实格');
    tap(cell(me, '微网实格'), '微网实格');
    await waitFor(() => phone.navigations.length === 2, 'whom-to-find to open');
    expect(phone.navigations.at(-1)).toBe(`/${PAGE}`);
    // Opened without a courtyard, the page shows the resident's own.
    const page = openPage(env, PAGE);
    await waitForText(page, overview.myPlace!.courtyard.name);

    openApp(env, 'demo-guest');
    const guestHome = openPage(env, 'pages/home/index');
    await waitForText(guestHome, '还没有登记住址');
    expect(visibleText(guestHome)).not.toContain('微网实格');
  });
});
