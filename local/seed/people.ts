import { GIVEN, SURNAMES } from './names';
import type { Random } from './random';

/** Fictional people: names from common characters, numbers from ranges handed out in order, never a real line. */
export class People {
  private resident = 0;
  private contact = 0;
  private landlines = 0;

  constructor(private readonly rnd: Random) {}

  name(): string {
    return `${this.rnd.pick(SURNAMES)}${this.rnd.pick(GIVEN)}`;
  }

  /** Residents: 139 0000 0001 onwards. */
  residentPhone(): string {
    this.resident += 1;
    return `139${String(this.resident).padStart(8, '0')}`;
  }

  /** Responsible people of the three-in-one records: 138 0000 0001 onwards. */
  contactPhone(): string {
    this.contact += 1;
    return `138${String(this.contact).padStart(8, '0')}`;
  }

  /** Police stations and offices: 028-6000 0001 onwards. */
  landline(): string {
    this.landlines += 1;
    return `028-6${String(this.landlines).padStart(7, '0')}`;
  }
}
