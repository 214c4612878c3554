// Opening the store: pragmas (foreign keys, WAL, busy timeout), migrations, and the refusal to
// open a database written by a newer lato.

import Database from 'better-sqlite3';
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  statfsSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LatoError } from '../domain/errors.js';
import { MIGRATIONS } from './migrations/index.js';
import { BUSY_TIMEOUT_MS, markReadOnly, writeTransaction } from './transaction.js';

export type { Db } from './types.js';
import type { Db } from './types.js';

export interface OpenOptions {
  /** create the file when missing (init/demo); otherwise a missing file is an error */
  create?: boolean;
  readonly?: boolean;
}

/** `PRAGMA application_id` of a lato database ("LATO"); databases made before it carry 0. */
export const LATO_APPLICATION_ID = 0x4c41544f;
const SQLITE_MAGIC = 'SQLite format 3\0';

/** Refuses an empty database path (`LATO_DB=` or `--db ''`): SQLite would open a throw-away one. */
export function requireDbPath(path: string): void {
  if (path.trim() === '')
    throw new LatoError('no database given: the path is empty (LATO_DB is set but empty, or --db "")', {
      hint: 'unset LATO_DB (for ./lato.db) or set it to the database file, e.g. LATO_DB=~/lato/lato.db',
    });
}

const errCode = (e: unknown) => (e as NodeJS.ErrnoException)?.code;

function notLato(path: string, why: string): LatoError {
  return new LatoError(`${path} is not a lato database (${why}); it was not changed`, {
    hint: 'pick the right file with --db or LATO_DB; `lato init` creates a new database',
  });
}

function newerError(path: string, version: number): LatoError {
  return new LatoError(
    `${path} has schema version ${version}, written by a newer lato (this one knows up to ${MIGRATIONS.length})`,
    { hint: 'upgrade lato; this version does not open it, so that nothing is lost' },
  );
}

/** Whether the disk holding `path` has no room left (as far as the system tells). */
export function diskFull(path: string): boolean {
  try {
    const st = statfsSync(dirname(resolve(path)));
    return st.bavail * st.bsize < 64 * 1024;
  } catch {
    return false;
  }
}

function cannotRead(path: string, e: unknown): LatoError {
  const code = errCode(e);
  if (
    (code === 'SQLITE_FULL' || String(code).startsWith('SQLITE_IOERR') || code === 'ENOSPC') &&
    diskFull(path)
  )
    return new LatoError(`the disk of the database ${path} is full; lato cannot work with it`, {
      hint: 'free some space on that disk and run the command again',
    });
  if (code === 'EACCES' || code === 'EPERM')
    return new LatoError(`cannot read the database ${path}: permission denied`, {
      hint: 'run lato as a user who may read it, or ask who manages the computer for access',
    });
  if (code === 'EISDIR') return new LatoError(`${path} is a folder, not a database file`);
  return new LatoError(`cannot read the database ${path}: ${(e as Error).message}`);
}

/**
 * Makes sure the existing file at `path` is a lato database this lato can open, changing nothing:
 * its header read as bytes (SQLite's magic, user_version, application_id), then its tables through
 * a read-only connection. Throws for anything else (an empty file, another application's database,
 * a newer lato's). Returns the schema version.
 */
export function checkOwnDatabase(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw cannotRead(path, e);
  }
  if (st.isDirectory()) throw new LatoError(`${path} is a folder, not a database file`);
  if (!st.isFile()) throw notLato(path, 'not a regular file');
  if (st.size === 0) throw notLato(path, 'the file is empty');
  const header = Buffer.alloc(100);
  let fd: number | undefined;
  let n = 0;
  try {
    fd = openSync(path, 'r');
    n = readSync(fd, header, 0, 100, 0);
  } catch (e) {
    throw cannotRead(path, e);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (n < 100 || header.toString('latin1', 0, 16) !== SQLITE_MAGIC)
    throw notLato(path, 'not an SQLite database file');
  const headerVersion = header.readUInt32BE(60);
  const appId = header.readUInt32BE(68);
  if (appId !== 0 && appId !== LATO_APPLICATION_ID)
    throw notLato(path, `an SQLite database of another application, id 0x${appId.toString(16)}`);
  if (headerVersion > MIGRATIONS.length) throw newerError(path, headerVersion);
  let db: Db | undefined;
  try {
    db = openReadOnly(path);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) throw newerError(path, version);
    const tables = db
      .prepare(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('imports', 'settings', 'audit_log')",
      )
      .pluck()
      .get() as number;
    if (version < 1 || tables < 3) throw notLato(path, "an SQLite database without lato's tables");
    return version;
  } catch (e) {
    if (e instanceof LatoError) throw e;
    const code = errCode(e);
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
      throw notLato(path, 'the file is damaged or not an SQLite database');
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) throw e;
    throw cannotRead(path, e);
  } finally {
    db?.close();
  }
}

