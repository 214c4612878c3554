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
  constants,
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
import { checkOwnDatabase, type Db } from '../db/connection.js';
import { BUSY_TIMEOUT_MS } from '../db/transaction.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import { optionalSetting } from './defaults.js';
import { checkReplaceable, cleanLeftovers, describeFsError, fsErrorHint, tempPathFor } from '../io/files.js';
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
function defaultFile(dbPath: string, label?: string, auto = true): string {
  const dir = backupsDir(dbPath);
  const base = basename(dbPath).replace(/\.(db|sqlite3?)$/i, '');
  const tag = label ? `${auto ? AUTO : '-'}${label.replace(/[^A-Za-z0-9_-]/g, '-')}` : '';
  let file = join(dir, `${base}-${stamp()}${tag}.db`);
  for (let n = 2; existsSync(file); n++) file = join(dir, `${base}-${stamp()}${tag}-${n}.db`);
  return file;
}

function ensurePrivateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new LatoError(`cannot create the backup folder ${dir}: ${describeFsError(e)}`, {
      ...(fsErrorHint(e) ? { hint: fsErrorHint(e)! } : {}),
    });
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
  // what killed backups (here) and restores or inits (next to the database) left behind
  cleanLeftovers(dirname(resolve(file)));
  if (!db.memory) cleanLeftovers(dirname(resolve(db.name)));
  const tmp = tempPathFor(file);
  try {
    // created new (exclusively, under a random name), empty and private first, so that the copy
    // is never readable by others and never follows a link planted on its name
    closeSync(openSync(tmp, 'wx', 0o600));
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
    // SQLite says SQLITE_FULL where the system says ENOSPC: the same hint
    const hint = fsErrorHint(sqliteFull(e) ? { code: 'ENOSPC' } : e);
    throw new LatoError(`cannot write the backup ${file}: ${copyProblem(e)}`, hint ? { hint } : {});
  } finally {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-journal`, { force: true });
  }
  return { file, bytes: statSync(file).size, ms: Math.round(performance.now() - started) };
}

const sqliteFull = (e: unknown) => (e as { code?: unknown })?.code === 'SQLITE_FULL';

/** Why a copy failed, in plain words (disk full, permission denied...). */
function copyProblem(e: unknown): string {
  if (sqliteFull(e)) return 'the disk is full';
  const code = (e as { code?: unknown })?.code;
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY') return 'permission denied';
  return describeFsError(e);
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
  const newest = autoBackupsIn(db.name).at(-1);
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
  pruneAutoBackups(db.name, keep);
  return result;
}

/** The automatic backups of the database at `dbPath`, oldest first (their names sort by time). */
function autoBackupsIn(dbPath: string): string[] {
  let files: string[];
  try {
    files = readdirSync(backupsDir(dbPath));
  } catch {
    return [];
  }
  return files.filter((f) => isAutoBackup(dbPath, f)).sort();
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether `name` (a file in the backups folder) is one of lato's own automatic backups of the
 * database at `dbPath`, exactly as defaultFile names them: `<db name>-<UTC time>-auto-<what>.db`
 * (with `-<n>` when two were made in one millisecond). Manual backups, and any other file, are not.
 */
export function isAutoBackup(dbPath: string, name: string): boolean {
  const base = escapeRe(basename(dbPath).replace(/\.(db|sqlite3?)$/i, ''));
  return new RegExp(`^${base}-\\d{8}T\\d{9}Z${AUTO}[A-Za-z0-9_-]+?(-\\d+)?\\.db$`).test(name);
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
 * Removes the oldest automatic backups of the database at `dbPath` beyond `keep` (isAutoBackup:
 * lato's own, named exactly; names sort by time). Manual backups and other files stay.
 */
export function pruneAutoBackups(dbPath: string, keep: number): string[] {
  const dir = backupsDir(dbPath);
  const auto = autoBackupsIn(dbPath);
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

/**
 * A copy of the database at `dbPath` before it is replaced (restore, init --force), in its backups
 * folder, labelled `label`: a consistent copy of a lato database, the file's bytes as they are
 * (with its write-ahead log) of anything else. Not `auto`: never pruned (init --force: the old
 * file is another database, which the new one's automatic backups must not push out). Returns
 * where it is.
 */
export function backupBeforeReplace(dbPath: string, label: string, auto = true): string {
  const dir = backupsDir(dbPath);
  ensurePrivateDir(dir);
  const file = defaultFile(dbPath, label, auto);
  let own = false;
  try {
    checkOwnDatabase(dbPath);
    own = true;
  } catch {
    // not lato's (or damaged): kept byte for byte
  }
  let db: Database.Database | undefined;
  try {
    if (!own) throw new Error('raw copy');
    db = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    copyInto(db, file);
  } catch {
    try {
      copyFileSync(dbPath, file, constants.COPYFILE_EXCL);
      chmodSync(file, 0o600);
      if (existsSync(`${dbPath}-wal`)) {
        copyFileSync(`${dbPath}-wal`, `${file}-wal`, constants.COPYFILE_EXCL);
        chmodSync(`${file}-wal`, 0o600);
      }
    } catch (e) {
      throw new LatoError(
        `cannot back up ${dbPath} before replacing it: ${copyProblem(e)}; nothing was changed`,
        {
          hint: `free space or fix the folder ${dir}`,
        },
      );
    }
  } finally {
    db?.close();
  }
  return file;
}

/**
 * Puts the complete database `tmp` (in the same folder) in the place of the one at `dbPath`: the old
 * one's write-ahead log is checkpointed and removed first, so that it is never replayed onto the
 * new file, then `tmp` is renamed over it.
 */
export function replaceDatabase(tmp: string, dbPath: string): void {
  try {
    if (existsSync(dbPath)) checkpoint(dbPath);
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(dbPath + suffix, { force: true });
    renameSync(tmp, dbPath);
  } catch (e) {
    throw new LatoError(`cannot replace ${dbPath}: ${copyProblem(e)}`);
  }
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
  // the database is replaced by a rename: never a link (its target would stay as it was), a device...
  checkReplaceable(dbPath);
  // its schema as lato creates it; no issued document of the database lost unless forced
  const { lost } = checkRestore(dbPath, file, opts);
  const dir = dirname(resolve(dbPath));
  if (!existsSync(dir))
    throw new LatoError(`cannot restore into ${dbPath}: the folder ${dir} does not exist`);
  const previous = existsSync(dbPath) ? backupBeforeReplace(dbPath, 'before-restore') : null;
  const tmp = tempPathFor(dbPath);
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
    rmSync(`${tmp}-journal`, { force: true });
    throw new LatoError(`cannot restore into ${dbPath}: ${(e as Error).message}`, {
      ...(previous ? { hint: `the database as it was is in ${previous}` } : {}),
    });
  }
  return { restored: file, into: dbPath, schemaVersion: version, previous, lost: lost.map((l) => l.number) };
}
