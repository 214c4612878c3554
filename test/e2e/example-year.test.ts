// The example year 2018-2019 as `lato init --example` loads it: the plan's rates, budget and
// in-kind lines, the lead's illustrative partners and counts. The honest answers about the plan.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { lato, tempDir } from '../helpers.js';

const dir = tempDir();
const DB = join(dir, 'example.db');
const run = (...args: string[]) => lato([...args, '--db', DB]);

beforeAll(() => {
  const r = lato(['init', '--example', '--db', DB]);
  expect(r.stderr).toContain('rates rates-2018-2019.csv: 8 new');
  expect(r.stderr).toContain('budget budget-2018-2019.csv: 20 new');
  expect(r.stderr).toContain('in-kind in-kind-2018-2019.csv: 11 new');
  expect(r.code).toBe(0);
});

describe('the example year 2018-2019 (built binary)', () => {
  it('fees compute: a line for every paying member, the totals per sector', () => {
    const r = run('fees', 'compute', '--year', '2018-2019', '--json');
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout);
    expect(f.totals.by_sector).toEqual({
      VSE: 195_300,
      PO: 2_800_000,
      VO: 3_888_300,
      HO: 50_000,
      WO: 50_000,
      OVERIG: 705_000,
    });
    expect(f.totals.total_cents).toBe(7_688_600);
    const sum = f.lines.reduce(
      (s: number, l: { amount_cents: number | null }) => s + (l.amount_cents ?? 0),
      0,
    );
    expect(sum).toBe(f.totals.total_cents);
    // every paying member (covenant, basis, extended, no parent that pays) has exactly one line
    const partners = JSON.parse(run('partners', 'list', '--json').stdout) as {
      code: string;
      membership: string;
      parent_code: string | null;
    }[];
    const paying = partners.filter((p) => ['convenant', 'basis', 'uitgebreid'].includes(p.membership));
    const billed = new Set(f.lines.map((l: { partner: string }) => l.partner));
    for (const p of paying) {
      const parentPays = paying.some((q) => q.code === p.parent_code);
      expect(billed.has(p.code), p.code).toBe(!parentPays);
    }
    for (const p of partners.filter((x) => ['financier', 'geen'].includes(x.membership))) {
      expect(billed.has(p.code), p.code).toBe(false);
    }
    // mboRijnland is no partner yet (the plan: cooperation with MBO "in de oriënterende fase")
    // and its counts are illustrative, which fees compute says (issue 16, point 6)
    expect(f.warnings).toEqual([
      'illustrative: the counts of 2018-2019 come from counts-2018-2019.csv, a batch marked illustrative (invented data): de tellingen 2018-2019 zijn verzonnen voorbeeldgegevens (de bronnen geven er geen)',
    ]);
  });

  it('fees explain shows the source of each count', () => {
    const r = run('fees', 'explain', 'SCOL-VO', '--year', '2018-2019');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/02VD00 +SCOL-VO +700 +1 oktober 2018 +counts-2018-2019\.csv, counts-/);
    expect(r.stdout).toContain('rule: 3.900 pupils × € 3,00 = € 11.700,00');
  });

  it('budget check: the honest answer about the plan, exit 1', () => {
    const r = run('budget', 'check', '--year', '2018-2019', '--json');
    expect(r.code).toBe(1);
    const b = JSON.parse(r.stdout);
    expect(b).toMatchObject({
      income_total_cents: 14_508_700,
      costs_total_cents: 14_508_600,
      result_cents: 100,
      balanced: false,
    });
    expect(b.problems).toEqual([
      'income € 145.087,00 and costs € 145.086,00 differ by € 1,00 (a surplus, leaving out the PM lines)',
      'the stated income total € 145.086,00 differs from the sum of the income lines € 145.087,00 by € 1,00',
      'the stated result € 0,00 differs from the computed result (income − costs) € 1,00 by € 1,00',
      'income line "MBO" is PM: the budget stays open until it has an amount',
      'partner contributions "Voortgezet Onderwijs" (VO): budget € 38.884,00, computed fees € 38.883,00, difference -€ 1,00',
    ]);
  });

  it('budget show shows the in-kind total apart from the money', () => {
    const r = run('budget', 'show', '--year', '2018-2019');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Total in kind .*€ 110\.900,00 \+ 1 PM/);
    expect(r.stdout).toContain('Stated in-kind total: € 110.900,00');
    expect(r.stdout).toMatch(/Projectgroepleden Universiteit +UL +€ 21\.600,00/);
  });
});
