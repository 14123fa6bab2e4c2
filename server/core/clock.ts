/**
 * "Now" for every rule about time. In production it is the machine clock. The local cloud
 * may shift it (LINLI_CLOCK_OFFSET_MS, set per invocation by the function runner) so that
 * deadlines and the scheduler can be exercised without waiting; that knob is ignored
 * anywhere but the local cloud.
 */
export function now(): number {
  if (process.env.LINLI_LOCAL === '1') {
    const offset = Number(process.env.LINLI_CLOCK_OFFSET_MS ?? 0);
    if (Number.isFinite(offset)) return Date.now() + offset;
  }
  return Date.now();
}
