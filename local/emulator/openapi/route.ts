import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../types';
import type { OpenApiReply } from './api-types';
import { parseMultipart } from './multipart';
import { recordCall, type OutboxCaller } from './outbox';
import { API_TYPE_OPEN_API, decodeCommApiData, encodeCommOpenApiResp, MalformedRequestError, type MediaParam } from './protocol';
import { API_NOT_FOUND, OPEN_APIS } from './registry';
import { scheduleDelivery } from './verdict-delivery';
import { WX, WxApiError } from './wx-error';

/** sdk-env.ts's default APPID; CommApiData carries one only when the caller sets it. */
const DEFAULT_APPID = 'wxlinlilocal0000';

/**
 * A CloudBase-level failure. The node-sdk treats a reply as JSON (not protobuf) only when the
 * content type is exactly this string, and then maps `code` to its errCode.
 */
function sendTcbError(res: ServerResponse, code: string, message: string): void {
  const text = JSON.stringify({ code, message, requestId: `local-${Date.now().toString(36)}` });
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendProtobuf(res: ServerResponse, body: Buffer): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
  res.end(body);
}

function isMedia(value: unknown): value is MediaParam {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as MediaParam).value);
}

/** Parameters as the outbox keeps them: media bytes become a size. */
function forOutbox(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      isMedia(v) ? { contentType: v.contentType, filename: v.filename, size: v.value.length } : v,
    ]),
  );
}

async function runHandler(apiName: string, params: Record<string, unknown>, ctx: EmulatorContext, appid: string): Promise<OpenApiReply> {
  try {
    return await OPEN_APIS[apiName]!(params, { ctx, appid });
  } catch (err) {
    if (err instanceof WxApiError) return { kind: 'json', body: err.toJSON() };
    // WeChat would say only "system error"; the local reason helps whoever misconfigured the emulator.
    console.error(`[emulator] open API ${apiName} crashed:`, err);
    return {
      kind: 'json',
      body: new WxApiError(WX.SYSTEM_BUSY, `system error hint: [local emulator: ${(err as Error).message}]`).toJSON(),
    };
  }
}

/**
 * `POST /admin` multipart (`action=wx.openApi`): decode CommApiData, run the API, record the call in the
 * outbox, answer a CommOpenApiResp. WeChat-level errors travel inside respData as `{errcode, errmsg}`.
 */
export function createOpenApiHandler(ctx: EmulatorContext) {
  return async (req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> => {
    let fields: Record<string, string>;
    let requestData: Buffer | undefined;
    try {
      const form = await parseMultipart(req.headers, raw);
      fields = form.fields;
      requestData = form.files.requestData;
    } catch (err) {
      sendTcbError(res, 'INVALID_PARAM', `malformed multipart body: ${(err as Error).message}`);
      return;
    }
    if (fields.action !== 'wx.openApi') {
      sendTcbError(res, 'INVALID_ACTION', `action ${fields.action ?? ''} is not supported by the local emulator`);
      return;
    }
    const apiName = fields.apiName ?? '';
    let decoded: ReturnType<typeof decodeCommApiData>;
    try {
      if (!requestData) throw new MalformedRequestError('requestData is missing');
      decoded = decodeCommApiData(requestData);
    } catch (err) {
      sendTcbError(res, 'INVALID_PARAM', (err as Error).message);
      return;
    }
    const caller: OutboxCaller = {
      apiToken: fields.wxCloudApiToken || null,
      source: typeof req.headers['x-tcb-source'] === 'string' ? req.headers['x-tcb-source'] : null,
      appid: decoded.appid || null,
    };
    const request = forOutbox(decoded.params);

    if (decoded.apiType !== API_TYPE_OPEN_API || !OPEN_APIS[apiName]) {
      recordCall(ctx, { apiName, request, reply: { errorCode: API_NOT_FOUND }, errcode: API_NOT_FOUND, caller });
      sendProtobuf(res, encodeCommOpenApiResp({ respData: Buffer.alloc(0), contentType: '', errorCode: API_NOT_FOUND }));
      return;
    }

    const reply = await runHandler(apiName, decoded.params, ctx, decoded.appid || process.env.LINLI_APPID || DEFAULT_APPID);
    if (reply.kind === 'binary') {
      recordCall(ctx, { apiName, request, reply: { contentType: reply.contentType, ...reply.note }, errcode: 0, caller });
      sendProtobuf(res, encodeCommOpenApiResp({ respData: reply.bytes, contentType: reply.contentType }));
      return;
    }
    const errcode = typeof reply.body.errcode === 'number' ? reply.body.errcode : 0;
    const delivery = errcode === 0 ? reply.delivery : undefined;
    const id = recordCall(ctx, {
      apiName,
      request,
      reply: reply.body,
      errcode,
      caller,
      delivery: delivery && { functionName: delivery.functionName, event: delivery.event, dueAt: ctx.clock.now() + delivery.delayMs },
    });
    if (delivery) scheduleDelivery(ctx, id, delivery.delayMs);
    sendProtobuf(
      res,
      encodeCommOpenApiResp({ respData: Buffer.from(JSON.stringify(reply.body)), contentType: 'application/json; charset=utf-8' }),
    );
  };
}
