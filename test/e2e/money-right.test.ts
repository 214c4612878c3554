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

/**
 * Writes `content` to `name` in `dir` and runs `lato ARGS FILE [TAIL]` on `db`: a refusal is
 * expected (exit 1); returns what lato said on stderr.
 */
function refused(
  db: string,
  dir: string,
  file: { name: string; content: string },
  args: string[],
  tail: string[] = [],
): string {
  const f = join(dir, file.name);
  writeFileSync(f, file.content);
  const r = lato([...args, f, ...tail, '--db', db], { cwd: dir });
  expect(r.code, r.stdout).toBe(1);
  return r.stderr;
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
    expect(rate.code).toBe(2); // a malformed amount is wrong usage
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
    expect(cap.code).toBe(2);
    expect(cap.stderr).toContain('did you mean 2,50 or 2.505,00?');
    const hourly = run('in-kind', 'rate', '--amount', '42.5');
    expect(hourly.code).toBe(2);
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
    const ing = refused(
      db,
      dir,
      {
        name: 'ing.csv',
        content:
          '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";"Mutatiesoort";"Mededelingen"\r\n' +
          '"20181106";"X";"NL91ABNA0417164300";"";"OV";"Bij";"1,234";"Overschrijving";"LATO-2018-0005"\r\n' +
          '"20181106";"Y";"NL91ABNA0417164300";"";"OV";"Bij";"1.234,00";"Overschrijving";"LATO-2018-0005"\r\n',
      },
      ['payments', 'import'],
    );
    expect(ing).toContain(
      'line 2, column "Bedrag (EUR)": "1,234" is not an amount (ING amounts are written like 1234,56',
    );
    expect(ing).toContain('line 3, column "Bedrag (EUR)": "1.234,00" is not an amount');
    const rabo = refused(
      db,
      dir,
      {
        name: 'rabo.csv',
        content:
          '"IBAN/BBAN","Munt","Volgnr","Datum","Bedrag","Omschrijving-1"\n' +
          '"NL39RABO0300065264","EUR","1","2018-11-07","+1.500","LATO-2018-0005"\n',
      },
      ['payments', 'import'],
    );
    expect(rabo).toContain('"+1.500" is not an amount (Rabobank amounts');
    expect(query(db, 'SELECT * FROM payments WHERE amount_cents > 10000')).toEqual([]);
  });
});

