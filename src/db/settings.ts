// Settings: JSON values by key (issuer, number series, VAT treatment, policies). Data, not code.

import type { Db } from './connection.js';
import { audit } from './audit.js';

export function getSetting<T>(db: Db, key: string): T | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function setSetting(db: Db, key: string, value: unknown): void {
  const before = getSetting(db, key);
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
  audit(db, {
    entity: 'setting',
    entityId: key,
    action: before === undefined ? 'create' : 'update',
    before,
    after: value,
  });
}
