import * as z from 'zod';
import { Cursor, Id, Millis } from './common';
import { contract } from './define';

/**
 * Report states (上报 → 受理 → 派单 → 处置 → 反馈 → 评价 → 办结). The transitions between them, and
 * who may make each, are declared in server/reports/states.ts.
 */
export const ReportStatus = z.enum([
  'submitted',
  'transferred',
  'accepted',
  'dispatched',
  'in_progress',
  'resolved',
  'reopened',
  'closed',
  'rejected',
  'duplicate',
  'withdrawn',
]);
export type ReportStatus = z.infer<typeof ReportStatus>;

export const ReportCategory = z.enum([
  'environment',
  'facility',
  'utilities',
  'safety',
  'traffic',
  'greening',
  'noise',
  'property',
  'dispute',
  'renovation',
  'other',
]);
export type ReportCategory = z.infer<typeof ReportCategory>;

/** Deadline classes: urgent 2 h, water/power/gas 24 h, general 7 days, complex 15 days (to resolve). */
export const SlaClass = z.enum(['urgent', 'utilities', 'general', 'complex']);
export type SlaClass = z.infer<typeof SlaClass>;

/** Transitions (and the system's own timeline events); every timeline entry names one. */
export const TimelineKind = z.enum([
  'submit',
  'accept',
  'reject',
  'duplicate',
  'dispatch',
  'start',
  'resolve',
  'transfer',
  'rate',
  'reopen',
  'withdraw',
  'auto_close',
  'escalate',
  'media_hidden',
]);
export type TimelineKind = z.infer<typeof TimelineKind>;

export const MediaKind = z.enum(['image', 'video', 'voice']);
export type MediaKind = z.infer<typeof MediaKind>;

/** Limits shared by the client's pickers and the server's checks. */
export const MEDIA_LIMITS = {
  images: 9,
  imageBytes: 10 * 1024 * 1024,
  videoBytes: 50 * 1024 * 1024,
  voiceBytes: 5 * 1024 * 1024,
  thumbBytes: 2 * 1024 * 1024,
  videoMs: 60_000,
  voiceMs: 60_000,
  afterImages: 9,
} as const;

const CloudFileId = z
  .string()
  .max(512, '文件地址过长')
  .regex(/^cloud:\/\/\S+$/, '须为云存储文件');

/** One uploaded file; the client uploads under `reports/<its OPENID>/…` before submitting. */
export const MediaInput = z.strictObject({
  kind: MediaKind,
  fileId: CloudFileId,
  /** Bytes, as the picker reported them; the server checks the stored size too. */
  size: z.number().int().positive('文件大小无效'),
  /** Video and voice: the length in milliseconds. */
  durationMs: z.number().int().positive().optional(),
  /** Video: its cover image, which is what the content check looks at. */
  thumbFileId: CloudFileId.optional(),
});
export type MediaInput = z.infer<typeof MediaInput>;

export const LocationInput = z.strictObject({
  latitude: z.number().min(3, '位置不在服务范围内').max(54, '位置不在服务范围内'),
  longitude: z.number().min(73, '位置不在服务范围内').max(136, '位置不在服务范围内'),
  name: z.string().trim().max(50, '地点名称最多 50 个字').optional(),
  address: z.string().trim().max(100, '地址最多 100 个字').optional(),
});

const Note = z.string().trim().max(500, '说明最多 500 个字');
const Reason = z.string().trim().min(2, '请填写原因').max(200, '原因最多 200 个字');

const ReportRef = z.strictObject({ id: Id });

export const MediaView = z.object({
  kind: MediaKind,
  /** A temporary URL; empty when the media is hidden (failed the content check). */
  url: z.string(),
  thumbUrl: z.string(),
  durationMs: z.number().nullable(),
  hidden: z.boolean(),
  /** pending until the asynchronous content check answers. */
  check: z.enum(['pending', 'pass', 'review', 'risky']),
});

export const UnitName = z.object({ id: z.string(), name: z.string() });

