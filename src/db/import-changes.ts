// What an import changed, kept per batch in `import_changes` so that the batch can be undone
// exactly: the rows it inserted (before NULL) and, for each row it changed or deleted, the whole
// row as it was before (first touch only). Small imports record through temporary triggers on
// every data table; the counts import records set-based (see import-counts.ts), and the counts
// and locations it inserts carry its import_id instead of a row here.

import type { Db } from './connection.js';

/** Tables that are history or bookkeeping of the history, never data an import changes. */
const NOT_DATA = new Set(['audit_log', 'imports', 'import_changes']);

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
  };
}
