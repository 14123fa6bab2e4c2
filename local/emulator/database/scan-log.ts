export interface ScanEntry {
  collection: string;
  /** The filter with its values blanked (and the sort, when it is what forced the scan). */
  shape: string;
  count: number;
}

/**
 * Queries that read a collection without a usable index. In production every query needs an
 * index in database/indexes.json; this is how the local cloud points at the ones that lack it.
 */
export class ScanLog {
  private readonly entries = new Map<string, ScanEntry>();
  /** Survives reset(): stderr hears about a shape once per process. */
  private readonly warned = new Set<string>();
  /** Conformance tests scan on purpose and turn the stderr line off; the log itself still records. */
  quiet = false;

  constructor(private readonly warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {}

  record(collection: string, shape: string): void {
    const key = `${collection}\u0000${shape}`;
    const entry = this.entries.get(key);
    if (entry) {
      entry.count += 1;
      return;
    }
    this.entries.set(key, { collection, shape, count: 1 });
    if (this.quiet || this.warned.has(key)) return;
    this.warned.add(key);
    this.warn(`[emulator:database] query on "${collection}" scans without an index: ${shape} (add one to database/indexes.json)`);
  }

  list(): ScanEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }

  reset(): void {
    this.entries.clear();
  }
}
