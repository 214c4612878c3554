// `lato check` (issue 7, part 7): a clean database passes every check (exit 0); each problem,
// injected with sqlite3 behind lato's back (dropping the triggers that would refuse it), is found,
// named under its check, and makes the exit code 1.

import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { lato, runLato, tempDir } from '../helpers.js';

interface CheckJson {
  ok: boolean;
  checks: { name: string; ok: boolean; problems: { message: string }[] }[];
}

const dir = tempDir();
const demoDb = join(dir, 'demo', 'lato.db');
let copies = 0;

/** A copy of the demo database (a billed year) with `sql` run on it, lato's triggers bypassed. */
function broken(sql: string, shell = false): string {
  const file = join(dir, `broken-${++copies}.db`);
  copyFileSync(demoDb, file);
  if (shell) expect(spawnSync('sqlite3', [file, sql], { encoding: 'utf8' }).stderr).toBe('');
  else {
    const db = new Database(file);
    db.exec(sql);
    db.close();
  }
  return file;
}

function check(db: string): { code: number; json: CheckJson; failing: Record<string, string[]> } {
  const r = lato(['check', '--json', '--db', db]);
  const json = JSON.parse(r.stdout) as CheckJson;
  const failing = Object.fromEntries(
    json.checks.filter((c) => !c.ok).map((c) => [c.name, c.problems.map((p) => p.message)]),
  );
  return { code: r.code, json, failing };
}

/** The problems of the demo's budget (the plan's € 1), present in every copy. */
const demoBudget = (failing: Record<string, string[]>) => {
  const { budget, ...rest } = failing;
  expect(budget?.length).toBeGreaterThan(0);
  return rest;
};

beforeAll(async () => {
  expect((await runLato(['demo', '--out', join(dir, 'demo')])).code).toBe(0);
});

describe('lato check', () => {
  it('a new database passes every check: exit 0', () => {
    const db = join(dir, 'new.db');
    expect(lato(['init', '--db', db]).code).toBe(0);
    const r = lato(['check', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^integrity\s+ok/m);
    expect(r.stdout).toContain('All 12 checks passed.');
    const { json } = check(db);
    expect(json.ok).toBe(true);
    expect(json.checks.map((c) => c.name)).toEqual([
      'integrity',
      'foreign-keys',
      'schema',
      'budget',
      'numbering',
      'partners-invoiced',
      'invoice-totals',
      'partner-loops',
      'amount-bounds',
      'drafts-current',
      'issued-match-fees',
      'documents',
    ]);
  });

  it('the example year: only the plan’s budget (€ 1 off, by design), every invoice check clean', () => {
    const r = lato(['check', '--db', demoDb]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^budget\s+\d+ problems/m);
    expect(r.stdout).toContain(
      '2018-2019 begroting: income € 145.087,00 and costs € 145.086,00 differ by € 1,00',
    );
    expect(r.stdout).toContain('1 of 12 checks found problems.');
    expect(demoBudget(check(demoDb).failing)).toEqual({});
  });

  // the sqlite3 shell: better-sqlite3 runs in defensive mode, which forbids editing the schema
  it.skipIf(spawnSync('sqlite3', ['-version']).status !== 0)('a broken index: integrity', () => {
    const db = broken(
      `CREATE INDEX zz ON partners(name); PRAGMA writable_schema = ON;
      UPDATE sqlite_master SET sql = 'CREATE INDEX zz ON partners(code)' WHERE name = 'zz';`,
      true,
    );
    const { code, failing } = check(db);
    expect(code).toBe(1);
    expect(failing.integrity?.[0]).toMatch(/missing from index zz/);
  });

  it('a count of a partner that does not exist: foreign keys', () => {
    const db = broken(`PRAGMA foreign_keys = OFF;
      UPDATE counts SET partner_id = 9999 WHERE id = (SELECT min(id) FROM counts WHERE partner_id IS NOT NULL);`);
    const { code, failing } = check(db);
    expect(code).toBe(1);
    expect(failing['foreign-keys']).toEqual([
      expect.stringMatching(/^counts row \d+: partner_id points to a partners row/),
    ]);
  });

  it('a number the counter gave that no invoice carries: numbering', () => {
    const db = broken(
      `DROP TRIGGER number_series_forward; UPDATE number_series SET last_seq = last_seq + 2 WHERE series = 'invoice';`,
    );
    const { code, failing } = check(db);
    expect(code).toBe(1);
    expect(failing.numbering).toEqual(['invoice series 2018: numbers 47, 48 missing']);
  });

  it('an invoice gone from a billed year: the partner named, and the gap', () => {
    const db = broken(`DROP TRIGGER invoices_issued_kept; DROP TRIGGER invoice_lines_frozen_delete;
      DROP TRIGGER payments_no_delete; DROP TRIGGER documents_kept; DROP TRIGGER document_chain_kept;
      DELETE FROM payments WHERE invoice_id = (SELECT id FROM invoices WHERE number = 'LATO-2018-0002');
      DELETE FROM documents WHERE invoice_id = (SELECT id FROM invoices WHERE number = 'LATO-2018-0002');
      DELETE FROM document_chain WHERE number = 'LATO-2018-0002';
      DELETE FROM invoices WHERE number = 'LATO-2018-0002';`);
    const { code, failing } = check(db);
    expect(code).toBe(1);
    expect(failing['partners-invoiced']).toEqual([
      expect.stringMatching(/^2018-2019: \S+ \(.+\) owes € 500,00 but has no issued invoice$/),
    ]);
    expect(failing.numbering).toEqual(['invoice series 2018: number 2 missing']);
    // the chain names the first document after the one taken out
    expect(failing.documents?.[0]).toMatch(/entry 3 \(LATO-2018-0003\): out of place/);
  });

  it('stored totals changed behind the lines: invoice totals', () => {
    const db = broken(`DROP TRIGGER invoices_issued_frozen;
      UPDATE invoices SET net_cents = net_cents + 100, total_cents = total_cents + 100 WHERE number = 'LATO-2018-0003';`);
    const { code, failing } = check(db);
    expect(code).toBe(1);
    expect(failing['invoice-totals']).toEqual([
      'LATO-2018-0003: the stored net amount € 151,00 differs from its lines, € 150,00',
    ]);
  });

  it('a budget that does not balance: budget, in text and JSON', () => {
    const db = join(dir, 'budget.db');
    expect(lato(['init', '--db', db]).code).toBe(0);
    const f = join(dir, 'budget.csv');
    writeFileSync(f, 'kant;omschrijving;bedrag\r\nbaten;Subsidie;€ 100\r\nlasten;Personeel;€ 90\r\n');
    expect(lato(['import', 'budget', f, '--year', '2020-2021', '--db', db]).code).toBe(0);
    const { code, json, failing } = check(db);
    expect(code).toBe(1);
    expect(json.ok).toBe(false);
    expect(failing).toEqual({
      budget: [
        expect.stringMatching(/^2020-2021 begroting: income € 100,00 and costs € 90,00 differ by € 10,00/),
      ],
    });
  });
});
