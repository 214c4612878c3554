// The budget (begroting) and its realisation (realisatie): lines per school year on two sides,
// income (baten, credit) and costs (lasten, debet), each an amount or PM, with the in-kind
// contributions (bijdrage in natura) kept apart from the money. Pure.
//
// Every total is computed here from the lines; a total the source states ("Totaal € 145.086") is
// only compared, never used. `checkBudget` returns every problem as a value (the command prints
// them all and exits 1): income and costs that differ, stated totals that differ from their
// lines, PM lines that leave the budget open, partner contributions that differ from the computed
// fees, and, where configured, the municipality's co-financing rule.

import { formatEuro, mulDivRound, sumKnown, type Cents } from './money.js';
import type { FeeReconciliation } from './fees.js';
import type { SchoolYear } from './school-year.js';
import type { IllustrativeSource } from './provenance.js';

export type Side = 'income' | 'costs';
export type BudgetKind = 'begroting' | 'realisatie';
export const BUDGET_KINDS: readonly BudgetKind[] = ['begroting', 'realisatie'];
export type StatedWhat = 'income' | 'costs' | 'result' | 'in_kind';

export interface BudgetLine {
  side: Side;
  category: string | null;
  label: string;
  /** the sector or membership category of a "bijdrage partners" line */
  feeCategory: string | null;
  /** null: PM */
  amountCents: Cents | null;
}

export interface InKindLine {
  label: string;
  /** partner code, when the contribution is one partner's */
  partner: string | null;
  /** hours in hundredths (150 = 1,5 hours) */
  hoursCenti: number | null;
  hourlyRateCents: Cents | null;
  /** null: PM */
  amountCents: Cents | null;
}

export type StatedTotals = Partial<Record<StatedWhat, Cents>>;

export interface SideTotal {
  /** the sum of the known amounts */
  cents: Cents;
  /** labels of the PM lines, left out of the sum */
  pm: string[];
}

export interface BudgetProblem {
  code:
    | 'empty'
    | 'unbalanced'
    | 'stated_total'
    | 'pm_open'
    | 'fee_mismatch'
    | 'cofinancing_share'
    | 'cofinancing_cap'
    | 'cofinancing_shortfall';
  message: string;
  differenceCents?: Cents;
}

export interface BudgetSummary {
  income: SideTotal;
  costs: SideTotal;
  /** income − costs over the known amounts */
  resultCents: Cents;
  /** income equals costs and no line is PM */
  balanced: boolean;
  inKind: SideTotal;
  problems: BudgetProblem[];
  /** facts worth knowing that are not problems */
  notes: string[];
}

/** The municipality's co-financing rule of the older covenant: data (setting `budget.cofinancing`). */
export interface CofinancingRule {
  /** the income line that carries the municipality's contribution */
  incomeLabel: string;
  /** at most this share of the costs, in percent */
  sharePercent: number;
  /** at most this much per calendar year */
  capCentsPerCalendarYear: Cents;
  /** the rule applies to school years overlapping this period (ISO dates; null: open) */
  from: string | null;
  until: string | null;
}

/** The municipality's contribution and the costs of one school year, for the co-financing check. */
export interface CofinancingYear {
  year: SchoolYear;
  contributionCents: Cents | null;
  costsCents: Cents;
}

export interface BudgetCheckInput {
  year: SchoolYear;
  kind: BudgetKind;
  lines: readonly BudgetLine[];
  stated: StatedTotals;
  inKind: readonly InKindLine[];
  /** computed fees against the "bijdrage partners" lines (begroting only) */
  fees?: readonly FeeReconciliation[];
  cofinancing?: { rule: CofinancingRule; years: readonly CofinancingYear[] };
}

const SIDE_WORD: Record<Side, string> = { income: 'income', costs: 'costs' };

export function sideTotal(lines: readonly { label: string; amountCents: Cents | null }[]): SideTotal {
  const { cents } = sumKnown(lines.map((l) => l.amountCents));
  return { cents, pm: lines.filter((l) => l.amountCents === null).map((l) => l.label) };
}

/** Money difference in words: `€ 1,00`. */
function diff(a: Cents, b: Cents): string {
  return formatEuro(Math.abs(a - b));
}

