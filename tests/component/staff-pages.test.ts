// @vitest-environment jsdom
/**
 * The other staff pages against the real local cloud: QR codes (generated, shown and saved
 * to the album from the backend's image), the org tree, the three-in-one record, role grants,
 * and the logs — each checked against what the backend then holds.
 */
import { describe, expect, it } from 'vitest';
import { ask, openApp } from './support/app';
import { button, cell, inputByLabel, radio } from './support/find';
import { fire, openPage, query, queryAll, tap, visibleText, waitFor, waitForText } from './support/harness';
import type { SimRoot } from './support/simulate';
import { useTestEnv } from './support/use-test-env';

const env = useTestEnv({ settle: true });

const STAFF = 'demo-community-1';

function dialogButton(page: SimRoot, text: string): Element | null {
  for (const f of queryAll(page, '[class*="t-dialog__footer"]')) {
    const hit = button(page, text, f);
    if (hit) return hit;
  }
  return null;
}

describe('入驻二维码', () => {
  it('generates a code for a courtyard, shows the backend’s image and saves it to the album', async () => {
    const { courtyards } = await ask(env, 'org.courtyards', STAFF, { communityId: 'cm-1' });
    const target = courtyards[5]!;
    const phone = openApp(env, STAFF);
    const page = openPage(env, 'packages/staff/pages/qrcode/index', { targetType: 'courtyard', targetId: target.id });
    await waitForText(page, target.name);

    fire(inputByLabel(page, '备注'), 'input', { value: '2栋门口' }, '备注');
    tap(button(page, '生成二维码'), '生成二维码');
    await waitForText(page, '保存到相册（打印用）');
    const newest = (await ask(env, 'joinCode.list', STAFF, { unitId: 'cm-1' })).items[0]!;
    expect(newest.target.id).toBe(target.id);
    expect(newest.label).toBe('2栋门口');
    expect(visibleText(page)).toContain(`编号 ${newest.code}`);
    // Temp URLs are signed with the second they were made: compare the file, not the signature.
    const unsigned = (url: string) => url.split('?')[0];
    const shown = query(page, 'wx-image')?.getAttribute('src') ?? (page.data.shown as { url: string }).url;
    expect(unsigned(shown)).toBe(unsigned(newest.tempUrl));

    tap(button(page, '保存到相册（打印用）'), '保存到相册');
    await waitFor(() => phone.savedImages.length === 1, 'the album save');
    expect(phone.downloads).toEqual([newest.tempUrl]);
    await waitForText(page, '已保存到相册，可直接打印');

    // The code the page made is one a resident can scan.
    const resolved = await ask(env, 'joinCode.resolve', 'test-scanner', { scene: newest.scene });
    expect(resolved.courtyard?.id).toBe(target.id);
  });
});

describe('组织架构', () => {
  it('creates a grid under the community and renames it', async () => {
    const phone = openApp(env, STAFF);
    const page = openPage(env, 'packages/staff/pages/org-tree/index');
    const level = await ask(env, 'org.children', STAFF, { unitId: 'cm-1' });
    await waitForText(page, `下级网格（${level.children.length}）`);

    tap(button(page, '新建网格'), '新建网格');
    await waitFor(() => page.data.dialog === 'create', 'the name dialog');
    fire(inputByLabel(page, '名称'), 'input', { value: '第9网格' }, '名称');
    tap(dialogButton(page, '确定'), '确定');
    await waitForText(page, `下级网格（${level.children.length + 1}）`);
    const created = (await ask(env, 'org.children', STAFF, { unitId: 'cm-1' })).children.find((c) => c.name === '第9网格');
    expect(created?.type).toBe('grid');

    // 管理 → the action sheet's first item, 重命名.
    const manage = button(page, '管理', cell(page, '第9网格'));
    tap(manage, '管理');
    await waitFor(() => page.data.dialog === 'rename', 'the rename dialog');
    fire(inputByLabel(page, '名称'), 'input', { value: '第9网格（新建）' }, '名称');
    tap(dialogButton(page, '确定'), '确定');
    await waitForText(page, '第9网格（新建）');
    const renamed = (await ask(env, 'org.children', STAFF, { unitId: 'cm-1' })).children.find((c) => c.id === created!.id);
    expect(renamed?.name).toBe('第9网格（新建）');
    expect(phone.calls.filter((c) => c.data.action === 'org.renameUnit').length).toBe(1);
  });
});

