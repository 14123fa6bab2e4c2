import { expect } from 'vitest';
import { getScanLog, importDocuments, resetScanLog } from '../../local/emulator/database';
import { buildReport, type ReportPerson, type ReportSpec } from '../../local/seed/reports';
import { Random } from '../../local/seed/random';
import type { UserDoc } from '../../server/identity/model';
import type { OrgUnitDoc } from '../../server/org/model';
import type { ReportDoc } from '../../server/reports/model';
import type { ApiHarness } from '../support/api-harness';

/** Collections the report lists read: a query on them without an index fails the test. */
export const REPORT_QUERY_COLLECTIONS = ['reports', 'org_units', 'users', 'messages'];

export function expectNoReportScans(h: ApiHarness): void {
  const scans = getScanLog(h.tc.emulator.ctx).filter((s) => REPORT_QUERY_COLLECTIONS.includes(s.collection));
  expect(scans, JSON.stringify(scans)).toEqual([]);
}

export const resetScans = (h: ApiHarness) => resetScanLog(h.tc.emulator.ctx);

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

let seq = 50_000;

/** Builds realistic report documents on the harness's demo street. */
export function reportFactory(h: ApiHarness) {
  const units = new Map<string, OrgUnitDoc>(h.seed.org_units.map((u) => [u._id, u]));
  const users = new Map<string, UserDoc>(h.seed.users.map((u) => [u._id, u]));
  const rnd = new Random(7);
  const person = (openid: string): ReportPerson => {
    const u = users.get(openid);
    return { openid, name: u?.realName || u?.nickname || '测试居民', phone: u?.phone ?? null };
  };
  const courtyardIn = (gridId: string, i = 0): OrgUnitDoc => {
    const list = h.seed.org_units.filter((u) => u.type === 'courtyard' && u.path[2] === gridId);
    return list[i % list.length] as OrgUnitDoc;
  };
  return {
    person,
    courtyardIn,
    build(
      spec: Omit<Partial<ReportSpec>, 'reporter' | 'handler'> & {
        status: ReportSpec['status'];
        createdAt: number;
        now: number;
        reporter: string;
        handler: string | null;
        gridId: string;
      },
      overrides: Partial<ReportDoc> = {},
    ): ReportDoc {
      seq += 1;
      const { reporter, handler, gridId, ...rest } = spec;
      const doc = buildReport({
        id: `rp-t${seq.toString(36)}`,
        seq,
        category: 'environment',
        text: '楼下垃圾桶满了好几天没人清运，味道很大。',
        spot: '3栋楼下',
        courtyard: courtyardIn(gridId, seq),
        unitName: (id) => units.get(id)?.name ?? '',
        rnd,
        escalate: false,
        ...rest,
        reporter: person(reporter),
        handler: handler ? { ...person(handler), role: 'grid_worker', kind: 'grid_worker' } : null,
      });
      return { ...doc, ...overrides };
    },
  };
}

export function insertReports(h: ApiHarness, docs: ReportDoc[]): void {
  importDocuments(h.tc.emulator.ctx, 'reports', docs as unknown as Array<Record<string, unknown>>);
}

export const clock = {
  set(offsetMs: number) {
    process.env.LINLI_LOCAL = '1';
    process.env.LINLI_CLOCK_OFFSET_MS = String(offsetMs);
  },
  reset() {
    delete process.env.LINLI_LOCAL;
    delete process.env.LINLI_CLOCK_OFFSET_MS;
  },
};
