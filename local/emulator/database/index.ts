import type { EmulatorContext, JsonActionHandler } from '../types';

// Owned by the database work: documents, queries, updates, aggregation, transactions, indexes.
export function createDatabaseActions(_ctx: EmulatorContext): Record<string, JsonActionHandler> {
  return {};
}
