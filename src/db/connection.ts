// Opening the store: pragmas (foreign keys, WAL, busy timeout), migrations, and the refusal to
// open a database written by a newer lato.

import Database from 'better-sqlite3';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { LatoError } from '../domain/errors.js';
import { MIGRATIONS } from './migrations/index.js';
import { BUSY_TIMEOUT_MS, writeTransaction } from './transaction.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** create the file when missing (init/demo); otherwise a missing file is an error */
  create?: boolean;
  readonly?: boolean;
}

export function openDb(path: string, opts: OpenOptions = {}): Db {
  const isMemory = path === ':memory:';
  const exists = isMemory || existsSync(path);
  if (!exists && !opts.create) {
    throw new LatoError(`no database at ${path}`, {
      hint: 'create one with `lato init` (or `lato init --example` for the example data), or pick another with --db or LATO_DB',
    });
  }
  let db: Db;
  try {
    db = new Database(path, {
      readonly: !!opts.readonly,
      fileMustExist: !opts.create,
      timeout: BUSY_TIMEOUT_MS,
    });
  } catch (e) {
    throw new LatoError(`cannot open database ${path}: ${(e as Error).message}`);
  }
  if (!exists) {
    // The database holds money and personal data: readable by its owner only.
    chmodSync(path, 0o600);
  }
  db.pragma('foreign_keys = ON');
  if (!isMemory && !opts.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  try {
    migrate(db, path);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the migrations this database has not seen, each in its own transaction. */
export function migrate(db: Db, path = 'the database', upTo = MIGRATIONS.length): void {
  const current = schemaVersion(db);
  if (current > MIGRATIONS.length) {
    throw new LatoError(
      `${path} has schema version ${current}, written by a newer lato (this one knows up to ${MIGRATIONS.length})`,
      { hint: 'upgrade lato; this version does not open it, so that nothing is lost' },
    );
  }
  for (let v = current; v < upTo; v++) {
    const file = MIGRATIONS[v]!;
    const sql = readFileSync(new URL(`./migrations/${file}`, import.meta.url), 'utf8');
    writeTransaction(db, () => {
      // another lato process may have migrated while this one waited for the lock
      if (schemaVersion(db) > v) return;
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    });
  }
}
