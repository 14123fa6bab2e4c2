import { sortKey } from '../core/paging';
import type { ReportDoc } from './model';
import { NO_DUE_MS } from './states';

/**
 * The fields that say what is due: the deadline of the step the report waits for (or nothing),
 * the task lists' sort key, and when the scheduler must look again. Every write that changes a
 * deadline or ends a step sets these together.
 */
export function dueFields(id: string, dueAt: number | null, nextCheckAt: number | null = dueAt) {
  return {
    dueAt: dueAt === null ? null : new Date(dueAt),
    dueKey: sortKey(dueAt ?? NO_DUE_MS, id),
    nextCheckAt: nextCheckAt === null ? null : new Date(nextCheckAt),
  } satisfies Partial<ReportDoc>;
}

export const ms = (d: Date | string | number | null | undefined): number | null =>
  d === null || d === undefined ? null : new Date(d).getTime();
