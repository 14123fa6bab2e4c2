import { put } from '../core/db';
import { newId, sortKey } from '../core/paging';
import { personNames } from '../roles/audit';
import { DELETED_USER_NAME } from '../roles/names';
import { ACCESS_LOG, type AccessLogDoc } from './model';
import { maskName } from './phone';

/** What a caller says about a reveal; the log adds the id, the time and the sort key. */
export type AccessInit = Omit<AccessLogDoc, '_id' | 'at' | 'sk' | 'registrationId' | 'personId'> & {
  registrationId?: string | null;
  personId?: string | null;
};

/** Records that someone saw a number in full. Written before the number is returned, so no reveal goes unlogged. */
export async function logAccess(at: number, init: AccessInit): Promise<AccessLogDoc> {
  const _id = newId('pa');
  const doc: AccessLogDoc = {
    _id,
    at: new Date(at),
    sk: sortKey(at, _id),
    ...init,
    basis: { role: init.basis.role, scopeType: init.basis.scopeType, scopeId: init.basis.scopeId },
    registrationId: init.registrationId ?? null,
    personId: init.personId ?? null,
  };
  await put(ACCESS_LOG, _id, { ...doc });
  return doc;
}

/** Entries for display. `maskActors`: a data subject sees who looked at their number with the name masked. */
export async function accessViews(docs: AccessLogDoc[], options: { maskActors?: boolean } = {}) {
  const names = await personNames(docs.map((d) => d.actorOpenid));
  return docs.map((d) => ({
    id: d._id,
    at: new Date(d.at).getTime(),
    purpose: d.purpose,
    actor: { userId: d.actorOpenid, name: displayName(names(d.actorOpenid), options.maskActors) },
    subject: { name: d.subjectName, duty: d.subjectDuty, phoneMasked: d.subjectPhoneMasked },
    unit: { id: d.unitId, name: d.unitName },
    basis: d.basis,
  }));
}

const displayName = (name: string, masked = false) => (masked && name !== DELETED_USER_NAME ? maskName(name) : name);