export function checkBudget(input: BudgetCheckInput): BudgetSummary {
  const { year, kind, lines, stated } = input;
  const income = sideTotal(lines.filter((l) => l.side === 'income'));
  const costs = sideTotal(lines.filter((l) => l.side === 'costs'));
  const inKind = sideTotal(input.inKind);
  const resultCents = income.cents - costs.cents;
  const problems: BudgetProblem[] = [];
  const notes: string[] = [];
  const what = kind === 'begroting' ? 'budget' : 'realisation';

  if (lines.length === 0) {
    problems.push({
      code: 'empty',
      message: `there is no ${what} for ${year.label}`,
    });
  }
  if (lines.length > 0 && resultCents !== 0) {
    problems.push({
      code: 'unbalanced',
      message: `income ${formatEuro(income.cents)} and costs ${formatEuro(costs.cents)} differ by ${diff(income.cents, costs.cents)} (a ${resultCents > 0 ? 'surplus' : 'deficit'}${income.pm.length + costs.pm.length > 0 ? ', leaving out the PM lines' : ''})`,
      differenceCents: resultCents,
    });
  }
  for (const side of ['income', 'costs'] as const) {
    const computed = side === 'income' ? income.cents : costs.cents;
    const s = stated[side];
    if (s !== undefined && s !== computed) {
      problems.push({
        code: 'stated_total',
        message: `the stated ${SIDE_WORD[side]} total ${formatEuro(s)} differs from the sum of the ${SIDE_WORD[side]} lines ${formatEuro(computed)} by ${diff(s, computed)}`,
        differenceCents: computed - s,
      });
    }
  }
  if (stated.result !== undefined && stated.result !== resultCents) {
    problems.push({
      code: 'stated_total',
      message: `the stated result ${formatEuro(stated.result)} differs from the computed result (income − costs) ${formatEuro(resultCents)} by ${diff(stated.result, resultCents)}`,
      differenceCents: resultCents - stated.result,
    });
  }
  if (stated.in_kind !== undefined && stated.in_kind !== inKind.cents) {
    problems.push({
      code: 'stated_total',
      message: `the stated in-kind total ${formatEuro(stated.in_kind)} differs from the sum of the in-kind lines ${formatEuro(inKind.cents)} by ${diff(stated.in_kind, inKind.cents)}`,
      differenceCents: inKind.cents - stated.in_kind,
    });
  }
  for (const side of ['income', 'costs'] as const) {
    for (const label of (side === 'income' ? income : costs).pm) {
      problems.push({
        code: 'pm_open',
        message: `${SIDE_WORD[side]} line "${label}" is PM: the ${what} stays open until it has an amount`,
      });
    }
  }
  if (inKind.pm.length > 0) {
    notes.push(`in-kind lines without an amount (PM): ${inKind.pm.map((l) => `"${l}"`).join(', ')}`);
  }
  for (const f of input.fees ?? []) problems.push(...feeProblems(f, year));
  if (input.cofinancing) {
    const c = checkCofinancing(input.cofinancing.rule, year, input.cofinancing.years);
    problems.push(...c.problems);
    notes.push(...c.notes);
  }
  return {
    income,
    costs,
    resultCents,
    balanced: lines.length > 0 && resultCents === 0 && income.pm.length + costs.pm.length === 0,
    inKind,
    problems,
    notes,
  };
}

function feeProblems(f: FeeReconciliation, year: SchoolYear): BudgetProblem[] {
  const line = `partner contributions "${f.label}" (${f.category})`;
  const open =
    f.openLines > 0 ? ` (${f.openLines} partner${f.openLines === 1 ? '' : 's'} without an amount)` : '';
  if (f.lines === 0) {
    if (f.budgetCents === null || f.budgetCents === 0) return [];
    return [
      {
        code: 'fee_mismatch',
        message: `${line}: budget ${formatEuro(f.budgetCents)}, but no partner pays a fee in ${f.category} in ${year.label}`,
        differenceCents: -f.budgetCents,
      },
    ];
  }
  if (f.budgetCents === null) {
    return f.computedCents === null
      ? []
      : [
          {
            code: 'fee_mismatch',
            message: `${line}: the budget line is PM, but the computed fees are ${formatEuro(f.computedCents)}${open}`,
          },
        ];
  }
  if (f.computedCents === null) {
    return [
      {
        code: 'fee_mismatch',
        message: `${line}: budget ${formatEuro(f.budgetCents)}, but the computed fees have no amount yet${open}`,
      },
    ];
  }
  if (f.differenceCents === 0 && f.openLines === 0) return [];
  return [
    {
      code: 'fee_mismatch',
      message: `${line}: budget ${formatEuro(f.budgetCents)}, computed fees ${formatEuro(f.computedCents)}${open}, difference ${formatEuro(f.differenceCents!)}`,
      differenceCents: f.differenceCents!,
    },
  ];
}

/** The rule applies to a school year that overlaps its period. */
export function cofinancingApplies(rule: CofinancingRule, year: SchoolYear): boolean {
  return (rule.from === null || rule.from <= year.end) && (rule.until === null || rule.until >= year.start);
}

