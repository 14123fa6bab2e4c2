import { expect } from 'vitest';
import { findDocuments, getScanLog } from '../../local/emulator/database';
import type { ApiHarness } from '../support/api-harness';
import { PRIVACY_POLICY } from '../../server/privacy/policy';

/** Collections this domain owns: a query on them without an index fails the test file. */
export const IDENTITY_COLLECTIONS = [
  'users',
  'registrations',
  'households',
  'org_units',
  'org_contacts',
  'join_codes',
  'audit_log',
  'pii_access_log',
];

export const POLICY_VERSION = PRIVACY_POLICY.version;

type Stored = Record<string, unknown>;

/**
 * Documents as stored (dates as { $date }), read through the emulator's inspection helper and
 * filtered here: an unfiltered read is not a scan, so the test's own reads never reach the scan log.
 */
export function docs<T = Stored>(h: ApiHarness, collection: string, where: (d: Stored) => boolean = () => true): T[] {
  return (findDocuments(h.tc.emulator.ctx, collection, { limit: 1_000_000 }) as Stored[]).filter(where) as T[];
}

export function doc<T = Stored>(h: ApiHarness, collection: string, id: string): T | undefined {
  return docs<T>(h, collection, (d) => d._id === id)[0];
}

export function expectNoScans(h: ApiHarness): void {
  const scans = getScanLog(h.tc.emulator.ctx).filter((s) => IDENTITY_COLLECTIONS.includes(s.collection));
  expect(scans, JSON.stringify(scans)).toEqual([]);
}

let seq = 0;
/** A fresh requestId per call unless a test wants a retry. */
export const rid = (label = 'req') => `${label}-${Date.now().toString(36)}-${(seq++).toString(36)}`.slice(0, 64);

/** Registers a brand-new person (identity.login) and returns their openid. */
export async function newcomer(h: ApiHarness, openid: string): Promise<string> {
  const res = await h.call(openid, { action: 'identity.login' });
  if (!res.ok) throw new Error(res.error.message);
  return openid;
}

export function registration(overrides: Record<string, unknown> = {}) {
  return {
    realName: '测试居民',
    phone: '13912345678',
    courtyardId: 'cy-1-1-1-1',
    address: { building: '5栋', unit: '1', room: '301室' },
    relation: 'owner',
    privacyVersion: POLICY_VERSION,
    ...overrides,
  };
}

/** Document counts minus the rate-limit counters: a rate-limited action counts a refused attempt, which is the point of a limit. */
export function withoutCounters(snapshot: Record<string, number>): Record<string, number> {
  const { rate_limits: _counters, ...rest } = snapshot;
  return rest;
}
