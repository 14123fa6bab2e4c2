import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox, retryUndeliveredVerdicts } from '../../local/emulator/openapi';
import { main as mediacheck } from '../../cloudfunctions/mediacheck/src/index';
import { startApiHarness, ok, type ApiHarness } from '../support/api-harness';
import { doc, docs } from './identity-support';
import { GRID, NEIGHBOUR, RESIDENT, expectNoScans, photo, submit } from './reports-commands-support';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- stored documents, read loosely
type Stored = Record<string, any>;

let h: ApiHarness;
beforeAll(async () => {
  // Verdicts wait for the test to deliver them (no function runner in this process).
  process.env.LINLI_MEDIACHECK_DELAY_MS = '0';
  h = await startApiHarness();
});
afterAll(() => h?.close());

const verdictCalls = () => listOutbox(h.tc.emulator.ctx, { apiName: 'security.mediaCheckAsync', limit: 1000 });

describe('asynchronous media verdicts (wxa_media_check → mediacheck)', () => {
  it('asks for a check of each photo with its temp URL, and a risky verdict hides the photo and tells the reporter', async () => {
    const clean = await photo(h, RESIDENT, { name: 'wall.jpg' });
    const risky = await photo(h, RESIDENT, { name: 'risky.jpg' });
    const sub = await submit(h, RESIDENT, { media: [clean, risky], text: '' });

    const calls = verdictCalls().filter((c) => String(c.request.media_url).includes(RESIDENT));
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const c of calls) expect(c.request).toMatchObject({ media_type: 2, version: 2, openid: RESIDENT });
    const stored = doc<Stored>(h, 'reports', sub.id) as Stored;
    expect(stored.media.map((m: Stored) => m.check)).toEqual(['pending', 'pending']);

    // Deliver exactly what the emulator would push, through the function's exported handler.
    h.tc.emulator.setFunctionInvoker(async (name, event) => {
      expect(name).toBe('mediacheck');
      return mediacheck(event as never);
    });
    await new Promise((r) => setTimeout(r, 50));
    await retryUndeliveredVerdicts(h.tc.emulator.ctx);

    const after = doc<Stored>(h, 'reports', sub.id) as Stored;
    expect(after.media.map((m: Stored) => m.check)).toEqual(['pass', 'risky']);
    expect(after.timeline.map((e: Stored) => e.kind)).toEqual(['submit', 'media_hidden']);
    const told = docs<Stored>(h, 'messages', (m) => m.reportId === sub.id && m.kind === 'report_media_hidden');
    expect(told.map((m) => m.toOpenid)).toEqual([RESIDENT]);

    // The public sees the risky photo hidden (no URL); the clean one has a URL.
    const seen = ok<{ media: { url: string; hidden: boolean; check: string }[] }>(await h.act(NEIGHBOUR, 'reports.get', { id: sub.id }));
    expect(seen.media.map((m) => [m.hidden, m.check, m.url === ''])).toEqual([
      [false, 'pass', false],
      [true, 'risky', true],
    ]);

    // A repeated delivery changes nothing and tells nobody again.
    const riskyEvent = listOutbox(h.tc.emulator.ctx, { apiName: 'security.mediaCheckAsync', limit: 1000 }).find(
      (c) => c.delivery?.event && (c.delivery.event as Stored).result.suggest === 'risky',
    )?.delivery?.event as Stored;
    expect(riskyEvent).toMatchObject({ Event: 'wxa_media_check', MsgType: 'event', version: 2 });
    const again = await mediacheck(riskyEvent);
    expect(again).toMatchObject({ ok: true, already: true, check: 'risky' });
    expect(docs<Stored>(h, 'messages', (m) => m.reportId === sub.id && m.kind === 'report_media_hidden')).toHaveLength(1);
    expect(((doc<Stored>(h, 'reports', sub.id) as Stored).timeline as unknown[]).length).toBe(2);
    expectNoScans(h);
  });

  it('a risky after-photo on the timeline is hidden and its uploader (the handler) is told', async () => {
    // Verdicts wait until the test delivers them, after the resolution is written.
    h.tc.emulator.ctx.invokeFunction = undefined;
    const sub = await submit(h, RESIDENT);
    ok(await h.act(GRID, 'reports.accept', { id: sub.id }));
    const after = await photo(h, GRID, { name: 'risky-after.jpg' });
    ok(await h.act(GRID, 'reports.resolve', { id: sub.id, note: '已处理', media: [after] }));
    await new Promise((r) => setTimeout(r, 50));
    h.tc.emulator.setFunctionInvoker(async (_name, event) => mediacheck(event as never));
    await retryUndeliveredVerdicts(h.tc.emulator.ctx);
    const stored = doc<Stored>(h, 'reports', sub.id) as Stored;
    const resolveEntry = stored.timeline.find((e: Stored) => e.kind === 'resolve');
    expect(resolveEntry.media.map((m: Stored) => m.check)).toEqual(['risky']);
    expect(stored.timeline.map((e: Stored) => e.kind)).toEqual(['submit', 'accept', 'resolve', 'media_hidden']);
    const told = docs<Stored>(h, 'messages', (m) => m.reportId === sub.id && m.kind === 'report_media_hidden');
    expect(told.map((m) => m.toOpenid)).toEqual([GRID]);
    const seen = ok<{ timeline: { kind: string; media: { url: string; hidden: boolean }[] }[] }>(
      await h.act(RESIDENT, 'reports.get', { id: sub.id }),
    );
    expect(seen.timeline.find((e) => e.kind === 'resolve')?.media).toEqual([expect.objectContaining({ url: '', hidden: true })]);
    expectNoScans(h);
  });

  it('ignores events that are not media verdicts or name no report', async () => {
    expect(await mediacheck({ Event: 'user_enter_tempsession' })).toEqual({ ok: false, reason: 'not_media_check' });
    expect(await mediacheck({ Event: 'wxa_media_check', trace_id: 'nobody-knows' })).toEqual({ ok: false, reason: 'unknown_trace' });
  });
});
