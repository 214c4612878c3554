// The audit log: every change appended with time, OS user, command, and the values before and after.

import { userInfo } from 'node:os';
import Database from 'better-sqlite3';
import { checkOwnDatabase, type Db } from './connection.js';
import { prepared } from './statements.js';
import { writeTransaction } from './transaction.js';

let context = { command: 'lato', user: currentUser() };

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

export function setAuditContext(c: { command: string }): void {
  context = { ...context, command: c.command };
}

/** The OS user the audit log names (also stored with each import batch). */
export function auditUser(): string {
  return context.user;
}

export interface Change {
  entity: string;
  entityId?: string | number | null;
  action: string;
  before?: unknown;
  after?: unknown;
}

/** Appends one change to the audit log (inside the caller's transaction). */
export function audit(db: Db, change: Change): void {
  prepared(
    db,
    `INSERT INTO audit_log (at, os_user, command, entity, entity_id, action, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    new Date().toISOString(),
    context.user,
    context.command,
    change.entity,
    change.entityId === undefined || change.entityId === null ? null : String(change.entityId),
    change.action,
    change.before === undefined ? null : JSON.stringify(change.before),
    change.after === undefined ? null : JSON.stringify(change.after),
  );
}

/** Marks the database as made by `lato demo` (an entry in its audit log), so that a later demo may replace it. */
export function markDemoDatabase(db: Db): void {
  writeTransaction(db, () => audit(db, { entity: 'demo', action: 'create' }));
}

/**
 * Whether the file at `path` is a lato database `lato demo` made (markDemoDatabase); read without
 * changing it. Anything else (another application's file, a user's database) is not.
 */
export function isDemoDatabase(path: string): boolean {
  let db: Database.Database | undefined;
  try {
    checkOwnDatabase(path);
    db = new Database(path, { readonly: true, fileMustExist: true });
    return (
      (db
        .prepare("SELECT count(*) FROM audit_log WHERE entity = 'demo' AND action = 'create'")
        .pluck()
        .get() as number) > 0
    );
  } catch {
    return false;
  } finally {
    db?.close();
  }
}