export const LocationView = z.object({
  latitude: z.number(),
  longitude: z.number(),
  name: z.string(),
  /** True when rounded to about 100 m for people who are not handling the report. */
  blurred: z.boolean(),
});

export const TimelineEntryView = z.object({
  at: Millis,
  kind: TimelineKind,
  from: ReportStatus.nullable(),
  to: ReportStatus.nullable(),
  /** "网格员 王芳", "居民", "系统": what the viewer may know of who acted. */
  actor: z.string(),
  note: z.string(),
  media: z.array(MediaView),
});

/** The moves the caller may make now: the client shows exactly these buttons. */
export const ReportMoves = z.object({
  accept: z.boolean(),
  reject: z.boolean(),
  markDuplicate: z.boolean(),
  dispatch: z.boolean(),
  start: z.boolean(),
  resolve: z.boolean(),
  transfer: z.boolean(),
  rate: z.boolean(),
  reopen: z.boolean(),
  withdraw: z.boolean(),
  meToo: z.boolean(),
});

export const ReportSummary = z.object({
  id: z.string(),
  /** Short number people can read out on the phone. */
  no: z.string(),
  status: ReportStatus,
  category: ReportCategory,
  urgent: z.boolean(),
  /** The first 60 characters of the text (empty for a voice-only report). */
  snippet: z.string(),
  thumbUrl: z.string(),
  mediaKinds: z.array(MediaKind),
  place: z.string(),
  createdAt: Millis,
  /** The deadline of the step the report waits for (acceptance or resolution); null when nothing is due. */
  dueAt: Millis.nullable(),
  overdue: z.boolean(),
  /** 0 with the grid worker, 1 escalated to the community, 2 to the street. */
  escalation: z.number().int(),
  meTooCount: z.number().int(),
  private: z.boolean(),
  proxy: z.boolean(),
  /** Only in handlers' lists: the precise location, for navigation. */
  location: LocationView.nullable(),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

export const ReportDetail = z.object({
  id: z.string(),
  no: z.string(),
  status: ReportStatus,
  category: ReportCategory,
  urgent: z.boolean(),
  slaClass: SlaClass,
  /** Empty for the public while the text waits for a person's review. */
  text: z.string(),
  media: z.array(MediaView),
  location: LocationView.nullable(),
  place: z.object({ community: UnitName, grid: UnitName, courtyard: UnitName }),
  reporter: z.object({
    /** Full name for the reporter and handlers; "张**" or "匿名居民" for everyone else. */
    name: z.string(),
    /** Masked; only handlers see it. */
    phoneMasked: z.string(),
    isMe: z.boolean(),
    proxy: z.boolean(),
    hideName: z.boolean(),
  }),
  assignee: z.object({ kind: z.enum(['grid_worker', 'property', 'community', 'staff']), name: z.string(), unit: z.string() }).nullable(),
  private: z.boolean(),
  acceptBy: Millis,
  resolveBy: Millis,
  dueAt: Millis.nullable(),
  overdue: z.boolean(),
  escalation: z.number().int(),
  meTooCount: z.number().int(),
  meTooByMe: z.boolean(),
  duplicateOf: z.string().nullable(),
  rating: z.object({ stars: z.number().int(), comment: z.string(), byProxy: z.boolean() }).nullable(),
  createdAt: Millis,
  resolvedAt: Millis.nullable(),
  closedAt: Millis.nullable(),
  /** Until when the reporter may say "not fixed" (7 days after resolution). */
  reopenUntil: Millis.nullable(),
  timeline: z.array(TimelineEntryView),
  viewer: z.enum(['reporter', 'handler', 'public']),
  can: ReportMoves,
});
export type ReportDetail = z.infer<typeof ReportDetail>;

const Page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const StatsPeriod = z.enum(['7d', '30d', '90d', '365d']);

export const StatsRow = z.object({
  unit: UnitName,
  reports: z.number().int(),
  /** Accepted within the acceptance deadline / reports. */
  responseRate: z.number().nullable(),
  /** Resolved or closed / reports that were not rejected, duplicate or withdrawn. */
  resolutionRate: z.number().nullable(),
  /** Ratings of 4–5 stars / ratings. */
  satisfaction: z.number().nullable(),
  averageStars: z.number().nullable(),
  rated: z.number().int(),
  medianHoursToClose: z.number().nullable(),
  /** Reports reopened at least once / reports ever resolved. */
  reopenRate: z.number().nullable(),
  openNow: z.number().int(),
  overdueNow: z.number().int(),
});

export const HandlerOption = z.object({
  openid: z.string(),
  name: z.string(),
  /** "网格员 · 一网格", "物业经理 · 枫林小区", "社区工作人员 · 锦绣社区". */
  duty: z.string(),
});

export const reportsContracts = {
  'reports.submit': contract({
    description: '上报问题：照片（最多 9 张）或一段视频，可加一段语音和文字；自动派给负责的网格员（网格员可代居民上报）',
    input: z
      .strictObject({
        media: z.array(MediaInput).max(11, '附件过多').default([]),
        text: z.string().trim().max(500, '描述最多 500 个字').default(''),
        category: ReportCategory.default('other'),
        urgent: z.boolean().default(false),
        location: LocationInput.optional(),
        /** Where the problem is, when not the reporter's own courtyard. */
        courtyardId: Id.optional(),
        hideName: z.boolean().default(true),
        private: z.boolean().default(false),
        /** A grid worker reporting for a resident (an elderly neighbour without a phone). */
        proxy: z
          .strictObject({
            residentName: z.string().trim().min(1, '请填写居民称呼').max(20, '称呼最多 20 个字'),
            residentPhone: z
              .string()
              .trim()
              .regex(/^1[3-9]\d{9}$/, '请填写 11 位手机号')
              .optional(),
            /** The resident's account, when they have one: they then follow and rate the report themselves. */
            residentUserId: Id.optional(),
          })
          .optional(),
      })
      .refine((v) => v.media.length > 0 || v.text.length > 0, { message: '请拍照、录像、录音或写几句描述', path: ['media'] }),
    output: z.object({
      id: z.string(),
      no: z.string(),
      status: ReportStatus,
      assignee: z.object({ kind: z.enum(['grid_worker', 'property', 'community', 'staff']), name: z.string(), unit: z.string() }),
      acceptBy: Millis,
      resolveBy: Millis,
      /** 'review': the text waits for a person before the public sees it. */
      textCheck: z.enum(['pass', 'review']),
    }),
  }),
  'reports.get': contract({
    description: '问题详情与处理进度（上报人、处理人员看到全部；其他居民看到隐去姓名、模糊位置的公开信息）',
    input: ReportRef,
    output: ReportDetail,
  }),
  'reports.mine': contract({
    description: '我上报的问题（代报的也在内），最新在前',
    input: z.strictObject({
      cursor: Cursor.optional(),
      limit: z.number().int().min(1).max(50).optional(),
    }),
    output: Page(ReportSummary),
  }),
  'reports.public': contract({
    description: '公开的问题列表：社区或网格内非私密的问题，姓名隐去、位置模糊到约 100 米',
    input: z.strictObject({
      unitId: Id.optional(),
      cursor: Cursor.optional(),
      limit: z.number().int().min(1).max(50).optional(),
    }),
    output: Page(ReportSummary),
  }),
  'reports.tasks': contract({
    description: '我的待办（网格员、物业、社区工作人员）：超时的在前，其余按期限；可只看今天到期',
    input: z.strictObject({
      filter: z.enum(['all', 'today', 'overdue']).default('all'),
      cursor: Cursor.optional(),
      limit: z.number().int().min(1).max(50).optional(),
    }),
    output: Page(ReportSummary).extend({
      counts: z.object({ open: z.number().int(), overdue: z.number().int(), dueToday: z.number().int() }),
    }),
  }),
  'reports.queue': contract({
    description: '社区、街道的督办队列：无人负责或已升级到本级的问题，超时的在前',
    input: z.strictObject({ unitId: Id, cursor: Cursor.optional(), limit: z.number().int().min(1).max(50).optional() }),
    output: Page(ReportSummary),
  }),
  'reports.map': contract({
    description: '地图上的未办结问题（处理人员，本人管辖范围内，带精确位置）',
    input: z.strictObject({ unitId: Id.optional() }),
    output: z.object({
      items: z.array(ReportSummary),
      /** More open cases than the map shows; the list has them all. */
      truncated: z.boolean(),
    }),
  }),
  'reports.stats': contract({
    description: '三率统计：响应率、解决率、满意率，以及办结用时中位数、重新打开率（按社区或网格）',
    input: z.strictObject({ unitId: Id, period: StatsPeriod.default('30d') }),
    output: z.object({ unit: UnitName, from: Millis, to: Millis, total: StatsRow, rows: z.array(StatsRow) }),
  }),
  'reports.handlers': contract({
    description: '可以转交或派单的处理人员（本问题所在网格、社区的网格员、物业、社区工作人员）',
    input: ReportRef,
    output: z.object({ items: z.array(HandlerOption) }),
  }),
  'reports.accept': contract({
    description: '受理问题；复杂问题可标记，办理期限延长到 15 天',
    input: z.strictObject({ id: Id, complex: z.boolean().default(false), note: Note.default('') }),
    output: ReportDetail,
  }),
  'reports.reject': contract({
    description: '不予受理（不属于本单位职责等），须写明原因，上报人会收到通知',
    input: z.strictObject({ id: Id, reason: Reason }),
    output: ReportDetail,
  }),
  'reports.markDuplicate': contract({
    description: '标记为重复问题，合并到另一件问题；上报人会收到通知',
    input: z.strictObject({ id: Id, ofId: Id }),
    output: ReportDetail,
  }),
  'reports.dispatch': contract({
    description: '派单给负责处理的人员（如物业、其他网格员）',
    input: z.strictObject({ id: Id, toUserId: Id, note: Note.default('') }),
    output: ReportDetail,
  }),
  'reports.start': contract({
    description: '开始处置（到场处理）',
    input: z.strictObject({ id: Id, note: Note.default('') }),
    output: ReportDetail,
  }),
  'reports.resolve': contract({
    description: '反馈处理结果：必须附处理后的照片',
    input: z.strictObject({
      id: Id,
      note: z.string().trim().min(2, '请写明处理情况').max(500, '说明最多 500 个字'),
      media: z.array(MediaInput).max(MEDIA_LIMITS.afterImages, `处理后照片最多 ${MEDIA_LIMITS.afterImages} 张`),
    }),
    output: ReportDetail,
  }),
  'reports.transfer': contract({
    description: '转交给其他处理人员（须写明原因）；对方需要重新受理',
    input: z.strictObject({ id: Id, toUserId: Id, reason: Reason }),
    output: ReportDetail,
  }),
  'reports.rate': contract({
    description: '上报人评价处理结果（1–5 星）并办结',
    input: z.strictObject({
      id: Id,
      stars: z.number().int('请选择 1–5 星').min(1, '请选择 1–5 星').max(5, '请选择 1–5 星'),
      comment: z.string().trim().max(200, '评价最多 200 个字').default(''),
    }),
    output: ReportDetail,
  }),
  'reports.reopen': contract({
    description: '上报人认为没有解决：处理反馈后 7 天内可以重新打开',
    input: z.strictObject({ id: Id, reason: Reason }),
    output: ReportDetail,
  }),
  'reports.withdraw': contract({
    description: '上报人在受理前撤回',
    input: z.strictObject({ id: Id, reason: z.string().trim().max(200, '原因最多 200 个字').default('') }),
    output: ReportDetail,
  }),
  'reports.meToo': contract({
    description: '“我也遇到了”：为别人已上报的问题加一，而不是重复上报',
    input: ReportRef,
    output: z.object({ meTooCount: z.number().int(), meTooByMe: z.boolean() }),
  }),
};
