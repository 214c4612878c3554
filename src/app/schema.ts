// The schema as lato creates it: tables, indexes, views and triggers of a database compared with
// those a new database gets from the same migrations. A trigger dropped or changed behind lato's
// back (to edit an issued invoice, say) shows here, for `lato check` and `lato restore`.

import Database from 'better-sqlite3';
import { migrate, schemaVersion, type Db } from '../db/connection.js';

interface SchemaObject {
  type: string;
  name: string;
  sql: string | null;
}

function objects(db: Db): Map<string, SchemaObject> {
  const rows = db
    .prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as SchemaObject[];
  return new Map(rows.map((r) => [`${r.type} ${r.name}`, r]));
}

const expected = new Map<number, Map<string, SchemaObject>>();

/** The schema lato's migrations give at `version`. */
function schemaAt(version: number): Map<string, SchemaObject> {
  let s = expected.get(version);
  if (!s) {
    const fresh = new Database(':memory:');
    try {
      fresh.pragma('foreign_keys = ON');
      migrate(fresh, ':memory:', version);
      s = objects(fresh);
    } finally {
      fresh.close();
    }
    expected.set(version, s);
  }
  return s;
}

export interface SchemaDifference {
  message: string;
  type: string;
  name: string;
  change: 'missing' | 'changed' | 'extra';
}

/** How the schema of `db` differs from what lato creates at its schema version (empty: the same). */
export function schemaDifferences(db: Db): SchemaDifference[] {
  const want = schemaAt(schemaVersion(db));
  const have = objects(db);
  const out: SchemaDifference[] = [];
  for (const [key, w] of want) {
    const h = have.get(key);
    if (!h)
      out.push({
        message: `${w.type} ${w.name} is missing (dropped)`,
        type: w.type,
        name: w.name,
        change: 'missing',
      });
    else if (h.sql !== w.sql)
      out.push({
        message: `${w.type} ${w.name} differs from what lato creates`,
        type: w.type,
        name: w.name,
        change: 'changed',
      });
  }
  for (const [key, h] of have) {
    if (!want.has(key))
      out.push({
        message: `${h.type} ${h.name} is not one lato creates`,
        type: h.type,
        name: h.name,
        change: 'extra',
      });
  }
  return out;
}
