// Creating a database: migrations, reference data (sectors, municipalities, areas, settings), and
// with --example the LATO example data, loaded through the same importers users run.

import { accessSync, constants, existsSync, linkSync, lstatSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LatoError } from '../domain/errors.js';
import { openDb, requireDbPath, schemaVersion, type Db } from '../db/connection.js';
import { audit } from '../db/audit.js';
import { DATA_DIR } from '../io/paths.js';
import { IMPORTERS, type ImportOptions } from './importers.js';
import { writeTransaction } from '../db/transaction.js';
import { backupBeforeReplace, replaceDatabase, withoutAutoBackup } from './backup.js';
import { checkReplaceable, cleanLeftovers, describeFsError, tempPathFor, writeError } from '../io/files.js';

interface Reference {
  sectors: { code: string; name: string; unit: string | null }[];
  municipalities: { name: string; cbs_code?: string }[];
  /** per area its municipalities: a name, or { municipality, except_postcodes } for a part of one */
  areas: Record<string, (string | { municipality: string; except_postcodes?: string[] })[] | string>;
  settings: Record<string, unknown>;
}

interface ManifestStep extends ImportOptions {
  import: string;
  file: string;
}

export interface InitSummary {
  schemaVersion: number;
  loaded: string[];
  /** where the file that was replaced (--force) was backed up, when there was one */
  backup: string | null;
}

/**
 * Creates the database at `path`, atomically: it is built aside under a temporary name in the same
 * folder (migrations, reference data, with `example` the example data) and renamed into place
 * when complete, so that a kill leaves no database or a complete one. An existing file is refused,
 * or with `force` backed up first (`backup: false`: not, for the demo's own database) and replaced.
 */
export async function initDatabase(
  path: string,
  opts: { example: boolean; force: boolean; backup?: boolean },
): Promise<InitSummary> {
  requireDbPath(path);
  if (path === ':memory:') {
    const db = openDb(path, { create: true });
    try {
      loadReference(db);
      const loaded = opts.example ? await withoutAutoBackup(() => loadExample(db)) : [];
      return { schemaVersion: schemaVersion(db), loaded, backup: null };
    } finally {
      db.close();
    }
  }
  const exists = lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  if (exists) {
    if (!opts.force) {
      throw new LatoError(`${path} already exists`, {
        hint: 'use --force to replace it (it is backed up first), or pick another file with --db',
      });
    }
    checkReplaceable(path);
  }
  const dir = dirname(resolve(path));
  if (!existsSync(dir))
    throw new LatoError(`cannot create ${path}: the folder ${dir} does not exist`, {
      hint: 'create the folder first, or pick another file with --db',
    });
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new LatoError(`cannot create ${path}: the folder ${dir} is not writable (${describeFsError(e)})`, {
      hint: 'pick a folder you may write to with --db, or ask who manages the computer for access',
    });
  }
  cleanLeftovers(dir);
  const tmp = tempPathFor(path);
  const removeTmp = () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(tmp + suffix, { force: true });
  };
  let summary: InitSummary;
  try {
    const db = openDb(tmp, { create: true });
    try {
      loadReference(db);
      const loaded = opts.example ? await withoutAutoBackup(() => loadExample(db)) : [];
      summary = { schemaVersion: schemaVersion(db), loaded, backup: null };
    } finally {
      db.close();
    }
    if (exists) {
      summary.backup = opts.backup === false ? null : backupBeforeReplace(path, 'before-init', false);
      replaceDatabase(tmp, path);
    } else {
      try {
        // a link, unlike a rename, never replaces a file another process created meanwhile
        linkSync(tmp, path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST')
          throw new LatoError(`${path} already exists (created while this one was being built)`, {
            hint: 'use --force to replace it (it is backed up first), or pick another file with --db',
          });
        throw writeError(path, e);
      }
    }
  } finally {
    removeTmp();
  }
  return summary;
}

export function loadReference(db: Db): void {
  const ref = JSON.parse(readFileSync(join(DATA_DIR, 'reference.json'), 'utf8')) as Reference;
  writeTransaction(db, () => {
    const sector = db.prepare(
      'INSERT OR IGNORE INTO sectors (code, name, unit, position) VALUES (?, ?, ?, ?)',
    );
    ref.sectors.forEach((s, i) => sector.run(s.code, s.name, s.unit, i));
    const mun = db.prepare('INSERT OR IGNORE INTO municipalities (name, cbs_code) VALUES (?, ?)');
    for (const m of ref.municipalities) mun.run(m.name, m.cbs_code ?? null);
    const area = db.prepare(
      'INSERT OR IGNORE INTO areas (area, municipality, except_postcodes) VALUES (?, ?, ?)',
    );
    for (const [name, list] of Object.entries(ref.areas)) {
      if (!Array.isArray(list)) continue;
      for (const m of list) {
        if (typeof m === 'string') area.run(name, m, null);
        else area.run(name, m.municipality, m.except_postcodes ? JSON.stringify(m.except_postcodes) : null);
      }
    }
    const setting = db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)');
    const settings: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(ref.settings)) {
      if (!k.startsWith('$') && setting.run(k, JSON.stringify(v)).changes > 0) settings[k] = v;
    }
    const n = (t: string) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    audit(db, {
      entity: 'reference',
      action: 'load',
      after: { sectors: n('sectors'), municipalities: n('municipalities'), areas: n('areas'), settings },
    });
  });
}

/** Runs data/example/manifest.json: each step an import of one file of the example data. */
async function loadExample(db: Db): Promise<string[]> {
  const dir = join(DATA_DIR, 'example');
  const steps = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).steps as ManifestStep[];
  const done: string[] = [];
  for (const step of steps) {
    const load = IMPORTERS[step.import];
    if (!load) throw new LatoError(`example manifest names an unknown importer "${step.import}"`);
    const importer = await load();
    const { import: kind, file, ...opts } = step;
    const s = await importer(db, join(dir, file), opts);
    done.push(`${kind} ${file}: ${s.rows.new} new`);
  }
  return done;
}
