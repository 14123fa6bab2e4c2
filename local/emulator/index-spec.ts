import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface IndexDef {
  name: string;
  /** [field path, 1 ascending | -1 descending], leftmost first. */
  fields: Array<[string, 1 | -1]>;
  unique?: boolean;
}

export interface IndexSpec {
  collections: Record<string, IndexDef[]>;
}

export const DEFAULT_INDEX_SPEC_PATH = path.resolve(__dirname, '../../database/indexes.json');

export function loadIndexSpec(file = DEFAULT_INDEX_SPEC_PATH): IndexSpec {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { collections?: Record<string, IndexDef[]> };
  return { collections: raw.collections ?? {} };
}