/** A school year's amount spread over calendar years: August–December 5/12, January–July 7/12. */
export function splitOverCalendarYears(year: SchoolYear, cents: Cents): [number, Cents][] {
  const first = mulDivRound(cents, 5, 12);
  return [
    [year.startYear, first],
    [year.startYear + 1, cents - first],
  ];
}

/**
 * The older covenant: the municipality co-finances 50% of the costs, at most € 90.000 per
 * calendar year. Checks the school year's contribution against that share both ways (a shortfall
 * when it is less than the share, capped; an excess when it is more), and the calendar years it
 * touches with the contributions of the school years that are known (a calendar year spans two
 * school years).
 */
export function checkCofinancing(
  rule: CofinancingRule,
  year: SchoolYear,
  years: readonly CofinancingYear[],
): { problems: BudgetProblem[]; notes: string[] } {
  const problems: BudgetProblem[] = [];
  const notes: string[] = [];
  if (!cofinancingApplies(rule, year)) return { problems, notes };
  const me = years.find((y) => y.year.label === year.label);
  if (!me || me.contributionCents === null) {
    notes.push(
      `co-financing rule: no amount in the income line "${rule.incomeLabel}" for ${year.label}, so it is not checked`,
    );
    return { problems, notes };
  }
  const max = mulDivRound(me.costsCents, rule.sharePercent, 100);
  // "staat voor 50% cofinanciering ... met een maximum van € 90.000 per kalenderjaar": the share is
  // what the municipality stands for, the cap its ceiling; a school year counts as twelve months,
  // so the cap per calendar year is also the most a school year can be owed.
  const owed = Math.min(max, rule.capCentsPerCalendarYear);
  if (me.contributionCents < owed) {
    problems.push({
      code: 'cofinancing_shortfall',
      message: `"${rule.incomeLabel}" ${formatEuro(me.contributionCents)} is less than the co-financing the covenant promises in ${year.label}: ${rule.sharePercent}% of the costs ${formatEuro(me.costsCents)} is ${formatEuro(max)}${max > owed ? `, capped at ${formatEuro(owed)}` : ''}; short by ${diff(owed, me.contributionCents)}`,
      differenceCents: me.contributionCents - owed,
    });
  } else if (me.contributionCents === owed) {
    notes.push(
      `co-financing: "${rule.incomeLabel}" ${formatEuro(me.contributionCents)} is the ${rule.sharePercent}% of the costs the covenant promises${max > owed ? ` (capped at ${formatEuro(rule.capCentsPerCalendarYear)})` : ''}`,
    );
  }
  if (me.contributionCents > max) {
    problems.push({
      code: 'cofinancing_share',
      message: `"${rule.incomeLabel}" ${formatEuro(me.contributionCents)} is more than ${rule.sharePercent}% of the costs (${formatEuro(max)}) in ${year.label}, by ${diff(me.contributionCents, max)}`,
      differenceCents: me.contributionCents - max,
    });
  }
  const perCalendarYear = new Map<number, { cents: Cents; from: string[] }>();
  for (const y of years) {
    if (y.contributionCents === null || !cofinancingApplies(rule, y.year)) continue;
    for (const [cy, part] of splitOverCalendarYears(y.year, y.contributionCents)) {
      const e = perCalendarYear.get(cy) ?? { cents: 0, from: [] };
      e.cents += part;
      e.from.push(y.year.label);
      perCalendarYear.set(cy, e);
    }
  }
  for (const cy of [year.startYear, year.startYear + 1]) {
    const e = perCalendarYear.get(cy);
    if (e && e.cents > rule.capCentsPerCalendarYear) {
      problems.push({
        code: 'cofinancing_cap',
        message: `"${rule.incomeLabel}" comes to ${formatEuro(e.cents)} in calendar year ${cy} (from ${e.from.join(' and ')}, spread by month), more than the maximum of ${formatEuro(rule.capCentsPerCalendarYear)} by ${diff(e.cents, rule.capCentsPerCalendarYear)}`,
        differenceCents: e.cents - rule.capCentsPerCalendarYear,
      });
    }
  }
  return { problems, notes };
}

/** Budget against realisation, one row per line of either. */
export interface RealisationRow {
  side: Side;
  label: string;
  budgetCents: Cents | null;
  actualCents: Cents | null;
  /** actual − budget; null when either is PM or missing */
  differenceCents: Cents | null;
  /** actual as a percentage of the budget, one decimal; null without a budget amount above 0 */
  percentUsed: number | null;
  /** where the line is: in the budget, the realisation, or both */
  in: 'both' | 'budget' | 'realisation';
}

