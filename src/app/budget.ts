// The budget use cases: `budgetReport` (lato budget show / check: both sides, computed totals,
// result, in-kind, stated totals compared, partner contributions against the computed fees, the
// co-financing rule where configured, and the realisation beside the budget) and `budgetYearsReport`
// (several school years side by side). Also the JSON shape of cli.md.

import type { Db } from '../db/connection.js';
import { illustrativeSources } from '../db/provenance.js';
import { getSetting, setSetting } from '../db/settings.js';
import { loadBudgetLines, loadInKind, loadStatedTotals } from '../db/budget.js';
import {
  budgetYears,
  checkBudget,
  compareRealisation,
  realisationTotals,
  sideTotal,
  type BudgetKind,
  type BudgetLine,
  type CofinancingRule,
  type CofinancingYear,
  type RealisationRow,
  type BudgetReport,
  type YearsReport,
} from '../domain/budget.js';

export type { BudgetReport, YearsReport };
import { parseDate } from '../domain/dates.js';
import { LatoError } from '../domain/errors.js';
import { parseEuro } from '../domain/money.js';
import { schoolYearStarting, type SchoolYear } from '../domain/school-year.js';
import { computeFees, requireSchoolYear } from './fees.js';
import { writeTransaction } from '../db/transaction.js';

export const COFINANCING_SETTING = 'budget.cofinancing';

interface CofinancingSetting {
  income_label: string;
  share_percent: number;
  cap_cents_per_calendar_year: number;
  from?: string | null;
  until?: string | null;
}

/** The co-financing rule, or null when it is not configured (setting absent or null). */
export function cofinancingRule(db: Db): CofinancingRule | null {
  const s = getSetting<CofinancingSetting | null>(db, COFINANCING_SETTING);
  if (s === undefined || s === null) return null;
  const ok =
    typeof s.income_label === 'string' &&
    Number.isSafeInteger(s.share_percent) &&
    s.share_percent >= 0 &&
    s.share_percent <= 100 &&
    Number.isSafeInteger(s.cap_cents_per_calendar_year) &&
    s.cap_cents_per_calendar_year >= 0;
  if (!ok) {
    throw new LatoError(`setting ${COFINANCING_SETTING} is not valid`, {
      hint: 'it needs income_label (text), share_percent (0-100) and cap_cents_per_calendar_year (cents); see docs/fees-and-budget.md',
    });
  }
  return {
    incomeLabel: s.income_label,
    sharePercent: s.share_percent,
    capCentsPerCalendarYear: s.cap_cents_per_calendar_year,
    from: s.from ?? null,
    until: s.until ?? null,
  };
}

function cofinancingYears(
  db: Db,
  rule: CofinancingRule,
  year: SchoolYear,
  kind: BudgetKind,
): CofinancingYear[] {
  const out: CofinancingYear[] = [];
  for (const y of [year.startYear - 1, year.startYear, year.startYear + 1].map(schoolYearStarting)) {
    const lines = loadBudgetLines(db, y.label, kind);
    if (lines.length === 0) continue;
    const mine = lines.find(
      (l) => l.side === 'income' && l.label.toLowerCase() === rule.incomeLabel.toLowerCase(),
    );
    out.push({
      year: y,
      contributionCents: mine ? mine.amountCents : null,
      costsCents: sideTotal(lines.filter((l) => l.side === 'costs')).cents,
    });
  }
  return out;
}

export function budgetReport(db: Db, year: string, opts: { kind?: BudgetKind } = {}): BudgetReport {
  const sy = requireSchoolYear(year);
  const kind = opts.kind ?? 'begroting';
  const lines = loadBudgetLines(db, sy.label, kind);
  const stated = loadStatedTotals(db, sy.label, kind);
  const inKind = loadInKind(db, sy.label, kind);
  const fees =
    kind === 'begroting' && lines.some((l) => l.feeCategory !== null)
      ? (computeFees(db, sy.label).reconciliation ?? [])
      : [];
  const rule = cofinancingRule(db);
  const summary = checkBudget({
    year: sy,
    kind,
    lines,
    stated,
    inKind,
    fees,
    ...(rule ? { cofinancing: { rule, years: cofinancingYears(db, rule, sy, kind) } } : {}),
  });
  let realisation: RealisationRow[] | null = null;
  if (kind === 'begroting') {
    const actual = loadBudgetLines(db, sy.label, 'realisatie');
    if (actual.length > 0) realisation = compareRealisation(lines, actual);
  }
  const illustrative = illustrativeSources(db, sy.label).filter(
    (x) =>
      x.what !== 'counts' &&
      (kind === 'begroting' ? realisation !== null || !x.what.endsWith('realisation') : x.what !== 'budget'),
  );
  return {
    year: sy.label,
    kind,
    lines,
    stated,
    inKind,
    summary,
    fees,
    realisation,
    cofinancing: rule,
    illustrative,
  };
}

const amountJson = (l: { label: string; amountCents: number | null }) => ({
  label: l.label,
  amount_cents: l.amountCents,
  pm: l.amountCents === null,
});

