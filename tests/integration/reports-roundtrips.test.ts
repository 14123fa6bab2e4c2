import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { RequestLogEntry } from '../../local/emulator/types';
import { startApiHarness, ok, type ApiHarness } from '../support/api-harness';
import { doc, docs } from './identity-support';
import { COMMUNITY, GRID, RESIDENT, expectNoScans, photo } from './reports-commands-support';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- stored documents, read loosely
type Stored = Record<string, any>;

let h: ApiHarness;
beforeAll(async () => {
  process.env.LINLI_MEDIACHECK_DELAY_MS = '600000';
  h = await startApiHarness();
});
afterAll(() => h?.close());

/** The database requests the emulator answered while `fn` ran (its own log: what it received). */
async function recorded(fn: () => Promise<unknown>): Promise<{ server: RequestLogEntry[]; client: RequestLogEntry[] }> {
  const t0 = performance.now();
  const client = await watchClient(fn);
  const server = h.tc.emulator.ctx.requestLog.filter((e) => e.start >= t0 && e.action.startsWith('database.'));
  return { server, client: client.filter((e) => e.action.startsWith('database.')) };
}

/**
 * The same requests as the SDK sent them: from the moment it opened each HTTP request to the end of
 * its reply. The emulator runs in this process, so on its side requests the SDK sent together
 * still arrive one after another; only the sender's view shows which were in flight at once.
 * Observes node's http module (the SDK is not touched).
 */
async function watchClient(fn: () => Promise<unknown>): Promise<RequestLogEntry[]> {
  const seen: RequestLogEntry[] = [];
  const original = http.request;
  const patched = function (this: unknown, ...args: unknown[]) {
    const req = (original as (...a: unknown[]) => http.ClientRequest).apply(this, args);
    const entry: RequestLogEntry = { action: '', collection: null, start: performance.now(), end: Infinity };
    let body = '';
    const write = req.write.bind(req) as (...a: unknown[]) => boolean;
    const end = req.end.bind(req) as (...a: unknown[]) => http.ClientRequest;
    const take = (chunk: unknown) => {
      if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) body += chunk.toString();
    };
    req.write = ((chunk: unknown, ...rest: unknown[]) => (take(chunk), write(chunk, ...rest))) as typeof req.write;
    req.end = ((chunk?: unknown, ...rest: unknown[]) => {
      take(chunk);
      try {
        const parsed = JSON.parse(body) as { action?: string; collectionName?: string };
        entry.action = parsed.action ?? '';
        entry.collection = parsed.collectionName ?? null;
      } catch {
        entry.action = 'other';
      }
      return end(chunk, ...rest);
    }) as typeof req.end;
    req.on('response', (res) => res.on('end', () => (entry.end = performance.now())));
    seen.push(entry);
    return req;
  };
  http.request = patched as typeof http.request;
  try {
    await fn();
  } finally {
    http.request = original;
  }
  return seen;
}

/** The router's own requests: the caller's record (first), the requestId claim and answer, the rate-limit counter. */
function handlerOnly(log: RequestLogEntry[]): RequestLogEntry[] {
  const firstUser = log.findIndex((e) => e.collection === 'users');
  return log.filter((e, i) => i !== firstUser && e.collection !== 'requests' && e.collection !== 'rate_limits');
}

/** Sequential stages: a request sent while another was in flight runs in parallel with it and counts once. */
function stages(log: RequestLogEntry[]): RequestLogEntry[][] {
  const out: RequestLogEntry[][] = [];
  let end = -Infinity;
  for (const e of [...log].sort((a, b) => a.start - b.start)) {
    if (out.length === 0 || e.start >= end) out.push([e]);
    else out[out.length - 1]?.push(e);
    end = out[out.length - 1]?.length === 1 ? e.end : Math.max(end, e.end);
  }
  return out;
}

describe('round trips', () => {
  it('submit about the caller’s own courtyard takes at most 3 sequential database stages in the handler', async () => {
    const statusTmpl = 'demo-tmpl-report-task';
    ok(await h.act(GRID, 'messages.subscribe', { results: { [statusTmpl]: 'accept' } }));
    const media = [await photo(h, RESIDENT), await photo(h, RESIDENT)];
    let id = '';
    const { server: log, client } = await recorded(async () => {
      id = ok<{ id: string }>(
        await h.act(RESIDENT, 'reports.submit', { text: '消防通道被堵', category: 'safety', media }, 'roundtrip-submit-1'),
      ).id;
    });
    const mine = handlerOnly(log);
    const sent = handlerOnly(client);
    expect(sent.map((e) => e.collection)).toEqual(mine.map((e) => e.collection));
    const phases = stages(sent);
    const describe = phases.map((p) => p.map((e) => `${e.action.replace('database.', '')}:${e.collection}`).join(' + '));
    console.log(
      `submit: ${log.length} database requests in all, ${mine.length} by the handler in ${phases.length} stages: ${describe.join(' | ')}`,
    );
    expect(phases.length).toBeLessThanOrEqual(3);
    expect(mine.map((e) => e.collection).sort()).toEqual(['messages', 'org_units', 'reports', 'users', 'users']);
    expect(doc<Stored>(h, 'reports', id)?.assigneeOpenid).toBe(GRID);
    expect(docs<Stored>(h, 'messages', (m) => m.reportId === id)).toEqual([expect.objectContaining({ toOpenid: GRID, push: 'sent' })]);
    expectNoScans(h);
  });

  it('a grid without a worker sends the report to the community’s queue and every community staff member is told', async () => {
    // The grid's only worker leaves (their role key goes): nobody is responsible for gd-1-1 now.
    await h.tc.cloud
      .database()
      .collection('users')
      .doc(GRID)
      .update({ data: { roleKeys: ['volunteer@cm-1'] } });
    const r = ok<{ id: string; assignee: { kind: string } }>(await h.act(RESIDENT, 'reports.submit', { text: '路面塌陷', media: [] }));
    expect(r.assignee.kind).toBe('community');
    expect(doc<Stored>(h, 'reports', r.id)).toMatchObject({
      assigneeOpenid: null,
      watch: ['cm-1'],
      assignee: { kind: 'community', unitId: 'cm-1' },
    });
    expect(docs<Stored>(h, 'messages', (m) => m.reportId === r.id).map((m) => m.toOpenid)).toEqual([COMMUNITY]);
    // A community staff member accepts it and it becomes theirs.
    ok(await h.act(COMMUNITY, 'reports.accept', { id: r.id }));
    expect(doc<Stored>(h, 'reports', r.id)).toMatchObject({ assigneeOpenid: COMMUNITY, assignee: { kind: 'staff' }, watch: [] });
  });
});
