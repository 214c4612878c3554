// The one way lato writes: an IMMEDIATE transaction, so that the write lock is taken (waiting up
// to the busy timeout for another lato process) before anything is read. A deferred transaction
// that reads and then writes can fail at once with SQLITE_BUSY in WAL mode when another process
// committed in between; an immediate one waits instead. When the wait runs out, users get one
// clear message instead of "database is locked".
//
// LATO_TRACE_TRANSACTIONS=1 prints `lato-trace: begin` / `lato-trace: commit` on stderr around
// every write transaction (the crash tests use it to tell a kill mid-write from one before or after).

import { LatoError } from '../domain/errors.js';
import type { Db } from './types.js';

/** How long a command waits for another lato process to finish writing. */
export const BUSY_TIMEOUT_MS = 30_000;

function trace(what: string): void {
  if (process.env.LATO_TRACE_TRANSACTIONS) process.stderr.write(`lato-trace: ${what}\n`);
}

/** SQLITE_BUSY (and its extended codes) after the busy timeout: a LatoError users can act on. */
export function busyError(e: unknown): unknown {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) {
    return new LatoError(
      `another lato process has held the database for ${BUSY_TIMEOUT_MS / 1000} s; nothing was written`,
      { hint: 'try again when the other command has finished' },
    );
  }
  return e;
}

/** Why a database is read-only for this process (kept with its handle; none when writable). */
const readOnlyReasons = new WeakMap<Db, { reason: string; path: string }>();

/** Records that `db` (at `path`) was opened read-only because the file, folder or mount is (openDb). */
export function markReadOnly(db: Db, reason: string, path: string): void {
  readOnlyReasons.set(db, { reason, path });
}

/** The plain refusal of a change to a read-only database: read commands work, this one cannot. */
export function readOnlyError(db: Db): LatoError {
  const why = readOnlyReasons.get(db);
  return new LatoError(
    `the database ${why?.path ?? db.name} is read-only${why ? ` (${why.reason})` : ''}; this command changes it, so nothing was written`,
    {
      hint: 'commands that only read work as they are; to change it, make the file and its folder writable (or work on a copy)',
    },
  );
}

function exec(db: Db, sql: string): void {
  try {
    db.exec(sql);
  } catch (e) {
    throw busyError(e);
  }
  trace(sql === 'COMMIT' ? 'commit' : 'begin');
}

function begin(db: Db): void {
  if (db.readonly) throw readOnlyError(db);
  exec(db, 'BEGIN IMMEDIATE');
}
const commit = (db: Db) => exec(db, 'COMMIT');

function rollback(db: Db): void {
  if (db.inTransaction) db.exec('ROLLBACK');
}

/**
 * Runs `fn` in one immediate transaction: what it reads to validate cannot change before it
 * writes, and any error (or `dryRun`) leaves the database as it was. Inside another write
 * transaction it runs as a savepoint of that one.
 */
export function writeTransaction<T>(db: Db, fn: () => T, opts: { dryRun?: boolean } = {}): T {
  if (db.inTransaction) return db.transaction(fn)();
  begin(db);
  try {
    const result = fn();
    if (opts.dryRun) rollback(db);
    else commit(db);
    return result;
  } catch (e) {
    rollback(db);
    throw e;
  }
}

/**
 * The same for a body that awaits (an import streaming its file). `fn` returns whether to
 * commit; on false, or on an error, everything it wrote is rolled back.
 */
export async function writeTransactionAsync<T>(
  db: Db,
  fn: () => Promise<{ commit: boolean; result: T }>,
): Promise<T> {
  if (db.inTransaction) throw new Error('writeTransactionAsync inside another transaction');
  begin(db);
  try {
    const { commit: keep, result } = await fn();
    if (keep) commit(db);
    else rollback(db);
    return result;
  } catch (e) {
    rollback(db);
    throw e;
  }
}
