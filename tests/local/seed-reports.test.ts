import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportStatus } from '../../contracts/reports';
import { findDocuments, listCollections } from '../../local/emulator/database';
import { createEmulator } from '../../local/emulator/server';
import { generateSeed } from '../../local/seed/generate';
import { volumeReports } from '../../local/seed/reports';
import { importVolumeReports } from '../../local/seed/volume';
import { sortKey } from '../../server/core/paging';
import type { ReportDoc } from '../../server/reports/model';
import { NO_DUE_MS, OPEN_STATES } from '../../server/reports/states';

const NOW = Date.UTC(2026, 10, 1, 2, 0, 0);
const ms = (d: Date | null) => (d ? new Date(d).getTime() : null);

function expectConsistent(r: ReportDoc, now: number): void {
  const where = `${r._id} (${r.status})`;
  expect(r.timeline[0]?.kind, where).toBe('submit');
  const moves = r.timeline.filter((t) => t.to !== null);
  expect(moves.at(-1)?.to, where).toBe(r.status);
  for (let i = 1; i < moves.length; i++) expect(moves[i]?.from, where).toBe(moves[i - 1]?.to);
  const times = r.timeline.map((t) => ms(t.at) as number);
  expect(times, where).toEqual([...times].sort((a, b) => a - b));
  expect(r.open, where).toBe(OPEN_STATES.includes(r.status));
  expect(r.dueKey, where).toBe(sortKey(ms(r.dueAt) ?? NO_DUE_MS, r._id));
  expect(r.sk, where).toBe(sortKey(ms(r.createdAt) as number, r._id));
  expect(r.assigneeOpenid, where).toBe(r.assignee.openid);
  if (r.private || r.status === 'withdrawn') expect(r.publicPath, where).toEqual([]);
  else expect(r.publicPath, where).toEqual(r.orgPath);
  expect(r.timeline.filter((t) => t.kind === 'escalate').length, where).toBe(r.escalation);
  if (r.escalation === 2) expect(r.watch, where).toEqual([r.orgPath[1], r.orgPath[0]]);
  if (r.escalation === 1) expect(r.watch, where).toEqual([r.orgPath[1]]);
  if (r.open && r.escalation < 2) expect(ms(r.nextCheckAt), where).not.toBeNull();
  if (r.escalation > 0) expect(ms(r.dueAt) as number, where).toBeLessThanOrEqual(now);
  if (r.status === 'closed') expect(r.closedAt, where).not.toBeNull();
  if (r.rating) expect(r.status, where).toBe('closed');
  if (r.acceptedAt) expect(r.respondedInTime, where).toBe((ms(r.acceptedAt) as number) <= (ms(r.acceptBy) as number));
  if (r.location) {
    expect(r.location.latitude, where).toBeGreaterThan(30);
    expect(r.location.longitude, where).toBeGreaterThan(104);
  }
}

describe('demo reports', () => {
  const seed = generateSeed({ scale: 0, now: NOW });
  const reports = seed.reports;

  it('are 40, in every state, each consistent with its state', () => {
    expect(reports).toHaveLength(40);
    expect(new Set(reports.map((r) => r.status))).toEqual(new Set(ReportStatus.options));
    expect(new Set(reports.map((r) => r._id)).size).toBe(40);
    expect(new Set(reports.map((r) => r.no)).size).toBe(40);
    for (const r of reports) expectConsistent(r, NOW);
  });

  it("include demo-resident-001's own, demo-grid-01's tasks, overdue and escalated ones, private, proxy and texts under review", () => {
    const mine = reports.filter((r) => r.reporterOpenid === 'demo-resident-001');
    expect(mine.length).toBeGreaterThanOrEqual(5);
    const me = seed.users.find((u) => u._id === 'demo-resident-001');
    expect(mine.every((r) => r.place.courtyardId === me?.place?.courtyardId)).toBe(true);
    const tasks = reports.filter((r) => r.assigneeOpenid === 'demo-grid-01' && r.open);
    expect(tasks.length).toBeGreaterThanOrEqual(4);
    expect(reports.filter((r) => r.open && ms(r.dueAt) !== null && (ms(r.dueAt) as number) < NOW).length).toBeGreaterThanOrEqual(3);
    expect(reports.some((r) => r.escalation === 1)).toBe(true);
    expect(reports.some((r) => r.escalation === 2)).toBe(true);
    expect(reports.some((r) => r.private)).toBe(true);
    expect(reports.some((r) => r.proxy !== null)).toBe(true);
    expect(reports.some((r) => r.textCheck === 'review')).toBe(true);
    expect(reports.some((r) => r.assigneeOpenid === null && r.watch.length > 0)).toBe(true);
    // No broken file ids: demo reports carry no media.
    expect(reports.every((r) => r.media.length === 0)).toBe(true);
  });

  it('are the same every time', () => {
    expect(generateSeed({ scale: 0, now: NOW }).reports).toEqual(reports);
  });
});

describe('volume reports', () => {
  const seed = generateSeed({ scale: 0, now: NOW });
  const input = { users: seed.users, units: new Map(seed.org_units.map((u) => [u._id, u])), now: NOW, seed: 3 };

  it('are deterministic, consistent and spread over states and the year', () => {
    const a = [...volumeReports(input, 3000, 1000)];
    expect(a.map((c) => c.length)).toEqual([1000, 1000, 1000]);
    const flat = a.flat();
    expect([...volumeReports(input, 3000, 1000)].flat()).toEqual(flat);
    expect(new Set(flat.map((r) => r._id)).size).toBe(3000);
    for (const r of flat) expectConsistent(r, NOW);
    const states = new Set(flat.map((r) => r.status));
    for (const s of ['submitted', 'accepted', 'in_progress', 'resolved', 'closed', 'rejected']) expect(states.has(s as never)).toBe(true);
    const oldest = Math.min(...flat.map((r) => ms(r.createdAt) as number));
    expect(NOW - oldest).toBeGreaterThan(300 * 86_400_000);
  });

  it('go into the emulator through the bulk import path', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'linli-seed-reports-'));
    const emulator = createEmulator({ dataDir });
    try {
      const started = Date.now();
      expect(importVolumeReports(emulator.ctx, seed, 5000, NOW)).toBe(5000);
      const elapsed = Date.now() - started;
      expect(listCollections(emulator.ctx).find((c) => c.name === 'reports')?.count).toBe(5000);
      const [first] = findDocuments(emulator.ctx, 'reports', { limit: 1 }) as Array<{ timeline: unknown[] }>;
      expect(first?.timeline.length).toBeGreaterThan(0);
      // 100k must take under a minute: 5000 well under 3 s even on a loaded machine.
      expect(elapsed).toBeLessThan(10_000);
    } finally {
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
