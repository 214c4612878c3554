// End-to-end: SEPA direct debit (issue 17) through the built binary. Mandates imported, invoices
// issued that announce the collection (PDF text, UBL payment means 59), `lato invoices collect`
// writing a pain.008.001.02 file that validates against the official XSD, recorded so that a second
// run finds nothing, every bad input refused with nothing written, and a CAMT.053 statement with the
// batch credit and two returned collections (storno) that pays and reopens the invoices.
//
// The collection date must lie ahead of today, so it (and the run's message id) depends on the day
// the test runs; everything else is fixed: the invoices are issued on 2026-11-02 (the test holds
// until the mandates, signed in the autumn of 2026, expire unused in September 2029).
import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FIXTURES, ROOT, lato, tempDir } from '../helpers.js';
import { addBusinessDays } from '../../src/domain/direct-debit.js';
import { addDays } from '../../src/domain/dates.js';

const Y = '2018-2019';
const ISSUED_ON = '2026-11-02';
const SETTINGS = join(ROOT, 'data', 'example', 'settings.json');
const PARTNERS = join(FIXTURES, 'invoices', 'partners.csv');
const RATES = readFileSync(join(FIXTURES, 'invoices', 'rates.sql'), 'utf8');
const XSD = join(FIXTURES, 'sepa', 'pain.008.001.02.xsd');
const STATEMENT = join(FIXTURES, 'bank', 'camt053-direct-debit.xml');
const CREDITOR_ID = 'NL69ZZZ123456780000';
const CLOSING = ['01-01', 'good_friday', 'easter_monday', '05-01', '12-25', '12-26'];

