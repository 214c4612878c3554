// `lato log`: the audit log, oldest first (the newest entry is the last line, as in a log file),
// filtered by time, entity and count; and a one-line description of what an entry changed.

import type { Db } from '../db/connection.js';
import { UsageError } from '../domain/errors.js';
import { parseDate } from '../domain/dates.js';

export interface LogEntry {
  at: string;
  user: string;
  command: string;
  entity: string;
  id: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

export interface LogFilter {
  /** ISO instant (UTC); entries at or after it */
  since?: string;
  entity?: string;
  /** the newest N entries (still shown oldest first) */
  limit?: number;
}

/**
 * `--since`: a date (2026-11-30, 30-11-2026) meaning the start of that day, or a date and time
 * (2026-11-30T14:05, 2026-11-30 14:05:30, with Z or +01:00 for another zone than the local one).
 * Returns the ISO instant in UTC, as the log stores it.
 */
export function parseSince(raw: string): string {
  const s = raw.trim();
  const dt = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  const bad = () =>
    new UsageError(
      `--since: "${raw}" is not a date or date and time`,
      'write --since 2026-11-30 or --since 2026-11-30T14:05 (local time; add Z for UTC)',
    );
  if (dt) {
    const d = parseDate(dt[1]!);
    const [h, m, sec] = [Number(dt[2]), Number(dt[3]), Number(dt[4] ?? 0)];
    if (!d.ok || h > 23 || m > 59 || sec > 59) throw bad();
    const zone = dt[5] ? (dt[5] === 'Z' ? 'Z' : dt[5].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : '';
    const t = new Date(`${d.date}T${dt[2]}:${dt[3]}:${String(sec).padStart(2, '0')}${zone}`);
    if (Number.isNaN(t.getTime())) throw bad();
    return t.toISOString();
  }
  const d = parseDate(s);
  if (!d.ok) throw bad();
  return new Date(`${d.date}T00:00:00`).toISOString();
}

interface Row {
  at: string;
  os_user: string;
  command: string;
  entity: string;
  entity_id: string | null;
  action: string;
  before: string | null;
  after: string | null;
}

export function readLog(db: Db, f: LogFilter = {}): LogEntry[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.since !== undefined) {
    where.push('at >= ?');
    params.push(f.since);
  }
  if (f.entity !== undefined) {
    where.push('entity = ?');
    params.push(f.entity);
  }
  const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
  const rows = (db.prepare(sql).all(...params, f.limit ?? -1) as Row[]).reverse();
  return rows.map((r) => ({
    at: r.at,
    user: r.os_user,
    command: r.command,
    entity: r.entity,
    id: r.entity_id,
    action: r.action,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
  }));
}

/** `--limit`: a whole number of 1 or more. */
export function parseLimit(raw: string): number {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) {
    throw new UsageError(`--limit: "${raw}" is not a whole number of 1 or more`);
  }
  return Number(raw);
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What an entry changed, in one line: the fields that differ, or what was created or removed. */
export function describeChange(before: unknown, after: unknown): string {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    const diff = keys
      .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
      .map((k) => `${k}: ${show(before[k] ?? null)} → ${show(after[k] ?? null)}`);
    return diff.length ? diff.join('; ') : 'no field changed';
  }
  const fields = (v: unknown) =>
    isRecord(v)
      ? Object.entries(v)
          .filter(([, x]) => x !== null && x !== undefined && x !== '' && !(Array.isArray(x) && !x.length))
          .map(([k, x]) => `${k}: ${show(x)}`)
          .join('; ')
      : show(v);
  if (before === null || before === undefined) return after === null ? '' : fields(after);
  if (after === null || after === undefined) return `was ${fields(before)}`;
  return `${show(before)} → ${show(after)}`;
}
