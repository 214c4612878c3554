import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../../src/db/connection.js';
import { buildFeeFixture, EXAMPLE } from '../fee-fixture.js';
import { lato, tempDir } from '../helpers.js';

const dir = tempDir();
const DB = join(dir, 'lato.db');
const run = (...args: string[]) => lato([...args, '--db', DB]);
function file(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text.replace(/\n/g, '\r\n'));
  return f;
}

beforeAll(async () => {
  await buildFeeFixture(DB);
});

describe('lato budget check (built binary): the plan 2018-2019', () => {
  it('exits 1 and lists every problem of the printed budget', () => {
    const r = run('budget', 'check', '--year', '2018-2019');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'The budget 2018-2019 has 6 problems:',
        '  - income € 145.087,00 and costs € 145.086,00 differ by € 1,00 (a surplus, leaving out the PM lines)',
        '  - the stated income total € 145.086,00 differs from the sum of the income lines € 145.087,00 by € 1,00',
        '  - the stated result € 0,00 differs from the computed result (income − costs) € 1,00 by € 1,00',
        '  - income line "MBO" is PM: the budget stays open until it has an amount',
        '  - partner contributions "Voortgezet Onderwijs" (VO): budget € 38.884,00, computed fees € 38.883,00, difference -€ 1,00',
        '  - partner contributions "Overig" (OVERIG): budget € 7.050,00, computed fees € 800,00, difference -€ 6.250,00',
        '',
      ].join('\n'),
    );
  });

  it('--json has the fields of the contract', () => {
    const r = run('budget', 'check', '--year', '2018-2019', '--json');
    expect(r.code).toBe(1);
    const b = JSON.parse(r.stdout);
    expect(b).toMatchObject({
      year: '2018-2019',
      income_total_cents: 14_508_700,
      costs_total_cents: 14_508_600,
      result_cents: 100,
      balanced: false,
      income_pm: ['MBO'],
      stated_totals: {
        income_cents: 14_508_600,
        costs_cents: 14_508_600,
        result_cents: 0,
        in_kind_cents: 11_090_000,
      },
      in_kind: { total_cents: 11_090_000, pm: ['Projectgroeplid MBO'], stated_total_cents: 11_090_000 },
    });
    expect(b.income).toHaveLength(12);
    expect(b.income[0]).toMatchObject({
      label: 'SWV Passend Onderwijs VO',
      amount_cents: 1_500_000,
      pm: false,
    });
    expect(b.income.find((l: { label: string }) => l.label === 'MBO')).toMatchObject({
      amount_cents: null,
      pm: true,
    });
    expect(b.costs.map((l: { amount_cents: number }) => l.amount_cents)).toEqual([
      9_500_000, 1_000_000, 2_000_000, 1_668_300, 340_300,
    ]);
    expect(b.in_kind.lines).toHaveLength(10);
    expect(b.in_kind.lines[0]).toMatchObject({
      label: 'Inzet contactpersoon partners',
      amount_cents: 4_000_000,
    });
    expect(b.problems).toHaveLength(6);
    expect(b.problem_details[0]).toMatchObject({ code: 'unbalanced', difference_cents: 100 });
  });

  it('budget show: both sides, the result, the stated totals, in kind apart, and the problems', () => {
    const r = run('budget', 'show', '--year', '2018-2019');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Total income +€ 145\.087,00 \+ 1 PM/);
    expect(r.stdout).toMatch(/Total costs +€ 145\.086,00/);
    expect(r.stdout).toMatch(/Result \(income − costs\) +€ 1,00/);
    expect(r.stdout).toContain(
      'Stated in the source: income € 145.086,00 (computed € 145.087,00); costs € 145.086,00; result € 0,00 (computed € 1,00)',
    );
    expect(r.stdout).toContain('In kind (bijdrage in natura), apart from the money:');
    expect(r.stdout).toMatch(/Total in kind .*€ 110\.900,00 \+ 1 PM/);
    expect(r.stdout).toContain('The budget 2018-2019 has 6 problems:');
    const j = JSON.parse(run('budget', 'show', '--year', '2018-2019', '--json').stdout);
    expect(j.in_kind.total_cents).toBe(11_090_000);
  });
});