describe('item 4: absurd values are refused at the door', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  const run = (...args: string[]) => lato([...args, '--db', db], { cwd: dir });
  beforeAll(() => issuedStore(db));

  it('refuses an amount above € 10.000.000,00 wherever it is typed or imported', () => {
    const huge = run(
      'payments',
      'add',
      'LATO-2018-0001',
      '--amount',
      '90.071.992.547.409,91',
      '--date',
      '2018-10-20',
    );
    expect(huge.code).toBe(2);
    expect(huge.stderr).toContain(
      '"90.071.992.547.409,91" is above the largest amount lato takes (€ 10.000.000,00)',
    );
    const rate = run('rates', 'set', '--year', Y, '--sector', 'HO', '--amount', '10.000.000,01');
    expect(rate.code).toBe(2); // as payments add: an amount lato cannot take is wrong usage
    expect(rate.stderr).toContain('above the largest amount lato takes');
    const budget = refused(
      db,
      dir,
      {
        name: 'budget.csv',
        content: 'soort;omschrijving;bedrag\nbaten;Subsidie;20.000.000\nlasten;Zaalhuur;20.000.000\n',
      },
      ['import', 'budget'],
      ['--year', Y],
    );
    expect(budget).toMatch(
      /budget\.csv, line 2, column "bedrag": "20\.000\.000" is above the largest amount/,
    );
    const statement = refused(
      db,
      dir,
      {
        name: 'camt.xml',
        content: camt([camtEntry({ amt: '90071992547409.91', text: 'LATO-2018-0001', ref: 'X' })]),
      },
      ['payments', 'import'],
    );
    expect(statement).toContain('entry 1, Amt: "90071992547409.91" is above the largest amount lato takes');
    expect(query(db, 'SELECT * FROM payments')).toEqual([]);
    expect(query(db, 'SELECT * FROM budget_lines')).toEqual([]);
  });

  it('a payment above the open amount needs --force and a reason; the reason is kept', () => {
    const open = query<{ total: number }>(
      db,
      "SELECT total_cents AS total FROM invoices WHERE number = 'LATO-2018-0001'",
    )[0]!.total;
    expect(open).toBe(50000);
    const over = run('payments', 'add', 'LATO-2018-0001', '--amount', '5.000,00', '--date', '2018-10-20');
    expect(over.code).toBe(1);
    expect(over.stderr).toContain(
      '€ 5.000,00 is more than is open: only € 500,00 is open on LATO-2018-0001 (total € 500,00, paid € 0,00); nothing was booked',
    );
    expect(over.stderr).toContain('--force --reason');
    const noReason = run('payments', 'add', 'LATO-2018-0001', '--amount', '5.000,00', '--force');
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--force needs --reason');
    const back = run('payments', 'add', 'LATO-2018-0001', '--amount', '-1,00', '--date', '2018-10-20');
    expect(back.code).toBe(1);
    expect(back.stderr).toContain('a correction of -€ 1,00 is more than the € 0,00 paid on LATO-2018-0001');
    expect(query(db, 'SELECT * FROM payments')).toEqual([]);
    const forced = run(
      'payments',
      'add',
      'LATO-2018-0001',
      '--amount',
      '5.000,00',
      '--date',
      '2018-10-20',
      '--force',
      '--reason',
      'paid twice by the partner; refund agreed',
      '--json',
    );
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ amount_cents: 500000, open_cents: 0 });
    expect(query(db, 'SELECT amount_cents, description FROM payments')).toEqual([
      { amount_cents: 500000, description: 'paid twice by the partner; refund agreed' },
    ]);
    // the commands that sum amounts keep working
    for (const args of [
      ['invoices', 'outstanding', '--json'],
      ['check', '--json'],
      ['report', 'yearly', '--year', Y, '--format', 'json', '--out', join(dir, 'report.json')],
    ]) {
      const r = run(...args);
      expect(r.stderr, args.join(' ')).not.toMatch(/out of range|unexpected/i);
    }
  });

  it('a count above 1.000.000 is refused; a fee above the maximum is no amount, with a warning (not a failure)', () => {
    const counts = join(dir, 'counts.csv');
    writeFileSync(counts, 'schooljaar;partner;aantal\n2018-2019;UL;9007199254740991\n');
    const c = run('import', 'counts', counts);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('the count 9007199254740991 is above 1000000, the largest count lato takes');
    expect(query(db, 'SELECT * FROM counts')).toEqual([]);
    // a rate at the maximum per pupil, times 2 pupils: beyond any fee
    expect(run('rates', 'set', '--year', Y, '--sector', 'PO', '--amount', '10.000.000').code).toBe(0);
    expect(run('partners', 'edit', 'HSL', '--sector', 'PO').code).toBe(0);
    writeFileSync(counts, 'schooljaar;partner;aantal\n2018-2019;HSL;2\n');
    expect(run('import', 'counts', counts).code).toBe(0);
    const fees = run('fees', 'compute', '--year', Y, '--json');
    expect(fees.code, fees.stderr).toBe(0);
    const json = JSON.parse(fees.stdout);
    expect(json.lines.find((l: { partner: string }) => l.partner === 'HSL')).toMatchObject({
      amount_cents: null,
      pm: true,
      status: 'too_large',
    });
    expect(json.warnings.join('\n')).toContain(
      'HSL (Hogeschool Leiden): 2 pupils × € 10.000.000,00 is above € 10.000.000,00, the largest amount lato takes',
    );
  });

  it('lato check names an amount or count stored around lato beyond the bounds', () => {
    const sql = new Database(db);
    sql.exec(
      "INSERT INTO counts (school_year, partner_id, quantity, unit, count_date) SELECT '2019-2020', id, 5000000, 'pupils', '2019-10-01' FROM partners WHERE code = 'UL'",
    );
    sql.close();
    const r = run('check', '--json');
    expect(r.code).toBe(1);
    const bounds = JSON.parse(r.stdout).checks.find((c: { name: string }) => c.name === 'amount-bounds');
    expect(bounds.problems.map((p: { message: string }) => p.message)).toEqual([
      'count 2019-2020 UL: 5000000 is above 1000000, the largest count lato takes',
    ]);
  });
});

