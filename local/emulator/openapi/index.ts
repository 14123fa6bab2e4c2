import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../types';
import { mediaCheckDelayMs } from './apis/media-check-async';
import { ensureOutboxTable } from './outbox';
import { createOpenApiHandler } from './route';
import { resumePendingDeliveries } from './verdict-delivery';

export { listOutbox, clearOutbox, type OutboxEntry, type OutboxDelivery, type OutboxCaller, type DeliveryStatus } from './outbox';
export { retryUndeliveredVerdicts } from './verdict-delivery';
export { parseWxacodeContent, type WxacodeContent } from './apis/wxacode-get-unlimited';
export { judgeMedia } from './apis/media-check-async';
export { DEFAULT_SECCHECK_WORDS_PATH } from './seccheck-words';
export { OPEN_APIS } from './registry';

/**
 * The open-API endpoint (`cloud.openapi.*`). Creating it also re-schedules media-check verdicts that
 * were still pending when the emulator last stopped (no sooner than the media-check delay).
 */
export function createOpenApiRoute(ctx: EmulatorContext): (req: IncomingMessage, res: ServerResponse, raw: Buffer) => Promise<void> {
  ensureOutboxTable(ctx.store.db);
  resumePendingDeliveries(ctx, mediaCheckDelayMs());
  return createOpenApiHandler(ctx);
}
