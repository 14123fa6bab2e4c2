import { parse, type Type } from 'protobufjs';

/**
 * The cloud-call envelope, as encoded by wx-server-sdk's generated code (index.js ~3276+). Only the
 * open-API branch is used; innerData/svrkitData/tokenData are kept as bytes because nothing here needs them.
 */
const PROTO = `
syntax = "proto3";
message KeyValuePair { string key = 1; bytes value = 2; string contenttype = 3; string filename = 4; }
message OpenApiData  { repeated KeyValuePair pairs = 1; }
message CommApiData  { int32 apiType = 1; OpenApiData openapiData = 2; bytes innerData = 3;
                       bytes svrkitData = 4; bytes tokenData = 5; string appid = 6; }
message HttpHeader   { string key = 1; string value = 2; }
message CommOpenApiResp { bytes respData = 1; string contentType = 2; int32 errorCode = 3;
                          uint32 httpCode = 4; repeated HttpHeader headers = 5; int32 svrkitErrorCode = 6; }
`;

const root = parse(PROTO, { keepCase: true }).root;
const CommApiData: Type = root.lookupType('CommApiData');
const CommOpenApiResp: Type = root.lookupType('CommOpenApiResp');

/** apiType 0 in the SDK's enum: an ordinary WeChat open API (1 would be an internal svrkit call). */
export const API_TYPE_OPEN_API = 0;

/** A media parameter (e.g. an image Buffer) travels as raw bytes with its own type and name. */
export interface MediaParam {
  contentType: string;
  filename: string;
  value: Buffer;
}

export interface DecodedApiData {
  apiType: number;
  appid: string;
  /** Top-level parameters, snake_case keys as the SDK converted them; JSON values parsed. */
  params: Record<string, unknown>;
}

interface WirePair {
  key: string;
  value: Uint8Array;
  contenttype: string;
  filename: string;
}

export class MalformedRequestError extends Error {}

export function decodeCommApiData(bytes: Buffer): DecodedApiData {
  let message: { apiType: number; appid: string; openapiData?: { pairs: WirePair[] } };
  try {
    message = CommApiData.toObject(CommApiData.decode(bytes), { defaults: true, bytes: Buffer }) as typeof message;
  } catch (err) {
    throw new MalformedRequestError(`requestData is not a CommApiData protobuf: ${(err as Error).message}`);
  }
  const params: Record<string, unknown> = {};
  for (const pair of message.openapiData?.pairs ?? []) {
    const value = Buffer.from(pair.value);
    if (pair.contenttype) {
      params[pair.key] = { contentType: pair.contenttype, filename: pair.filename, value } satisfies MediaParam;
      continue;
    }
    try {
      params[pair.key] = JSON.parse(value.toString('utf8'));
    } catch {
      throw new MalformedRequestError(`parameter ${pair.key} is not JSON`);
    }
  }
  return { apiType: message.apiType, appid: message.appid, params };
}

export function encodeCommOpenApiResp(resp: { respData: Buffer; contentType: string; errorCode?: number }): Buffer {
  const message = CommOpenApiResp.fromObject({
    respData: resp.respData,
    contentType: resp.contentType,
    errorCode: resp.errorCode ?? 0,
    httpCode: 200,
    headers: [{ key: 'Content-Type', value: resp.contentType }],
    svrkitErrorCode: 0,
  });
  return Buffer.from(CommOpenApiResp.encode(message).finish());
}