/** A fresh example database (the seed's partners, counts and rates of 2018-2019). */
function exampleDb(dir: string, name = 'lato.db'): string {
  const db = join(dir, name);
  const r = lato(['init', '--example', '--db', db]);
  expect(r.code, r.stderr).toBe(0);
  return db;
}

function feeOf(db: string, code: string): { amount_cents: number | null }[] {
  const r = lato(['fees', 'compute', '--year', Y, '--json', '--db', db]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).lines.filter((l: { partner: string }) => l.partner === code);
}

describe('item 5: the partner graph stays sound', () => {
  const dir = tempDir();
  let db: string;
  const run = (...args: string[]) => lato([...args, '--db', db], { cwd: dir });
  beforeAll(() => {
    db = exampleDb(dir);
  });

  it('refuses a parent that closes a loop, naming the chain; the fees stay', () => {
    expect(run('partners', 'edit', 'ELS', '--parent', 'HAANSTRA').code).toBe(0);
    const loop = run('partners', 'edit', 'HAANSTRA', '--parent', 'ELS');
    expect(loop.code).toBe(1);
    expect(loop.stderr).toContain(
      'ELS cannot be the parent of HAANSTRA: ELS belongs to HAANSTRA (ELS → HAANSTRA), so the boards would form a loop',
    );
    // longer: HAANSTRA under SCOL, then SCOL under ELS would loop through three boards
    expect(run('partners', 'edit', 'HAANSTRA', '--parent', 'SCOL').code).toBe(0);
    const three = run('partners', 'edit', 'SCOL', '--parent', 'ELS');
    expect(three.code).toBe(1);
    expect(three.stderr).toContain('ELS belongs to SCOL (ELS → HAANSTRA → SCOL)');
    const self = run('partners', 'edit', 'SCOL', '--parent', 'SCOL');
    expect(self.stderr).toContain('SCOL cannot be its own parent');
    const scol = feeOf(db, 'SCOL');
    expect(scol).toHaveLength(1);
    expect(scol[0]!.amount_cents).toBeGreaterThan(0);
    // the same through an import of the partner file
    const imp = refused(
      db,
      dir,
      {
        name: 'partners.csv',
        content: 'Code;Naam;Sector;Lidmaatschap;Bestuur\nSCOL;Stichting SCOL;PO;convenant;ELS\n',
      },
      ['import', 'partners'],
    );
    expect(imp).toMatch(
      /partners\.csv, line 2, column "Bestuur": parent board "ELS" belongs to SCOL \(ELS → HAANSTRA → SCOL\)/,
    );
    expect(query(db, "SELECT parent_id FROM partners WHERE code = 'SCOL'")).toEqual([{ parent_id: null }]);
  });

  it('lato check reports a loop written around lato, and exits 1', () => {
    const sql = new Database(db);
    sql.exec(
      "UPDATE partners SET parent_id = (SELECT id FROM partners WHERE code = 'ELS') WHERE code = 'SCOL'",
    );
    sql.close();
    const r = run('check', '--json');
    expect(r.code).toBe(1);
    const loops = JSON.parse(r.stdout).checks.find((c: { name: string }) => c.name === 'partner-loops');
    expect(loops.problems.map((p: { message: string }) => p.message)).toEqual([
      'the boards ELS → HAANSTRA → SCOL → ELS form a loop: they drop out of the fees and invoices (fix with lato partners edit ELS --parent "")',
    ]);
    expect(run('check').stdout).toMatch(/^partner-loops\s+1 problem/m);
  });

  it('moving a DUO location to another partner needs --move, and names who loses it and its pupils', () => {
    const db2 = exampleDb(dir, 'move.db');
    const at = (...args: string[]) => lato([...args, '--db', db2], { cwd: dir });
    const take = at('partners', 'edit', 'LDV', '--add-location', '30GD00');
    expect(take.code).toBe(1);
    expect(take.stderr).toContain(
      '30GD00 belongs to SGL (Stedelijk Gymnasium Leiden), with 790 pupils in 2018-2019: linking it to LDV takes it away from SGL',
    );
    expect(take.stderr).toContain('add --move');
    const added = at(
      'partners',
      'add',
      '--code',
      'BPLUSC',
      '--name',
      'BplusC',
      '--sector',
      'OVERIG',
      '--membership',
      'basis',
      '--add-location',
      '30GD00',
    );
    expect(added.code).toBe(1);
    expect(added.stderr).toContain('30GD00 belongs to SGL');
    expect(
      query(
        db2,
        "SELECT p.code FROM locations l JOIN partners p ON p.id = l.partner_id WHERE vestigingscode = '30GD00'",
      ),
    ).toEqual([{ code: 'SGL' }]);
    const moved = at('partners', 'edit', 'LDV', '--add-location', '30GD00', '--move');
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stderr).toContain(
      'location 30GD00 moved from SGL (Stedelijk Gymnasium Leiden) to LDV: SGL no longer counts its 790 pupils in 2018-2019',
    );
    const log = JSON.parse(at('log', '--json').stdout) as { id: string; action: string }[];
    expect(log.some((e) => e.id === 'SGL' && e.action === 'move-location')).toBe(true);
    // a location no one holds, or one the partner already has, needs nothing
    expect(at('partners', 'edit', 'LDV', '--add-location', '30GD00', '--add-location', '99ZZ00').code).toBe(
      0,
    );
  });

  it('an import of the partner file does not take a location from another partner unless the file moves it', () => {
    const db3 = exampleDb(dir, 'import-move.db');
    const at = (...args: string[]) => lato([...args, '--db', db3], { cwd: dir });
    const f = join(dir, 'partners-locations.csv');
    writeFileSync(
      f,
      'Code;Naam;Sector;Lidmaatschap;Vestigingen\nLDV;Leonardo da Vinci;VO;convenant;30GD00\n',
    );
    const r = at('import', 'partners', f);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'partners-locations.csv, line 2, column "Vestigingen": 30GD00 belongs to SGL (Stedelijk Gymnasium Leiden), with 790 pupils in 2018-2019: this row would take it away from SGL',
    );
    const holder = () =>
      query(
        db3,
        "SELECT p.code FROM locations l JOIN partners p ON p.id = l.partner_id WHERE vestigingscode = '30GD00'",
      );
    expect(holder()).toEqual([{ code: 'SGL' }]);
    // the file lists SGL without it: a move on purpose
    writeFileSync(
      f,
      'Code;Naam;Sector;Lidmaatschap;Vestigingen\n' +
        'LDV;Leonardo da Vinci;VO;convenant;30GD00\n' +
        'SGL;Stedelijk Gymnasium Leiden;VO;convenant;20DP00\n',
    );
    const moved = at('import', 'partners', f);
    expect(moved.code, moved.stderr).toBe(0);
    expect(holder()).toEqual([{ code: 'LDV' }]);
  });
});

