import { expect } from 'vitest';
import { getScanLog } from '../../local/emulator/database';
import { listOutbox } from '../../local/emulator/openapi';
import type { ApiHarness } from '../support/api-harness';
import { ok } from '../support/api-harness';

export const RESIDENT = 'demo-resident-001';
/** demo-resident-001 lives in cy-1-1-1-1, of grid gd-1-1, whose worker is demo-grid-01. */
export const GRID = 'demo-grid-01';
export const COMMUNITY = 'demo-community-1';
export const NEIGHBOUR = 'demo-resident-089';
export const OTHER_GRID = 'demo-grid-02';

const COLLECTIONS = ['reports', 'messages', 'users', 'org_units', 'requests'];

export function expectNoScans(h: ApiHarness): void {
  const scans = getScanLog(h.tc.emulator.ctx).filter((s) => COLLECTIONS.includes(s.collection));
  expect(scans, JSON.stringify(scans)).toEqual([]);
}

let n = 0;

/** Uploads bytes to storage as `openid` would from the mini-program, under reports/<openid>/<draft>/. */
export async function upload(
  h: ApiHarness,
  openid: string,
  opts: { bytes?: number; name?: string; folderOwner?: string } = {},
): Promise<string> {
  n += 1;
  const name = opts.name ?? `${n}.jpg`;
  const cloudPath = `reports/${opts.folderOwner ?? openid}/draft${n}/${name}`;
  const res = (await h.tc.cloud.uploadFile({ cloudPath, fileContent: Buffer.alloc(opts.bytes ?? 2048, 7) })) as { fileID: string };
  return res.fileID;
}

export async function photo(h: ApiHarness, openid: string, opts: { bytes?: number; name?: string; folderOwner?: string } = {}) {
  const fileId = await upload(h, openid, opts);
  return { kind: 'image' as const, fileId, size: opts.bytes ?? 2048 };
}

export interface Submitted {
  id: string;
  no: string;
  status: string;
  assignee: { kind: string; name: string; unit: string };
  acceptBy: number;
  resolveBy: number;
  textCheck: string;
}

/** A plain report by `openid` about their own courtyard. */
export async function submit(h: ApiHarness, openid = RESIDENT, extra: Record<string, unknown> = {}): Promise<Submitted> {
  const media = extra.media ?? [await photo(h, openid)];
  return ok<Submitted>(await h.act(openid, 'reports.submit', { text: '楼道灯坏了，晚上很黑', category: 'facility', ...extra, media }));
}

export const sends = (h: ApiHarness) => listOutbox(h.tc.emulator.ctx, { apiName: 'subscribeMessage.send', limit: 1000 });