describe('lato budget (built binary): other years', () => {
  it('--dry-run shows what a budget file would do and writes nothing', () => {
    const f = file('dry.csv', 'kant;omschrijving;bedrag\nbaten;A;1\nlasten;B;1\n');
    const r = run('import', 'budget', f, '--year', '2024-2025', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Dry run of dry.csv (nothing written): 2 rows: 2 new');
    expect(run('budget', 'show', '--year', '2024-2025').stdout).toContain('no begroting lines for 2024-2025');
  });

  it('a balanced year exits 0', () => {
    const f = file(
      'b2019.csv',
      'kant;omschrijving;bedrag\nbaten;Gemeente Leiden;€ 40.000\nbaten;Fonds 1818;7.500,50\nlasten;Netwerkvorming;47.500,50\ntotaal baten;Totaal;47.500,50\ntotaal lasten;Totaal;47.500,50\nresultaat;Resultaat;0\n',
    );
    const imp = run('import', 'budget', f, '--year', '2019-2020');
    expect(imp.code).toBe(0);
    expect(imp.stdout).toContain('6 rows: 6 new');
    const r = run('budget', 'check', '--year', '2019-2020');
    expect(r.stdout).toBe(
      'The budget 2019-2020 balances: income and costs are both € 47.500,50, and every stated total matches its lines.\n',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(run('budget', 'check', '--year', '2019-2020', '--json').stdout).balanced).toBe(true);
  });

  it('budget against realisation: actual, difference and percentage per line', () => {
    const f = file(
      'r2019.csv',
      'kant;omschrijving;bedrag\nbaten;Gemeente Leiden;40.000\nbaten;Fonds 1818;5.000\nlasten;Netwerkvorming;30.000\nlasten;Catering;1.200\n',
    );
    expect(run('import', 'budget', f, '--year', '2019-2020', '--kind', 'realisatie').code).toBe(0);
    const r = run('budget', 'show', '--year', '2019-2020');
    expect(r.stdout).toMatch(/Fonds 1818 +€ 7\.500,50 +€ 5\.000,00 +-€ 2\.500,50 +66,7%/);
    expect(r.stdout).toMatch(/Catering \(not budgeted\) +€ 1\.200,00/);
    const j = JSON.parse(run('budget', 'show', '--year', '2019-2020', '--json').stdout);
    expect(j.realisation.find((x: { label: string }) => x.label === 'Netwerkvorming')).toEqual({
      side: 'costs',
      label: 'Netwerkvorming',
      budget_cents: 4_750_050,
      actual_cents: 3_000_000,
      difference_cents: -1_750_050,
      percent_used: 63.2,
      in: 'both',
    });
    expect(j.realisation_totals.costs).toEqual({
      budget_cents: 4_750_050,
      actual_cents: 3_120_000,
      difference_cents: -1_630_050,
      percent_used: 65.7,
    });
    expect(r.stdout).toMatch(/Result \(income − costs\) +€ 0,00 +€ 13\.800,00 +€ 13\.800,00/);
    const actual = run('budget', 'check', '--year', '2019-2020', '--kind', 'realisatie');
    expect(actual.code).toBe(1);
    expect(actual.stdout).toContain(
      'income € 45.000,00 and costs € 31.200,00 differ by € 13.800,00 (a surplus)',
    );
  });

  it('budget years: the covenant years side by side', () => {
    const r = run('budget', 'years', '--from', '2019-2020', '--to', '2022-2023');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Budget +2019-2020 +2020-2021 +2021-2022 +2022-2023/);
    expect(r.stdout).toMatch(/Gemeente Leiden +€ 40\.000,00 +— +— +—/);
    expect(r.stdout).toContain('No begroting for 2020-2021, 2021-2022, 2022-2023 (—).');
    const j = JSON.parse(run('budget', 'years', '--from', '2018-2019', '--to', '2019-2020', '--json').stdout);
    expect(j.years).toEqual(['2018-2019', '2019-2020']);
    expect(j.totals.map((t: { result_cents: number }) => t.result_cents)).toEqual([100, 0]);
    expect(j.rows.find((x: { label: string }) => x.label === 'MBO')).toMatchObject({
      amounts_cents: { '2018-2019': null, '2019-2020': null },
      pm: { '2018-2019': true, '2019-2020': false },
    });
  });

  it('the co-financing rule, where configured', () => {
    const set = run('budget', 'cofinancing', '--from', '2019-01-01', '--until', 'none', '--cap', '20.000');
    expect(set.stdout).toContain(
      '"Gemeente Leiden" co-finances 50% of the costs, at most € 20.000,00 per calendar year (less is a shortfall, more an excess)',
    );
    const r = run('budget', 'check', '--year', '2019-2020');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '"Gemeente Leiden" € 40.000,00 is more than 50% of the costs (€ 23.750,25) in 2019-2020, by € 16.249,75',
    );
    expect(r.stdout).toContain(
      '"Gemeente Leiden" comes to € 23.333,33 in calendar year 2020 (from 2019-2020, spread by month), more than the maximum of € 20.000,00 by € 3.333,33',
    );
    // 2019: 7/12 of 2018-2019's € 10.000 and 5/12 of 2019-2020's € 40.000
    expect(r.stdout).toContain(
      '"Gemeente Leiden" comes to € 22.500,00 in calendar year 2019 (from 2018-2019 and 2019-2020, spread by month), more than the maximum of € 20.000,00 by € 2.500,00',
    );
    expect(run('budget', 'cofinancing', '--off').stdout).toBe('No co-financing rule: the check is off.\n');
    expect(run('budget', 'check', '--year', '2019-2020').code).toBe(0);
  });

  it('a year without a budget', () => {
    const r = run('budget', 'check', '--year', '2030-2031');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('there is no budget for 2030-2031');
    expect(run('budget', 'show', '--year', '2030-2031').stdout).toContain('no begroting lines for 2030-2031');
  });
});

