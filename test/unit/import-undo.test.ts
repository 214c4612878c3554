// `lato import undo` at the app layer: an import changed, added and removed rows; undoing it gives
// back exactly the data as it was (full dumps compared), and it is refused when later work
// depends on the batch.
import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, type Db } from '../../src/db/connection.js';
import { loadReference } from '../../src/app/init.js';
import { IMPORTERS, type ImportOptions } from '../../src/app/importers.js';
import { listImports, undoImport } from '../../src/app/import-undo.js';
import { dataTables } from '../../src/db/import-changes.js';
import { LatoError } from '../../src/domain/errors.js';
import { EXAMPLE } from '../fee-fixture.js';
import { tempDir } from '../helpers.js';

const dir = tempDir();
let n = 0;

const imp = async (db: Db, kind: string, file: string, opts: ImportOptions = {}) =>
  (await IMPORTERS[kind]!())(db, file, opts);

/** Every data table, every row, every column, in rowid order: what an undo must give back. */
function dump(db: Db): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of dataTables(db))
    out[t] = db.prepare(`SELECT rowid AS _rowid, * FROM "${t}" ORDER BY rowid`).all();
  return out;
}

/** The example file with `edit` applied, written to a temp file. */
function edited(file: string, edit: (text: string) => string): string {
  const text = readFileSync(join(EXAMPLE, file), 'utf8');
  const changed = edit(text);
  expect(changed, `${file}: the edit must change something`).not.toBe(text);
  const out = join(dir, `${++n}-${file}`);
  writeFileSync(out, changed);
  return out;
}

async function loadExample(db: Db): Promise<void> {
  const steps = JSON.parse(readFileSync(join(EXAMPLE, 'manifest.json'), 'utf8')).steps as ({
    import: string;
    file: string;
  } & ImportOptions)[];
  for (const { import: kind, file, ...opts } of steps) await imp(db, kind, join(EXAMPLE, file), opts);
}

function refused(fn: () => unknown): LatoError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LatoError);
    return e as LatoError;
  }
  throw new Error('expected a refusal');
}

let db: Db;
beforeEach(async () => {
  db = openDb(':memory:', { create: true });
  loadReference(db);
  await loadExample(db);
});

