import { describe, expect, it } from 'vitest';
import {
  createDrafts,
  creditInvoice,
  issueInvoices,
  listInvoices,
  numberingGaps,
  outstanding,
} from '../../src/app/invoices.js';
import { addPayment } from '../../src/app/payments.js';
import { setSettingPath } from '../../src/app/invoice-settings.js';
import { findInvoices, invoiceByNumber } from '../../src/db/invoices.js';
import Database from 'better-sqlite3';
import { migrate } from '../../src/db/connection.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { LatoError } from '../../src/domain/errors.js';
import { feeLine, invoiceDb, standardFees } from '../invoice-fixtures.js';

const Y = '2019-2020';

function issued() {
  const { db, ids } = invoiceDb();
  createDrafts(db, Y, standardFees(ids));
  const s = issueInvoices(db, Y, { date: '2019-10-01', checkDrafts: false });
  return { db, ids, s };
}

function count(db: Database.Database, sql: string): number {
  return (db.prepare(sql).get() as { n: number }).n;
}

describe('invoices run (drafts)', () => {
  it('makes one draft per partner, and a second run changes nothing', () => {
    const { db, ids } = invoiceDb();
    const first = createDrafts(db, Y, standardFees(ids));
    expect([first.created, first.replaced, first.unchanged]).toEqual([3, 0, 0]);
    const audits = count(db, 'SELECT count(*) AS n FROM audit_log');
    const again = createDrafts(db, Y, standardFees(ids));
    expect([again.created, again.replaced, again.unchanged, again.removed]).toEqual([0, 0, 3, 0]);
    expect(count(db, 'SELECT count(*) AS n FROM audit_log')).toBe(audits);
  });

  it('replaces a changed draft and removes one whose partner owes nothing now', () => {
    const { db, ids } = invoiceDb();
    createDrafts(db, Y, standardFees(ids));
    const fees = standardFees(ids).slice(0, 2);
    fees[0] = feeLine(ids.A!, 'A', { quantity: 1000, amountCents: 250_000 });
    const s = createDrafts(db, Y, fees);
    expect([s.created, s.replaced, s.unchanged, s.removed]).toEqual([0, 1, 1, 1]);
    expect(findInvoices(db, { year: Y, status: 'draft' }).map((d) => [d.partner, d.netCents])).toEqual([
      ['A', 250_000],
      ['B', 120_000],
    ]);
  });

  it('writes nothing on a dry run', () => {
    const { db, ids } = invoiceDb();
    const s = createDrafts(db, Y, standardFees(ids), { dryRun: true });
    expect(s.created).toBe(3);
    expect(count(db, 'SELECT count(*) AS n FROM invoices')).toBe(0);
  });

  it('gives a partner with an issued invoice for the year no second one', () => {
    const { db, ids } = issued();
    const s = createDrafts(db, Y, standardFees(ids));
    expect(s.created).toBe(0);
    expect(s.already_issued.map((a) => a.number)).toEqual([
      'LATO-2019-0001',
      'LATO-2019-0002',
      'LATO-2019-0003',
    ]);
    expect(issueInvoices(db, Y, { date: '2019-10-02', checkDrafts: false }).issued).toEqual([]);
  });
});