/**
 * A read-only connection to the database at `path`. A database in WAL mode in a folder (or on a
 * mount) this process cannot write cannot be opened by SQLite without its shared-memory file; then
 * it is read into memory (lato databases are small) and opened from there, read-only.
 */
function openReadOnly(path: string): Db {
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    // the log and shared memory are opened at the first read
    db.pragma('user_version');
    return db;
  } catch (e) {
    db?.close();
    if (errCode(e) !== 'SQLITE_CANTOPEN') throw e;
    let wal = 0;
    try {
      wal = statSync(`${path}-wal`).size;
    } catch {
      // no write-ahead log: the file holds everything
    }
    if (wal > 0)
      throw new LatoError(
        `cannot read the database ${path}: its folder is read-only and it has an unfinished write-ahead log (${path}-wal)`,
        {
          hint: 'make the folder writable once (any lato command then finishes the log), or copy the database with its -wal file elsewhere',
        },
      );
    const bytes = readFileSync(path);
    // WAL mode (file format 2) needs the shared memory: this copy is a plain rollback database
    if (bytes[18] === 2) bytes[18] = 1;
    if (bytes[19] === 2) bytes[19] = 1;
    return new Database(bytes, { readonly: true });
  }
}

/** Why this process cannot write the database at `path` (file, folder or mount), if it cannot. */
function whyReadOnly(path: string): string | undefined {
  const dir = dirname(resolve(path));
  const probe = (p: string, what: string) => {
    try {
      accessSync(p, constants.W_OK);
      return undefined;
    } catch (e) {
      const code = errCode(e);
      if (code === 'EROFS') return 'it is on a read-only file system';
      if (code === 'EPERM') return `the ${what} is write-protected`;
      return `the ${what} is not writable for this user`;
    }
  };
  return probe(path, 'file') ?? probe(dir, `folder ${dir}`);
}

export function openDb(path: string, opts: OpenOptions = {}): Db {
  requireDbPath(path);
  const isMemory = path === ':memory:';
  const exists = isMemory || existsSync(path);
  if (!exists && !opts.create) {
    throw new LatoError(`no database at ${path}`, {
      hint: 'create one with `lato init` (or `lato init --example` for the example data), or pick another with --db or LATO_DB',
    });
  }
  // nothing is written to an existing file before it is known to be a lato database
  if (exists && !isMemory) checkOwnDatabase(path);
  const readOnly = isMemory || !exists ? undefined : whyReadOnly(path);
  let db: Db;
  try {
    db = readOnly
      ? openReadOnly(path)
      : new Database(path, {
          readonly: !!opts.readonly,
          fileMustExist: !opts.create,
          timeout: BUSY_TIMEOUT_MS,
        });
  } catch (e) {
    if (e instanceof LatoError) throw e;
    throw new LatoError(`cannot open database ${path}: ${(e as Error).message}`);
  }
  if (readOnly) markReadOnly(db, readOnly, path);
  if (!exists) {
    // The database holds money and personal data: readable by its owner only.
    chmodSync(path, 0o600);
    db.pragma(`application_id = ${LATO_APPLICATION_ID}`);
  }
  db.pragma('foreign_keys = ON');
  if (!db.memory && !db.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  try {
    if (readOnly && schemaVersion(db) < MIGRATIONS.length)
      throw new LatoError(
        `the database ${path} is read-only (${readOnly}) and needs an upgrade to this lato's schema, which writes`,
        { hint: 'make it writable once (any command upgrades it), or use the lato that wrote it' },
      );
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
  if (current > MIGRATIONS.length) throw newerError(path, current);
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
