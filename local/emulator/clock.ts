/**
 * The emulator's notion of "now". Tests and the scheduler shift it forward to
 * exercise deadlines without waiting; `serverDate()` and the runner both read it.
 */
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }

  setOffset(ms: number): void {
    this.offsetMs = ms;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
