// Issue 11, item 9: an issued invoice, its lines and its payments are final in every SQL statement
// form, also behind lato's back (sqlite3's default: no foreign keys, no recursive triggers).
// REPLACE resolves a uniqueness conflict by deleting the old row without firing delete
// triggers, so each form is tried against every unique key of the protected rows.

import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FIXTURES, ROOT, lato, tempDir } from '../helpers.js';

const SETTINGS = join(ROOT, 'data', 'example', 'settings.json');
const PARTNERS = join(FIXTURES, 'invoices', 'partners.csv');
const RATES = readFileSync(join(FIXTURES, 'invoices', 'rates.sql'), 'utf8');

const dir = tempDir();
const db = join(dir, 'lato.db');
const run = (...args: string[]) => lato([...args, '--db', db], { cwd: dir });

interface Ids {
  issued: number;
  issuedNumber: string;
  issuedLine: number;
  draft: number;
  draftLine: number;
  payment: number;
  credit: number;
}
let ids: Ids;

function snapshot(): string {
  const sql = new Database(db, { readonly: true });
  try {
    return JSON.stringify(
      ['invoices', 'invoice_lines', 'payments', 'number_series'].map((t) =>
        sql.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all(),
      ),
    );
  } finally {
    sql.close();
  }
}

/** Runs one statement as sqlite3 would (foreign keys off); returns the error message, or null. */
function attempt(statement: string): string | null {
  const sql = new Database(db);
  try {
    sql.pragma('foreign_keys = OFF');
    sql.exec(statement);
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    sql.close();
  }
}

beforeAll(() => {
  expect(run('init').code).toBe(0);
  expect(run('import', 'settings', SETTINGS).code).toBe(0);
  expect(run('import', 'partners', PARTNERS).code).toBe(0);
  const sql = new Database(db);
  sql.exec(RATES);
  sql.exec(RATES.replaceAll('2018-2019', '2019-2020'));
  sql.close();
  expect(run('invoices', 'run', '--year', '2018-2019').code).toBe(0);
  const issue = run('invoices', 'issue', '--year', '2018-2019', '--date', '2018-10-15', '--yes');
  expect(issue.code, issue.stderr).toBe(0);
  const pay = run('payments', 'add', 'LATO-2018-0001', '--amount', '100,00', '--date', '2018-11-01');
  expect(pay.code, pay.stderr).toBe(0);
  const credit = run(
    'invoices',
    'credit',
    '--yes',
    'LATO-2018-0002',
    '--reason',
    'test',
    '--date',
    '2018-10-20',
    '--yes',
  );
  expect(credit.code, credit.stderr).toBe(0);
  expect(run('invoices', 'run', '--year', '2019-2020').code).toBe(0); // drafts beside them
  const r = new Database(db, { readonly: true });
  const one = (q: string) => (r.prepare(q).get() as { id: number }).id;
  ids = {
    issued: one("SELECT id FROM invoices WHERE number = 'LATO-2018-0001'"),
    issuedNumber: 'LATO-2018-0001',
    issuedLine: one(
      "SELECT l.id FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.number = 'LATO-2018-0001'",
    ),
    draft: one("SELECT id FROM invoices WHERE status = 'draft' ORDER BY id LIMIT 1"),
    draftLine: one(
      "SELECT l.id FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.status = 'draft' ORDER BY l.id LIMIT 1",
    ),
    payment: one('SELECT id FROM payments LIMIT 1'),
    credit: one("SELECT id FROM invoices WHERE kind = 'credit_note'"),
  };
  r.close();
});

