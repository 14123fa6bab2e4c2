import type { EmulatorContext } from '../types';

export interface OpenApiCall {
  ctx: EmulatorContext;
  /** The mini-program appid the verdicts and watermarks carry. */
  appid: string;
}

/** What a verdict needs to reach a cloud function later (the platform's message push). */
export interface PendingDelivery {
  functionName: string;
  delayMs: number;
  event: Record<string, unknown>;
}

export type OpenApiReply =
  | { kind: 'json'; body: Record<string, unknown>; delivery?: PendingDelivery }
  /** `note` is what the outbox keeps instead of the bytes (e.g. the text a QR code encodes). */
  | { kind: 'binary'; contentType: string; bytes: Buffer; note?: Record<string, unknown> };

/** Receives the snake_case parameters; throws WxApiError for what WeChat would refuse. */
export type OpenApiHandler = (params: Record<string, unknown>, call: OpenApiCall) => OpenApiReply | Promise<OpenApiReply>;

export type JsonReply = Extract<OpenApiReply, { kind: 'json' }>;

export function ok(body: Record<string, unknown> = {}): JsonReply {
  return { kind: 'json', body: { errcode: 0, errmsg: 'ok', ...body } };
}
