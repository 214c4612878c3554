// Backups and restore. A backup is `VACUUM INTO`: one read transaction, so the copy is consistent
// while other lato processes keep writing, and compact. Copies are created readable by their
// owner only, next to the database in `<db>.backups/` unless a file is named. Before each
// destructive operation (an import, invoices issue, invoices credit) an automatic backup is made,
// and only the newest `backups.keep` of those are kept (0 turns them off).

import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  linkSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LatoError } from '../domain/errors.js';
import type { Db } from '../db/connection.js';
import { BUSY_TIMEOUT_MS } from '../db/transaction.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import { optionalSetting } from './defaults.js';
import { checkRestore, recordLostNumbers } from './restore-checks.js';

export const KEEP_SETTING = 'backups.keep';
const DEFAULT_KEEP = 10;
const AUTO = '-auto-';

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
}

/** The folder of the default backups of the database at `dbPath`. */
export function backupsDir(dbPath: string): string {
  return `${dbPath}.backups`;
}

function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace('.', '');
}

/** A new file name in the backups folder: `<db name>-<UTC time>[-auto-<what>].db`. */
function defaultFile(dbPath: string, label?: string): string {
  const dir = backupsDir(dbPath);
  const base = basename(dbPath).replace(/\.(db|sqlite3?)$/i, '');
  const tag = label ? `${AUTO}${label.replace(/[^A-Za-z0-9_-]/g, '-')}` : '';
  let file = join(dir, `${base}-${stamp()}${tag}.db`);
  for (let n = 2; existsSync(file); n++) file = join(dir, `${base}-${stamp()}${tag}-${n}.db`);
  return file;
}

function ensurePrivateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new LatoError(`cannot create the backup folder ${dir}: ${(e as Error).message}`);
  }
}

/** Checks where a named backup goes, before anything is written. */
function checkTarget(file: string, dbPath: string): void {
  const dir = dirname(resolve(file));
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new LatoError(`cannot write the backup ${file}: the folder ${dir} does not exist`, {
      hint: 'create it first, or leave FILE out for the default folder next to the database',
    });
  }
  if (!st.isDirectory()) throw new LatoError(`cannot write the backup ${file}: ${dir} is not a folder`);
  if (existsSync(file)) {
    const same = resolve(file) === resolve(dbPath) || realpathSync(file) === realpathSync(dbPath);
    throw new LatoError(
      same ? `${file} is the database itself` : `${file} already exists; a backup never overwrites a file`,
      { hint: 'name a new file, or leave FILE out for a timestamped one next to the database' },
    );
  }
}

/**
 * A consistent copy of `db` at `file` (owner-only), written to a temporary name and then linked
 * into place, which never replaces an existing file: when two processes pick the same timestamped
 * name, the second takes `nextName()` instead of overwriting the first one's backup.
 */
function copyInto(db: Db, file: string, nextName?: () => string): BackupResult {
  const started = performance.now();
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    // created empty and private first, so that the copy is never readable by others
    closeSync(openSync(tmp, 'w', 0o600));
    db.prepare('VACUUM INTO ?').run(tmp);
    chmodSync(tmp, 0o600);
    for (;;) {
      try {
        linkSync(tmp, file);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !nextName) throw e;
        file = nextName();
      }
    }
  } catch (e) {
    throw new LatoError(`cannot write the backup ${file}: ${(e as Error).message}`);
  } finally {
    rmSync(tmp, { force: true });
  }
  return { file, bytes: statSync(file).size, ms: Math.round(performance.now() - started) };
}

/** `lato backup [FILE]`: a consistent copy of the open database, also while others write. */
export function backupDatabase(db: Db, file?: string): BackupResult {
  if (file !== undefined) {
    checkTarget(file, db.name);
    return copyInto(db, file);
  }
  ensurePrivateDir(backupsDir(db.name));
  return copyInto(db, defaultFile(db.name), () => defaultFile(db.name));
}

let autoBackups = true;

