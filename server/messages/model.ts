import type { TemplateKey } from '../../contracts/messages';

export const MESSAGES = 'messages';

export type MessageKind = 'report_status' | 'report_task' | 'report_escalated' | 'report_media_hidden';

/** The message centre's record of one notification; written whether or not a subscribe message could be sent. */
export interface MessageDoc {
  _id: string;
  toOpenid: string;
  kind: MessageKind;
  title: string;
  body: string;
  page: string;
  reportId: string | null;
  at: Date;
  /** sortKey(at, _id): the list's order and cursor. */
  sk: string;
  readAt: Date | null;
  push: 'sent' | 'not_subscribed' | 'failed';
}

/**
 * What a domain asks the message centre to deliver. `push` names the subscribe-message template and
 * its keyword values; it is sent only when the recipient has quota left for that template.
 */
export interface Outgoing {
  toOpenid: string;
  kind: MessageKind;
  title: string;
  body: string;
  page: string;
  reportId?: string;
  push?: { template: TemplateKey; data: Record<string, string> };
}
