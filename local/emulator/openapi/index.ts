import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../types';

// Owned by the open-API work: protobuf envelope, msgSecCheck, mediaCheckAsync, subscribeMessage, wxacode, phonenumber.
export function createOpenApiRoute(_ctx: EmulatorContext) {
  return async (_req: IncomingMessage, _res: ServerResponse, _raw: Buffer): Promise<void> => {
    throw new Error('open APIs are not implemented yet');
  };
}
