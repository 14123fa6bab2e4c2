import { Aggregator } from 'mingo';
import type { Collections } from './collections';
import { invalidParam, requestFailed } from './db-errors';
import { MINGO_OPTIONS, badValue } from './mongo';
import type { Reads } from './reads';
import type { ScanLog } from './scan-log';
import { isPlainObject, parseWire, type Doc } from './values';

export interface WireStage {
  stageKey: string;
  stageValue: string;
}

/**
 * Without a `$limit` stage the service returns only 20 results (a long-standing, often reported
 * CloudBase behaviour that differs from plain MongoDB); reproducing it keeps local code honest.
 */
export const AGGREGATE_DEFAULT_LIMIT = 20;

const UNSUPPORTED = new Map([
  ['$out', 'writes a collection'],
  ['$merge', 'writes a collection'],
  ['$geoNear', 'geo queries'],
  ['$collStats', 'storage statistics'],
  ['$indexStats', 'index statistics'],
]);

export function parseStages(raw: unknown, now: () => number): Doc[] {
  if (!Array.isArray(raw)) throw invalidParam('stages must be an array');
  return raw.map((stage: unknown, i) => {
    if (!isPlainObject(stage) || typeof stage.stageKey !== 'string' || !stage.stageKey.startsWith('$')) {
      throw invalidParam(`stages[${i}] must be {stageKey: '$…', stageValue}`);
    }
    const why = UNSUPPORTED.get(stage.stageKey);
    if (why) throw requestFailed('Aggregate', 'BadValue', `${stage.stageKey} (${why}) is not supported by the local emulator`);
    return { [stage.stageKey]: parseWire(stage.stageValue, `stages[${i}].stageValue`, now) };
  });
}

export class Aggregations {
  constructor(
    private readonly reads: Reads,
    private readonly collections: Collections,
    private readonly scans: ScanLog,
  ) {}

  run(collection: string, pipeline: Doc[]): Doc[] {
    const info = this.collections.require(collection);
    const [first, ...rest] = pipeline;
    let input: Doc[];
    let stages: Doc[];
    if (first && isPlainObject(first.$match)) {
      // The leading $match goes through the indexes exactly like a query.
      input = this.reads.match(info, first.$match, { kind: 'Aggregate' }).map((m) => m.doc);
      stages = rest;
    } else {
      this.scans.record(info.name, 'aggregate() without a leading $match');
      input = this.reads.match(info, {}, { kind: 'Aggregate' }).map((m) => m.doc);
      stages = pipeline;
    }
    this.noteLookups(pipeline);
    if (!pipeline.some((stage) => '$limit' in stage)) stages = [...stages, { $limit: AGGREGATE_DEFAULT_LIMIT }];
    const loaded = new Map<string, Doc[]>();
    const resolver = (name: string): Doc[] => {
      let docs = loaded.get(name);
      if (!docs) {
        const other = this.collections.get(name);
        docs = other ? this.reads.match(other, {}).map((m) => m.doc) : [];
        loaded.set(name, docs);
      }
      return docs;
    };
    try {
      return new Aggregator(stages, { ...MINGO_OPTIONS, collectionResolver: resolver }).run<Doc>(input);
    } catch (err) {
      throw badValue('Aggregate', err);
    }
  }

  /** A $lookup is served by an index on the foreign side only when foreignField leads one. */
  private noteLookups(pipeline: Doc[]): void {
    for (const stage of pipeline) {
      const lookup = stage.$lookup;
      if (!isPlainObject(lookup) || typeof lookup.from !== 'string') continue;
      const foreign = this.collections.get(lookup.from);
      if (!foreign) continue;
      const field = typeof lookup.foreignField === 'string' ? lookup.foreignField : undefined;
      const indexed = field === '_id' || foreign.indexes.some((def) => def.fields[0]?.[0] === field);
      if (!field || !indexed)
        this.scans.record(foreign.name, `$lookup ${field ? `on foreignField ${JSON.stringify(field)}` : 'with a pipeline'}`);
    }
  }
}