describe('import undo gives back exactly the data before the batch', () => {
  // per kind: a file that changes existing rows, adds rows, and (where the importer does) removes rows
  const CASES: [string, string, (t: string) => string, ImportOptions][] = [
    [
      'counts',
      'counts-2018-2019.csv',
      (t) => t.replace(';02VD00;700;', ';02VD00;701;') + '2019-2020;;02VD00;710;leerlingen;1-10-2019\n',
      {},
    ],
    ['rates', 'rates-2018-2019.csv', (t) => t.replace('2,50', '2,55').replace(/2018-2019/g, '2018-2019'), {}],
    [
      'partners',
      'partners.csv',
      (t) =>
        t.replace('Gemeente Leiden;OVERIG', 'Gemeente Leiden (test);OVERIG') +
        'NIEUW;Nieuwe partner;OVERIG;other;Leiden;;;;;;;;basis;;2019-08-01;;;;\n',
      {},
    ],
    [
      'budget',
      'budget-2018-2019.csv',
      (t) => t.replace('€ 15.000', '€ 16.000'),
      { year: '2018-2019', kind: 'begroting' },
    ],
    ['in-kind', 'in-kind-2018-2019.csv', (t) => t.replace('€ 40.000', '€ 41.000'), { year: '2018-2019' }],
    ['figures', 'figures.csv', (t) => t.replace(';2015-2016;;40;', ';2015-2016;;41;'), {}],
    // the programme of a year is replaced as a whole: a dropped activity is deleted
    [
      'figures',
      'programme-2018-2019.csv',
      (t) =>
        t
          .split('\n')
          .filter((l, i) => i !== 2)
          .join('\n'),
      {},
    ],
    ['projectgroup', 'projectgroup.json', (t) => t.replace('"Gemeente"', '"Gemeente Leiden"'), {}],
    ['settings', 'settings.json', (t) => t.replace('"Voorbeeldweg 1"', '"Voorbeeldweg 2"'), {}],
  ];
  for (const [kind, file, edit, opts] of CASES) {
    it(`${kind} (${file})`, async () => {
      const before = dump(db);
      const s = await imp(db, kind, edited(file, edit), opts);
      expect(s.batch).not.toBeNull();
      expect(dump(db)).not.toEqual(before);
      const dry = undoImport(db, s.batch!, { dryRun: true });
      expect(dry.dryRun).toBe(true);
      expect(listImports(db).at(-1)!.undone).toBe(false);
      const u = undoImport(db, s.batch!);
      expect(Object.keys({ ...u.removed, ...u.restored }).length).toBeGreaterThan(0);
      expect(u).toEqual({ ...dry, dryRun: false });
      expect(dump(db)).toEqual(before);
      const b = listImports(db).find((x) => x.batch === s.batch)!;
      expect(b).toMatchObject({ undone: true, undoable: false });
      expect(refused(() => undoImport(db, s.batch!)).message).toContain('already undone');
      const log = db.prepare("SELECT * FROM audit_log WHERE entity = 'import' AND action = 'undo'").all();
      expect(log).toHaveLength(1);
    });
  }

  it('a counts import that changed existing counts and location names: the old values come back', async () => {
    const first = join(dir, 'loc-1.csv');
    writeFileSync(
      first,
      'Schooljaar;Vestiging;Naam;Aantal\n2019-2020;99XX00;School A;10\n2019-2020;99XX01;School B;20\n',
    );
    await imp(db, 'counts', first);
    const before = dump(db);
    const second = join(dir, 'loc-2.csv');
    writeFileSync(
      second,
      'Schooljaar;Vestiging;Naam;Aantal\n2019-2020;99XX00;School A-B;11\n2019-2020;99XX02;School C;5\n',
    );
    const s = await imp(db, 'counts', second);
    expect(s.rows).toMatchObject({ total: 2, new: 1, changed: 1 });
    const u = undoImport(db, s.batch!);
    expect(u.removed).toEqual({ counts: 1, locations: 1 });
    expect(u.restored).toEqual({ counts: 1, locations: 1 });
    expect(dump(db)).toEqual(before);
    expect(
      db
        .prepare(
          "SELECT l.name, c.quantity FROM counts c JOIN locations l ON l.id = c.location_id WHERE l.vestigingscode = '99XX00'",
        )
        .get(),
    ).toEqual({ name: 'School A', quantity: 10 });
  });
});