/** Turns the automatic backups off while `fn` runs (init --example fills a new database). */
export async function withoutAutoBackup<T>(fn: () => Promise<T>): Promise<T> {
  const was = autoBackups;
  autoBackups = false;
  try {
    return await fn();
  } finally {
    autoBackups = was;
  }
}

/** The number of automatic backups to keep (`backups.keep`; 0: none are made). */
export function keepSetting(db: Db): number {
  const v = optionalSetting<unknown>(db, KEEP_SETTING);
  return Number.isInteger(v) && (v as number) >= 0 ? (v as number) : DEFAULT_KEEP;
}

/**
 * The automatic backup before a destructive operation (`what`: e.g. `import-counts`,
 * `invoices-issue`); then the oldest automatic backups beyond `backups.keep` are removed.
 * A backup that cannot be made stops the operation: nothing is written then.
 */
export function autoBackup(db: Db, what: string): BackupResult | undefined {
  if (!autoBackups || db.memory || db.readonly || db.inTransaction) return undefined;
  const keep = keepSetting(db);
  if (keep === 0) return undefined;
  const dir = backupsDir(db.name);
  // a backup of a state the newest automatic backup already holds would only push an older,
  // different one out of the `keep` window (a file tried ten times, an import that failed)
  const label = `${what}-s${stateMark(db)}`;
  const newest = autoBackupsIn(dir).at(-1);
  if (newest && newest.replace(/-\d+\.db$/, '.db').endsWith(`${label}.db`)) return undefined;
  let result: BackupResult;
  try {
    ensurePrivateDir(dir);
    result = copyInto(db, defaultFile(db.name, label), () => defaultFile(db.name, label));
  } catch (e) {
    throw new LatoError(`the automatic backup before this change failed; nothing was written`, {
      problems: [{ message: (e as Error).message }],
      hint: `free space or fix the folder ${dir}; \`lato settings set ${KEEP_SETTING} 0\` turns automatic backups off`,
    });
  }
  pruneAutoBackups(dir, keep);
  return result;
}

/** The automatic backups in `dir`, oldest first (their names sort by time). */
function autoBackupsIn(dir: string): string[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files.filter((f) => f.includes(AUTO) && f.endsWith('.db')).sort();
}

/**
 * Which state the database is in, in 8 hex digits: every change appends to the audit log in its
 * own transaction, so the newest entry (id and time) and the schema version name the state.
 */
function stateMark(db: Db): string {
  const last = db.prepare('SELECT id, at FROM audit_log ORDER BY id DESC LIMIT 1').get() as
    { id: number; at: string } | undefined;
  const version = db.pragma('user_version', { simple: true }) as number;
  return createHash('sha256')
    .update(`${version}:${last?.id ?? 0}:${last?.at ?? ''}`)
    .digest('hex')
    .slice(0, 8);
}

/**
 * Removes the oldest automatic backups in `dir` beyond `keep` (names sort by time), and what a
 * backup killed half-way left (a `.tmp` file older than an hour).
 */
export function pruneAutoBackups(dir: string, keep: number): string[] {
  const files = readdirSync(dir);
  for (const f of files.filter((f) => f.endsWith('.tmp'))) {
    const st = statSync(join(dir, f), { throwIfNoEntry: false });
    if (st && Date.now() - st.mtimeMs > 3_600_000) rmSync(join(dir, f), { force: true });
  }
  const auto = autoBackupsIn(dir);
  const old = auto.slice(0, Math.max(0, auto.length - keep));
  for (const f of old) rmSync(join(dir, f), { force: true });
  return old;
}

export interface RestoreResult {
  restored: string;
  into: string;
  schemaVersion: number;
  /** the backup of the database as it was before the restore, when there was one */
  previous: string | null;
  /** issued numbers the database had and the backup lacked (a forced restore): never given again */
  lost: string[];
}

