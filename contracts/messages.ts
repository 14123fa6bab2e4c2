import * as z from 'zod';
import { Cursor, Id, Millis } from './common';
import { contract } from './define';

/** The subscribe-message templates the app asks for, by a stable key (the template ids are configuration). */
export const TemplateKey = z.enum(['report_status', 'report_task']);
export type TemplateKey = z.infer<typeof TemplateKey>;

export const MessageKind = z.enum(['report_status', 'report_task', 'report_escalated', 'report_media_hidden']);

export const MessageView = z.object({
  id: z.string(),
  kind: MessageKind,
  title: z.string(),
  body: z.string(),
  /** The page the message opens, e.g. the report's detail. */
  page: z.string(),
  at: Millis,
  read: z.boolean(),
  /** Whether a subscribe message also reached the phone: sent, not subscribed, or failed. */
  push: z.enum(['sent', 'not_subscribed', 'failed']),
});

export const messagesContracts = {
  'messages.list': contract({
    description: '消息中心：所有通知（无论订阅消息是否送达），最新在前',
    input: z.strictObject({ cursor: Cursor.optional(), limit: z.number().int().min(1).max(50).optional() }),
    output: z.object({ items: z.array(MessageView), nextCursor: z.string().nullable(), unread: z.number().int() }),
  }),
  'messages.read': contract({
    description: '标为已读：指定的几条，或全部',
    input: z.strictObject({ ids: z.array(Id).max(50, '一次最多 50 条').optional(), all: z.boolean().optional() }),
    output: z.object({ unread: z.number().int() }),
  }),
  'messages.templates': contract({
    description: '订阅消息模板：在合适的时机请求用户订阅',
    input: z.strictObject({}),
    output: z.object({ templates: z.array(z.object({ key: TemplateKey, templateId: z.string(), title: z.string() })) }),
  }),
  'messages.subscribe': contract({
    description: '记录用户对订阅消息的选择（wx.requestSubscribeMessage 的结果，逐个模板判断是否为 accept）',
    input: z.strictObject({
      results: z.record(z.string().max(64), z.enum(['accept', 'reject', 'ban', 'filter'])),
    }),
    output: z.object({ quota: z.record(z.string(), z.number().int()) }),
  }),
};
