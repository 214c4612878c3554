// Reference data in the store: the sectors and municipalities values are checked against.

import type { Db } from './connection.js';
import type { KnownValues } from '../domain/partner-input.js';

export function knownValues(db: Db): KnownValues {
  return {
    sectors: new Set(db.prepare('SELECT code FROM sectors ORDER BY position').pluck().all() as string[]),
    municipalities: new Set(db.prepare('SELECT name FROM municipalities').pluck().all() as string[]),
  };
}
