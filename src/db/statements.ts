// Statements prepared once per connection: a statement run for every row of an import (a partner
// lookup, an insert, an audit entry) is compiled the first time and reused after, instead of
// being prepared again on every call.

import type { Statement } from 'better-sqlite3';
import type { Db } from './connection.js';

const caches = new WeakMap<Db, Map<string, Statement>>();

/**
 * The prepared statement for `sql` on this connection (prepared on first use). Callers must not
 * change its mode (`raw`, `pluck`, `expand`): it is shared by everyone running the same SQL.
 */
export function prepared(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}
