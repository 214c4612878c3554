// The audit log: every change appended with time, OS user, command, and the values before and after.

import { userInfo } from 'node:os';
import type { Db } from './connection.js';
import { prepared } from './statements.js';

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
