import { applyMediaVerdict, type MediaCheckEvent, type VerdictOutcome } from '../../../server/reports/media-verdict';

/** A verdict may overtake the write that stores its trace id (the check starts just before it): look again briefly. */
const ATTEMPTS = 3;
const RETRY_MS = 1000;

/**
 * Message-push receiver for `wxa_media_check`: the asynchronous verdict of
 * security.mediaCheckAsync on a report's photo, voice note or video cover. Subscribe this
 * function to the event in 云开发控制台 → 设置 → 消息推送 (event type `wxa_media_check`).
 */
export async function main(event: MediaCheckEvent | undefined): Promise<VerdictOutcome> {
  let outcome = await applyMediaVerdict(event ?? {});
  for (let i = 1; i < ATTEMPTS && !outcome.ok && outcome.reason === 'unknown_trace'; i++) {
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    outcome = await applyMediaVerdict(event ?? {});
  }
  console.log(JSON.stringify({ msg: 'media verdict', trace: event?.trace_id ?? null, outcome }));
  return outcome;
}
