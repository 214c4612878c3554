// End-to-end: `lato import list` and `lato import undo BATCH` through the built binary: an undone
// import leaves the data exactly as before (full dumps compared), and undo is refused when an
// issued invoice was computed from the batch.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { lato, ROOT, tempDir } from '../helpers.js';

const DUO = join(ROOT, 'data', 'duo', 'leerlingen-vo-per-vestiging-2025.csv');
const dir = tempDir();
const DB = join(dir, 'undo.db');
const run = (...args: string[]) => lato([...args, '--db', DB]);

/** Every row of every data table (not the history: audit log, imports, import changes). */
function dump(): Record<string, unknown[]> {
  const db = new Database(DB, { readonly: true });
  try {
    const tables = db
      .prepare(
        `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         AND name NOT IN ('audit_log', 'imports', 'import_changes', 'import_results') ORDER BY name`,
      )
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      tables.map((t) => [t, db.prepare(`SELECT rowid, * FROM "${t}" ORDER BY rowid`).all()]),
    );
  } finally {
    db.close();
  }
}

interface Batch {
  batch: string;
  kind: string;
  file: string;
  undone: boolean;
  undoable: boolean;
  rows: { new: number; changed: number };
}
const batches = () => JSON.parse(run('import', 'list', '--json').stdout) as Batch[];

beforeAll(() => {
  expect(lato(['init', '--example', '--db', DB]).code).toBe(0);
});

describe('lato import undo (built binary)', () => {
  it('the DUO file imported and undone: every table exactly as before', () => {
    const before = dump();
    const imp = run('import', 'counts', DUO, '--year', '2025-2026', '--json');
    expect(imp.code).toBe(0);
    const batch = JSON.parse(imp.stdout).batch as string;
    const dry = run('import', 'undo', batch, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would remove 1453 counts, 1436 locations; would put back 17 locations');
    expect(dry.stdout).toContain('Nothing was changed.');
    const r = run('import', 'undo', batch);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Undid batch ${batch}`);
    expect(dump()).toEqual(before);

    const again = run('import', 'undo', batch);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`batch ${batch} is already undone`);
    const listed = batches().find((b) => b.batch === batch)!;
    expect(listed).toMatchObject({ kind: 'counts', undone: true, undoable: false, rows: { new: 1453 } });
    expect(run('import', 'list').stdout).toMatch(
      new RegExp(`${batch} +counts +leerlingen-vo-per-vestiging-2025\\.csv +[0-9a-f]{12} .* undone `),
    );
  });

  it('refused when a row the batch wrote was changed since by hand; allowed once it is as the batch left it', () => {
    const file = join(dir, 'partners-renamed.csv');
    const example = readFileSync(join(ROOT, 'data', 'example', 'partners.csv'), 'utf8');
    writeFileSync(
      file,
      example.replace('GEMEENTE;Gemeente Leiden;', 'GEMEENTE;Gemeente Leiden (afdeling Onderwijs);'),
    );
    const imp = run('import', 'partners', file, '--json');
    expect(imp.code).toBe(0);
    const batch = JSON.parse(imp.stdout).batch as string;
    expect(run('partners', 'edit', 'GEMEENTE', '--email', 'onderwijs@gemeente.example').code).toBe(0);
    const before = dump();
    const r = run('import', 'undo', batch);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `batch ${batch} cannot be undone: rows it wrote were changed since, not by an import: partners GEMEENTE`,
    );
    expect(r.stderr).toContain('lato log');
    expect(dump()).toEqual(before);
    // put back as the batch left it: the undo goes ahead and restores the name from before the batch
    expect(run('partners', 'edit', 'GEMEENTE', '--email', 'wit@gemeente.example').code).toBe(0);
    const ok = run('import', 'undo', batch);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(run('partners', 'show', 'GEMEENTE', '--json').stdout).name).toBe('Gemeente Leiden');
  });

  it('an import that changed existing counts, undone: the old values are back, and the log says so', () => {
    const before = dump();
    const text = readFileSync(join(ROOT, 'data', 'example', 'counts-2018-2019.csv'), 'utf8');
    const file = join(dir, 'counts-corrected.csv');
    writeFileSync(file, text.replace(';02VD00;700;', ';02VD00;750;'));
    const imp = JSON.parse(run('import', 'counts', file, '--json').stdout);
    expect(imp.rows).toMatchObject({ new: 0, changed: 1 });
    expect(run('import', 'undo', imp.batch).code).toBe(0);
    expect(dump()).toEqual(before);
    const log = JSON.parse(run('log', '--entity', 'import', '--limit', '2', '--json').stdout);
    expect(log.map((e: { action: string }) => e.action)).toEqual(['import', 'undo']);
    expect(log[1]).toMatchObject({
      id: imp.batch,
      command: `lato import undo ${imp.batch} --db ${DB}`,
      before: { undone: false, kind: 'counts' },
      after: { undone: true, restored: { counts: 1 } },
    });
  });

  it('an unknown batch: a clear error, exit 1', () => {
    const r = run('import', 'undo', 'counts-20000101T000000-deadbeef');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no import batch "counts-20000101T000000-deadbeef"');
    expect(r.stderr).toContain('lato import list');
  });

  it('refused after the invoices of the year are issued, naming them; nothing changes', () => {
    const counts = batches().find((b) => b.kind === 'counts' && b.file === 'counts-2018-2019.csv')!;
    expect(run('invoices', 'run', '--year', '2018-2019').code).toBe(0);
    expect(run('invoices', 'issue', '--yes', '--year', '2018-2019', '--date', '2018-10-15').code).toBe(0);
    const before = dump();
    const r = run('import', 'undo', counts.batch);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /cannot be undone: issued invoices LATO-2018-0\d{3}, LATO-2018-0\d{3}, .* were computed from its counts/,
    );
    expect(r.stderr).toContain('credit the invoices first');
    expect(dump()).toEqual(before);
    expect(batches().find((b) => b.batch === counts.batch)!.undone).toBe(false);
  });
});
