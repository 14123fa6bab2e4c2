import type { ActionDef } from '../core/action';
import { defineAction } from '../core/action';
import { collection, command, count, findMany, updateWhere } from '../core/db';
import { decodeCursor, DEFAULT_PAGE, pageOf } from '../core/paging';
import { USERS, type UserDoc } from '../identity/model';
import { MESSAGES, type MessageDoc } from './model';
import { QUOTA_CAP, TEMPLATE_KEYS, TEMPLATE_TITLES, templateId, templateKeyOf } from './templates';

const unreadOf = (openid: string) => count(collection(MESSAGES).where({ toOpenid: openid, readAt: null }));

const list = defineAction({
  name: 'messages.list',
  access: 'registered',
  mutates: false,
  async handler(ctx, input) {
    const limit = input.limit ?? DEFAULT_PAGE;
    const after = decodeCursor(input.cursor);
    const filter: Record<string, unknown> = { toOpenid: ctx.openid };
    if (after) filter.sk = command().lt(after);
    const [rows, unread] = await Promise.all([
      findMany<MessageDoc>(
        collection(MESSAGES)
          .where(filter)
          .orderBy('sk', 'desc')
          .limit(limit + 1),
      ),
      unreadOf(ctx.openid),
    ]);
    const page = pageOf(rows, limit, (m) => m.sk);
    return {
      items: page.rows.map((m) => ({
        id: m._id,
        kind: m.kind,
        title: m.title,
        body: m.body,
        page: m.page,
        at: new Date(m.at).getTime(),
        read: m.readAt !== null,
        push: m.push,
      })),
      nextCursor: page.nextCursor,
      unread,
    };
  },
});

const read = defineAction({
  name: 'messages.read',
  access: 'registered',
  mutates: true,
  async handler(ctx, input) {
    const _ = command();
    const at = new Date(ctx.now());
    if (input.all) {
      await updateWhere(collection(MESSAGES).where({ toOpenid: ctx.openid, readAt: null }), { readAt: at });
    } else if (input.ids && input.ids.length > 0) {
      // Only the caller's own messages: someone else's id simply matches nothing.
      await updateWhere(collection(MESSAGES).where({ _id: _.in(input.ids), toOpenid: ctx.openid, readAt: null }), { readAt: at });
    }
    return { unread: await unreadOf(ctx.openid) };
  },
});

const templates = defineAction({
  name: 'messages.templates',
  access: 'authenticated',
  mutates: false,
  async handler() {
    return { templates: TEMPLATE_KEYS.map((key) => ({ key, templateId: templateId(key), title: TEMPLATE_TITLES[key] })) };
  },
});

const subscribe = defineAction({
  name: 'messages.subscribe',
  access: 'registered',
  mutates: true,
  rateLimit: { max: 60, windowSeconds: 3600 },
  async handler(ctx, input) {
    const user = ctx.user as UserDoc;
    const quota: Record<string, number> = { ...(user.subscribeQuota ?? {}) };
    const data: Record<string, unknown> = {};
    for (const [tmplId, answer] of Object.entries(input.results)) {
      const key = templateKeyOf(tmplId);
      // Only `accept` grants a message; reject, ban and filter grant nothing (and unknown templates are ignored).
      if (!key || answer !== 'accept') continue;
      if ((quota[key] ?? 0) >= QUOTA_CAP) continue;
      quota[key] = (quota[key] ?? 0) + 1;
      // An increment, not a set: a message sent meanwhile spends a unit that must stay spent.
      data[`subscribeQuota.${key}`] = command().inc(1);
    }
    if (Object.keys(data).length > 0) await updateWhere(collection(USERS).where({ _id: ctx.openid }), data);
    const out: Record<string, number> = {};
    for (const key of TEMPLATE_KEYS) out[key] = quota[key] ?? 0;
    return { quota: out };
  },
});

/** The message centre's actions. */
export const messagesActions: ActionDef[] = [list, read, templates, subscribe] as unknown as ActionDef[];
