export interface LogEntry {
  time: string;
  functionName: string;
  instanceId: string;
  /** null: printed while the instance ran no invocation (module load, a stray timer). */
  requestId: string | null;
  level: string;
  text: string;
}

/** The newest `capacity` entries; older ones fall off so a long dev session stays small. */
export class LogBuffer {
  private readonly entries: LogEntry[] = [];

  constructor(private readonly capacity: number) {}

  push(entry: LogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(filter: { functionName?: string; requestId?: string; limit?: number } = {}): LogEntry[] {
    const matching = this.entries.filter(
      (e) => (!filter.functionName || e.functionName === filter.functionName) && (!filter.requestId || e.requestId === filter.requestId),
    );
    return filter.limit === undefined ? matching : matching.slice(-filter.limit);
  }
}
