// End-to-end: invoices and payments through the built binary, on a small store: the example
// issuer, six partners of test/fixtures/invoices (fixed fees only, so no counts are needed) and
// the fixed rates of 2018-2019.
import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FIXTURES, ROOT, lato, latoAsync, tempDir } from '../helpers.js';

const Y = '2018-2019';
const SETTINGS = join(ROOT, 'data', 'example', 'settings.json');
const PARTNERS = join(FIXTURES, 'invoices', 'partners.csv');
const RATES = readFileSync(join(FIXTURES, 'invoices', 'rates.sql'), 'utf8');
const bank = (f: string) => join(FIXTURES, 'bank', f);

interface ListRow {
  number: string | null;
  partner: string;
  year: string;
  status: string;
  total_cents: number;
  issued_on: string | null;
  due_on: string | null;
  paid_cents: number;
}

/** A store ready for `invoices run`: settings (unless without), partners, rates (also for 2019-2020). */
function makeStore(db: string, opts: { settings?: boolean } = {}): void {
  expect(lato(['init', '--db', db]).code).toBe(0);
  if (opts.settings !== false) expect(lato(['import', 'settings', SETTINGS, '--db', db]).code).toBe(0);
  expect(lato(['import', 'partners', PARTNERS, '--db', db]).code).toBe(0);
  const sql = new Database(db);
  sql.exec(RATES);
  sql.exec(RATES.replaceAll('2018-2019', '2019-2020'));
  sql.close();
}

function scalar(db: string, query: string): number {
  const sql = new Database(db, { readonly: true });
  try {
    return (sql.prepare(query).get() as { n: number }).n;
  } finally {
    sql.close();
  }
}

