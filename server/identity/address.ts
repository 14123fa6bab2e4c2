import { createHash } from 'node:crypto';
import type { AddressDoc } from './model';

const SUFFIXES = {
  building: ['号楼', '栋', '幢', '楼', '座', '号'],
  unit: ['单元'],
  room: ['室', '号'],
};

/** Full-width folded, spaces dropped, upper case, the 栋/单元/室 people add themselves removed: "３栋" = "3". */
function part(raw: string, suffixes: readonly string[]): string {
  let text = raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  for (const s of suffixes) {
    if (text.length > s.length && text.endsWith(s)) {
      text = text.slice(0, -s.length);
      break;
    }
  }
  return text;
}

export function normalizeAddress(a: AddressDoc): AddressDoc {
  return { building: part(a.building, SUFFIXES.building), unit: part(a.unit, SUFFIXES.unit), room: part(a.room, SUFFIXES.room) };
}

export function addressText(a: AddressDoc | null | undefined): string {
  if (!a) return '';
  return `${a.building}栋${a.unit ? `${a.unit}单元` : ''}${a.room}室`;
}

export const addressView = (a: AddressDoc) => ({ ...a, text: addressText(a) });

/** One household per room: the id is derived from the courtyard and the normalised address, so two registrations for the same room meet. */
export function householdIdFor(courtyardId: string, a: AddressDoc): string {
  const digest = createHash('sha256').update(`${courtyardId}|${a.building}|${a.unit}|${a.room}`).digest('base64url');
  return `hh-${digest.slice(0, 16)}`;
}

/** Rooms in natural order (2栋 before 10栋), then the id: the household list's order and cursor. */
export function addressKey(a: AddressDoc, id: string): string {
  const pad = (s: string) => (/^\d+$/.test(s) ? s.padStart(6, '0') : s);
  return `${pad(a.building)}|${pad(a.unit)}|${pad(a.room)}~${id}`;
}