export function compareRealisation(
  budget: readonly BudgetLine[],
  actual: readonly BudgetLine[],
): RealisationRow[] {
  const key = (l: BudgetLine) => `${l.side}\u0000${l.label.toLowerCase()}`;
  const actualBy = new Map(actual.map((l) => [key(l), l]));
  const rows: RealisationRow[] = [];
  const seen = new Set<string>();
  const row = (
    side: Side,
    label: string,
    b: BudgetLine | undefined,
    a: BudgetLine | undefined,
  ): RealisationRow => {
    const bc = b?.amountCents ?? null;
    const ac = a?.amountCents ?? null;
    return {
      side,
      label,
      budgetCents: bc,
      actualCents: ac,
      differenceCents: bc === null || ac === null ? null : ac - bc,
      percentUsed: bc === null || ac === null || bc <= 0 ? null : mulDivRound(ac, 1000, bc) / 10,
      in: b && a ? 'both' : b ? 'budget' : 'realisation',
    };
  };
  for (const b of budget) {
    seen.add(key(b));
    rows.push(row(b.side, b.label, b, actualBy.get(key(b))));
  }
  for (const a of actual) if (!seen.has(key(a))) rows.push(row(a.side, a.label, undefined, a));
  const order: Record<Side, number> = { income: 0, costs: 1 };
  return rows.sort((x, y) => order[x.side] - order[y.side]);
}

export interface RealisationTotal {
  budgetCents: Cents;
  actualCents: Cents;
  differenceCents: Cents;
  percentUsed: number | null;
}

/** Per side, the known budget and actual amounts added up; and the result of each. */
export function realisationTotals(
  rows: readonly RealisationRow[],
): Record<Side | 'result', RealisationTotal> {
  const side = (s: Side): RealisationTotal => {
    const mine = rows.filter((r) => r.side === s);
    const budgetCents = sumKnown(mine.map((r) => r.budgetCents)).cents;
    const actualCents = sumKnown(mine.map((r) => r.actualCents)).cents;
    return {
      budgetCents,
      actualCents,
      differenceCents: actualCents - budgetCents,
      percentUsed: budgetCents > 0 ? mulDivRound(actualCents, 1000, budgetCents) / 10 : null,
    };
  };
  const income = side('income');
  const costs = side('costs');
  const budgetCents = income.budgetCents - costs.budgetCents;
  const actualCents = income.actualCents - costs.actualCents;
  return {
    income,
    costs,
    result: { budgetCents, actualCents, differenceCents: actualCents - budgetCents, percentUsed: null },
  };
}

/** Budgets of several years side by side: one row per line label, amounts per year. */
export interface YearsView {
  years: string[];
  rows: { side: Side; label: string; amounts: (Cents | null | undefined)[] }[];
  totals: { year: string; income: SideTotal; costs: SideTotal; resultCents: Cents; lines: number }[];
}

export function budgetYears(perYear: readonly { year: string; lines: readonly BudgetLine[] }[]): YearsView {
  const rows: YearsView['rows'] = [];
  const index = new Map<string, number>();
  perYear.forEach((y, i) => {
    for (const l of y.lines) {
      const k = `${l.side}\u0000${l.label.toLowerCase()}`;
      let r = index.get(k);
      if (r === undefined) {
        r = rows.length;
        index.set(k, r);
        rows.push({ side: l.side, label: l.label, amounts: perYear.map(() => undefined) });
      }
      rows[r]!.amounts[i] = l.amountCents;
    }
  });
  const order: Record<Side, number> = { income: 0, costs: 1 };
  rows.sort((a, b) => order[a.side] - order[b.side]);
  return {
    years: perYear.map((y) => y.year),
    rows,
    totals: perYear.map((y) => {
      const income = sideTotal(y.lines.filter((l) => l.side === 'income'));
      const costs = sideTotal(y.lines.filter((l) => l.side === 'costs'));
      return { year: y.year, income, costs, resultCents: income.cents - costs.cents, lines: y.lines.length };
    }),
  };
}

export interface BudgetReport {
  year: string;
  kind: BudgetKind;
  lines: BudgetLine[];
  stated: StatedTotals;
  inKind: InKindLine[];
  summary: BudgetSummary;
  /** partner contributions against the computed fees (begroting only) */
  fees: FeeReconciliation[];
  /** budget against realisation, when the year has realisation lines (begroting only) */
  realisation: RealisationRow[] | null;
  cofinancing: CofinancingRule | null;
  /** budget, realisation or in-kind lines of the year from a batch marked illustrative */
  illustrative: IllustrativeSource[];
}

export interface YearsReport extends YearsView {
  kind: BudgetKind;
}
