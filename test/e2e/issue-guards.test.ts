// Issue 11 ("Every euro right"), items 1, 2, 10 and 11, on the example data (`lato init
// --example`) as a new user would meet them: drafts re-checked at issue, a summary and a
// confirmation before numbering, issue dates that neither go back nor lie ahead, number formats
// that cannot repeat, gaps counted from the first number, and changes to what issued invoices
// were computed from made visible.

import { beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { lato, tempDir } from '../helpers.js';

const Y = '2018-2019';
const dir = tempDir();
const example = join(dir, 'example.db');
let copies = 0;
let db = '';
const run = (...args: string[]) => lato([...args, '--db', db], { cwd: dir });

function scalar(query: string): unknown {
  const sql = new Database(db, { readonly: true });
  try {
    return sql.prepare(query).pluck().get();
  } finally {
    sql.close();
  }
}
const issuedCount = () => scalar("SELECT count(*) FROM invoices WHERE status = 'issued'");

interface CheckJson {
  checks: { name: string; ok: boolean; problems: { message: string }[] }[];
}
function failingChecks(): Record<string, string[]> {
  const r = run('check', '--json');
  const json = JSON.parse(r.stdout) as CheckJson;
  return Object.fromEntries(
    json.checks.filter((c) => !c.ok).map((c) => [c.name, c.problems.map((p) => p.message)]),
  );
}

// a fresh copy of the example database, with the drafts of the example year, for every test
beforeEach(() => {
  if (copies === 0) {
    expect(lato(['init', '--example', '--db', example]).code).toBe(0);
    expect(lato(['invoices', 'run', '--year', Y, '--db', example]).code).toBe(0);
  }
  db = join(dir, `copy-${++copies}.db`);
  copyFileSync(example, db);
});

describe('an irreversible step shows what it will do (item 2)', () => {
  it('issue without --yes and without a terminal refuses (exit 2), naming the summary; nothing numbered', () => {
    const r = run('invoices', 'issue', '--year', Y, '--date', '2018-10-15');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'Issue 46 invoice(s) for 2018-2019, LATO-2018-0001 to LATO-2018-0046, total € 76.886,00, dated 2018-10-15, due 2018-11-14',
    );
    expect(r.stderr).toContain('add --yes');
    expect(issuedCount()).toBe(0);
  });

  it('--dry-run shows the summary (how many, total, numbers, dates) and writes nothing', () => {
    const audits = scalar('SELECT count(*) FROM audit_log');
    const r = run('invoices', 'issue', '--year', Y, '--date', '2018-10-15', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/LATO-2018-0046 .* XL-LEREN .* XL-leren .* € 150,00/);
    expect(r.stderr).toContain(
      'Dry run (nothing written): would issue 46 invoice(s) for 2018-2019, LATO-2018-0001 to LATO-2018-0046, total € 76.886,00, dated 2018-10-15, due 2018-11-14.',
    );
    const json = JSON.parse(
      run('invoices', 'issue', '--year', Y, '--date', '2018-10-15', '--dry-run', '--json').stdout,
    );
    expect(json).toMatchObject({
      year: Y,
      date: '2018-10-15',
      due_on: '2018-11-14',
      count: 46,
      total_cents: 7_688_600,
      first_number: 'LATO-2018-0001',
      last_number: 'LATO-2018-0046',
      dry_run: true,
    });
    expect(json.invoices).toHaveLength(46);
    expect(issuedCount()).toBe(0);
    expect(scalar('SELECT count(*) FROM audit_log')).toBe(audits);
    expect(scalar('SELECT count(*) FROM number_series')).toBe(0);
  });

  it('issue and credit with --yes do it; credit without --yes refuses, --dry-run names the credit note', () => {
    const r = run('invoices', 'issue', '--year', Y, '--date', '2018-10-15', '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(issuedCount()).toBe(46);
    const no = run('invoices', 'credit', 'LATO-2018-0006', '--reason', 'test', '--date', '2018-10-20');
    expect(no.code).toBe(2);
    expect(no.stderr).toContain(
      'Credit LATO-2018-0006 of ELS (ELS) with 1 credit note, LATO-C-2018-0001, total -€ 650,00, dated 2018-10-20',
    );
    expect(no.stderr).toContain('add --yes');
    const dry = run(
      'invoices',
      'credit',
      'LATO-2018-0006',
      '--reason',
      'test',
      '--date',
      '2018-10-20',
      '--dry-run',
    );
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('would credit LATO-2018-0006');
    expect(scalar("SELECT count(*) FROM invoices WHERE kind = 'credit_note'")).toBe(0);
    const yes = run(
      'invoices',
      'credit',
      'LATO-2018-0006',
      '--reason',
      'test',
      '--date',
      '2018-10-20',
      '--yes',
    );
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toContain('LATO-C-2018-0001 credits LATO-2018-0006');
  });

  it('an issue date in the future is refused (exit 1), also in a dry run', () => {
    for (const extra of [['--yes'], ['--dry-run']]) {
      const r = run('invoices', 'issue', '--year', Y, '--date', '2091-10-01', ...extra);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('the invoice date 2091-10-01 lies in the future');
    }
    expect(issuedCount()).toBe(0);
  });

  it('issue dates never go backwards in the series, across its years; credit notes neither', () => {
    expect(run('invoices', 'issue', '--year', Y, '--date', '2019-01-10', '--yes').code).toBe(0);
    // a credited invoice gets a new draft, to be issued after the last one
    expect(
      run('invoices', 'credit', 'LATO-2019-0006', '--reason', 'x', '--date', '2019-01-20', '--yes').code,
    ).toBe(0);
    expect(run('invoices', 'run', '--year', Y).code).toBe(0);
    for (const date of ['1900-01-01', '2018-12-31']) {
      const r = run('invoices', 'issue', '--year', Y, '--date', date, '--yes');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `the invoice date ${date} lies before 2019-01-10, the date of the last invoice`,
      );
    }
    const back = run(
      'invoices',
      'credit',
      'LATO-2019-0007',
      '--reason',
      'x',
      '--date',
      '2019-01-15',
      '--yes',
    );
    expect(back.code).toBe(1);
    expect(back.stderr).toContain('the credit note date 2019-01-15 lies before 2019-01-20');
    const ahead = run(
      'invoices',
      'credit',
      'LATO-2019-0007',
      '--reason',
      'x',
      '--date',
      '2091-01-15',
      '--yes',
    );
    expect(ahead.code).toBe(1);
    expect(ahead.stderr).toContain('lies in the future');
    expect(run('invoices', 'issue', '--year', Y, '--date', '2019-01-20', '--yes').code).toBe(0);
  });
});