describe('item 6: a board with schools in several sectors is billed per sector', () => {
  const dir = tempDir();
  let db: string;
  const run = (...args: string[]) => lato([...args, '--db', db], { cwd: dir });
  beforeAll(() => {
    db = exampleDb(dir);
    expect(run('partners', 'edit', 'WINFORD-VO', '--parent', 'WINFORD-PO').code).toBe(0);
  });

  it('fees: one line per sector, each at its own rate; fees explain shows both', () => {
    const lines = feeOf(db, 'WINFORD-PO');
    expect(lines).toEqual([
      expect.objectContaining({
        sector: 'PO',
        quantity: 100,
        rate_cents: 250,
        amount_cents: 25000,
        includes: [],
      }),
      expect.objectContaining({
        sector: 'VO',
        quantity: 180,
        rate_cents: 300,
        amount_cents: 54000,
        includes: ['WINFORD-VO'],
      }),
    ]);
    const explain = run('fees', 'explain', 'WINFORD-PO', '--year', Y, '--json');
    expect(explain.code, explain.stderr).toBe(0);
    const e = JSON.parse(explain.stdout);
    expect(
      e.lines.map((l: { sector: string; amount_cents: number; rate: { category: string } }) => [
        l.sector,
        l.rate.category,
        l.amount_cents,
      ]),
    ).toEqual([
      ['PO', 'PO', 25000],
      ['VO', 'VO', 54000],
    ]);
    const text = run('fees', 'explain', 'WINFORD-PO', '--year', Y).stdout;
    expect(text).toContain('WINFORD-PO has schools in 2 sectors');
    expect(text).toContain('rule: VO of WINFORD-VO: 180 pupils × € 3,00 = € 540,00');
    expect(text).toContain('result: € 790,00 (2 lines)');
    const school = JSON.parse(run('fees', 'explain', 'WINFORD-VO', '--year', Y, '--json').stdout);
    expect(school).toMatchObject({
      billed_through: 'WINFORD-PO',
      line: { sector: 'VO', amount_cents: 54000 },
    });
  });

  it('a school under a board without pupils (basis membership) still pays its sector rate', () => {
    const db2 = exampleDb(dir, 'basis-board.db');
    expect(lato(['partners', 'edit', 'ELS', '--parent', 'BRIGHTKIDS', '--db', db2]).code).toBe(0);
    const lines = feeOf(db2, 'BRIGHTKIDS');
    expect(
      lines.map((l) => {
        const x = l as { sector: string; category: string; amount_cents: number; includes: string[] };
        return [x.sector, x.category, x.amount_cents, x.includes];
      }),
    ).toEqual([
      ['PO', 'PO', 65000, ['ELS']],
      ['OVERIG', 'BASIS', 15000, []],
    ]);
  });

  it('the invoice has one line per sector, and its UBL and PDF carry them and the total', () => {
    expect(run('invoices', 'run', '--year', Y).code).toBe(0);
    const issue = run('invoices', 'issue', '--year', Y, '--date', '2018-10-01', '--yes');
    expect(issue.code, issue.stderr).toBe(0);
    const list = JSON.parse(run('invoices', 'list', '--year', Y, '--json').stdout) as {
      number: string;
      partner: string;
      total_cents: number;
    }[];
    expect(list.filter((i) => i.partner === 'WINFORD-VO')).toEqual([]);
    const inv = list.find((i) => i.partner === 'WINFORD-PO')!;
    expect(inv.total_cents).toBe(79000);
    const show = JSON.parse(run('invoices', 'show', inv.number, '--json').stdout);
    type Line = { sector: string; quantity: number; unit_price_cents: number; amount_cents: number };
    expect(show.lines.map((l: Line) => [l.sector, l.quantity, l.unit_price_cents, l.amount_cents])).toEqual([
      ['PO', 100, 250, 25000],
      ['VO', 180, 300, 54000],
    ]);
    const out = join(dir, 'ubl');
    expect(run('invoices', 'export', '--year', Y, '--format', 'ubl', '--out', out).code).toBe(0);
    const xml = readFileSync(join(out, `${inv.number}.xml`), 'utf8');
    expect(xml.match(/<cac:InvoiceLine>/g)).toHaveLength(2);
    expect(xml).toContain('<cbc:InvoicedQuantity unitCode="IE">180</cbc:InvoicedQuantity>');
    expect(xml).toContain('180 leerlingen VO à € 3,00</cbc:Name>');
    expect(xml).toContain('<cbc:LineExtensionAmount currencyID="EUR">540.00</cbc:LineExtensionAmount>');
    expect(xml).toContain('<cbc:PayableAmount currencyID="EUR">790.00</cbc:PayableAmount>');
    const pdf = run('invoices', 'pdf', inv.number, '--out', join(dir, 'pdf'));
    expect(pdf.code, pdf.stderr).toBe(0);
    // yearly report: the invoice's VO part counts as VO
    const report = run('report', 'yearly', '--year', Y, '--format', 'json', '--out', join(dir, 'r.json'));
    expect(report.code, report.stderr).toBe(0);
    const bySector = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).fees.by_sector as {
      sector: string;
      computed_cents: number;
      invoiced_cents: number;
    }[];
    for (const s of bySector.filter((x) => x.sector === 'PO' || x.sector === 'VO'))
      expect(s.invoiced_cents, s.sector).toBe(s.computed_cents);
  });
});