describe('lato import budget / in-kind (built binary): bad input', () => {
  it('a budget file with bad lines: every problem with line and column, nothing written, exit 1', () => {
    const f = file(
      'budget-bad.csv',
      'kant;omschrijving;bijdrage_sector;bedrag\nbaten;Subsidie;;1.953,00\nopbrengst;Rente;;10\nbaten;Fonds;;-100\nbaten;Gift;;twaalf\nbaten;Sport;SPORT;100\n',
    );
    const r = run('import', 'budget', f, '--year', '2021-2022');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('budget-bad.csv: 4 problems; nothing was imported');
    expect(r.stderr).toContain('budget-bad.csv, line 3, column "kant": unknown side "opbrengst"');
    expect(r.stderr).toContain('budget-bad.csv, line 4, column "bedrag": the amount "-100" is negative');
    expect(r.stderr).toContain('budget-bad.csv, line 5, column "bedrag": "twaalf" is not an amount');
    expect(r.stderr).toContain('budget-bad.csv, line 6, column "bijdrage_sector": unknown sector "SPORT"');
    expect(run('budget', 'show', '--year', '2021-2022').stdout).toContain('no begroting lines');
    expect(run('import', 'budget', f).code).toBe(2);
    const y = run('import', 'budget', f, '--year', '2021');
    expect(y.code).toBe(2); // a malformed --year is wrong usage
    expect(y.stderr).toContain('"2021" is not a school year');
  });

  it('a missing required column and an unknown partner in an in-kind file', () => {
    const f = file('nat.csv', 'partner;bedrag\nSCOL;100\n');
    const r = run('import', 'in-kind', f, '--year', '2019-2020');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nat.csv, line 1: required column "label" is missing');
    const g = file('nat2.csv', 'omschrijving;partner;uren;uurtarief\nLid;ONBEKEND;90;80\n');
    const r2 = run('import', 'in-kind', g, '--year', '2019-2020');
    expect(r2.stderr).toContain('nat2.csv, line 2, column "partner": no partner with code "ONBEKEND"');
  });

  it('the example in-kind file imports, and a second import changes nothing', () => {
    const r = run('import', 'in-kind', join(EXAMPLE, 'in-kind-2018-2019.csv'), '--year', '2018-2019');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('11 rows: 0 new, 0 changed, 11 unchanged');
    expect(r.stdout).toContain('Nothing changed');
  });
});

describe('lato in-kind propose (built binary)', () => {
  it('proposes by the plan’s rules, and saves with --save', () => {
    const db = openDb(DB);
    const add = db.prepare(
      'INSERT INTO project_group_members (name, partner_id) VALUES (?, (SELECT id FROM partners WHERE code = ?))',
    );
    add.run('Lid UL 1', 'UL');
    add.run('Lid UL 2', 'UL');
    add.run('Lid AED', 'AED');
    db.close();
    expect(run('in-kind', 'compensation', 'Lid AED', 'money').stdout).toBe('Lid AED: paid in money.\n');
    expect(run('in-kind', 'rate', '--amount', '120', '--partner', 'UL').code).toBe(0);
    const j = JSON.parse(run('in-kind', 'propose', '--year', '2019-2020', '--json').stdout);
    expect(j.lines).toEqual([
      {
        label: 'Inzet contactpersoon partners',
        partner: null,
        hours: 130,
        hourly_rate_cents: 8000,
        amount_cents: 1_040_000,
        pm: false,
        basis: '13 partners × 10 hours (contact person)',
      },
      {
        label: 'Projectgroepleden Universiteit Leiden',
        partner: 'UL',
        hours: 180,
        hourly_rate_cents: 12_000,
        amount_cents: 2_160_000,
        pm: false,
        basis: '2 project-group members × 90 hours',
      },
    ]);
    expect(j.paid_in_money).toEqual([{ name: 'Lid AED', partner: 'AED', hours: 90, amount_cents: 720_000 }]);
    const t = run('in-kind', 'propose', '--year', '2019-2020', '--save');
    expect(t.stdout).toContain('Projectgroepleden Universiteit Leiden');
    expect(t.stdout).toContain(
      'Paid in money, so in the cost line "Projectgroep (uitbetaling)" instead: Lid AED',
    );
    expect(t.stderr).toContain('Saved as the in-kind budget of 2019-2020.');
    const again = run('in-kind', 'propose', '--year', '2019-2020', '--save');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('2019-2020 already has 2 in-kind lines');
    expect(
      JSON.parse(run('budget', 'show', '--year', '2019-2020', '--json').stdout).in_kind.total_cents,
    ).toBe(3_200_000);
    expect(run('in-kind', 'compensation', 'Niemand', 'money').code).toBe(1);
    const how = run('in-kind', 'compensation', 'Lid AED', 'barter');
    expect(how.code).toBe(1);
    expect(how.stderr).toContain('unknown compensation "barter"');
    expect(run('in-kind', 'rate', '--amount', 'veel').code).toBe(2); // malformed: usage
  });
});
