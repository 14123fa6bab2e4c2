import { CronExpressionParser } from 'cron-parser';

/** Timer triggers' cron: 7 fields `sec min hour day month week year`, read in UTC+8 (config.json). */
const TZ = 'Asia/Shanghai';
const LAST_YEAR = 2099;

export interface TimerCron {
  /** The first instant strictly after `afterMs` that the expression names; undefined if none remains. */
  nextAfter(afterMs: number): number | undefined;
}

/** Throws on anything the platform would reject, so a bad config.json shows up at once. */
export function parseTimerCron(expression: string): TimerCron {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 7)
    throw new Error(`timer cron needs 7 fields (sec min hour day month week year), got ${fields.length}: "${expression}"`);
  const sixFields = fields.slice(0, 6).join(' ');
  const years = parseYears(fields[6] ?? '*');
  // Validate the first six now rather than at the first tick.
  CronExpressionParser.parse(sixFields, { tz: TZ });

  return {
    nextAfter(afterMs) {
      if (!years) return firstIn(sixFields, afterMs);
      const fromYear = yearInTz(afterMs);
      for (const year of years) {
        if (year < fromYear) continue;
        const yearStart = Date.parse(`${year}-01-01T00:00:00+08:00`);
        const yearEnd = Date.parse(`${year + 1}-01-01T00:00:00+08:00`);
        const next = firstIn(sixFields, Math.max(afterMs, yearStart - 1), yearEnd);
        if (next !== undefined) return next;
      }
      return undefined;
    },
  };
}

function firstIn(sixFields: string, afterMs: number, endMs?: number): number | undefined {
  const expr = CronExpressionParser.parse(sixFields, {
    tz: TZ,
    currentDate: new Date(afterMs),
    ...(endMs !== undefined ? { endDate: new Date(endMs) } : {}),
  });
  return expr.hasNext() ? expr.next().getTime() : undefined;
}

/** `*` → undefined (any year); else a sorted list from `2026`, `2026,2028`, `2026-2030`. */
function parseYears(field: string): number[] | undefined {
  if (field === '*') return undefined;
  const years = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(\d{4})(?:-(\d{4}))?$/.exec(part);
    if (!m) throw new Error(`unsupported year field "${field}" (use *, 2026, 2026,2027 or 2026-2030)`);
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (from > to || to > LAST_YEAR) throw new Error(`bad year range "${part}"`);
    for (let y = from; y <= to; y++) years.add(y);
  }
  return [...years].sort((a, b) => a - b);
}

function yearInTz(ms: number): number {
  return new Date(ms + 8 * 3600_000).getUTCFullYear();
}