describe('invoices issue', () => {
  it('numbers the drafts consecutively in partner order, with due date and snapshots', () => {
    const { db, s } = issued();
    expect(s.issued.map((i) => [i.number, i.partner, i.due_on])).toEqual([
      ['LATO-2019-0001', 'A', '2019-10-31'],
      ['LATO-2019-0002', 'B', '2019-10-31'],
      ['LATO-2019-0003', 'C', '2019-10-31'],
    ]);
    const a = invoiceByNumber(db, 'LATO-2019-0001')!;
    expect(a.seller?.iban).toBe('NL91ABNA0417164300');
    expect(a.buyer).toMatchObject({
      code: 'A',
      street: 'Breestraat 1',
      postal_code: '2312 AB',
      kvk: '41166208',
    });
    expect(a.vat?.category).toBe('O');
    expect(a.totalCents).toBe(308_500);
    expect(numberingGaps(db)).toEqual([]);
    // a number the counter gave but no invoice carries is a gap the check reports
    db.prepare("UPDATE number_series SET last_seq = last_seq + 1 WHERE series = 'invoice'").run();
    expect(numberingGaps(db)).toEqual([{ series: 'invoice', year: 2019, missing: [4] }]);
  });

  it('warns at issue about buyers without KvK or OIN (no e-invoice possible)', () => {
    const { db, ids } = invoiceDb();
    db.prepare("UPDATE partners SET kvk = NULL WHERE code = 'C'").run();
    createDrafts(db, Y, standardFees(ids));
    expect(issueInvoices(db, Y, { date: '2019-10-01', checkDrafts: false }).warnings).toEqual([
      '1 invoice(s) go to partners without KvK number or OIN, so no UBL e-invoice can be made for them (BR-NL-10): C',
    ]);
  });

  it('keeps the snapshot when the partner changes later', () => {
    const { db } = issued();
    db.prepare("UPDATE partners SET street = 'Nieuwe Rijn 9' WHERE code = 'A'").run();
    expect(invoiceByNumber(db, 'LATO-2019-0001')!.buyer!.street).toBe('Breestraat 1');
  });

  it('continues the series across years, restarting each calendar year', () => {
    const { db, ids } = issued();
    createDrafts(db, '2020-2021', standardFees(ids));
    const next = issueInvoices(db, '2020-2021', { date: '2021-01-05', checkDrafts: false });
    expect(next.issued.map((i) => i.number)).toEqual(['LATO-2021-0001', 'LATO-2021-0002', 'LATO-2021-0003']);
  });

  it('starts a migrated series at its starting number', () => {
    const { db, ids } = invoiceDb();
    setSettingPath(db, 'invoice_series.start_number', 17);
    createDrafts(db, Y, standardFees(ids));
    expect(
      issueInvoices(db, Y, { date: '2019-10-01', checkDrafts: false }).issued.map((i) => i.number),
    ).toEqual(['LATO-2019-0017', 'LATO-2019-0018', 'LATO-2019-0019']);
  });

  it('refuses an issue date before the last issued one (numbers follow the dates)', () => {
    const { db, ids } = issued();
    createDrafts(db, '2020-2021', standardFees(ids));
    expect(() => issueInvoices(db, '2020-2021', { date: '2019-09-30', checkDrafts: false })).toThrow(
      /lies before 2019-10-01/,
    );
  });

  it('refuses without issuer settings, and writes nothing', () => {
    const { db, ids } = invoiceDb({ issuer: false });
    createDrafts(db, Y, standardFees(ids));
    const e = (() => {
      try {
        issueInvoices(db, Y, { date: '2019-10-01', checkDrafts: false });
      } catch (err) {
        return err as LatoError;
      }
    })();
    expect(e).toBeInstanceOf(LatoError);
    expect(e!.message).toMatch(/invoice settings are incomplete/);
    expect(e!.problems[0]!.message).toMatch(/issuer .* is not set/);
    expect(count(db, "SELECT count(*) AS n FROM invoices WHERE status = 'issued'")).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM number_series')).toBe(0);
  });

  it('refuses a buyer without an address, naming the partner', () => {
    const { db, ids } = invoiceDb();
    db.prepare("UPDATE partners SET street = NULL WHERE code = 'B'").run();
    createDrafts(db, Y, standardFees(ids));
    expect(() => issueInvoices(db, Y, { date: '2019-10-01', checkDrafts: false })).toThrow(/lack an address/);
    expect(count(db, "SELECT count(*) AS n FROM invoices WHERE status = 'issued'")).toBe(0);
  });
});

