// Settings with their documented defaults: the value in the database, else the one in
// data/reference.json (a database created before a setting existed still works). The defaults
// live in that one data file, never in code.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LatoError } from '../domain/errors.js';
import type { Db } from '../db/connection.js';
import { getSetting } from '../db/settings.js';
import { DATA_DIR } from '../io/paths.js';

let reference: Record<string, unknown> | undefined;

function referenceSettings(): Record<string, unknown> {
  reference ??= (
    JSON.parse(readFileSync(join(DATA_DIR, 'reference.json'), 'utf8')) as {
      settings: Record<string, unknown>;
    }
  ).settings;
  return reference;
}

/** The setting's value, or its default from data/reference.json; an error when neither exists. */
export function setting<T>(db: Db, key: string): T {
  const v = getSetting<T>(db, key);
  if (v !== undefined) return v;
  const d = referenceSettings()[key];
  if (d === undefined) throw new LatoError(`the setting ${key} is not set`);
  return d as T;
}

/** The setting's value, or undefined (for settings without a default). */
export function optionalSetting<T>(db: Db, key: string): T | undefined {
  return getSetting<T>(db, key) ?? (referenceSettings()[key] as T | undefined);
}