describe('issued invoices are final in every SQL path', () => {
  const draftRow = (id: number | string) =>
    `(${id}, 'invoice', 'draft', '2018-2019', (SELECT partner_id FROM invoices WHERE id = ${ids.issued}), 1, 0, 1, '2026-01-01')`;
  const cols = '(id, kind, status, school_year, partner_id, net_cents, vat_cents, total_cents, created_at)';
  const lineCols =
    '(id, invoice_id, position, description, basis, sector, category, quantity, unit_price_cents, amount_cents)';
  const line = (id: number | string, invoice: number, position: number) =>
    `(${id}, ${invoice}, ${position}, 'x', 'fixed', 'HO', 'HO', 1, 1, 1)`;
  const payCols = '(id, invoice_id, amount_cents, paid_on, source, created_at)';
  const pay = (id: number | string) => `(${id}, ${ids.issued}, 1, '2019-01-01', 'manual', '2026-01-01')`;

  const forms = (): [string, string][] => [
    // the invoice itself
    ['UPDATE', `UPDATE invoices SET net_cents = 1, total_cents = 1 WHERE id = ${ids.issued}`],
    ['UPDATE OR REPLACE', `UPDATE OR REPLACE invoices SET status = 'draft' WHERE id = ${ids.issued}`],
    ['DELETE', `DELETE FROM invoices WHERE id = ${ids.issued}`],
    ['REPLACE', `REPLACE INTO invoices ${cols} VALUES ${draftRow(ids.issued)}`],
    ['INSERT OR REPLACE', `INSERT OR REPLACE INTO invoices ${cols} VALUES ${draftRow(ids.issued)}`],
    [
      'UPSERT',
      `INSERT INTO invoices ${cols} VALUES ${draftRow(ids.issued)} ON CONFLICT (id) DO UPDATE SET net_cents = 1, total_cents = 1`,
    ],
    ['a draft moved onto it', `UPDATE OR REPLACE invoices SET id = ${ids.issued} WHERE id = ${ids.draft}`],
    [
      'a second credit note for the credited invoice',
      `INSERT OR REPLACE INTO invoices (kind, status, school_year, partner_id, credits_id, reason, net_cents, vat_cents, total_cents, created_at)
       SELECT 'credit_note', 'draft', school_year, partner_id, credits_id, 'x', net_cents, vat_cents, total_cents, created_at
       FROM invoices WHERE id = ${ids.credit}`,
    ],
    // its lines
    ['line UPDATE', `UPDATE invoice_lines SET amount_cents = 1 WHERE id = ${ids.issuedLine}`],
    ['line DELETE', `DELETE FROM invoice_lines WHERE id = ${ids.issuedLine}`],
    [
      'line REPLACE by id',
      `REPLACE INTO invoice_lines ${lineCols} VALUES ${line(ids.issuedLine, ids.draft, 99)}`,
    ],
    [
      'line INSERT OR REPLACE by position',
      `INSERT OR REPLACE INTO invoice_lines ${lineCols} VALUES ${line('NULL', ids.issued, 1)}`,
    ],
    [
      'line UPSERT',
      `INSERT INTO invoice_lines ${lineCols} VALUES ${line(ids.issuedLine, ids.draft, 99)} ON CONFLICT (id) DO UPDATE SET amount_cents = 1`,
    ],
    [
      'a draft line moved onto it',
      `UPDATE OR REPLACE invoice_lines SET id = ${ids.issuedLine} WHERE id = ${ids.draftLine}`,
    ],
    // its payments
    ['payment UPDATE', `UPDATE payments SET amount_cents = 1 WHERE id = ${ids.payment}`],
    ['payment DELETE', `DELETE FROM payments WHERE id = ${ids.payment}`],
    ['payment REPLACE', `REPLACE INTO payments ${payCols} VALUES ${pay(ids.payment)}`],
    ['payment INSERT OR REPLACE', `INSERT OR REPLACE INTO payments ${payCols} VALUES ${pay(ids.payment)}`],
    [
      'payment UPSERT',
      `INSERT INTO payments ${payCols} VALUES ${pay(ids.payment)} ON CONFLICT (id) DO UPDATE SET amount_cents = 1`,
    ],
    // the counter that gave its number
    [
      'counter REPLACE',
      `INSERT OR REPLACE INTO number_series (series, year, last_seq) VALUES ('invoice', 2018, 0)`,
    ],
  ];

  it('refuses UPDATE, DELETE, REPLACE, INSERT OR REPLACE, UPSERT on invoices, lines, payments', () => {
    const before = snapshot();
    const accepted = forms().filter(([, statement]) => attempt(statement) === null);
    expect(accepted.map(([form]) => form)).toEqual([]);
    expect(snapshot()).toEqual(before);
  });

  it('says why, in the words of the rule', () => {
    expect(attempt(`REPLACE INTO invoices ${cols} VALUES ${draftRow(ids.issued)}`)).toBe(
      'an issued invoice cannot be replaced; correct it with a credit note',
    );
    expect(attempt(`REPLACE INTO payments ${payCols} VALUES ${pay(ids.payment)}`)).toBe(
      'payments are append-only; book a correction instead',
    );
  });

  it('still lets drafts be replaced, and lato check stays clean', () => {
    expect(attempt(`UPDATE invoices SET created_at = created_at WHERE id = ${ids.draft}`)).toBeNull();
    expect(run('invoices', 'run', '--year', '2019-2020').code).toBe(0);
    const check = run('check', '--json');
    const failing = (JSON.parse(check.stdout) as { checks: { name: string; ok: boolean }[] }).checks
      .filter((c) => !c.ok)
      .map((c) => c.name);
    expect(failing).not.toContain('invoice-totals');
    expect(failing).not.toContain('numbering');
  });
});