describe('lato invoices (built binary)', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  const run = (...args: string[]) => lato([...args, '--db', db], { cwd: dir });
  const list = (): ListRow[] => JSON.parse(run('invoices', 'list', '--json').stdout);

  beforeAll(() => makeStore(db));

  it('drafts one invoice per paying partner; --dry-run writes nothing', () => {
    const dry = run('invoices', 'run', '--year', Y, '--dry-run', '--json');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).created).toBe(5);
    expect(list()).toEqual([]);
    const r = run('invoices', 'run', '--year', Y);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Drafts for 2018-2019: 5 new, 0 replaced, 0 unchanged, 0 removed.');
    expect(r.stdout).toContain('=1+2 Formule & Co');
    expect(list().map((i) => [i.number, i.partner, i.status, i.total_cents])).toEqual([
      [null, 'HSL', 'draft', 50_000],
      [null, 'MUSEUM', 'draft', 15_000],
      [null, 'NATUUR', 'draft', 50_000],
      [null, 'UL', 'draft', 50_000],
      [null, 'ZZ-FORMULE', 'draft', 15_000],
    ]);
  });

  it('issues them with consecutive numbers; list --json has the contract fields', () => {
    const r = run('invoices', 'issue', '--yes', '--year', Y, '--date', '2018-10-15');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Issued 5 invoice(s) dated 2018-10-15: LATO-2018-0001 to LATO-2018-0005.');
    const rows = list();
    expect(rows[0]).toEqual({
      number: 'LATO-2018-0001',
      kind: 'invoice',
      partner: 'HSL',
      name: 'Hogeschool Leiden',
      year: Y,
      status: 'issued',
      total_cents: 50_000,
      issued_on: '2018-10-15',
      due_on: '2018-11-14',
      paid_cents: 0,
      open_cents: 50_000,
      days_overdue: expect.any(Number),
      credits: null,
      credited_by: null,
    });
    expect(rows.map((i) => i.number)).toEqual([
      'LATO-2018-0001',
      'LATO-2018-0002',
      'LATO-2018-0003',
      'LATO-2018-0004',
      'LATO-2018-0005',
    ]);
  });

  it('changes nothing when run and issue are repeated', () => {
    const before = list();
    const audits = scalar(db, 'SELECT count(*) AS n FROM audit_log');
    const r = run('invoices', 'run', '--year', Y, '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ created: 0, replaced: 0, removed: 0 });
    expect(JSON.parse(r.stdout).already_issued).toHaveLength(5);
    const i = run('invoices', 'issue', '--yes', '--year', Y, '--date', '2018-10-16');
    expect(i.code).toBe(0);
    expect(i.stderr).toContain('Nothing to issue for 2018-2019');
    expect(list()).toEqual(before);
    expect(scalar(db, 'SELECT count(*) AS n FROM audit_log')).toBe(audits);
  });

  it('writes PDFs by number and by year', () => {
    const one = run('invoices', 'pdf', 'LATO-2018-0003', '--out', join(dir, 'one'));
    expect(one.code, one.stderr).toBe(0);
    expect(readdirSync(join(dir, 'one'))).toEqual(['LATO-2018-0003.pdf']);
    const all = run('invoices', 'pdf', '--year', Y, '--out', join(dir, 'pdf'), '--json');
    expect(JSON.parse(all.stdout).files).toHaveLength(5);
    const bad = run('invoices', 'pdf', 'LATO-2018-0099', '--out', join(dir, 'none'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('no invoice numbered LATO-2018-0099');
    expect(run('invoices', 'pdf', '--out', join(dir, 'none')).code).toBe(2);
  });

  it('exports the Dutch Excel CSV: BOM, semicolons, CRLF, decimal comma, formulas defused', () => {
    const file = join(dir, 'facturen.csv');
    const r = run('invoices', 'export', '--year', Y, '--format', 'csv', '--out', file);
    expect(r.code, r.stderr).toBe(0);
    const raw = readFileSync(file);
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = raw.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]!.split(';').slice(0, 3)).toEqual(['Factuurnummer', 'Soort', 'Factuurdatum']);
    expect(lines[1]).toMatch(
      /^LATO-2018-0001;factuur;2018-10-15;2018-11-14;2018-2019;HSL;Hogeschool Leiden;10000001;;500,00;/,
    );
    expect(lines[5]).toContain(";'=1+2 Formule & Co;");
    expect(lines[3]).toContain(';NATUUR;Stichting Natuur & Talent;;00000001001234567000;500,00;');
    expect(lines.at(-1)).toBe('');
  });

  it('exports one valid UBL e-invoice per document', () => {
    const out = join(dir, 'ubl');
    const r = run('invoices', 'export', '--year', Y, '--format', 'ubl', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual([
      'LATO-2018-0001.xml',
      'LATO-2018-0002.xml',
      'LATO-2018-0003.xml',
      'LATO-2018-0004.xml',
      'LATO-2018-0005.xml',
    ]);
    const xml = readFileSync(join(out, 'LATO-2018-0003.xml'), 'utf8');
    expect(xml).toContain(
      '<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0</cbc:CustomizationID>',
    );
    expect(xml).toContain('<cbc:BuyerReference>PO-2018-77</cbc:BuyerReference>');
    expect(xml).toContain('<cbc:CompanyID schemeID="0190">00000001001234567000</cbc:CompanyID>');
    if (spawnSync('xmllint', ['--version']).status === 0) {
      const lint = spawnSync('xmllint', ['--noout', ...files.map((f) => join(out, f))], { encoding: 'utf8' });
      expect(lint.status, lint.stderr).toBe(0);
    }
  });

  it('records a payment by hand and refuses one for an unknown invoice', () => {
    const r = run('payments', 'add', 'LATO-2018-0005', '--amount', '50,00', '--date', '2018-10-20');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      '€ 50,00 received on LATO-2018-0005 (2018-10-20); paid € 50,00, open € 100,00.',
    );
    const bad = run('payments', 'add', 'LATO-2018-0042', '--amount', '10', '--date', '2018-10-20');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Error: no invoice numbered LATO-2018-0042');
    expect(run('payments', 'add', 'LATO-2018-0001', '--amount', 'veel').code).toBe(2);
    expect(scalar(db, 'SELECT count(*) AS n FROM payments')).toBe(1);
  });

  it('matches a CAMT.053 statement on invoice numbers, lists the rest, and adds nothing the second time', () => {
    const r = run('payments', 'import', bank('camt053.xml'), '--json');
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.format).toBe('camt053');
    expect(s.rows).toEqual({ total: 5, new: 2, changed: 0, unchanged: 0, skipped: 3 });
    expect(s.matched.map((m: { number: string }) => m.number)).toEqual(['LATO-2018-0001', 'LATO-2018-0002']);
    expect(s.unmatched.map((u: { reason: string }) => u.reason)).toEqual([
      'no invoice number in the description',
      'names several invoices (LATO-2018-0003, LATO-2018-0004); book it with `lato payments add`',
    ]);
    const again = run('payments', 'import', bank('camt053.xml'));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 payment(s) matched, 2 already imported');
    expect(scalar(db, "SELECT count(*) AS n FROM payments WHERE source = 'bank'")).toBe(2);
  });

  it('reads the ING, Rabobank and ABN AMRO exports too', () => {
    for (const [file, format, number] of [
      ['ing.csv', 'ing', 'LATO-2018-0002'],
      ['rabobank.csv', 'rabobank', 'LATO-2018-0004'],
      ['abnamro.tab', 'abnamro', 'LATO-2018-0003'],
    ] as const) {
      const r = run('payments', 'import', bank(file), '--json');
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout);
      expect(s.format).toBe(format);
      expect(s.matched.map((m: { number: string }) => m.number)).toEqual([number]);
    }
    const paid = list()
      .filter((i) => i.status === 'paid')
      .map((i) => i.number);
    expect(paid).toEqual(['LATO-2018-0001', 'LATO-2018-0002', 'LATO-2018-0003', 'LATO-2018-0004']);
  });

  it('refuses a file that is not a statement, writing nothing', () => {
    const batches = scalar(db, 'SELECT count(*) AS n FROM imports');
    for (const f of [PARTNERS, bank('pain001.xml')]) {
      const r = run('payments', 'import', f);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/is not a bank statement/);
      expect(r.stderr).toContain('CAMT.053');
    }
    expect(scalar(db, 'SELECT count(*) AS n FROM imports')).toBe(batches);
  });

  it('credits an invoice in its own series, refuses to do it twice, and re-issues', () => {
    const c = run(
      'invoices',
      'credit',
      '--yes',
      'LATO-2018-0005',
      '--reason',
      'Verkeerde naam',
      '--date',
      '2018-11-20',
    );
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toContain('LATO-C-2018-0001 credits LATO-2018-0005 (-€ 150,00).');
    const twice = run('invoices', 'credit', '--yes', 'LATO-2018-0005', '--reason', 'nog eens');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('invoice LATO-2018-0005 was already credited by LATO-C-2018-0001');
    const unknown = run('invoices', 'credit', '--yes', 'LATO-2018-0077', '--reason', 'x');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no invoice numbered LATO-2018-0077');
    expect(run('invoices', 'credit', '--yes', 'LATO-2018-0004').code).toBe(2); // --reason is required
    expect(run('invoices', 'run', '--year', Y, '--json').stdout).toContain('"created": 1');
    const i = run('invoices', 'issue', '--yes', '--year', Y, '--date', '2018-11-20', '--json');
    expect(JSON.parse(i.stdout).issued.map((x: { number: string }) => x.number)).toEqual(['LATO-2018-0006']);
    const show = JSON.parse(run('invoices', 'show', 'LATO-2018-0005', '--json').stdout);
    expect(show).toMatchObject({ status: 'credited', credited_by: 'LATO-C-2018-0001', paid_cents: 5000 });
    const cn = run('invoices', 'pdf', 'LATO-C-2018-0001', '--out', join(dir, 'cn'));
    expect(cn.code, cn.stderr).toBe(0);
    expect(existsSync(join(dir, 'cn', 'LATO-C-2018-0001.pdf'))).toBe(true);
  });

  it('shows what is outstanding with days overdue, and writes reminders', () => {
    const r = run('invoices', 'outstanding', '--as-of', '2019-01-31', '--json');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(
      o.invoices.map((i: { number: string; open_cents: number; days_overdue: number }) => [
        i.number,
        i.open_cents,
        i.days_overdue,
      ]),
    ).toEqual([['LATO-2018-0006', 15_000, 42]]);
    const table = run('invoices', 'outstanding', '--as-of', '2019-01-31');
    expect(table.stdout).toContain('LATO-2018-0006');
    const rem = run('invoices', 'remind', '--out', join(dir, 'rem'), '--as-of', '2019-01-31');
    expect(rem.code, rem.stderr).toBe(0);
    expect(readdirSync(join(dir, 'rem'))).toEqual(['LATO-2018-0006-herinnering-1.pdf']);
  });

  it('refuses an invalid IBAN in the settings, keeping the old one', () => {
    const r = run('settings', 'set', 'issuer.iban', 'NL91ABNA0417164301');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('issuer.iban not set');
    expect(r.stderr).toContain('IBAN "NL91ABNA0417164301" is not valid: its check digits do not match');
    expect(run('settings', 'get', 'issuer.iban').stdout.trim()).toBe('NL91ABNA0417164300');
    expect(run('settings', 'set', 'invoicing.payment_term_days', '14').code).toBe(0);
    expect(JSON.parse(run('settings', 'list', '--json').stdout).invoicing.payment_term_days).toBe(14);
    expect(run('settings', 'get', 'fees.join_leave_policy').stdout.trim()).toBe('full_year');
    const typo = run('settings', 'set', 'isuer.name', 'X');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('there is no setting "isuer.name"');
  });
});

