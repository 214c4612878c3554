// What an import changed, kept per batch in `import_changes` so that the batch can be undone
// exactly: the rows it inserted (before NULL) and, for each row it changed or deleted, the whole
// row as it was before (first touch only). Small imports record through temporary triggers on
// every data table; the counts import records set-based (see import-counts.ts), and the counts
// and locations it inserts carry its import_id instead of a row here.

import type { Db } from './connection.js';

/** Tables that are history or bookkeeping of the history, never data an import changes. */
const NOT_DATA = new Set(['audit_log', 'imports', 'import_changes', 'import_results']);

export interface Column {
  name: string;
  /** the column is the rowid (INTEGER PRIMARY KEY) */
  rowid: boolean;
}

/** The columns of a table, and whether one of them is its rowid. */
export function tableColumns(db: Db, table: string): Column[] {
  const info = db.prepare(`SELECT name, type, pk FROM pragma_table_info(?)`).all(table) as {
    name: string;
    type: string;
    pk: number;
  }[];
  const pkCount = info.filter((c) => c.pk > 0).length;
  return info.map((c) => ({
    name: c.name,
    rowid: pkCount === 1 && c.pk === 1 && c.type.toUpperCase() === 'INTEGER',
  }));
}

/** The data tables of the store (those an import may change). */
export function dataTables(db: Db): string[] {
  return (
    db
      .prepare(
        `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      )
      .pluck()
      .all() as string[]
  ).filter((t) => !NOT_DATA.has(t));
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** SQL for a JSON object of a row's columns, e.g. json_object('id', OLD.id, …). */
export function rowJson(columns: Column[], alias: string): string {
  return `json_object(${columns.map((c) => `${lit(c.name)}, ${alias}.${q(c.name)}`).join(', ')})`;
}

/**
 * Starts recording every insert, update and delete on the data tables for batch `importId`
 * (temporary triggers, inside the import's transaction). Returns the function that stops it.
 */
export function recordChanges(db: Db, importId: number, skip: readonly string[] = []): () => void {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS lato_recording (import_id INTEGER NOT NULL)');
  db.exec('DELETE FROM temp.lato_recording');
  db.prepare('INSERT INTO temp.lato_recording (import_id) VALUES (?)').run(importId);
  const names: string[] = [];
  const ddl: string[] = [];
  for (const table of dataTables(db)) {
    if (skip.includes(table)) continue;
    const before = rowJson(tableColumns(db, table), 'OLD');
    const first = (key: string) =>
      `NOT EXISTS (SELECT 1 FROM import_changes x WHERE x.import_id = r.import_id AND x.tbl = ${lit(table)} AND x.row_key = ${key})`;
    const triggers: [string, string][] = [
      [
        `AFTER INSERT ON main.${q(table)}`,
        `INSERT INTO import_changes (import_id, tbl, row_key, before)
           SELECT r.import_id, ${lit(table)}, NEW.rowid, NULL FROM lato_recording r WHERE ${first('NEW.rowid')};`,
      ],
      [
        `BEFORE UPDATE ON main.${q(table)}`,
        `INSERT INTO import_changes (import_id, tbl, row_key, before)
           SELECT r.import_id, ${lit(table)}, OLD.rowid, ${before} FROM lato_recording r WHERE ${first('OLD.rowid')};`,
      ],
      [
        `BEFORE DELETE ON main.${q(table)}`,
        `INSERT INTO import_changes (import_id, tbl, row_key, before)
           SELECT r.import_id, ${lit(table)}, OLD.rowid, ${before} FROM lato_recording r WHERE ${first('OLD.rowid')};`,
      ],
    ];
    triggers.forEach(([when, body], i) => {
      const name = `lato_record_${table}_${i}`;
      ddl.push(`CREATE TEMP TRIGGER ${q(name)} ${when} BEGIN ${body} END;`);
      names.push(name);
    });
  }
  // one exec for all the triggers: far cheaper than a call per statement
  db.exec(ddl.join('\n'));
  return () => {
    db.exec(
      names.map((n) => `DROP TRIGGER IF EXISTS temp.${q(n)};`).join('\n') +
        '\nDELETE FROM temp.lato_recording;',
    );
    recordResults(db, importId);
  };
}

/** The rows a batch touched as it left them (import_results), for the undo's check. */
function recordResults(db: Db, importId: number): void {
  const tables = db
    .prepare('SELECT DISTINCT tbl FROM import_changes WHERE import_id = ?')
    .pluck()
    .all(importId) as string[];
  for (const table of tables) {
    db.prepare(
      `INSERT INTO import_results (import_id, tbl, row_key, after)
       SELECT c.import_id, c.tbl, c.row_key,
              (SELECT ${rowJson(tableColumns(db, table), 'x')} FROM main.${q(table)} x WHERE x.rowid = c.row_key)
       FROM import_changes c WHERE c.import_id = ? AND c.tbl = ?`,
    ).run(importId, table);
  }
}

/** Columns that say when a row was written, not what it holds. */
const TOUCH_STAMPS = new Set(['updated_at']);

/**
 * The rows a batch touched that are no longer as it left them: changed since by something that
 * is not an import (later imports are refused before this, by name). Empty for a batch that has
 * no import_results (the counts import, and batches before they were kept).
 */
export function changedSince(db: Db, importId: number): { tbl: string; rowKey: number; label: string }[] {
  const tables = db
    .prepare('SELECT DISTINCT tbl FROM import_results WHERE import_id = ?')
    .pluck()
    .all(importId) as string[];
  const out: { tbl: string; rowKey: number; label: string }[] = [];
  for (const table of tables) {
    // when a row was last touched is not a change to it (an edit and its edit back are none)
    const columns = tableColumns(db, table).filter((c) => !TOUCH_STAMPS.has(c.name));
    const stamps = [...TOUCH_STAMPS].map((c) => `, '$.${c}'`).join('');
    const names = new Set(columns.map((c) => c.name));
    const label = ['code', 'name', 'key', 'number'].find((c) => names.has(c));
    const rows = db
      .prepare(
        `SELECT r.row_key AS rowKey, ${label ? `coalesce(json_extract(r.after, '$.${label}'), x.${q(label)})` : 'NULL'} AS label
         FROM import_results r LEFT JOIN main.${q(table)} x ON x.rowid = r.row_key
         WHERE r.import_id = ? AND r.tbl = ?
           AND json_remove(r.after${stamps}) IS NOT (SELECT ${rowJson(columns, 'y')} FROM main.${q(table)} y WHERE y.rowid = r.row_key)
         ORDER BY r.row_key`,
      )
      .all(importId, table) as { rowKey: number; label: string | null }[];
    for (const r of rows) out.push({ tbl: table, rowKey: r.rowKey, label: r.label ?? `#${r.rowKey}` });
  }
  return out;
}
