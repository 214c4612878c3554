import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../../src/db/connection.js';
import { addCount, addPartner, buildFeeFixture, EXAMPLE } from '../fee-fixture.js';
import { lato, tempDir } from '../helpers.js';

const dir = tempDir();
const DB = join(dir, 'lato.db');
const run = (...args: string[]) => lato([...args, '--db', DB]);
const json = (...args: string[]) => {
  const r = run(...args, '--json');
  expect(r.stderr).toBe('');
  return { code: r.code, data: JSON.parse(r.stdout) };
};

beforeAll(async () => {
  await buildFeeFixture(DB);
});

describe('lato fees compute (built binary)', () => {
  it('--json has the fields of the contract, exact totals, and the PM line', () => {
    const { code, data } = json('fees', 'compute', '--year', '2018-2019');
    expect(code).toBe(0);
    expect(data.year).toBe('2018-2019');
    expect(data.totals.total_cents).toBe(7_063_600);
    expect(data.totals.by_sector).toEqual({
      HO: 50_000,
      MBO: null,
      OVERIG: 80_000,
      PO: 2_800_000,
      VO: 3_888_300,
      VSE: 195_300,
      WO: 50_000,
    });
    for (const l of data.lines) {
      for (const k of [
        'partner',
        'name',
        'sector',
        'basis',
        'quantity',
        'rate_cents',
        'amount_cents',
        'pm',
      ]) {
        expect(l).toHaveProperty(k);
      }
    }
    const mbo = data.lines.find((l: { partner: string }) => l.partner === 'MBO-R');
    expect(mbo).toMatchObject({
      amount_cents: null,
      pm: true,
      rate_cents: null,
      quantity: 3000,
      status: 'pm_rate',
    });
    const spl = data.lines.find((l: { partner: string }) => l.partner === 'SPL');
    expect(spl).toMatchObject({
      basis: 'place',
      quantity: 1302,
      rate_cents: 150,
      amount_cents: 195_300,
      pm: false,
    });
    expect(data.warnings).toEqual(['MBO-R (MBO Rijnland): the MBO rate for 2018-2019 is PM; no amount']);
    const vo = data.reconciliation.find((x: { category: string }) => x.category === 'VO');
    expect(vo).toMatchObject({ budget_cents: 3_888_400, computed_cents: 3_888_300, difference_cents: -100 });
  });

  it('as a table, with the budget beside it and the warnings on stderr', () => {
    const r = run('fees', 'compute', '--year', '2018-2019');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('€ 38.883,00');
    expect(r.stdout).toContain('€ 70.636,00');
    expect(r.stdout).toMatch(/Voortgezet Onderwijs.*€ 38.884,00.*€ 38.883,00.*-€ 1,00/);
    expect(r.stderr).toContain('Warning: MBO-R (MBO Rijnland): the MBO rate for 2018-2019 is PM; no amount');
  });

  it('--csv writes Dutch Excel CSV with formula cells neutralised', () => {
    const db = openDb(DB);
    addPartner(db, {
      code: 'EVIL',
      name: '=HYPERLINK("http://evil")',
      sector: 'OVERIG',
      membership: 'basis',
    });
    db.close();
    const file = join(dir, 'fees.csv');
    const r = run('fees', 'compute', '--year', '2018-2019', '--csv', file);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Wrote 13 lines to ${file}`);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\ufeffSchooljaar;Partner;Naam;')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(15);
    expect(text).toContain(
      '2018-2019;SPL;Stichting Peuterspeelzalen Leiden;VSE;convenant;VSE;per kindplaats;1302;1,50;1953,00;ok;2018-10-01;12;1.302 kindplaatsen × € 1,50 = € 1.953,00',
    );
    expect(text).toContain(`;"'=HYPERLINK(""http://evil"")";`);
    expect(text).toContain(';MBO;per leerling;3000;PM;PM;tarief PM;');
    const db2 = openDb(DB);
    db2.prepare("DELETE FROM partners WHERE code = 'EVIL'").run();
    db2.close();
    expect(run('fees', 'compute', '--year', '2018-2019', '--csv', join(dir, 'nope', 'x.csv')).code).toBe(1);
  });

  it('--sources adds the counts behind each line', () => {
    const plain = json('fees', 'compute', '--year', '2018-2019', '--partner', 'SCOL').data;
    expect(plain.lines[0]).not.toHaveProperty('sources');
    const { data } = json('fees', 'compute', '--year', '2018-2019', '--partner', 'SCOL', '--sources');
    expect(data.lines[0].sources).toEqual([
      expect.objectContaining({
        level: 'partner',
        partner: 'SCOL',
        quantity: 4600,
        count_date: '2018-10-01',
      }),
      expect.objectContaining({
        level: 'location',
        partner: 'SCOL-ELS',
        location: '12AB00',
        quantity: 400,
        import_file: 'tellingen-2018.csv',
      }),
    ]);
  });

  it('--partner REF shows the line that bills it', () => {
    const { data } = json('fees', 'compute', '--year', '2018-2019', '--partner', 'SCOL-ELS');
    expect(data.lines.map((l: { partner: string }) => l.partner)).toEqual(['SCOL']);
    expect(data.warnings).toEqual(['SCOL-ELS is billed through SCOL']);
    expect(data.totals.total_cents).toBe(1_250_000);
  });

  it('bad usage and bad input', () => {
    expect(run('fees', 'compute').code).toBe(2);
    const bad = run('fees', 'compute', '--year', '2018-2020');
    expect(bad.code).toBe(2); // a malformed --year is wrong usage
    expect(bad.stderr).toContain('"2018-2020" is not a school year');
    const nope = run('fees', 'compute', '--year', '2018-2019', '--partner', 'NOPE');
    expect(nope.code).toBe(1);
    expect(nope.stderr).toContain('no partner "NOPE"');
  });

  it('a year without rates says how to set them', () => {
    const { data } = json('fees', 'compute', '--year', '2019-2020');
    expect(data.warnings[0]).toBe(
      'no rates for 2019-2020: set them with `lato rates set` or `lato rates copy --from YEAR --to 2019-2020`',
    );
    expect(data.lines.every((l: { status: string }) => l.status === 'no_rate')).toBe(true);
    expect(data.totals.total_cents).toBe(0);
  });
});

describe('lato fees explain (built binary)', () => {
  it('shows the counts used with location, count date and import, the rate and the rule', () => {
    const r = run('fees', 'explain', 'SCOL', '--year', '2018-2019');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Fee of SCOL (Stichting Confessioneel Onderwijs Leiden) in 2018-2019');
    expect(r.stdout).toContain('SCOL is billed for itself and: SCOL-ELS');
    expect(r.stdout).toContain('rate: PO 2018-2019: € 2,50 per pupil');
    expect(r.stdout).toMatch(/12AB00 School 12AB00 .*SCOL-ELS .*400 .*1 oktober 2018 .*tellingen-2018\.csv/);
    expect(r.stdout).toContain('rule: 5.000 pupils × € 2,50 = € 12.500,00');
    expect(r.stdout).toContain('result: € 12.500,00');
  });

  it('--json, a fixed fee, a PM rate, a funder, an unknown partner', () => {
    const { data } = json('fees', 'explain', 'HSL', '--year', '2018-2019');
    expect(data.line).toMatchObject({
      basis: 'fixed',
      amount_cents: 50_000,
      rule: 'fixed fee for HO: € 500,00',
    });
    expect(data.rate).toMatchObject({ category: 'HO', amount_cents: 50_000, pm: false });
    const mbo = run('fees', 'explain', 'MBO-R', '--year', '2018-2019');
    expect(mbo.stdout).toContain('result: no amount (rate PM)');
    expect(mbo.stderr).toContain('is PM; no amount');
    const gem = run('fees', 'explain', 'GEMEENTE', '--year', '2018-2019');
    expect(gem.stdout).toContain('no fee: GEMEENTE has membership "funder", which pays no fee');
    const nope = run('fees', 'explain', 'NOPE', '--year', '2018-2019');
    expect(nope.code).toBe(1);
    expect(nope.stderr).toContain('no partner "NOPE"');
  });

  it('a masked count is shown as masked, never as a number', () => {
    const db = openDb(DB);
    addPartner(db, { code: 'KLEIN', name: 'Kleine school', sector: 'VO', membership: 'covenant' });
    addCount(db, 'KLEIN', null, { location: '40DD00', masked: '<5' });
    db.close();
    const r = run('fees', 'explain', 'KLEIN', '--year', '2018-2019');
    expect(r.stdout).toContain('masked (<5)');
    expect(r.stdout).toContain('result: no amount (count masked)');
    const { data } = json('fees', 'compute', '--year', '2018-2019', '--partner', 'KLEIN');
    expect(data.lines[0]).toMatchObject({
      quantity: null,
      amount_cents: null,
      pm: true,
      status: 'masked_count',
    });
    expect(data.warnings[0]).toContain('40DD00 <5');
    const db2 = openDb(DB);
    db2
      .prepare(
        "DELETE FROM counts WHERE location_id = (SELECT id FROM locations WHERE vestigingscode = '40DD00')",
      )
      .run();
    db2.prepare("DELETE FROM locations WHERE vestigingscode = '40DD00'").run();
    db2.prepare("DELETE FROM partners WHERE code = 'KLEIN'").run();
    db2.close();
  });
});

describe('lato rates (built binary)', () => {
  const db2 = join(dir, 'rates.db');
  const r2 = (...args: string[]) => lato([...args, '--db', db2]);

  it('list, set, copy, with --json', () => {
    expect(r2('init').code).toBe(0);
    expect(r2('rates', 'list').stderr).toContain('No rates yet.');
    expect(r2('import', 'rates', join(EXAMPLE, 'rates-2018-2019.csv')).code).toBe(0);
    const list = JSON.parse(r2('rates', 'list', '--year', '2018-2019', '--json').stdout);
    expect(list).toContainEqual({
      year: '2018-2019',
      category: 'MBO',
      basis: 'pupil',
      amount_cents: null,
      pm: true,
      note: 'Vast bedrag per leerling MBO: dient nog uitgewerkt te worden',
    });
    expect(r2('rates', 'copy', '--from', '2018-2019', '--to', '2019-2020').stdout).toBe(
      'Copied 8 rates from 2018-2019 to 2019-2020.\n',
    );
    const set = r2('rates', 'set', '--year', '2019-2020', '--sector', 'MBO', '--amount', '1,25');
    expect(set.stdout).toBe('Rate MBO 2019-2020: € 1,25 per pupil (changed).\n');
    expect(r2('rates', 'list', '--year', '2019-2020').stdout).toMatch(/MBO .*per pupil .*€ 1,25/);
  });

  it('errors: unknown sector, negative, not a number, bad year, existing target, no source', () => {
    const cases: [string[], string][] = [
      [
        ['rates', 'set', '--year', '2019-2020', '--sector', 'XYZ', '--amount', '1'],
        'unknown sector or category "XYZ"',
      ],
      [
        ['rates', 'set', '--year', '2019-2020', '--sector', 'PO', '--amount', '-2,50'],
        'the rate "-2,50" is negative',
      ],
      [['rates', 'copy', '--from', '2018-2019', '--to', '2019-2020'], '2019-2020 already has 8 rates'],
      [
        ['rates', 'copy', '--from', '2010-2011', '--to', '2011-2012'],
        'there are no rates for 2010-2011 to copy',
      ],
    ];
    // malformed values are wrong usage (exit 2), well-formed ones the data refuses are rejected (1)
    const usage: [string[], string][] = [
      [
        ['rates', 'set', '--year', '2019-2020', '--sector', 'PO', '--amount', 'twee'],
        '"twee" is not an amount',
      ],
      [['rates', 'set', '--year', '2019-2021', '--sector', 'PO', '--amount', '1'], 'is not a school year'],
    ];
    for (const [args, message] of usage) {
      const r = r2(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
    }
    for (const [args, message] of cases) {
      const r = r2(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toContain(message);
    }
    expect(r2('rates', 'set', '--year', '2019-2020', '--sector', 'PO').code).toBe(2);
  });

  it('a bad rates file: every line named, nothing written, exit 1', () => {
    const f = join(dir, 'rates-bad.csv');
    writeFileSync(
      f,
      'schooljaar;categorie;bedrag\r\n2020-2021;PO;1.953,00\r\n2020-2021;SPORT;1\r\n2020-2022;VO;3\r\n2020-2021;VSE;-1\r\n',
    );
    const r = r2('import', 'rates', f);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rates-bad.csv: 3 problems; nothing was imported');
    expect(r.stderr).toContain(
      'rates-bad.csv, line 3, column "categorie": unknown sector or category "SPORT"',
    );
    expect(r.stderr).toContain(
      'rates-bad.csv, line 4, column "schooljaar": "2020-2022" is not a school year',
    );
    expect(r.stderr).toContain('rates-bad.csv, line 5, column "bedrag": the rate "-1" is negative');
    expect(r.stderr).toContain('Nothing was written.');
    expect(JSON.parse(r2('rates', 'list', '--year', '2020-2021', '--json').stdout)).toEqual([]);
  });
});

describe('lato fees policy (built binary)', () => {
  it('shows and sets the join/leave policy', () => {
    const p = join(dir, 'policy.db');
    expect(lato(['init', '--db', p]).code).toBe(0);
    expect(lato(['fees', 'policy', '--db', p]).stdout).toContain('full-year');
    expect(JSON.parse(lato(['fees', 'policy', 'pro-rata-month', '--json', '--db', p]).stdout)).toEqual({
      policy: 'pro_rata_month',
    });
    const bad = lato(['fees', 'policy', 'weekly', '--db', p]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown policy "weekly"');
  });
});
