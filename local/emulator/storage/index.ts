import type { EmulatorContext, HttpRoute, JsonActionHandler } from '../types';

// Owned by the storage work: upload metadata, COS-style PUT, temp URLs, downloads, deletes.
export function createStorageActions(_ctx: EmulatorContext): Record<string, JsonActionHandler> {
  return {};
}

export function createStorageRoutes(_ctx: EmulatorContext): HttpRoute[] {
  return [];
}
