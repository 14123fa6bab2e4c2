import type { ReportStatus, SlaClass, ReportCategory } from '../../contracts/reports';

/** Who may make a transition: the report's handler, its reporter, or the scheduler. */
export type Mover = 'handler' | 'reporter' | 'system';

export interface Transition {
  from: readonly ReportStatus[];
  to: ReportStatus;
  by: Mover;
}

/**
 * The report state machine. Every change of status is one of these, checked against the current
 * status in the same conditional write that makes it, so two people acting at once cannot both win.
 */
export const TRANSITIONS = {
  accept: { from: ['submitted', 'transferred', 'reopened'], to: 'accepted', by: 'handler' },
  reject: { from: ['submitted', 'transferred', 'accepted'], to: 'rejected', by: 'handler' },
  duplicate: { from: ['submitted', 'transferred', 'accepted'], to: 'duplicate', by: 'handler' },
  dispatch: { from: ['accepted', 'reopened'], to: 'dispatched', by: 'handler' },
  start: { from: ['accepted', 'dispatched', 'reopened'], to: 'in_progress', by: 'handler' },
  resolve: { from: ['accepted', 'dispatched', 'in_progress', 'reopened'], to: 'resolved', by: 'handler' },
  transfer: { from: ['submitted', 'transferred', 'accepted', 'dispatched', 'in_progress', 'reopened'], to: 'transferred', by: 'handler' },
  rate: { from: ['resolved'], to: 'closed', by: 'reporter' },
  reopen: { from: ['resolved'], to: 'reopened', by: 'reporter' },
  withdraw: { from: ['submitted', 'transferred'], to: 'withdrawn', by: 'reporter' },
  auto_close: { from: ['resolved'], to: 'closed', by: 'system' },
} as const satisfies Record<string, Transition>;

export type TransitionName = keyof typeof TRANSITIONS;

/** States in which a handler must act; the scheduler watches their deadlines. */
export const OPEN_STATES: readonly ReportStatus[] = ['submitted', 'transferred', 'accepted', 'dispatched', 'in_progress', 'reopened'];
/** States waiting for acceptance: their deadline is acceptBy; the others' is resolveBy. */
export const AWAITING_ACCEPTANCE: readonly ReportStatus[] = ['submitted', 'transferred'];
export const ENDED_STATES: readonly ReportStatus[] = ['closed', 'rejected', 'duplicate', 'withdrawn'];

export function canMove(name: TransitionName, status: ReportStatus): boolean {
  return (TRANSITIONS[name].from as readonly ReportStatus[]).includes(status);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Sla {
  /** Time to accept (受理) after submission or transfer. */
  acceptMs: number;
  /** Time to resolve (反馈) after submission or reopening. */
  resolveMs: number;
  /** How long past the deadline before a level-1 escalation (community) goes up to the street. */
  escalateAfterMs: number;
}

/** Graded deadlines of Chinese grid management: urgent 2 h, water/power/gas 24 h, general 7 days, complex 15 days. */
export const SLAS: Record<SlaClass, Sla> = {
  urgent: { acceptMs: 30 * 60_000, resolveMs: 2 * HOUR, escalateAfterMs: 2 * HOUR },
  utilities: { acceptMs: 2 * HOUR, resolveMs: 24 * HOUR, escalateAfterMs: 12 * HOUR },
  general: { acceptMs: 24 * HOUR, resolveMs: 7 * DAY, escalateAfterMs: 2 * DAY },
  complex: { acceptMs: 24 * HOUR, resolveMs: 15 * DAY, escalateAfterMs: 3 * DAY },
};

/** The reporter may say "not fixed" this long after resolution; after it an unrated report closes itself. */
export const REOPEN_WINDOW_MS = 7 * DAY;

export function slaClassOf(category: ReportCategory, urgent: boolean, complex = false): SlaClass {
  if (urgent) return 'urgent';
  if (category === 'utilities') return 'utilities';
  if (complex || category === 'renovation' || category === 'dispute') return 'complex';
  return 'general';
}

/** Far-future stand-in for "nothing due", so reports without a deadline sort after every dated one. */
export const NO_DUE_MS = 9_999_999_999_999;
