import { collection, command, findMany } from '../core/db';
import { loadUnits, placeIds, placeView } from '../org/units';
import { maskPhone } from '../privacy/phone';
import { addressView } from './address';
import { HOUSEHOLDS, type HouseholdDoc, type RegistrationDoc } from './model';

const ms = (d: Date | null | undefined) => (d ? new Date(d).getTime() : null);

export async function householdsById(ids: Iterable<string>): Promise<Map<string, HouseholdDoc>> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  const docs = await findMany<HouseholdDoc>(
    collection(HOUSEHOLDS)
      .where({ _id: command().in(list) })
      .limit(list.length),
  );
  return new Map(docs.map((d) => [d._id, d]));
}

/** What the resident and staff both see of a registration: the phone always masked. */
function registrationBase(units: Awaited<ReturnType<typeof loadUnits>>, r: RegistrationDoc) {
  return {
    id: r._id,
    kind: r.kind,
    status: r.status,
    realName: r.realName,
    phoneMasked: maskPhone(r.phone),
    phoneVerified: r.phoneVerified,
    relation: r.relation,
    place: placeView(units, r.place),
    address: addressView(r.address),
    submittedAt: ms(r.submittedAt) ?? 0,
    decidedAt: ms(r.decidedAt),
    rejectReason: r.rejectReason,
  };
}

/** The resident's own view of their registrations. */
export async function myRegistrationViews(regs: RegistrationDoc[]) {
  const units = await loadUnits(regs.flatMap((r) => placeIds(r.place)));
  return regs.map((r) => ({ ...registrationBase(units, r), privacyVersion: r.privacy.version, decidedVia: r.decidedVia }));
}

/** Registrations as staff (or a household head) see them in a queue. */
export async function queueItemViews(regs: RegistrationDoc[]) {
  const [units, households] = await Promise.all([
    loadUnits(regs.flatMap((r) => placeIds(r.place))),
    householdsById(regs.map((r) => r.householdId)),
  ]);
  return regs.map((r) => ({ ...registrationBase(units, r), householdMembers: households.get(r.householdId)?.memberCount ?? 0 }));
}

export async function queueItemView(reg: RegistrationDoc) {
  return (await queueItemViews([reg]))[0] as Awaited<ReturnType<typeof queueItemViews>>[number];
}