describe('lato invoices: bad input', () => {
  const dir = tempDir();

  it('refuses to issue without issuer settings, and writes nothing', () => {
    const db = join(dir, 'no-issuer.db');
    makeStore(db, { settings: false });
    expect(lato(['invoices', 'run', '--year', Y, '--db', db]).code).toBe(0);
    const r = lato(['invoices', 'issue', '--yes', '--year', Y, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot issue: the invoice settings are incomplete or wrong');
    expect(r.stderr).toContain('the issuer (name, address, KvK, IBAN, e-mail) is not set');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(scalar(db, "SELECT count(*) AS n FROM invoices WHERE status = 'issued'")).toBe(0);
  });

  it('refuses a bad year or date as wrong usage', () => {
    const db = join(dir, 'usage.db');
    makeStore(db);
    expect(lato(['invoices', 'run', '--year', '2018-2020', '--db', db]).code).toBe(2);
    expect(lato(['invoices', 'issue', '--yes', '--year', Y, '--date', '31-02-2019', '--db', db]).code).toBe(
      2,
    );
    expect(lato(['invoices', 'list', '--status', 'lost', '--db', db]).code).toBe(2);
    expect(lato(['invoices', 'export', '--year', Y, '--format', 'pdf', '--out', dir, '--db', db]).code).toBe(
      2,
    );
  });
});

describe('lato invoices issue: two processes at once', () => {
  const dir = tempDir();

  function start(db: string, year: string) {
    const child = latoAsync([
      'invoices',
      'issue',
      '--yes',
      '--year',
      year,
      '--date',
      '2019-10-01',
      '--json',
      '--db',
      db,
    ]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.on('close', (code) => resolve({ code, stdout, stderr })),
    );
  }

  it('gives unique consecutive numbers when two issue the same drafts', async () => {
    const db = join(dir, 'same.db');
    makeStore(db);
    expect(lato(['invoices', 'run', '--year', Y, '--db', db]).code).toBe(0);
    const [a, b] = await Promise.all([start(db, Y), start(db, Y)]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const counts = [JSON.parse(a.stdout).issued.length, JSON.parse(b.stdout).issued.length].sort();
    expect(counts).toEqual([0, 5]); // the second waited for the first, then found nothing left
    const issued = [...JSON.parse(a.stdout).issued, ...JSON.parse(b.stdout).issued].map((i) => i.number);
    expect(issued.sort()).toEqual([
      'LATO-2019-0001',
      'LATO-2019-0002',
      'LATO-2019-0003',
      'LATO-2019-0004',
      'LATO-2019-0005',
    ]);
  });

  it('gives unique consecutive numbers when two issue different years at once', async () => {
    const db = join(dir, 'two.db');
    makeStore(db);
    expect(lato(['invoices', 'run', '--year', Y, '--db', db]).code).toBe(0);
    expect(lato(['invoices', 'run', '--year', '2019-2020', '--db', db]).code).toBe(0);
    const [a, b] = await Promise.all([start(db, Y), start(db, '2019-2020')]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const na = JSON.parse(a.stdout).issued.map((i: { number: string }) => i.number) as string[];
    const nb = JSON.parse(b.stdout).issued.map((i: { number: string }) => i.number) as string[];
    expect(na).toHaveLength(5);
    expect(nb).toHaveLength(5);
    // each process got one unbroken run, and together they are 1 … 10 without a gap
    const seqs = (ns: string[]) => ns.map((n) => Number(n.slice(-4)));
    for (const s of [seqs(na), seqs(nb)]) expect(s).toEqual(s.map((_, k) => s[0]! + k));
    expect([...seqs(na), ...seqs(nb)].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe('lato invoices pdf: a large batch on worker threads', () => {
  const dir = tempDir();

  it('renders every PDF of 80 invoices, and reports a broken user template', () => {
    const db = join(dir, 'batch.db');
    makeStore(db);
    const sql = new Database(db);
    const add = sql.prepare(
      `INSERT INTO partners (code, name, sector, membership, kvk, street, postal_code, city, created_at, updated_at)
       VALUES (?, ?, 'OVERIG', 'basis', ?, 'Breestraat 1', '2312 AB', 'Leiden', 'now', 'now')`,
    );
    for (let i = 1; i <= 75; i++)
      add.run(`M${String(i).padStart(3, '0')}`, `Museum ${i}`, String(20_000_000 + i));
    sql.close();
    expect(lato(['invoices', 'run', '--year', Y, '--db', db]).code).toBe(0);
    // the PDFs are made at issue (on worker threads) and stored
    const issued = lato(['invoices', 'issue', '--yes', '--year', Y, '--date', '2018-10-15', '--db', db], {
      env: { LATO_PDF_WORKERS: '2' },
    });
    expect(issued.code, issued.stderr).toBe(0);
    const out = join(dir, 'pdf');
    const r = lato(['invoices', 'pdf', '--year', Y, '--out', out, '--db', db], {
      env: { LATO_PDF_WORKERS: '2' },
    });
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(out);
    expect(files).toHaveLength(80);
    for (const f of files) expect(readFileSync(join(out, f)).subarray(0, 5).toString(), f).toBe('%PDF-');

    const mine = join(dir, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'invoice.typ'), '#let broken = (\n');
    const bad = lato(
      ['invoices', 'pdf', '--year', Y, '--fresh', '--out', join(dir, 'bad'), '--templates', mine, '--db', db],
      {
        env: { LATO_PDF_WORKERS: '2' },
      },
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('your template invoice.typ does not compile');
    expect(bad.stderr).toContain(`fix the template in ${mine}`);
    const missing = lato([
      'invoices',
      'pdf',
      '--year',
      Y,
      '--out',
      join(dir, 'x'),
      '--templates',
      join(dir, 'nope'),
      '--db',
      db,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('the templates folder');
  });
});