describe('三合一负责人', () => {
  it('edits the residents’ group without revealing anyone’s number: a duty changes, the stored numbers stay', async () => {
    const me = await ask(env, 'me.get', 'demo-resident-001', {});
    const courtyardId = me.courtyard!.id;
    const before = await ask(env, 'org.contacts', STAFF, { courtyardId });
    const group = before.sections.find((s) => s.section === 'residents_group')!;
    expect(group.people.length).toBeGreaterThan(0);

    openApp(env, STAFF);
    const page = openPage(env, 'packages/staff/pages/three-in-one/index', { courtyardId });
    await waitForText(page, group.name);
    tap(cell(page, `编辑${group.title}`), '编辑');
    await waitForText(page, '保存');
    const revealsBefore = (await ask(env, 'privacy.accessLog', STAFF, { unitId: 'cm-1', limit: 50 })).items.length;
    fire(inputByLabel(page, '职责'), 'input', { value: '居民小组长、楼栋长' }, '职责');
    tap(button(page, '保存'), '保存');
    await waitFor(() => page.data.editing === null, 'the editor to close');

    const after = await ask(env, 'org.contacts', STAFF, { courtyardId });
    const saved = after.sections.find((s) => s.section === 'residents_group')!;
    expect(saved.people.map((p) => p.id)).toEqual(group.people.map((p) => p.id));
    expect(saved.people[0]!.duty).toBe('居民小组长、楼栋长');
    expect(saved.people.map((p) => p.phoneMasked)).toEqual(group.people.map((p) => p.phoneMasked));
    expect((await ask(env, 'privacy.accessLog', STAFF, { unitId: 'cm-1', limit: 50 })).items.length).toBe(revealsBefore);
    await waitForText(page, '居民小组长、楼栋长');
  });
});

describe('角色授权', () => {
  it('finds a resident, grants a volunteer role over the community, and revokes it', async () => {
    const resident = await ask(env, 'me.export', 'demo-resident-001', {});
    const name = resident.profile.realName;
    const found = await ask(env, 'residents.search', STAFF, { unitId: 'cm-1', q: name });
    const person = found.items.find((p) => p.userId === 'demo-resident-001')!;

    openApp(env, STAFF);
    const page = openPage(env, 'packages/staff/pages/roles/index');
    await waitForText(page, '现有工作人员');
    fire(query(page, '[class*="t-input__keyword"]'), 'input', { value: name }, 'the search box');
    await waitFor(() => page.data.query === name, 'the query');
    fire(query(page, '[class*="t-input__keyword"]'), 'confirm', { value: name }, 'search');
    await waitForText(page, '查找结果');
    expect(visibleText(page)).toContain(person.phoneMasked);

    tap(cell(page, name), name);
    await waitForText(page, '授予身份');
    tap(radio(page, '志愿者'), '志愿者');
    await waitFor(() => (page.data.scopeOptions as unknown[]).length > 0, 'the scope tree');
    tap(cell(page, '范围'), '范围');
    await waitFor(() => page.data.scopePickerVisible === true, 'the picker');
    tap(radio(page, '锦绣社区'), '锦绣社区');
    await simulateTick();
    tap(query(page, '[class*="t-cascader__close-btn"]'), 'close the picker');
    await waitFor(() => (page.data.grant as { scopeId: string }).scopeId === 'cm-1', 'the community as scope');
    fire(query(page, '[class*="t-textarea__wrapper-inner"]'), 'input', { value: '院落志愿服务骨干' }, '原因');
    tap(button(page, '授予'), '授予');
    await waitForText(page, '志愿者 · 锦绣社区');

    const granted = await ask(env, 'me.get', 'demo-resident-001', {});
    expect(granted.roles.some((r) => r.role === 'volunteer' && r.scopeId === 'cm-1')).toBe(true);

    tap(button(page, '撤销'), '撤销');
    await waitForText(page, '撤销身份');
    const reasons = queryAll(page, '[class*="t-textarea__wrapper-inner"]');
    fire(reasons[reasons.length - 1], 'input', { value: '本人申请退出' }, '撤销原因');
    tap(dialogButton(page, '撤销'), 'the dialog’s 撤销');
    await waitFor(() => page.data.revoking === '', 'the revoke to finish');
    const revoked = await ask(env, 'me.get', 'demo-resident-001', {});
    expect(revoked.roles.some((r) => r.role === 'volunteer')).toBe(false);
  });
});

describe('查看记录', () => {
  it('lists the backend’s reveal log and audit log, newest first', async () => {
    const [access, audit] = await Promise.all([
      ask(env, 'privacy.accessLog', STAFF, { unitId: 'cm-1' }),
      ask(env, 'roles.auditLog', STAFF, { unitId: 'cm-1' }),
    ]);
    openApp(env, STAFF);
    const page = openPage(env, 'packages/staff/pages/reveal-log/index');
    await waitFor(() => page.data.status !== 'loading', 'the log');
    const rows = () => (page.data.rows as Array<{ id: string }>).map((r) => r.id);
    expect(rows()).toEqual(access.items.map((e) => e.id));
    for (const e of access.items) expect(visibleText(page)).toContain(`${e.actor.name} 查看了 ${e.subject.name}`);

    tap(
      queryAll(page, '[class*="t-tabs__item"]').find((t) => t.textContent?.includes('操作审计')),
      '操作审计',
    );
    await waitFor(() => page.data.tab === 'audit' && page.data.status !== 'loading', 'the audit log');
    expect(rows()).toEqual(audit.items.map((e) => e.id));
    for (const e of audit.items.slice(0, 5)) expect(visibleText(page)).toContain(e.summary);
  });
});

function simulateTick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}
