// End-to-end: issue 11 "Every euro right", the paths that produced wrong money without an error:
// amounts read one way (3), absurd amounts refused at the door (4), a sound partner graph (5),
// boards billed per sector (6), counts rows that mean what they say (8).
import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FIXTURES, ROOT, lato, tempDir } from '../helpers.js';

const Y = '2018-2019';
const SETTINGS = join(ROOT, 'data', 'example', 'settings.json');
const PARTNERS = join(FIXTURES, 'invoices', 'partners.csv');
const RATES = readFileSync(join(FIXTURES, 'invoices', 'rates.sql'), 'utf8');

function query<T>(db: string, sql: string, ...params: unknown[]): T[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).all(...params) as T[];
  } finally {
    d.close();
  }
}

/** The small invoice store (six partners with fixed fees), its 2018-2019 invoices issued. */
function issuedStore(db: string): void {
  expect(lato(['init', '--db', db]).code).toBe(0);
  expect(lato(['import', 'settings', SETTINGS, '--db', db]).code).toBe(0);
  expect(lato(['import', 'partners', PARTNERS, '--db', db]).code).toBe(0);
  const sql = new Database(db);
  sql.exec(RATES);
  sql.close();
  expect(lato(['invoices', 'run', '--year', Y, '--db', db]).code).toBe(0);
  const issue = lato(['invoices', 'issue', '--year', Y, '--date', '2018-10-01', '--yes', '--db', db]);
  expect(issue.code, issue.stderr).toBe(0);
}

const camtEntry = (o: { amt: string; ccy?: string; sts?: string; text: string; ref: string }) => `
      <Ntry>
        <Amt Ccy="${o.ccy ?? 'EUR'}">${o.amt}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        ${o.sts === undefined ? '<Sts>BOOK</Sts>' : o.sts}
        <BookgDt><Dt>2018-11-01</Dt></BookgDt>
        <AcctSvcrRef>${o.ref}</AcctSvcrRef>
        <NtryDtls><TxDtls><RmtInf><Ustrd>${o.text}</Ustrd></RmtInf></TxDtls></NtryDtls>
      </Ntry>`;

const camt = (entries: string[]) => `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <Stmt>
      <Id>S1</Id>
      <Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>${entries.join('')}
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;

describe('item 3: an amount means one thing', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  const run = (...args: string[]) => lato([...args, '--db', db], { cwd: dir });
  beforeAll(() => issuedStore(db));

  it('refuses 2,505 and the other ambiguous amounts wherever a person types one, spelling out the readings', () => {
    const rate = run('rates', 'set', '--year', Y, '--sector', 'HO', '--amount', '2,505');
    expect(rate.code).toBe(1);
    expect(rate.stderr).toContain('"2,505" has three decimals; did you mean 2,50 or 2.505,00?');
    expect(query<{ a: number }>(db, "SELECT amount_cents AS a FROM rates WHERE category = 'HO'")).toEqual([
      { a: 50000 },
    ]);
    const pay = run('payments', 'add', 'LATO-2018-0001', '--amount', '1953.50', '--date', '2018-10-20');
    expect(pay.code).toBe(2);
    expect(pay.stderr).toContain('"1953.50" has a dot before two digits; did you mean 1.953,50?');
    const english = run('payments', 'add', 'LATO-2018-0001', '--amount', '1,953.00', '--date', '2018-10-20');
    expect(english.stderr).toContain('did you mean 1.953,00?');
    const cap = run('budget', 'cofinancing', '--from', '2019-01-01', '--until', 'none', '--cap', '2,505');
    expect(cap.code).toBe(1);
    expect(cap.stderr).toContain('did you mean 2,50 or 2.505,00?');
    const hourly = run('in-kind', 'rate', '--amount', '42.5');
    expect(hourly.code).toBe(1);
    expect(hourly.stderr).toContain('did you mean 42,50?');
    expect(query(db, 'SELECT * FROM payments')).toEqual([]);
  });

  it('refuses an ambiguous amount in an imported rates file, naming file, line and column', () => {
    const f = join(dir, 'rates.csv');
    writeFileSync(
      f,
      'schooljaar;categorie;grondslag;bedrag\n2018-2019;HO;vast;2,505\n2018-2019;WO;vast;1.000\n',
    );
    const r = run('import', 'rates', f);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rates\.csv, line 2, column "bedrag": "2,505" has three decimals/);
    expect(query<{ a: number }>(db, "SELECT amount_cents AS a FROM rates WHERE category = 'WO'")).toEqual([
      { a: 50000 },
    ]);
  });

  it('reads CAMT.053 amounts as XML decimals and books only booked euro entries; the rest is listed as skipped', () => {
    const f = join(dir, 'camt.xml');
    writeFileSync(
      f,
      camt([
        camtEntry({ amt: '1.500', text: 'LATO-2018-0001', ref: 'A1' }),
        camtEntry({ amt: '400.00', ccy: 'USD', text: 'LATO-2018-0002', ref: 'A2' }),
        camtEntry({ amt: '100.00', sts: '<Sts>PDNG</Sts>', text: 'LATO-2018-0003', ref: 'A3' }),
        camtEntry({ amt: '100.00', sts: '<Sts><Cd>BOOK</Cd></Sts>', text: 'LATO-2018-0004', ref: 'A4' }),
      ]),
    );
    const r = run('payments', 'import', f, '--json');
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.matched).toEqual([
      { line: 1, number: 'LATO-2018-0001', amount_cents: 150, date: '2018-11-01' },
      { line: 4, number: 'LATO-2018-0004', amount_cents: 10000, date: '2018-11-01' },
    ]);
    expect(s.skipped.map((x: { line: number; reason: string }) => [x.line, x.reason])).toEqual([
      [2, 'amount in USD, not EUR'],
      [3, 'entry status PDNG, not booked (BOOK)'],
    ]);
    expect(query(db, 'SELECT amount_cents FROM payments ORDER BY id')).toEqual([
      { amount_cents: 150 },
      { amount_cents: 10000 },
    ]);
  });

  it('reads a CSV export by its bank grammar: 1,234 in an ING file is refused, not € 1.234', () => {
    const f = join(dir, 'ing.csv');
    writeFileSync(
      f,
      '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";"Mutatiesoort";"Mededelingen"\r\n' +
        '"20181106";"X";"NL91ABNA0417164300";"";"OV";"Bij";"1,234";"Overschrijving";"LATO-2018-0005"\r\n' +
        '"20181106";"Y";"NL91ABNA0417164300";"";"OV";"Bij";"1.234,00";"Overschrijving";"LATO-2018-0005"\r\n',
    );
    const r = run('payments', 'import', f);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'line 2, column "Bedrag (EUR)": "1,234" is not an amount (ING amounts are written like 1234,56',
    );
    expect(r.stderr).toContain('line 3, column "Bedrag (EUR)": "1.234,00" is not an amount');
    const rabo = join(dir, 'rabo.csv');
    writeFileSync(
      rabo,
      '"IBAN/BBAN","Munt","Volgnr","Datum","Bedrag","Omschrijving-1"\n' +
        '"NL39RABO0300065264","EUR","1","2018-11-07","+1.500","LATO-2018-0005"\n',
    );
    const r2 = run('payments', 'import', rabo);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('"+1.500" is not an amount (Rabobank amounts');
    expect(query(db, 'SELECT * FROM payments WHERE amount_cents > 10000')).toEqual([]);
  });
});
