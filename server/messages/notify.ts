import { getCloud } from '../core/cloud';
import { collection, command, findMany, updateWhere } from '../core/db';
import { newId, sortKey } from '../core/paging';
import { now } from '../core/clock';
import { USERS, type UserDoc } from '../identity/model';
import type { TemplateKey } from '../../contracts/messages';
import { MESSAGES, type MessageDoc, type Outgoing } from './model';
import { fitKeyword, templateId } from './templates';

type Recipient = Pick<UserDoc, '_id' | 'subscribeQuota'>;

export interface NotifyOptions {
  /**
   * Recipients the caller already read (with their subscribeQuota): notify then reads nobody, so a
   * handler that loaded the people it notifies spends no extra database round trip.
   */
  known?: readonly Recipient[];
}

/**
 * Delivers notifications: one message-centre row each (one batch insert), plus a subscribe message
 * for each recipient with quota left for the template, whose quota then drops by one (one update per
 * template). A failed send is recorded as push 'failed' and never fails the caller: the message
 * centre still has the row.
 */
export async function notify(items: readonly Outgoing[], options: NotifyOptions = {}): Promise<void> {
  if (items.length === 0) return;
  const quotas = await loadQuotas(items, options.known ?? []);
  const left = new Map<string, Record<string, number>>();
  for (const [openid, q] of quotas) left.set(openid, { ...q });

  const sentBy = new Map<TemplateKey, Set<string>>();
  const pushes = await Promise.all(
    items.map(async (item): Promise<MessageDoc['push']> => {
      if (!item.push) return 'not_subscribed';
      const quota = left.get(item.toOpenid);
      const key = item.push.template;
      if (!quota || (quota[key] ?? 0) <= 0) return 'not_subscribed';
      // One send per unit of quota; a second message to the same person in this batch needs a second unit.
      quota[key] = (quota[key] ?? 0) - 1;
      try {
        await send(item, key);
        let set = sentBy.get(key);
        if (!set) sentBy.set(key, (set = new Set()));
        set.add(item.toOpenid);
        return 'sent';
      } catch (err) {
        console.log(JSON.stringify({ msg: 'subscribe message not sent', to: item.toOpenid, template: key, error: (err as Error).message }));
        return 'failed';
      }
    }),
  );

  const at = now();
  const docs: MessageDoc[] = items.map((item, i) => {
    const _id = newId('msg');
    return {
      _id,
      toOpenid: item.toOpenid,
      kind: item.kind,
      title: item.title,
      body: item.body,
      page: item.page,
      reportId: item.reportId ?? null,
      at: new Date(at),
      sk: sortKey(at, _id),
      readAt: null,
      push: pushes[i] ?? 'not_subscribed',
    };
  });

  const _ = command();
  await Promise.all([
    collection(MESSAGES).add({ data: docs as unknown as Record<string, unknown> }),
    // Quota is spent even when WeChat refused the send (the user's one-time authorisation is used up either way
    // when it was a real refusal; a network failure costs one unit, which is the safe side: never spam).
    ...[...sentBy].map(([key, openids]) =>
      updateWhere(collection(USERS).where({ _id: _.in([...openids]), [`subscribeQuota.${key}`]: _.gt(0) }), {
        [`subscribeQuota.${key}`]: _.inc(-1),
      }),
    ),
  ]);
}

async function loadQuotas(items: readonly Outgoing[], known: readonly Recipient[]): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  for (const u of known) out.set(u._id, u.subscribeQuota ?? {});
  const wanted = [...new Set(items.filter((i) => i.push && !out.has(i.toOpenid)).map((i) => i.toOpenid))];
  if (wanted.length > 0) {
    const users = await findMany<Recipient>(
      collection(USERS)
        .where({ _id: command().in(wanted) })
        .field({ _id: true, subscribeQuota: true })
        .limit(wanted.length),
    );
    for (const u of users) out.set(u._id, u.subscribeQuota ?? {});
  }
  return out;
}

async function send(item: Outgoing, key: TemplateKey): Promise<void> {
  const data: Record<string, { value: string }> = {};
  for (const [k, v] of Object.entries(item.push?.data ?? {})) data[k] = { value: fitKeyword(k, v) };
  await getCloud().openapi.subscribeMessage.send({
    touser: item.toOpenid,
    templateId: templateId(key),
    page: item.page.replace(/^\//, ''),
    data,
    miniprogramState: process.env.LINLI_MINIPROGRAM_STATE || 'formal',
    lang: 'zh_CN',
  } as never);
}