/** Checks that `file` is a sound lato database this lato can open; returns its schema version. */
function checkRestoreSource(file: string): number {
  let st;
  try {
    st = statSync(file);
  } catch {
    throw new LatoError(`cannot restore ${file}: no such file`);
  }
  if (!st.isFile()) throw new LatoError(`cannot restore ${file}: not a file`);
  let src: Database.Database | undefined;
  try {
    src = new Database(file, { readonly: true, fileMustExist: true });
    const check = src.pragma('integrity_check') as { integrity_check: string }[];
    if (check.length !== 1 || check[0]!.integrity_check !== 'ok') {
      throw new LatoError(`cannot restore ${file}: the file is damaged (integrity check failed)`, {
        problems: check.slice(0, 10).map((r) => ({ message: r.integrity_check })),
      });
    }
    const version = src.pragma('user_version', { simple: true }) as number;
    const tables = src
      .prepare(
        "SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name IN ('imports', 'settings')",
      )
      .get() as { n: number };
    if (version < 1 || tables.n < 2) throw new LatoError(`cannot restore ${file}: not a lato database`);
    if (version > MIGRATIONS.length) {
      throw new LatoError(
        `cannot restore ${file}: it has schema version ${version}, written by a newer lato (this one knows up to ${MIGRATIONS.length})`,
        { hint: 'upgrade lato first' },
      );
    }
    return version;
  } catch (e) {
    if (e instanceof LatoError) throw e;
    throw new LatoError(`cannot restore ${file}: not a SQLite database (${(e as Error).message})`);
  } finally {
    src?.close();
  }
}

/** A copy of the current database before it is replaced; a raw file copy when it cannot be opened. */
function backupBeforeRestore(dbPath: string): string {
  const dir = backupsDir(dbPath);
  ensurePrivateDir(dir);
  const file = defaultFile(dbPath, 'before-restore');
  let db: Database.Database | undefined;
  try {
    db = new Database(dbPath, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    copyInto(db, file);
  } catch {
    // damaged beyond opening: keep its bytes as they are
    copyFileSync(dbPath, file);
    chmodSync(file, 0o600);
    if (existsSync(`${dbPath}-wal`)) {
      copyFileSync(`${dbPath}-wal`, `${file}-wal`);
      chmodSync(`${file}-wal`, 0o600);
    }
  } finally {
    db?.close();
  }
  return file;
}

/** Writes the old database's log into it, so that nothing of it is left to be replayed. */
function checkpoint(dbPath: string): void {
  let old: Database.Database | undefined;
  try {
    old = new Database(dbPath, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    old.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // a damaged database: its log is removed with it (its bytes are in the backup)
  } finally {
    old?.close();
  }
}

/**
 * `lato restore FILE`: checks FILE (a sound lato database, not newer than this lato), backs up the
 * current database, then replaces it: FILE is copied next to it under a temporary name and renamed
 * over it, after the old write-ahead log was checkpointed and removed (so it is never replayed
 * onto the restored file). Run it while no other lato command is running.
 */
export function restoreDatabase(dbPath: string, file: string, opts: { force?: boolean } = {}): RestoreResult {
  if (existsSync(dbPath) && existsSync(file) && realpathSync(file) === realpathSync(dbPath)) {
    throw new LatoError(`cannot restore ${file}: it is the database itself`);
  }
  const version = checkRestoreSource(file);
  // its schema as lato creates it; no issued document of the database lost unless forced
  const { lost } = checkRestore(dbPath, file, opts);
  const dir = dirname(resolve(dbPath));
  if (!existsSync(dir))
    throw new LatoError(`cannot restore into ${dbPath}: the folder ${dir} does not exist`);
  const previous = existsSync(dbPath) ? backupBeforeRestore(dbPath) : null;
  const tmp = `${dbPath}.restore-${process.pid}.tmp`;
  const src = new Database(file, { readonly: true, fileMustExist: true });
  try {
    copyInto(src, tmp);
  } finally {
    src.close();
  }
  try {
    recordLostNumbers(tmp, lost, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  try {
    if (existsSync(dbPath)) checkpoint(dbPath);
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(dbPath + suffix, { force: true });
    renameSync(tmp, dbPath);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new LatoError(`cannot restore into ${dbPath}: ${(e as Error).message}`, {
      ...(previous ? { hint: `the database as it was is in ${previous}` } : {}),
    });
  }
  return { restored: file, into: dbPath, schemaVersion: version, previous, lost: lost.map((l) => l.number) };
}
