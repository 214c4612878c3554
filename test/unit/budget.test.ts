import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  budgetYears,
  checkBudget,
  cofinancingApplies,
  compareRealisation,
  realisationTotals,
  splitOverCalendarYears,
  type BudgetLine,
} from '../../src/domain/budget.js';
import { hoursValue, proposeInKind } from '../../src/domain/in-kind.js';
import { schoolYearStarting } from '../../src/domain/school-year.js';

const Y = schoolYearStarting(2018);
const line = (side: 'income' | 'costs', label: string, amountCents: number | null): BudgetLine => ({
  side,
  label,
  category: null,
  feeCategory: null,
  amountCents,
});

describe('budget checks (pure)', () => {
  it('totals are the exact sums of the known lines; PM lines are listed, never counted', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            side: fc.constantFrom<'income' | 'costs'>('income', 'costs'),
            amount: fc.option(fc.integer({ min: 0, max: 1e11 }), { freq: 6 }),
          }),
          { maxLength: 40 },
        ),
        (specs) => {
          const lines = specs.map((s, i) => line(s.side, `L${i}`, s.amount));
          const r = checkBudget({ year: Y, kind: 'begroting', lines, stated: {}, inKind: [] });
          const sum = (side: string) =>
            lines
              .filter((l) => l.side === side && l.amountCents !== null)
              .reduce((a, l) => a + BigInt(l.amountCents!), 0n);
          expect(BigInt(r.income.cents)).toBe(sum('income'));
          expect(BigInt(r.costs.cents)).toBe(sum('costs'));
          expect(r.resultCents).toBe(r.income.cents - r.costs.cents);
          const pm = lines.filter((l) => l.amountCents === null).length;
          expect(r.income.pm.length + r.costs.pm.length).toBe(pm);
          expect(r.problems.filter((p) => p.code === 'pm_open')).toHaveLength(pm);
          expect(r.balanced).toBe(lines.length > 0 && pm === 0 && r.resultCents === 0);
          expect(r.problems.some((p) => p.code === 'unbalanced')).toBe(
            lines.length > 0 && r.resultCents !== 0,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a stated total is compared, never used', () => {
    const r = checkBudget({
      year: Y,
      kind: 'begroting',
      lines: [line('income', 'A', 100), line('costs', 'B', 100)],
      stated: { income: 90, costs: 100, result: 0, in_kind: 5 },
      inKind: [{ label: 'X', partner: null, hoursCenti: null, hourlyRateCents: null, amountCents: 7 }],
    });
    expect(r.income.cents).toBe(100);
    expect(r.problems.map((p) => [p.code, p.differenceCents])).toEqual([
      ['stated_total', 10],
      ['stated_total', 2],
    ]);
  });

  it('an empty budget is a problem', () => {
    const r = checkBudget({ year: Y, kind: 'realisatie', lines: [], stated: {}, inKind: [] });
    expect(r.problems).toEqual([{ code: 'empty', message: 'there is no realisation for 2018-2019' }]);
    expect(r.balanced).toBe(false);
  });
});

describe('co-financing, realisation, years', () => {
  it('splits a school year over calendar years exactly (5/12, 7/12)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (c) => {
        const parts = splitOverCalendarYears(Y, c);
        expect(parts.map(([y]) => y)).toEqual([2018, 2019]);
        expect(parts[0]![1] + parts[1]![1]).toBe(c);
      }),
    );
    expect(splitOverCalendarYears(Y, 1_200_000)).toEqual([
      [2018, 500_000],
      [2019, 700_000],
    ]);
  });

  it('applies to school years overlapping its period', () => {
    const rule = {
      incomeLabel: 'G',
      sharePercent: 50,
      capCentsPerCalendarYear: 1,
      from: null,
      until: '2018-03-31',
    };
    expect(cofinancingApplies(rule, schoolYearStarting(2017))).toBe(true);
    expect(cofinancingApplies(rule, Y)).toBe(false);
  });

  it('compares budget and realisation line by line', () => {
    const rows = compareRealisation(
      [line('income', 'A', 1000), line('costs', 'B', 300), line('costs', 'P', null)],
      [line('costs', 'b', 100), line('income', 'A', 1500), line('costs', 'C', 5)],
    );
    expect(
      rows.map((r) => [r.label, r.budgetCents, r.actualCents, r.differenceCents, r.percentUsed, r.in]),
    ).toEqual([
      ['A', 1000, 1500, 500, 150, 'both'],
      ['B', 300, 100, -200, 33.3, 'both'],
      ['P', null, null, null, null, 'budget'],
      ['C', null, 5, null, null, 'realisation'],
    ]);
    expect(realisationTotals(rows)).toEqual({
      income: { budgetCents: 1000, actualCents: 1500, differenceCents: 500, percentUsed: 150 },
      costs: { budgetCents: 300, actualCents: 105, differenceCents: -195, percentUsed: 35 },
      result: { budgetCents: 700, actualCents: 1395, differenceCents: 695, percentUsed: null },
    });
  });

  it('puts years side by side, undefined where a year lacks a line', () => {
    const v = budgetYears([
      { year: '2019-2020', lines: [line('costs', 'B', 1), line('income', 'A', 2)] },
      { year: '2020-2021', lines: [line('income', 'a', null)] },
    ]);
    expect(v.rows).toEqual([
      { side: 'income', label: 'A', amounts: [2, null] },
      { side: 'costs', label: 'B', amounts: [1, undefined] },
    ]);
    expect(v.totals.map((t) => [t.resultCents, t.income.pm])).toEqual([
      [1, []],
      [0, ['a']],
    ]);
  });
});

describe('in kind (pure)', () => {
  it('values hours × rate to the cent, half away from zero', () => {
    expect(hoursValue(9_000, 9_000)).toBe(810_000);
    expect(hoursValue(150, 3_333)).toBe(5_000); // 1,5 h × € 33,33 = € 49,995
    expect(hoursValue(0, 8_000)).toBe(0);
  });

  it('the plan’s example: a project-group member is also the contact person', () => {
    const p = proposeInKind(
      [
        { code: 'A', name: 'Alpha' },
        { code: 'B', name: 'Beta' },
      ],
      [{ name: 'x', partner: 'B', paidInMoney: false }],
      { contactHours: 10, projectGroupHours: 90, hourlyRateCents: 10_000, hourlyRatesByPartner: {} },
    );
    expect(p.contactPartners).toEqual(['A']);
    expect(p.lines.map((l) => [l.label, l.amountCents])).toEqual([
      ['Inzet contactpersoon partners', 100_000],
      ['Projectgroeplid Beta', 900_000],
    ]);
  });
});