describe('drafts are re-checked at issue (item 1)', () => {
  it('a rate changed after `invoices run`: issue refuses the stale drafts, each listed; check reports them', () => {
    expect(run('rates', 'set', '--year', Y, '--sector', 'PO', '--amount', '9,99').code).toBe(0);
    const r = run('invoices', 'issue', '--year', Y, '--date', '2018-10-15', '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('10 draft(s) no longer match the current data');
    expect(r.stderr).toContain(
      'LATO-2018-0006 ELS (ELS): draft € 650,00, now € 2.597,40: "…260 leerlingen PO à € 2,50" → "…260 leerlingen PO à € 9,99"',
    );
    expect(r.stderr).toContain('lato invoices run --year 2018-2019');
    expect(issuedCount()).toBe(0);
    // the dry run says the same
    expect(run('invoices', 'issue', '--year', Y, '--date', '2018-10-15', '--dry-run').code).toBe(1);
    const failing = failingChecks();
    expect(failing['drafts-current']).toHaveLength(10);
    expect(failing['drafts-current']![0]).toContain(
      '2018-2019: the draft of ELS (ELS) is € 650,00, the current data gives € 2.597,40',
    );
    // the fix named: drafts again, then issue
    expect(run('invoices', 'run', '--year', Y).code).toBe(0);
    expect(failingChecks()['drafts-current']).toBeUndefined();
    expect(run('invoices', 'issue', '--year', Y, '--date', '2018-10-15', '--yes').code).toBe(0);
    expect(scalar("SELECT total_cents FROM invoices WHERE number = 'LATO-2018-0006'")).toBe(259_740);
  });

  it('the counts the drafts came from undone: every draft on counts is stale, and says why', () => {
    const batch = scalar("SELECT batch FROM imports WHERE kind = 'counts'") as string;
    expect(run('import', 'undo', batch).code).toBe(0);
    const r = run('invoices', 'issue', '--year', Y, '--date', '2018-10-15', '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/draft\(s\) no longer match the current data/);
    expect(r.stderr).toMatch(
      /LATO-2018-0006 ELS \(ELS\): draft € 650,00, now no invoice: no pupil count for the year/,
    );
    expect(issuedCount()).toBe(0);
  });

  it('a partner that left: its draft is stale', () => {
    expect(run('partners', 'leave', 'ELS', '--date', '2018-07-31').code).toBe(0);
    const r = run('invoices', 'issue', '--year', Y, '--date', '2018-10-15', '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/LATO-2018-0006 ELS \(ELS\): draft € 650,00, now no invoice/);
  });
});

describe('numbers cannot collide or hide gaps (item 10)', () => {
  it('a format without {year} in a yearly reset series is refused; with no reset it is fine', () => {
    const r = run('settings', 'set', 'invoice_series.format', '"{prefix}-{number}"');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has no {year}, but the numbering restarts every year');
    expect(run('settings', 'set', 'invoice_series.yearly_reset', 'false').code).toBe(0);
    expect(run('settings', 'set', 'invoice_series.format', '"{prefix}-{number}"').code).toBe(0);
    const reset = run('settings', 'set', 'invoice_series.yearly_reset', 'true');
    expect(reset.code).toBe(1);
    expect(reset.stderr).toContain('has no {year}');
  });

  it('a credit note series that would repeat invoice numbers is refused at issue', () => {
    expect(run('settings', 'set', 'invoice_series.format', '"LATO-{year}-{number}"').code).toBe(0);
    expect(run('settings', 'set', 'credit_note_series.format', '"{prefix}-{year}-{number}"').code).toBe(0);
    expect(run('settings', 'set', 'credit_note_series.prefix', 'LATO').code).toBe(0);
    const r = run('invoices', 'issue', '--year', Y, '--date', '2018-10-15', '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('their numbers would collide');
  });

  it('once a series has numbers, its reset and start number stay', () => {
    expect(run('invoices', 'issue', '--year', Y, '--date', '2018-10-15', '--yes').code).toBe(0);
    const reset = run('settings', 'set', 'invoice_series.yearly_reset', 'false');
    expect(reset.code).toBe(1);
    expect(reset.stderr).toContain('changing it would start a counter again and repeat numbers');
    const start = run('settings', 'set', 'invoice_series.start_number', '100');
    expect(start.code).toBe(1);
    expect(start.stderr).toContain('a start number applies only to a new series');
    expect(run('settings', 'set', 'invoice_series.prefix', 'LAT').code).toBe(0); // a new prefix is fine
  });

  it('lato check counts gaps from the series’ first number (LATO-2018-0001 deleted)', () => {
    expect(run('invoices', 'issue', '--year', Y, '--date', '2018-10-15', '--yes').code).toBe(0);
    const sql = new Database(db);
    const triggers = sql
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('invoices', 'invoice_lines', 'documents', 'document_chain')",
      )
      .pluck()
      .all() as string[];
    for (const t of triggers) sql.exec(`DROP TRIGGER ${t}`);
    // its stored documents and chain entry go with it (the documents check names the break)
    sql.exec(
      "DELETE FROM documents WHERE invoice_id = (SELECT id FROM invoices WHERE number = 'LATO-2018-0001')",
    );
    sql.exec("DELETE FROM document_chain WHERE number = 'LATO-2018-0001'");
    sql.exec("DELETE FROM invoices WHERE number = 'LATO-2018-0001'");
    sql.close();
    const r = run('check');
    expect(r.code).toBe(1);
    expect(failingChecks().numbering).toEqual(['invoice series 2018: number 1 missing']);
  });
});

describe('changing what issued invoices were computed from is visible (item 11)', () => {
  it('rates set on an issued year warns with the invoices that no longer match; check lists them', () => {
    expect(run('invoices', 'issue', '--year', Y, '--date', '2018-10-15', '--yes').code).toBe(0);
    expect(failingChecks()['issued-match-fees']).toBeUndefined();
    const r = run('rates', 'set', '--year', Y, '--sector', 'PO', '--amount', '9,99');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('10 issued invoice(s) of 2018-2019 no longer match the fees');
    expect(r.stderr).toContain('LATO-2018-0006 ELS: issued € 650,00, now € 2.597,40');
    expect(r.stderr).toContain('lato invoices credit NUMBER');
    const failing = failingChecks()['issued-match-fees']!;
    expect(failing).toHaveLength(10);
    expect(failing).toContain(
      '2018-2019: LATO-2018-0006 to ELS (ELS) is € 650,00, the current data gives € 2.597,40: "…260 leerlingen PO à € 2,50" → "…260 leerlingen PO à € 9,99"',
    );
    // --json names them too
    const json = JSON.parse(
      run('rates', 'set', '--year', Y, '--sector', 'PO', '--amount', '9,98', '--json').stdout,
    );
    expect(json.issued_no_longer_matching).toHaveLength(10);
    // the rate put back: nothing differs any more
    const back = run('rates', 'set', '--year', Y, '--sector', 'PO', '--amount', '2,50');
    expect(back.stderr).not.toContain('no longer match');
    expect(failingChecks()['issued-match-fees']).toBeUndefined();
  });

  it('rates copy onto an issued year warns too', () => {
    expect(run('invoices', 'issue', '--year', Y, '--date', '2018-10-15', '--yes').code).toBe(0);
    expect(run('rates', 'copy', '--from', Y, '--to', '2019-2020').code).toBe(0);
    expect(run('rates', 'set', '--year', '2019-2020', '--sector', 'VO', '--amount', '5,00').code).toBe(0);
    const r = run('rates', 'copy', '--from', '2019-2020', '--to', Y, '--replace');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\d+ issued invoice\(s\) of 2018-2019 no longer match the fees/);
  });
});