describe('the database itself keeps issued invoices final', () => {
  const { db } = issued();
  const id = invoiceByNumber(db, 'LATO-2019-0001')!.id;
  const refuses = (sql: string, msg: RegExp) => expect(() => db.prepare(sql).run()).toThrow(msg);

  it('refuses changing or deleting an issued invoice', () => {
    refuses(`UPDATE invoices SET net_cents = 1, total_cents = 1 WHERE id = ${id}`, /cannot be changed/);
    refuses(`UPDATE invoices SET status = 'draft', number = NULL WHERE id = ${id}`, /cannot be changed/);
    refuses(`DELETE FROM invoices WHERE id = ${id}`, /cannot be deleted/);
  });

  it('refuses changing, adding or deleting its lines', () => {
    refuses(
      `UPDATE invoice_lines SET description = 'x' WHERE invoice_id = ${id}`,
      /lines of an issued invoice/,
    );
    refuses(`DELETE FROM invoice_lines WHERE invoice_id = ${id}`, /lines of an issued invoice/);
    refuses(
      `INSERT INTO invoice_lines (invoice_id, position, description, basis, sector, category, quantity, unit_price_cents, amount_cents)
       VALUES (${id}, 9, 'x', 'fixed', 'PO', 'PO', 1, 1, 1)`,
      /lines of an issued invoice/,
    );
  });

  it('refuses an invoice created as issued, a skipped number, a counter going back', () => {
    refuses(
      `INSERT INTO invoices (kind, status, school_year, partner_id, number, net_cents, vat_cents, total_cents, created_at)
       VALUES ('invoice', 'issued', '2019-2020', 1, 'X-1', 0, 0, 0, 'now')`,
      /created as drafts/,
    );
    refuses(
      "UPDATE number_series SET last_seq = last_seq + 2 WHERE series = 'invoice'",
      /one number at a time/,
    );
    refuses("UPDATE number_series SET last_seq = 1 WHERE series = 'invoice'", /one number at a time/);
    refuses('DELETE FROM number_series', /never deleted/);
  });

  it('refuses issuing a draft with a number that is not the next one', () => {
    const { db: d2, ids } = invoiceDb();
    createDrafts(d2, Y, standardFees(ids));
    const draft = findInvoices(d2, { status: 'draft' })[0]!;
    d2.prepare("INSERT INTO number_series (series, year, last_seq) VALUES ('invoice', 2019, 1)").run();
    expect(() =>
      d2
        .prepare(
          `UPDATE invoices SET status = 'issued', number = 'LATO-2019-0005', series_year = 2019, seq = 5,
             issued_on = '2019-10-01', due_on = '2019-10-31', vat = '{}', seller = '{}', buyer = '{}' WHERE id = ?`,
        )
        .run(draft.id),
    ).toThrow(/next number of its series/);
  });

  it('refuses payments on drafts and credit notes', () => {
    const { db: d2, ids } = invoiceDb();
    createDrafts(d2, Y, standardFees(ids));
    const draft = findInvoices(d2, { status: 'draft' })[0]!;
    expect(() =>
      d2
        .prepare(
          "INSERT INTO payments (invoice_id, amount_cents, paid_on, source, created_at) VALUES (?, 100, '2019-10-02', 'manual', 'now')",
        )
        .run(draft.id),
    ).toThrow(/belongs to an issued invoice/);
  });
});

describe('credit notes', () => {
  it('cancel an invoice in their own series; credit and re-issue gives a new number', () => {
    const { db, ids } = issued();
    const cn = creditInvoice(db, 'LATO-2019-0001', 'Leerlingaantal gecorrigeerd', { date: '2019-11-05' });
    expect(cn).toEqual({ number: 'LATO-C-2019-0001', credits: 'LATO-2019-0001', total_cents: -308_500 });
    const doc = invoiceByNumber(db, 'LATO-C-2019-0001')!;
    expect(doc.lines.map((l) => l.amountCents)).toEqual([-308_500]);
    expect(doc.credits?.number).toBe('LATO-2019-0001');
    expect(doc.reason).toBe('Leerlingaantal gecorrigeerd');
    expect(invoiceByNumber(db, 'LATO-2019-0001')!.creditedBy?.number).toBe('LATO-C-2019-0001');

    const fees = standardFees(ids);
    fees[0] = feeLine(ids.A!, 'A', { quantity: 1200, amountCents: 300_000 });
    const run = createDrafts(db, Y, fees);
    expect(run.created).toBe(1);
    expect(issueInvoices(db, Y, { date: '2019-11-05', checkDrafts: false }).issued).toEqual([
      { number: 'LATO-2019-0004', partner: 'A', total_cents: 300_000, due_on: '2019-12-05' },
    ]);
    const rows = listInvoices(db, { year: Y, asOf: '2019-11-06' });
    expect(rows.filter((r) => r.partner === 'A').map((r) => [r.number, r.status, r.total_cents])).toEqual([
      ['LATO-2019-0001', 'credited', 308_500],
      ['LATO-2019-0004', 'issued', 300_000],
      ['LATO-C-2019-0001', 'credit_note', -308_500],
    ]);
  });

  it('refuse a date before the invoice', () => {
    const { db } = issued();
    expect(() => creditInvoice(db, 'LATO-2019-0001', 'fout', { date: '2019-09-30' })).toThrow(
      /credit note date 2019-09-30 lies before the invoice date 2019-10-01/,
    );
  });

  it('refuse an unknown, an already credited invoice and a credit note, writing nothing', () => {
    const { db } = issued();
    expect(() => creditInvoice(db, 'LATO-2019-0099', 'x')).toThrow(/no invoice numbered LATO-2019-0099/);
    creditInvoice(db, 'LATO-2019-0001', 'fout', { date: '2019-11-05' });
    expect(() => creditInvoice(db, 'LATO-2019-0001', 'nog eens', { date: '2019-11-05' })).toThrow(
      /already credited by LATO-C-2019-0001/,
    );
    expect(() => creditInvoice(db, 'LATO-C-2019-0001', 'x', { date: '2019-11-05' })).toThrow(
      /is a credit note/,
    );
    expect(count(db, "SELECT count(*) AS n FROM invoices WHERE kind = 'credit_note'")).toBe(1);
  });
});