/** The JSON document of `budget show` and `budget check` (cli.md), with more fields. */
export function budgetJson(r: BudgetReport) {
  const s = r.summary;
  const side = (which: 'income' | 'costs') =>
    r.lines
      .filter((l) => l.side === which)
      .map((l) => ({ ...amountJson(l), category: l.category, fee_category: l.feeCategory }));
  return {
    year: r.year,
    kind: r.kind,
    income: side('income'),
    costs: side('costs'),
    income_total_cents: s.income.cents,
    costs_total_cents: s.costs.cents,
    result_cents: s.resultCents,
    balanced: s.balanced,
    income_pm: s.income.pm,
    costs_pm: s.costs.pm,
    stated_totals: {
      income_cents: r.stated.income ?? null,
      costs_cents: r.stated.costs ?? null,
      result_cents: r.stated.result ?? null,
      in_kind_cents: r.stated.in_kind ?? null,
    },
    in_kind: {
      lines: r.inKind.map((l) => ({
        ...amountJson(l),
        partner: l.partner,
        hours: l.hoursCenti === null ? null : l.hoursCenti / 100,
        hourly_rate_cents: l.hourlyRateCents,
      })),
      total_cents: s.inKind.cents,
      pm: s.inKind.pm,
      stated_total_cents: r.stated.in_kind ?? null,
    },
    fees: r.fees.map((f) => ({
      category: f.category,
      label: f.label,
      budget_cents: f.budgetCents,
      computed_cents: f.computedCents,
      difference_cents: f.differenceCents,
      open_lines: f.openLines,
      lines: f.lines,
    })),
    realisation:
      r.realisation === null
        ? null
        : r.realisation.map((x) => ({
            side: x.side,
            label: x.label,
            budget_cents: x.budgetCents,
            actual_cents: x.actualCents,
            difference_cents: x.differenceCents,
            percent_used: x.percentUsed,
            in: x.in,
          })),
    realisation_totals:
      r.realisation === null
        ? null
        : Object.fromEntries(
            Object.entries(realisationTotals(r.realisation)).map(([k, t]) => [
              k,
              {
                budget_cents: t.budgetCents,
                actual_cents: t.actualCents,
                difference_cents: t.differenceCents,
                percent_used: t.percentUsed,
              },
            ]),
          ),
    cofinancing: r.cofinancing,
    illustrative: r.illustrative.map((x) => ({ what: x.what, file: x.file, note: x.note })),
    problems: s.problems.map((p) => p.message),
    problem_details: s.problems.map((p) => ({
      code: p.code,
      message: p.message,
      difference_cents: p.differenceCents ?? null,
    })),
    notes: s.notes,
  };
}

/** Budgets (or realisations) of the school years from..to side by side. */
export function budgetYearsReport(
  db: Db,
  from: string,
  to: string,
  kind: BudgetKind = 'begroting',
): YearsReport {
  const a = requireSchoolYear(from);
  const b = requireSchoolYear(to);
  if (b.startYear < a.startYear) throw new LatoError(`--to ${b.label} comes before --from ${a.label}`);
  if (b.startYear - a.startYear > 20) throw new LatoError('at most 21 school years side by side');
  const perYear: { year: string; lines: BudgetLine[] }[] = [];
  for (let y = a.startYear; y <= b.startYear; y++) {
    const label = schoolYearStarting(y).label;
    perYear.push({ year: label, lines: loadBudgetLines(db, label, kind) });
  }
  return { kind, ...budgetYears(perYear) };
}

/** Shows (no options), changes, or switches off (`off`) the co-financing rule. */
export function setCofinancing(
  db: Db,
  opts: { label?: string; share?: string; cap?: string; from?: string; until?: string; off?: boolean },
): CofinancingRule | null {
  const changing = [opts.label, opts.share, opts.cap, opts.from, opts.until].some((v) => v !== undefined);
  if (opts.off) {
    if (changing) throw new LatoError('--off cannot be combined with other options');
    writeTransaction(db, () => setSetting(db, COFINANCING_SETTING, null));
    return null;
  }
  const current = cofinancingRule(db);
  if (!changing) return current;
  const share = opts.share === undefined ? current?.sharePercent : Number(opts.share.replace('%', '').trim());
  if (share === undefined || !Number.isSafeInteger(share) || share < 0 || share > 100) {
    throw new LatoError(
      opts.share === undefined
        ? '--share is required for a new rule'
        : `--share "${opts.share}" is not a whole percentage (0-100)`,
    );
  }
  let cap = current?.capCentsPerCalendarYear;
  if (opts.cap !== undefined) {
    const p = parseEuro(opts.cap);
    if (!p.ok || p.cents === null || p.cents < 0)
      throw new LatoError(`--cap: ${p.ok ? `"${opts.cap}" is not an amount of 0 or more` : p.error}`, {
        hint: 'e.g. 90.000',
      });
    cap = p.cents;
  }
  if (cap === undefined) throw new LatoError('--cap is required for a new rule');
  const label = opts.label ?? current?.incomeLabel;
  if (!label)
    throw new LatoError('--label is required for a new rule', {
      hint: 'the income line of the municipality',
    });
  const date = (raw: string | undefined, was: string | null | undefined): string | null => {
    if (raw === undefined) return was ?? null;
    if (raw.toLowerCase() === 'none') return null;
    const d = parseDate(raw);
    if (!d.ok) throw new LatoError(d.error);
    return d.date;
  };
  const value = {
    income_label: label,
    share_percent: share,
    cap_cents_per_calendar_year: cap,
    from: date(opts.from, current?.from),
    until: date(opts.until, current?.until),
  };
  writeTransaction(db, () => setSetting(db, COFINANCING_SETTING, value));
  return cofinancingRule(db);
}
