import { randomBytes } from 'node:crypto';

/**
 * Ids shaped like the ones CloudBase hands out: 32 hex digits, where digits 9–16 are the creation
 * time in seconds (so ids sort roughly by creation), framed by a per-process prefix and a counter.
 */
export class IdGenerator {
  private readonly prefix = randomBytes(4).toString('hex');
  private counter = randomBytes(3).readUIntBE(0, 3);

  constructor(private readonly now: () => number) {}

  next(): string {
    this.counter = (this.counter + 1) % 0x1000000;
    const seconds = Math.floor(this.now() / 1000) >>> 0;
    return `${this.prefix}${seconds.toString(16).padStart(8, '0')}${this.counter.toString(16).padStart(6, '0')}${randomBytes(5).toString('hex')}`;
  }
}