describe('import undo is refused when later work depends on the batch', () => {
  it('a location the counts batch renamed, linked to a partner since: refused, the link kept', async () => {
    const first = join(dir, 'link-1.csv');
    writeFileSync(first, 'Schooljaar;Vestiging;Naam;Aantal\n2019-2020;98XX00;School A;10\n');
    await imp(db, 'counts', first);
    const second = join(dir, 'link-2.csv');
    writeFileSync(second, 'Schooljaar;Vestiging;Naam;Aantal\n2019-2020;98XX00;School A-B;11\n');
    const s = await imp(db, 'counts', second);
    db.prepare(
      "UPDATE locations SET partner_id = (SELECT id FROM partners ORDER BY id LIMIT 1) WHERE vestigingscode = '98XX00'",
    ).run();
    const before = dump(db);
    const e = refused(() => undoImport(db, s.batch!));
    expect(e.message).toContain('rows it wrote were changed since, not by an import: locations 98XX00');
    expect(dump(db)).toEqual(before);
  });

  it('a later batch changed the same rows: undo that one first', async () => {
    const a = await imp(
      db,
      'rates',
      edited('rates-2018-2019.csv', (t) => t.replace('2,50', '2,55')),
    );
    const b = await imp(
      db,
      'rates',
      edited('rates-2018-2019.csv', (t) => t.replace('2,50', '2,60')),
    );
    const e = refused(() => undoImport(db, a.batch!));
    expect(e.message).toContain(`later import changed the same rows: ${b.batch}`);
    expect(e.hint).toContain(`lato import undo ${b.batch}`);
    undoImport(db, b.batch!);
    undoImport(db, a.batch!);
    expect(
      db
        .prepare("SELECT amount_cents FROM rates WHERE school_year = '2018-2019' AND category = 'PO'")
        .pluck()
        .get(),
    ).toBe(250);
  });

  it('a later batch put back the row the batch removed (same rowid): refused, nothing changed', async () => {
    const x = await imp(
      db,
      'figures',
      edited('programme-2018-2019.csv', (t) => t.trimEnd().split('\n').slice(0, -1).join('\n') + '\n'),
    );
    const y = await imp(db, 'figures', join(EXAMPLE, 'programme-2018-2019.csv'));
    const before = dump(db);
    const e = refused(() => undoImport(db, x.batch!));
    expect(e.message).toContain(`later import changed the same rows: ${y.batch}`);
    expect(dump(db)).toEqual(before);
  });

  it('an issued invoice computed from its counts names the invoices', async () => {
    const { runInvoices, issueInvoices } = await import('../../src/app/invoices.js');
    const counts = listImports(db).find((b) => b.kind === 'counts')!;
    await runInvoices(db, '2018-2019', {});
    // a draft only: the undo is allowed (dry run) and says the drafts need computing again
    expect(undoImport(db, counts.batch, { dryRun: true }).notes.join(' ')).toContain(
      'lato invoices run --year 2018-2019',
    );
    issueInvoices(db, '2018-2019', { date: '2018-10-15' });
    const e = refused(() => undoImport(db, counts.batch));
    expect(e.message).toMatch(
      /issued invoices LATO-2018-\d{4}, .*\(25 in all\) were computed from its counts$/,
    );
    const rates = listImports(db).find((b) => b.kind === 'rates')!;
    expect(refused(() => undoImport(db, rates.batch)).message).toContain('were computed from its rates');
    expect(listImports(db).find((b) => b.batch === counts.batch)!.undone).toBe(false);
  });

  it('later data that refers to rows the batch brought (counts of a partner it added)', async () => {
    const p = await imp(
      db,
      'partners',
      edited(
        'partners.csv',
        (t) => t + 'NIEUW;Nieuwe partner;PO;other;Leiden;;;;;;;;covenant;;2019-08-01;;;;\n',
      ),
    );
    const c = join(dir, 'nieuw-counts.csv');
    writeFileSync(c, 'Schooljaar;Partner;Aantal\n2019-2020;NIEUW;100\n');
    await imp(db, 'counts', c);
    const before = dump(db);
    const e = refused(() => undoImport(db, p.batch!));
    expect(e.message).toContain('later data refers to rows it brought (1 row in counts)');
    expect(dump(db)).toEqual(before);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('unknown batches, ambiguous prefixes, payments and batches from before the record', async () => {
    expect(refused(() => undoImport(db, 'counts-19990101')).message).toBe(
      'no import batch "counts-19990101"',
    );
    expect(refused(() => undoImport(db, 'figures-')).message).toMatch(/names 2 import batches/);
    const counts = listImports(db).find((b) => b.kind === 'counts')!;
    // a unique prefix is enough
    expect(undoImport(db, counts.batch.slice(0, -4), { dryRun: true }).batch).toBe(counts.batch);
    db.prepare(
      "INSERT INTO imports (batch, kind, file_name, sha256, imported_at, tracked) VALUES ('payments-x', 'payments', 'ing.csv', 'ab', '2026-01-01', 1)",
    ).run();
    expect(refused(() => undoImport(db, 'payments-x')).message).toContain('payments are append-only');
    db.prepare(
      "INSERT INTO imports (batch, kind, file_name, sha256, imported_at) VALUES ('rates-old', 'rates', 'r.csv', 'ab', '2020-01-01')",
    ).run();
    expect(refused(() => undoImport(db, 'rates-old')).message).toContain('imported before lato recorded');
  });
});