describe('item 8: a counts row means what it says', () => {
  const dir = tempDir();
  let db: string;
  const run = (...args: string[]) => lato([...args, '--db', db], { cwd: dir });
  const countsOf = () =>
    query(db, 'SELECT school_year, location_id, partner_id, quantity, count_date FROM counts ORDER BY id');
  let before: unknown[];
  beforeAll(() => {
    db = exampleDb(dir);
    before = countsOf();
  });

  it('refuses a row whose partner and location disagree, and an unknown partner beside a location', () => {
    const said = refused(
      db,
      dir,
      {
        name: 'counts.csv',
        content:
          'Schooljaar;Partner;Vestiging;Aantal\n' +
          '2018-2019;ELS;02VD00;999\n' +
          '2018-2019;NOPE;02VD04;340\n' +
          '2018-2019;SCOL-VO;02VD05;290\n' +
          '2018-2019;ELS;99ZZ00;10\n',
      },
      ['import', 'counts'],
    );
    expect(said).toContain(
      'counts.csv, line 2, column "Partner": partner ELS and location 02VD00 disagree: 02VD00 belongs to SCOL-VO',
    );
    expect(said).toContain('counts.csv, line 3, column "Partner": unknown partner "NOPE"');
    expect(said).toContain(
      'counts.csv, line 5, column "Partner": partner ELS and location 99ZZ00 disagree: 99ZZ00 belongs to no partner',
    );
    expect(said).not.toContain('line 4');
    expect(countsOf()).toEqual(before);
  });

  it('refuses a count date outside the row’s school year', () => {
    const said = refused(
      db,
      dir,
      {
        name: 'dates.csv',
        content:
          'Schooljaar;Partner;Aantal;Teldatum\n2018-2019;ELS;260;1-10-1900\n2018-2019;HAANSTRA;180;1-8-2019\n2018-2019;WINFORD-PO;100;31-7-2019\n',
      },
      ['import', 'counts'],
    );
    expect(said).toContain(
      'dates.csv, line 2, column "Teldatum": the count date 1 oktober 1900 is outside school year 2018-2019',
    );
    expect(said).toContain('line 3, column "Teldatum": the count date 1 augustus 2019 is outside');
    expect(said).not.toContain('line 4');
    expect(countsOf()).toEqual(before);
  });

  it('warns when a DUO file’s name or own dates point to another year than --year', () => {
    const header =
      '"BEVOEGD GEZAG NUMMER";"INSTELLINGSCODE";"VESTIGINGSCODE";"INSTELLINGSNAAM VESTIGING";"PLAATSNAAM";"GEMEENTENAAM";"AANTAL LEERLINGEN"';
    const duo = join(dir, 'leerlingen-vo-per-vestiging-2025.csv');
    writeFileSync(duo, `${header}\n"1";"02VD";"02VD00";"Het Stedelijk";"LEIDEN";"Leiden";712\n`);
    const r = run('import', 'counts', duo, '--year', Y, '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'Warning: the file name leerlingen-vo-per-vestiging-2025.csv points to the counts of 2025 (school year 2025-2026), not to --year 2018-2019',
    );
    const right = run('import', 'counts', duo, '--year', '2025-2026', '--dry-run');
    expect(right.stdout).not.toContain('Warning');
    const dated = join(dir, 'duo-leerlingen.csv');
    writeFileSync(
      dated,
      `${header};"PEILDATUM"\n"1";"02VD";"02VD00";"Het Stedelijk";"LEIDEN";"Leiden";712;"2025-10-01"\n`,
    );
    const d = run('import', 'counts', dated, '--year', Y, '--dry-run');
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toContain(
      'Warning: 1 row of this DUO file has a count date outside school year 2018-2019 (line 2: 1 oktober 2025)',
    );
    expect(countsOf()).toEqual(before);
  });
});