describe('payments and what is outstanding', () => {
  it('books payments and counts days overdue', () => {
    const { db } = issued();
    const p = addPayment(db, 'LATO-2019-0001', '1.000,00', '2019-10-20');
    expect(p).toMatchObject({ paid_cents: 100_000, open_cents: 208_500, warnings: [] });
    addPayment(db, 'LATO-2019-0002', '1200', '2019-10-21');
    const o = outstanding(db, { asOf: '2019-11-10' });
    expect(o.invoices.map((i) => [i.number, i.open_cents, i.days_overdue])).toEqual([
      ['LATO-2019-0001', 208_500, 10],
      ['LATO-2019-0003', 15_000, 10],
    ]);
    expect(o.open_cents).toBe(223_500);
    expect(listInvoices(db, { status: 'paid' }).map((r) => r.number)).toEqual(['LATO-2019-0002']);
  });

  it('refuses a payment on an unknown invoice or a credit note', () => {
    const { db } = issued();
    expect(() => addPayment(db, 'LATO-2019-0042', '10', '2019-10-20')).toThrow(/no invoice numbered/);
    creditInvoice(db, 'LATO-2019-0001', 'fout', { date: '2019-11-05' });
    expect(() => addPayment(db, 'LATO-C-2019-0001', '10', '2019-11-06')).toThrow(/is a credit note/);
    expect(() => addPayment(db, 'LATO-2019-0002', 'tien', '2019-11-06')).toThrow(/not an amount/);
    expect(count(db, 'SELECT count(*) AS n FROM payments')).toBe(0);
  });

  it('a payment on a credited invoice (nothing open) needs --force and a reason, and warns', () => {
    const { db } = issued();
    creditInvoice(db, 'LATO-2019-0003', 'fout', { date: '2019-11-05' });
    expect(() => addPayment(db, 'LATO-2019-0003', '150', '2019-11-06')).toThrow(
      /was credited by LATO-C-2019-0001: nothing is open; nothing was booked/,
    );
    const forced = addPayment(db, 'LATO-2019-0003', '150', '2019-11-06', {
      force: true,
      reason: 'paid before the credit note arrived; to refund',
    });
    expect(forced.warnings[0]).toMatch(/was credited/);
  });
});

describe('settings', () => {
  it('take dotted names as one key, and refuse unknown ones', () => {
    const { db } = invoiceDb();
    setSettingPath(db, 'fees.join_leave_policy', 'pro_rata_month');
    const row = db.prepare("SELECT value FROM settings WHERE key = 'fees.join_leave_policy'").get() as {
      value: string;
    };
    expect(JSON.parse(row.value)).toBe('pro_rata_month');
    expect(db.prepare("SELECT 1 FROM settings WHERE key = 'fees'").get()).toBeUndefined();
    expect(() => setSettingPath(db, 'isuer.iban', 'NL91ABNA0417164300')).toThrow(
      /there is no setting "isuer.iban"/,
    );
  });

  it('refuse an invalid IBAN and keep the old value', () => {
    const { db } = invoiceDb();
    expect(() => setSettingPath(db, 'issuer.iban', 'NL91ABNA0417164301')).toThrow(/issuer.iban not set/);
    setSettingPath(db, 'issuer.iban', 'nl44 rabo 0123 4567 89');
    expect(() => setSettingPath(db, 'vat.treatment', 'sometimes')).toThrow();
    const row = db.prepare("SELECT value FROM settings WHERE key = 'issuer'").get() as { value: string };
    expect(JSON.parse(row.value).iban).toBe('NL44RABO0123456789');
  });
});

describe('migration 004 (invoices)', () => {
  it('adds the invoice tables to a version-3 database, keeping its partners', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const version = MIGRATIONS.indexOf('004-invoices.sql');
    expect(version).toBeGreaterThan(0);
    migrate(db, ':memory:', version);
    expect(db.pragma('user_version', { simple: true })).toBe(version);
    expect(() => db.prepare('SELECT 1 FROM invoices').get()).toThrow(/no such table/);
    db.prepare("INSERT INTO sectors (code, name, unit) VALUES ('PO', 'Primair onderwijs', 'pupils')").run();
    db.prepare(
      "INSERT INTO partners (code, name, sector, membership, created_at, updated_at) VALUES ('A', 'A', 'PO', 'covenant', 'now', 'now')",
    ).run();
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(count(db, 'SELECT count(*) AS n FROM partners')).toBe(1);
    expect(count(db, 'SELECT count(*) AS n FROM invoices')).toBe(0);
    const strict = db
      .prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%) STRICT'")
      .get() as { n: number };
    expect(strict.n).toBeGreaterThanOrEqual(20);
  });
});
