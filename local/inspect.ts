import * as database from './emulator/database';
import * as openapi from './emulator/openapi';
import * as storage from './emulator/storage';
import type { EmulatorContext } from './emulator/types';

/**
 * The emulator's inspection helpers, looked up by name at call time: their owners add them to
 * the database, storage and open-API modules, and the dev server serves a clear 501 until a
 * helper exists instead of failing to compile. Shapes are passed through as the helpers give them.
 */
export interface InspectHelpers {
  listCollections?: (ctx: EmulatorContext) => unknown;
  findDocuments?: (ctx: EmulatorContext, name: string, opts: { limit: number; skip: number }) => unknown;
  getScanLog?: (ctx: EmulatorContext) => unknown;
  listFiles?: (ctx: EmulatorContext, opts: { limit: number; prefix?: string }) => unknown;
  putFile?: (ctx: EmulatorContext, file: { cloudPath: string; bytes: Buffer; contentType: string }) => unknown;
  listOutbox?: (ctx: EmulatorContext, opts: { apiName?: string; limit?: number }) => unknown;
  clearOutbox?: (ctx: EmulatorContext) => unknown;
}

export function inspectHelpers(): InspectHelpers {
  return {
    listCollections: pick(database, 'listCollections'),
    findDocuments: pick(database, 'findDocuments'),
    getScanLog: pick(database, 'getScanLog'),
    listFiles: pick(storage, 'listFiles'),
    putFile: pick(storage, 'putFile'),
    listOutbox: pick(openapi, 'listOutbox'),
    clearOutbox: pick(openapi, 'clearOutbox'),
  };
}

function pick<T>(module: object, name: string): T | undefined {
  const value = (module as Record<string, unknown>)[name];
  return typeof value === 'function' ? (value as T) : undefined;
}

/** listCollections may give names or `{name, count}` rows; the dev server reports both the same way. */
export function collectionRows(value: unknown): Array<{ name: string; count?: number }> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item === 'string') return [{ name: item }];
    if (item && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string') {
      const { name, count } = item as { name: string; count?: unknown };
      return [typeof count === 'number' ? { name, count } : { name }];
    }
    return [];
  });
}
