import type { MediaKind, ReportCategory, ReportStatus, SlaClass, TimelineKind } from '../../contracts/reports';
import type { Place } from '../identity/model';

export const REPORTS = 'reports';

export type MediaCheck = 'pending' | 'pass' | 'review' | 'risky';

export interface MediaDoc {
  kind: MediaKind;
  fileId: string;
  size: number;
  durationMs: number | null;
  thumbFileId: string | null;
  /** mediaCheckAsync's trace id (of the file, or of a video's cover); the verdict callback finds the report by it. */
  traceId: string | null;
  check: MediaCheck;
}

/** Who acted, frozen at the time: names shown later must not change when a role is revoked. */
export interface ActorDoc {
  openid: string | null;
  /** 'reporter', 'grid_worker', 'community_staff', 'street_admin', 'property_manager', 'system'. */
  role: string;
  name: string;
}

/** Append-only: entries are pushed, never edited or removed. */
export interface TimelineDoc {
  at: Date;
  kind: TimelineKind;
  from: ReportStatus | null;
  to: ReportStatus | null;
  actor: ActorDoc;
  note: string;
  media: MediaDoc[];
}

export type AssigneeKind = 'grid_worker' | 'property' | 'community' | 'staff';

export interface AssigneeDoc {
  kind: AssigneeKind;
  /** The responsible person; null while the report waits in a community's queue. */
  openid: string | null;
  name: string;
  /** The unit whose work it is: the grid, the courtyard (property) or the community. */
  unitId: string;
  unitName: string;
}

export interface ReportDoc {
  _id: string;
  /** Short, readable number (e.g. "R7K2QX"); derived from the id, unique enough to read out on the phone. */
  no: string;
  /** Who follows and rates the report: the resident, or the grid worker for a proxy report without an account. */
  reporterOpenid: string;
  /** The reporter's real name (or nickname) at the time; only the reporter and handlers see it. */
  reporterName: string;
  reporterPhone: string | null;
  proxy: { byOpenid: string; byName: string; residentName: string; residentPhone: string | null } | null;
  hideName: boolean;
  private: boolean;
  category: ReportCategory;
  urgent: boolean;
  slaClass: SlaClass;
  text: string;
  textCheck: 'pass' | 'review';
  media: MediaDoc[];
  /** Rounded to 5 decimals (about 1 m) for handlers; lists for everyone else round further. */
  location: { latitude: number; longitude: number; name: string; address: string } | null;
  place: Required<Place>;
  /** Street, community, grid, micro-grid, courtyard. */
  orgPath: string[];
  /** orgPath while the report is public (not private, not withdrawn); [] otherwise. The public list's index. */
  publicPath: string[];
  status: ReportStatus;
  assignee: AssigneeDoc;
  /** assignee.openid, top level for the task list's index. */
  assigneeOpenid: string | null;
  /** Who dispatched it, and keeps watching it, while a dispatchee handles it. */
  dispatchedBy: string | null;
  /** True while a handler must act (not resolved, not ended). */
  open: boolean;
  acceptBy: Date;
  resolveBy: Date;
  /** The deadline of the step the report waits for; null when nothing is due. */
  dueAt: Date | null;
  /** sortKey(dueAt or far future, _id): the order (overdue first) and cursor of task lists. */
  dueKey: string;
  /** 0 with the handler, 1 escalated to the community, 2 to the street. */
  escalation: 0 | 1 | 2;
  /** The units whose staff queue shows the report: its community when nobody is responsible or once escalated, plus the street at level 2. */
  watch: string[];
  /** When the scheduler must look at the report next (escalate, or close a resolved report nobody rated); null when never. */
  nextCheckAt: Date | null;
  acceptedAt: Date | null;
  /** When it was first accepted within the acceptance deadline: the response rate counts these. */
  respondedInTime: boolean | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  everResolved: boolean;
  reopenCount: number;
  rating: { stars: number; comment: string; byProxy: boolean; at: Date } | null;
  duplicateOf: string | null;
  meTooCount: number;
  /** Who said "me too" (one each, which is how a second tap is known); about 30 bytes a person, so even a street-wide problem stays far below the document size limit. */
  meTooOpenids: string[];
  timeline: TimelineDoc[];
  createdAt: Date;
  updatedAt: Date;
  /** sortKey(createdAt, _id): "my reports" and the public list, newest first. */
  sk: string;
}
