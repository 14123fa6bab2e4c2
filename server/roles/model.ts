import type { Role, ScopeType } from '../../contracts/common';
import type { AuditKind } from '../../contracts/roles';

export const AUDIT_LOG = 'audit_log';

/** Append-only: entries are written and never edited, except that account deletion swaps an OPENID for an anonymous reference. */
export interface AuditDoc {
  _id: string;
  at: Date;
  sk: string;
  kind: AuditKind;
  actorOpenid: string;
  targetOpenid: string | null;
  role: Role | null;
  scopeType: ScopeType | null;
  scopeId: string | null;
  /** The scope's ancestors and itself, so staff of any level above see the entry. */
  scopePath: string[];
  reason: string;
  /** Small facts for the summary (names, areas); never phone numbers. */
  detail: Record<string, string | number | null>;
}