function localToday(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
const TODAY = localToday();
/** a business day comfortably after the bank's lead time (D-1) */
const COLLECT_ON = addBusinessDays(addDays(TODAY, 3), 0, CLOSING);
const MSG_ID = `LATO-DD-${COLLECT_ON.replace(/-/g, '')}-1`;
const saturdayAfter = (iso: string): string => {
  let d = iso;
  while (new Date(`${d}T00:00:00Z`).getUTCDay() !== 6) d = addDays(d, 1);
  return d;
};

const MANDATES = [
  'Partner;Kenmerk;Datum ondertekening;IBAN;Rekeninghouder;Soort',
  'HSL;MDT-HSL-01;2026-09-01;NL20 INGB 0001 2345 67;Hogeschool Leiden;doorlopend',
  'UL;MDT-UL-01;2026-09-15;NL44RABO0123456789;;doorlopend',
  'MUSEUM;MDT-MUS-01;2026-10-01;NL91ABNA0417164300;;eenmalig',
  '',
].join('\n');

const BAD_MANDATES = [
  'Partner;Kenmerk;Datum ondertekening;IBAN;Soort',
  'NATUUR;MDT-NAT-01;2026-09-01;NL20INGB0001234568;doorlopend',
  'ZZ-FORMULE;MDT-ZZ-01;;NL44RABO0123456789;doorlopend',
  '',
].join('\n');

describe('SEPA direct debit (built binary)', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  let current = db;
  const run = (...args: string[]) => lato([...args, '--db', current], { cwd: dir });
  const scalar = (query: string): unknown => {
    const sql = new Database(current, { readonly: true });
    try {
      return sql.prepare(query).pluck().get();
    } finally {
      sql.close();
    }
  };
  /** a copy of the store as it is now, for a test that changes it and must leave the main one be */
  let copies = 0;
  const onCopy = <T>(fn: () => T): T => {
    const copy = join(dir, `copy-${++copies}.db`);
    copyFileSync(db, copy);
    current = copy;
    try {
      return fn();
    } finally {
      current = db;
    }
  };
  const showJson = (n: string) => JSON.parse(run('invoices', 'show', n, '--json').stdout);
  const collections = () => scalar('SELECT count(*) FROM collections');
  const xmlFiles = () => readdirSync(dir).filter((f) => f.endsWith('.xml'));

  beforeAll(() => {
    expect(lato(['init', '--db', db]).code).toBe(0);
    expect(run('import', 'settings', SETTINGS).code).toBe(0);
    expect(run('import', 'partners', PARTNERS).code).toBe(0);
    const sql = new Database(db);
    sql.exec(RATES);
    sql.close();
  });

  it('refuses a creditor identifier with wrong check digits (set or imported), and keeps the setting empty', () => {
    const r = run('settings', 'set', 'direct_debit.creditor_id', 'NL68ZZZ123456780000');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"NL68ZZZ123456780000" has wrong check digits');
    const file = join(dir, 'dd-settings.json');
    writeFileSync(file, JSON.stringify({ direct_debit: { creditor_id: 'NL68ZZZ123456780000' } }));
    const imported = run('import', 'settings', file);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain(
      'column "direct_debit.creditor_id": "NL68ZZZ123456780000" has wrong check digits',
    );
    expect(run('settings', 'get', 'direct_debit.creditor_id').stdout.trim()).toBe('');
    const ok = run('settings', 'set', 'direct_debit.creditor_id', CREDITOR_ID);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('refuses mandates with an invalid IBAN or no date of signature, naming line and partner; nothing written', () => {
    const file = join(dir, 'bad-mandates.csv');
    writeFileSync(file, BAD_MANDATES);
    const r = run('import', 'mandates', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 2.*IBAN.*"NL20INGB0001234568" is not a valid IBAN/);
    expect(r.stderr).toMatch(/line 3.*the date of signature is missing/);
    expect(scalar('SELECT count(*) FROM mandates')).toBe(0);
  });

  it('imports the mandates: recurring ones collect FRST first, the one-off OOFF', () => {
    const file = join(dir, 'mandates.csv');
    writeFileSync(file, MANDATES);
    const r = run('import', 'mandates', file);
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(run('mandates', 'list', '--json').stdout) as {
      reference: string;
      partner: string;
      iban: string;
      next_sequence_type: string;
    }[];
    expect(list.map((m) => [m.reference, m.partner, m.iban, m.next_sequence_type])).toEqual([
      ['MDT-HSL-01', 'HSL', 'NL20INGB0001234567', 'FRST'],
      ['MDT-MUS-01', 'MUSEUM', 'NL91ABNA0417164300', 'OOFF'],
      ['MDT-UL-01', 'UL', 'NL44RABO0123456789', 'FRST'],
    ]);
  });

  it('issues invoices that announce the collection: PDF text without QR code, UBL code 59 with the mandate', () => {
    expect(run('invoices', 'run', '--year', Y).code).toBe(0);
    const r = run('invoices', 'issue', '--yes', '--year', Y, '--date', ISSUED_ON);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('LATO-2026-0001 to LATO-2026-0005');
    const pdf = join(dir, 'pdf');
    expect(run('invoices', 'pdf', '--year', Y, '--out', pdf).code).toBe(0);
    expect(
      spawnSync('pdftotext', ['-v']).error,
      'pdftotext is needed (apt-get install poppler-utils)',
    ).toBeUndefined();
    const text = (n: string) =>
      spawnSync('pdftotext', ['-layout', join(pdf, `${n}.pdf`), '-'], { encoding: 'utf8' }).stdout.replace(
        /\s+/g,
        ' ',
      );
    const hsl = text('LATO-2026-0001');
    expect(hsl).toContain(
      'Het bedrag van € 500,00 wordt op 2 december 2026 automatisch afgeschreven van rekening NL20 INGB **** **45 67, op grond van de machtiging met kenmerk MDT-HSL-01. Incassant-ID: NL69ZZZ123456780000. U hoeft niets over te maken.',
    );
    expect(hsl).not.toContain('Scan met uw bank-app');
    // a partner without a mandate gets the transfer text and the QR code
    const natuur = text('LATO-2026-0003');
    expect(natuur).not.toContain('automatisch afgeschreven');
    expect(natuur).toContain('Scan met uw bank-app');

    const ubl = join(dir, 'ubl');
    expect(run('invoices', 'export', '--year', Y, '--format', 'ubl', '--out', ubl).code).toBe(0);
    const xml = readFileSync(join(ubl, 'LATO-2026-0001.xml'), 'utf8');
    expect(xml).toMatch(
      /<cbc:PaymentMeansCode>59<\/cbc:PaymentMeansCode>[\s\S]*<cac:PaymentMandate>\s*<cbc:ID>MDT-HSL-01<\/cbc:ID>/,
    );
    expect(readFileSync(join(ubl, 'LATO-2026-0003.xml'), 'utf8')).toContain(
      '<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>',
    );
    expect(showJson('LATO-2026-0001').direct_debit).toEqual({
      mandate: 'MDT-HSL-01',
      iban: 'NL20INGB0001234567',
      creditor_id: CREDITOR_ID,
      collect_on: '2026-12-02',
      collections: [],
    });
  });

  it('refuses a collection date in the past, on a weekend or too soon, naming the fix; nothing written', () => {
    const past = run('invoices', 'collect', '--year', Y, '--date', '2026-11-30');
    expect(past.code).toBe(1);
    expect(past.stderr).toContain('the collection date 2026-11-30 lies in the past');
    expect(past.stderr).toContain('Nothing was written.');
    const saturday = saturdayAfter(COLLECT_ON);
    const weekend = run('invoices', 'collect', '--year', Y, '--date', saturday);
    expect(weekend.code).toBe(1);
    expect(weekend.stderr).toContain(
      `the collection date ${saturday} (Saturday) is not a business day of the payment system (TARGET2)`,
    );
    expect(weekend.stderr).toContain(`the next business day is ${addBusinessDays(saturday, 0, CLOSING)}`);
    const soon = run('invoices', 'collect', '--year', Y, '--date', TODAY);
    expect(soon.code).toBe(1);
    expect(soon.stderr).toContain(`the collection date ${TODAY} is too soon`);
    expect(collections()).toBe(0);
    expect(xmlFiles()).toEqual([]);
  });

  it('refuses to collect under a revoked mandate, naming the invoice and partner; nothing written', () => {
    onCopy(() => {
      expect(run('mandates', 'revoke', 'MDT-UL-01', '--date', TODAY).code).toBe(0);
      const r = run('invoices', 'collect', '--year', Y, '--date', COLLECT_ON);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `invoice LATO-2026-0004 (partner UL): mandate MDT-UL-01 was revoked on ${TODAY}`,
      );
      expect(collections()).toBe(0);
      expect(xmlFiles()).toEqual([]);
    });
  });

  it('--dry-run shows the run and writes nothing', () => {
    const r = run('invoices', 'collect', '--year', Y, '--date', COLLECT_ON, '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `Dry run (nothing written): would collect ${MSG_ID} on ${COLLECT_ON}: 3 transaction(s), control sum € 1.150,00.`,
    );
    expect(collections()).toBe(0);
    expect(xmlFiles()).toEqual([]);
  });

  it('writes one pain.008.001.02 file that validates against the XSD, records it and prints the control sum', () => {
    const r = run('invoices', 'collect', '--year', Y, '--date', COLLECT_ON, '--json');
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({
      message_id: MSG_ID,
      collect_on: COLLECT_ON,
      format: 'pain.008.001.02',
      transactions: 3,
      control_sum_cents: 115_000,
      by_sequence_type: {
        FRST: { transactions: 2, control_sum_cents: 100_000 },
        OOFF: { transactions: 1, control_sum_cents: 15_000 },
      },
    });
    expect(
      s.items.map((i: { number: string; sequence_type: string }) => [i.number, i.sequence_type]),
    ).toEqual([
      ['LATO-2026-0001', 'FRST'],
      ['LATO-2026-0004', 'FRST'],
      ['LATO-2026-0002', 'OOFF'],
    ]);
    const file = join(dir, `${MSG_ID}.xml`);
    expect(s.file).toBe(file);
    const lint = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
    expect(lint.error, 'xmllint is needed (apt-get install libxml2-utils)').toBeUndefined();
    expect(lint.status, lint.stderr).toBe(0);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('<NbOfTxs>3</NbOfTxs>');
    expect(xml).toContain('<CtrlSum>1150.00</CtrlSum>');
    expect(xml).toContain(`<PmtInfId>${MSG_ID}-FRST</PmtInfId>`);
    expect(xml).toContain('<EndToEndId>LATO-2026-0001</EndToEndId>');
    expect(xml).toContain('<MndtId>MDT-HSL-01</MndtId>');
    expect(xml).toContain(`<Id>${CREDITOR_ID}</Id>`);
    expect(collections()).toBe(1);
    expect(scalar("SELECT count(*) FROM collection_items WHERE status = 'collected'")).toBe(3);
    // the mandates have been used: the next collection under a recurring one is RCUR
    const next = JSON.parse(run('mandates', 'show', 'MDT-HSL-01', '--json').stdout);
    expect(next.next_sequence_type).toBe('RCUR');
    expect(JSON.parse(run('mandates', 'show', 'MDT-MUS-01', '--json').stdout).next_sequence_type).toBe(null);

    const text = lato(['invoices', 'collect', '--year', Y, '--date', COLLECT_ON, '--dry-run', '--db', db], {
      cwd: dir,
    });
    expect(text.stderr).toContain('Nothing to collect for 2018-2019 (3 invoice(s) already collected).');
  });

  it('a second collect finds nothing; naming a collected invoice is refused, nothing written', () => {
    const r = run(
      'invoices',
      'collect',
      '--year',
      Y,
      '--date',
      addBusinessDays(addDays(COLLECT_ON, 1), 0, CLOSING),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Nothing to collect for 2018-2019 (3 invoice(s) already collected).');
    const again = run(
      'invoices',
      'collect',
      '--year',
      Y,
      '--date',
      COLLECT_ON,
      '--invoice',
      'LATO-2026-0001',
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      `invoice LATO-2026-0001 (partner HSL) is already collected (${MSG_ID}, ${COLLECT_ON}, collected); an invoice is never collected twice`,
    );
    expect(collections()).toBe(1);
    expect(xmlFiles()).toEqual([`${MSG_ID}.xml`]);
  });

  it('a statement with the batch credit and two returns: paid invoices paid, returned ones open with the reason', () => {
    const file = join(dir, 'statement.xml');
    writeFileSync(
      file,
      readFileSync(STATEMENT, 'utf8')
        .replaceAll('{{MSG_ID}}', MSG_ID)
        .replaceAll('{{COLLECT_ON}}', COLLECT_ON)
        .replaceAll('{{RETURN_ON}}', addBusinessDays(addDays(COLLECT_ON, 3), 0, CLOSING)),
    );
    const r = run('payments', 'import', file, '--json');
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.collections).toEqual({
      paid: ['LATO-2026-0001', 'LATO-2026-0002', 'LATO-2026-0004'],
      returned: [
        { number: 'LATO-2026-0001', reason: 'AM04', amount_cents: 50_000 },
        { number: 'LATO-2026-0004', reason: 'MD06', amount_cents: 50_000 },
      ],
    });
    const state = (n: string) => {
      const j = showJson(n);
      return [
        j.paid_cents,
        j.open_cents,
        j.direct_debit.collections.map((c: { status: string }) => c.status),
      ];
    };
    expect(state('LATO-2026-0002')).toEqual([15_000, 0, ['paid']]);
    expect(state('LATO-2026-0001')).toEqual([0, 50_000, ['returned']]);
    expect(state('LATO-2026-0004')).toEqual([0, 50_000, ['returned']]);
    expect(showJson('LATO-2026-0001').direct_debit.collections[0]).toMatchObject({
      message_id: MSG_ID,
      sequence_type: 'FRST',
      status: 'returned',
      return_reason: 'AM04',
    });
    expect(r.stderr + r.stdout).toMatch(
      /LATO-2026-0001: collection of € 500,00 returned \(AM04: insufficient funds\)/,
    );

    // the text of show and outstanding say it
    const show = run('invoices', 'show', 'LATO-2026-0001');
    expect(show.stdout).toMatch(/returned .*AM04 insufficient funds/);
    const out = run('invoices', 'outstanding');
    expect(out.stdout + out.stderr).toMatch(
      /LATO-2026-0001 \(HSL\): collection of .* returned .*AM04 insufficient funds/,
    );

    // imported again: nothing changes
    const again = run('payments', 'import', file, '--json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).collections).toEqual({ paid: [], returned: [] });
    expect(state('LATO-2026-0001')).toEqual([0, 50_000, ['returned']]);
  });

  it('after a return the mandate follows the rules: a refused FRST stays FRST, a refunded (MD06) one was used', () => {
    const hsl = JSON.parse(run('mandates', 'show', 'MDT-HSL-01', '--json').stdout);
    expect(hsl.next_sequence_type).toBe('FRST');
    const ul = JSON.parse(run('mandates', 'show', 'MDT-UL-01', '--json').stdout);
    expect(ul.next_sequence_type).toBe('RCUR');
    // a returned invoice is not collected again unless named
    const later = addBusinessDays(addDays(COLLECT_ON, 7), 0, CLOSING);
    const plain = run('invoices', 'collect', '--year', Y, '--date', later, '--dry-run');
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toContain('LATO-2026-0001 (HSL) not collected: its collection of');
    const named = run(
      'invoices',
      'collect',
      '--year',
      Y,
      '--date',
      later,
      '--invoice',
      'LATO-2026-0001',
      '--invoice',
      'LATO-2026-0004',
      '--dry-run',
      '--json',
    );
    expect(named.code, named.stderr).toBe(0);
    expect(
      JSON.parse(named.stdout).items.map((i: { number: string; sequence_type: string }) => [
        i.number,
        i.sequence_type,
      ]),
    ).toEqual([
      ['LATO-2026-0001', 'FRST'],
      ['LATO-2026-0004', 'RCUR'],
    ]);
    expect(existsSync(join(dir, `LATO-DD-${later.replace(/-/g, '')}-2.xml`))).toBe(false);
  });

  it('an ING export: the batch credit found by its id in the text, a misfit listed, a storno by its reason code', () => {
    onCopy(() => {
      const later = addBusinessDays(addDays(COLLECT_ON, 7), 0, CLOSING);
      const msg = `LATO-DD-${later.replace(/-/g, '')}-2`;
      const c = run(
        'invoices',
        'collect',
        '--year',
        Y,
        '--date',
        later,
        '--invoice',
        'LATO-2026-0001',
        '--invoice',
        'LATO-2026-0004',
      );
      expect(c.code, c.stderr).toBe(0);
      const d = later.replace(/-/g, '');
      const ing = (...rows: string[]) =>
        [
          '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";"Mutatiesoort";"Mededelingen";"Saldo na mutatie";"Tag"',
          ...rows,
          '',
        ].join('\n');
      const file = join(dir, 'ing-dd.csv');
      // a batch credit of the wrong amount: listed, nothing booked
      writeFileSync(
        file,
        ing(
          `"${d}";"SEPA Incasso";"NL91ABNA0417164300";"";"IC";"Bij";"499,00";"Incasso";"Batch ${msg}-FRST";"1,00";""`,
        ),
      );
      const misfit = run('payments', 'import', file, '--json');
      expect(misfit.code, misfit.stderr).toBe(0);
      expect(JSON.parse(misfit.stdout).unmatched[0].reason).toBe(
        `credit of collection batch ${msg}-FRST, but its 1 open collection(s) add up to € 500,00; book them with \`lato payments add\``,
      );
      expect(JSON.parse(misfit.stdout).collections).toEqual({ paid: [], returned: [] });
      // the credits of both batches, then a storno with its reason in the text
      writeFileSync(
        file,
        ing(
          `"${d}";"SEPA Incasso";"NL91ABNA0417164300";"";"IC";"Bij";"500,00";"Incasso";"Batch ${msg}-FRST";"1,00";""`,
          `"${d}";"SEPA Incasso";"NL91ABNA0417164300";"";"IC";"Bij";"500,00";"Incasso";"Batch ${msg}-RCUR";"1,00";""`,
          `"${d}";"Hogeschool Leiden";"NL91ABNA0417164300";"NL20INGB0001234567";"IC";"Af";"500,00";"Incasso";"Storno LATO-2026-0001 reden MS02";"1,00";""`,
        ),
      );
      const r = run('payments', 'import', file, '--json');
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).collections).toEqual({
        paid: ['LATO-2026-0001', 'LATO-2026-0004'],
        returned: [{ number: 'LATO-2026-0001', reason: 'MS02', amount_cents: 50_000 }],
      });
      expect(showJson('LATO-2026-0001')).toMatchObject({ paid_cents: 0, open_cents: 50_000 });
      expect(showJson('LATO-2026-0004')).toMatchObject({ paid_cents: 50_000, open_cents: 0 });
      // refused by the debtor before settlement: the mandate is still unused
      expect(JSON.parse(run('mandates', 'show', 'MDT-HSL-01', '--json').stdout).next_sequence_type).toBe(
        'FRST',
      );
    });
  });
});
