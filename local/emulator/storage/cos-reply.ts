import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A COS error document. The node-sdk parses the PUT reply as XML and destructures Code, Message,
 * RequestId and TraceId from `<Error>`, so all four must be present or it crashes instead of failing.
 */
export function sendCosError(res: ServerResponse, status: number, code: string, message: string, resource: string): void {
  const requestId = randomBytes(12).toString('hex');
  const body =
    `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n  <Code>${xmlEscape(code)}</Code>\n` +
    `  <Message>${xmlEscape(message)}</Message>\n  <Resource>${xmlEscape(resource)}</Resource>\n` +
    `  <RequestId>${requestId}</RequestId>\n  <TraceId>${randomBytes(16).toString('hex')}</TraceId>\n</Error>`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    'x-cos-request-id': requestId,
  });
  res.end(body);
}
