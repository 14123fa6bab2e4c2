import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The one durable file behind the emulator. WAL keeps readers off the writer's back;
 * synchronous=NORMAL in WAL mode loses nothing committed when the process is killed
 * (only an OS crash could lose the last transactions), which is the guarantee we promise.
 * Each part of the emulator (documents, storage, outbox) creates its own tables here.
 */
export class Store {
  readonly db: Database.Database;
  readonly file: string;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'linli.db');
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
  }

  close(): void {
    this.db.close();
  }
}
