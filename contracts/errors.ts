// Stable error codes: clients branch on `code`, people read `message`.
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNKNOWN_ACTION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_STATE',
  'RATE_LIMITED',
  'CONTENT_REJECTED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '提交的内容有误，请检查后重试',
  PAYLOAD_TOO_LARGE: '提交的内容过大',
  UNKNOWN_ACTION: '不支持的操作',
  UNAUTHENTICATED: '无法确认您的身份，请重新进入小程序',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '要找的内容不存在或已删除',
  CONFLICT: '操作冲突，请刷新后重试',
  INVALID_STATE: '当前状态下不能进行此操作，请刷新后查看',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  CONTENT_REJECTED: '内容未通过安全检测，请修改后重试',
  INTERNAL: '服务暂时不可用，请稍后重试',
};

/** A field-level problem, `path` in dot notation (`items.0.name`). */
export interface FieldError {
  path: string;
  message: string;
}

export interface ApiError {
  code: ErrorCode;
  message: string;
  fields?: FieldError[];
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };
