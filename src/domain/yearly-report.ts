// The yearly accountability report (jaarverslag en verantwoording) as data: every number of the
// report computed here, once, from what the caller loaded. The PDF, Markdown and JSON forms only
// format this structure. Pure.
//
// What is missing is said, not hidden: every gap (no realisation, no figures for the year, PM
// lines, no invoices, ...) becomes a MissingItem naming the section it belongs to, with an English
// message for the terminal and a Dutch text for the documents.
//
// The shape is the JSON of `lato report yearly --format json` (snake_case, amounts in integer
// cents in fields ending in _cents, null for PM with a pm flag beside it).

import {
  comparePromises,
  earlyLeavers,
  type ActivityRecord,
  type PromiseDef,
  type PromiseResult,
} from './promises.js';
import { mulDivRound, sumKnown, type Cents } from './money.js';
import {
  compareRealisation,
  sideTotal,
  type BudgetLine,
  type InKindLine,
  type StatedTotals,
} from './budget.js';
import type { FeeLine, FeePartner, FeeTotals } from './fees.js';
import { daysOverdue, openCents, type Invoice } from './invoice.js';
import type { SchoolYear } from './school-year.js';
import {
  calendarYearOf,
  comparePeriods,
  type Figure,
  type MetricDef,
  type ProgrammeItem,
} from './figures.js';

export type SectionKey =
  'partners' | 'fees' | 'budget' | 'in_kind' | 'participation' | 'digital_reach' | 'programme' | 'promises';

export interface MissingItem {
  section: SectionKey;
  /** English, for the warning on stderr */
  message: string;
  /** Dutch, for the documents */
  text: string;
}

export interface PartnerCounts {
  /** members at the start: at the end of the previous school year */
  start: number;
  /** joined during the year (joined_on within the year) */
  joined: number;
  /** left during the year (left_on, the last day of membership, within the year) */
  left: number;
  /** members at the end of the year (start + joined − left) */
  end: number;
  /** end − start */
  net: number;
}

export interface PartnerMove {
  code: string;
  name: string;
  sector: string;
  date: string;
}

export interface PartnersSection {
  total: PartnerCounts;
  by_sector: (PartnerCounts & { sector: string; name: string })[];
  joined: PartnerMove[];
  left: PartnerMove[];
  /**
   * Members at the end of each school year: the published figure (`lato import figures`) where
   * there is one, else the count from the registry. Both are kept, so that a difference shows.
   */
  series: { period: string; value: number; published: number | null; registry: number }[];
}

export interface FeeSectorRow {
  sector: string;
  name: string;
  /** the budget's "bijdrage partners" line(s) of this sector; null: PM or no line (see budget_pm) */
  budget_cents: Cents | null;
  budget_pm: boolean;
  /** computed fees (lato fees compute): the known amounts; null when none is known (pm) */
  computed_cents: Cents | null;
  pm: boolean;
  /** fee lines without an amount (PM rate, missing count, ...) */
  open_lines: number;
  /** issued invoices minus credit notes */
  invoiced_cents: Cents;
  paid_cents: Cents;
  outstanding_cents: Cents;
}

export interface FeesSection {
  by_sector: FeeSectorRow[];
  total: Omit<FeeSectorRow, 'sector' | 'name' | 'budget_pm' | 'pm'> & { budget_pm: number };
  invoices: {
    issued: number;
    credit_notes: number;
    drafts: number;
    paid: number;
    partially_paid: number;
    unpaid: number;
    credited: number;
    overdue: number;
    overdue_cents: Cents;
  };
  /** the fee lines without an amount, and why */
  open: { partner: string; name: string; sector: string; status: FeeLine['status'] }[];
}

export interface ComparisonRow {
  label: string;
  budget_cents: Cents | null;
  /** the line is in the budget with amount PM */
  budget_pm: boolean;
  actual_cents: Cents | null;
  actual_pm: boolean;
  /** actual − budget; null when either is missing or PM */
  difference_cents: Cents | null;
  /** actual as a percentage of the budget, one decimal */
  percent: number | null;
  /** where the line is: both, the budget only, or the realisation only */
  in: 'both' | 'budget' | 'realisation';
}

export interface ComparisonTotal {
  budget_cents: Cents;
  actual_cents: Cents | null;
  difference_cents: Cents | null;
  percent: number | null;
  /** labels of the PM lines, left out of the sums */
  budget_pm: string[];
  actual_pm: string[];
}

export type Outcome = 'surplus' | 'deficit' | 'balanced';

export interface BudgetSection {
  has_budget: boolean;
  has_realisation: boolean;
  income: ComparisonRow[];
  costs: ComparisonRow[];
  income_total: ComparisonTotal;
  costs_total: ComparisonTotal;
  result: {
    budget_cents: Cents;
    actual_cents: Cents | null;
    /** actual − budget result; null without realisation */
    difference_cents: Cents | null;
    /** of the realisation when there is one, else of the budget */
    basis: 'realisation' | 'budget';
    outcome: Outcome;
    /** the surplus or deficit, as a positive amount */
    amount_cents: Cents;
    /** PM lines leave the result open */
    open: boolean;
  };
  /** totals the source states (the plan prints them), against the sums of the lines */
  stated: {
    what: 'income' | 'costs' | 'result';
    stated_cents: Cents;
    computed_cents: Cents;
    difference_cents: Cents;
  }[];
}

export interface InKindRow extends ComparisonRow {
  partner: string | null;
  budget_hours: number | null;
  actual_hours: number | null;
}

export interface InKindSection {
  has_budget: boolean;
  has_realisation: boolean;
  lines: InKindRow[];
  total: ComparisonTotal & { budget_hours: number; actual_hours: number | null };
  stated_cents: Cents | null;
}

export interface FigureTable {
  periods: string[];
  rows: { key: string; label: string; values: (number | null)[] }[];
  /** per period: the sum of the rows (null when the period has no value) */
  totals: (number | null)[];
  notes: string[];
}

export interface ProgrammeSection {
  groups: { sector: string; name: string; activities: string[] }[];
  network: string[];
}

export interface YearlyReport {
  report: 'yearly';
  year: string;
  period: { start: string; end: string };
  prepared_on: string;
  organisation: string;
  partners: PartnersSection;
  fees: FeesSection;
  budget: BudgetSection;
  in_kind: InKindSection;
  participation: FigureTable;
  digital_reach: FigureTable;
  programme: ProgrammeSection;
  missing: MissingItem[];
  /** the promises of the plan and the covenant against what was recorded (Afspraken en uitvoering) */
  promises: PromisesSection;
  /** where the report uses data from a batch marked illustrative (invented), per section */
  illustrative: IllustrativeItem[];
}

export interface PromisesSection {
  results: PromiseResult[];
  /** the plan's projects with status, lead (trekker) and partners */
  projects: Project[];
  early_leavers: { partner: string; name: string; left_on: string; commitment_ends: string }[];
  has_records: boolean;
}

function buildPromises(input: YearlyReportInput, missing: MissingItem[]): PromisesSection {
  const p = input.promises;
  if (!p) return { results: [], projects: [], early_leavers: [], has_records: false };
  const range = { start: input.year.start, end: input.year.end };
  const members = input.partners
    .filter((x) => countsAsMember(x) && memberAtEnd(x, input.year.end))
    .map((x) => x.code);
  const inYear = p.activities.filter((a) => a.heldOn >= range.start && a.heldOn <= range.end);
  if (inYear.length === 0) {
    missing.push({
      section: 'promises',
      message: `no meetings, talks or monitoring recorded for ${input.year.label} (lato import activities)`,
      text: `Voor ${input.year.label} zijn geen vergaderingen, gesprekken met partners of monitoringsmomenten vastgelegd; hieronder staat daarom overal 0.`,
    });
  }
  return {
    results: comparePromises(p.defs, p.activities, range, members),
    projects: [...(p.projects ?? [])],
    early_leavers: earlyLeavers(input.partners, p.covenantPeriod, range).map((e) => ({
      partner: e.partner,
      name: e.name,
      left_on: e.leftOn,
      commitment_ends: e.commitmentEnds,
    })),
    has_records: inYear.length > 0,
  };
}

/** Data of the year from a batch marked illustrative (invented), as the store reports it. */
export interface IllustrativeInput {
  what: 'counts' | 'budget' | 'realisation' | 'in_kind_budget' | 'in_kind_realisation';
  file: string;
  note: string | null;
}

export interface IllustrativeItem {
  section: SectionKey;
  what: IllustrativeInput['what'];
  file: string;
  /** in Dutch, for the reader of the report */
  text: string;
}

/** Each illustrative source in words, in the section that uses it. */
export function illustrativeItems(year: string, sources: readonly IllustrativeInput[]): IllustrativeItem[] {
  const words: Record<IllustrativeInput['what'], [SectionKey, string]> = {
    counts: [
      'fees',
      `de tellingen van ${year} zijn verzonnen voorbeeldgegevens, geen werkelijke aantallen; de berekende abonnementsgelden dus ook`,
    ],
    budget: ['budget', `de begroting ${year} is verzonnen voorbeelddata`],
    realisation: [
      'budget',
      `de realisatie ${year} is verzonnen voorbeelddata, geen werkelijke cijfers; het resultaat en de verschillen met de begroting dus ook`,
    ],
    in_kind_budget: ['in_kind', `de begroting van de bijdrage in natura ${year} is verzonnen voorbeelddata`],
    in_kind_realisation: [
      'in_kind',
      `de werkelijke bijdrage in natura ${year} is verzonnen voorbeelddata, geen werkelijk gegeven uren`,
    ],
  };
  return sources.map((x) => {
    const [section, text] = words[x.what];
    return {
      section,
      what: x.what,
      file: x.file,
      text: `Illustratief: ${text} (bestand ${x.file}).`,
    };
  });
}

/** The words of the report (setting `report.texts`): data, so that they can be changed. */
export interface ReportTexts {
  organisation: string;
  title: string;
  audience: string;
  /** result statements; {amount} is filled in */
  surplus: string;
  deficit: string;
  balanced: string;
  /** the same for the budget, when there is no realisation yet */
  budget_surplus: string;
  budget_deficit: string;
  budget_balanced: string;
}

/** What the report needs of a partner (the fee computation's view of one). */
export type ReportPartner = Pick<
  FeePartner,
  'code' | 'name' | 'sector' | 'membership' | 'parentId' | 'joinedOn' | 'leftOn'
>;

export interface YearlyReportInput {
  year: SchoolYear;
  preparedOn: string;
  organisation: string;
  /** sector codes and names, in display order */
  sectors: readonly { code: string; name: string }[];
  partners: readonly ReportPartner[];
  fees: { lines: readonly FeeLine[]; totals: FeeTotals };
  /** invoices and credit notes of the year (drafts included: they are counted, not summed) */
  invoices: readonly Invoice[];
  budget: { lines: readonly BudgetLine[]; actual: readonly BudgetLine[]; stated: StatedTotals };
  inKind: { budget: readonly InKindLine[]; actual: readonly InKindLine[]; statedCents: Cents | null };
  figures: readonly Figure[];
  metrics: readonly MetricDef[];
  programme: readonly ProgrammeItem[];
  /** data of the year from batches marked illustrative */
  illustrative?: readonly IllustrativeInput[];
  /** the promises (setting `promises`), the recorded activities and the covenant period */
  promises?: {
    defs: readonly PromiseDef[];
    activities: readonly ActivityRecord[];
    covenantPeriod: { from: number; to: number };
    projects?: readonly PromisesSection['projects'][number][];
  };
}

/** A partner counts as a member of the network: a top-level party with a membership (funders too). */
export function countsAsMember(p: ReportPartner): boolean {
  return p.parentId === null && p.membership !== 'none';
}

/** Members on the last day of the period ending `end` (ISO): joined by then, not left by then. */
export function memberAtEnd(p: Pick<ReportPartner, 'joinedOn' | 'leftOn'>, end: string): boolean {
  return (p.joinedOn === null || p.joinedOn <= end) && (p.leftOn === null || p.leftOn > end);
}

export function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function partnerCounts(ps: readonly ReportPartner[], year: SchoolYear): PartnerCounts {
  const before = dayBefore(year.start);
  const within = (d: string | null) => d !== null && d >= year.start && d <= year.end;
  const start = ps.filter((p) => memberAtEnd(p, before)).length;
  const end = ps.filter((p) => memberAtEnd(p, year.end)).length;
  return {
    start,
    joined: ps.filter((p) => within(p.joinedOn)).length,
    left: ps.filter((p) => within(p.leftOn)).length,
    end,
    net: end - start,
  };
}

const schoolYearLabel = (startYear: number) => `${startYear}-${startYear + 1}`;

function buildPartners(input: YearlyReportInput, missing: MissingItem[]): PartnersSection {
  const { year } = input;
  const members = input.partners.filter(countsAsMember);
  const moves = (pick: (p: ReportPartner) => string | null): PartnerMove[] =>
    members
      .filter((p) => {
        const d = pick(p);
        return d !== null && d >= year.start && d <= year.end;
      })
      .map((p) => ({ code: p.code, name: p.name, sector: p.sector, date: pick(p)! }))
      .sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name, 'nl'));
  const bySector = input.sectors
    .map((s) => ({
      sector: s.code,
      name: s.name,
      ...partnerCounts(
        members.filter((p) => p.sector === s.code),
        year,
      ),
    }))
    .filter((r) => r.start + r.joined + r.left + r.end > 0);
  const published = new Map(
    input.figures.filter((f) => f.metric === 'partners' && f.sector === '').map((f) => [f.period, f.value]),
  );
  const firstPublished = [...published.keys()]
    .map((p) => Number(p.slice(0, 4)))
    .filter((y) => y <= year.startYear);
  const from = firstPublished.length > 0 ? Math.min(...firstPublished) : year.startYear - 3;
  const series: PartnersSection['series'] = [];
  for (let y = from; y <= year.startYear; y++) {
    const period = schoolYearLabel(y);
    const registry = members.filter((p) => memberAtEnd(p, `${y + 1}-07-31`)).length;
    const pub = y === year.startYear ? null : (published.get(period) ?? null);
    series.push({ period, value: pub ?? registry, published: pub, registry });
  }
  if (members.length === 0) {
    missing.push({
      section: 'partners',
      message: 'the partner registry is empty',
      text: 'Het partnerregister is leeg: er zijn geen partners om te tellen.',
    });
  }
  return {
    total: partnerCounts(members, year),
    by_sector: bySector,
    joined: moves((p) => p.joinedOn),
    left: moves((p) => p.leftOn),
    series,
  };
}

/** The sectors of an invoice's lines (a board with schools in several sectors has several). */
function invoiceSectors(inv: Invoice): string[] {
  return [...new Set(inv.lines.map((l) => l.sector))];
}

/**
 * The part of an invoice amount (total, paid, open) that belongs to one sector: in proportion to
 * the sector's lines, rounded half away from zero; the last sector gets the rest, so that the
 * parts add up to the amount exactly. An invoice of one sector gives it all.
 */
function sectorShare(inv: Invoice, sector: string, amount: number): number {
  const sectors = invoiceSectors(inv);
  if (!sectors.includes(sector)) return 0;
  if (sectors.length === 1 || inv.netCents === 0) return sector === sectors[0] ? amount : 0;
  const netOf = (s: string) =>
    sumKnown(inv.lines.filter((l) => l.sector === s).map((l) => l.amountCents)).cents;
  const i = sectors.indexOf(sector);
  if (i < sectors.length - 1) return mulDivRound(amount, netOf(sector), inv.netCents);
  return (
    amount - sumKnown(sectors.slice(0, -1).map((s) => mulDivRound(amount, netOf(s), inv.netCents))).cents
  );
}

const STATUS_NL: Record<FeeLine['status'], string> = {
  ok: '',
  no_rate: 'geen tarief',
  pm_rate: 'tarief PM',
  missing_count: 'telling ontbreekt',
  masked_count: 'telling afgeschermd',
  too_large: 'bedrag te groot',
};

function buildFees(input: YearlyReportInput, missing: MissingItem[]): FeesSection {
  const { year, fees } = input;
  const issued = input.invoices.filter((i) => i.status === 'issued');
  const drafts = input.invoices.filter((i) => i.status === 'draft').length;
  const known = new Set(input.sectors.map((s) => s.code));
  const feeSectors = [
    ...input.sectors.map((s) => s.code),
    ...[...new Set([...fees.lines.map((l) => l.sector), ...issued.flatMap((i) => invoiceSectors(i))])].filter(
      (s) => s !== '' && !known.has(s),
    ),
  ];
  const nameOf = (code: string) => input.sectors.find((s) => s.code === code)?.name ?? code;
  const rows: FeeSectorRow[] = [];
  for (const sector of feeSectors) {
    const budgetLines = input.budget.lines.filter((l) => l.side === 'income' && l.feeCategory === sector);
    const mine = issued.filter((i) => invoiceSectors(i).includes(sector));
    const hasFees = fees.lines.some((l) => l.sector === sector);
    if (!hasFees && budgetLines.length === 0 && mine.length === 0) continue;
    const b = sumKnown(budgetLines.map((l) => l.amountCents));
    const computed = hasFees ? (fees.totals.bySector[sector] ?? null) : 0;
    rows.push({
      sector,
      name: nameOf(sector),
      budget_cents: budgetLines.length === 0 || b.pmCount === budgetLines.length ? null : b.cents,
      budget_pm: budgetLines.length > 0 && b.pmCount === budgetLines.length,
      computed_cents: computed,
      pm: computed === null,
      open_lines: fees.totals.openBySector[sector] ?? 0,
      invoiced_cents: sumKnown(mine.map((i) => sectorShare(i, sector, i.totalCents))).cents,
      paid_cents: sumKnown(mine.map((i) => sectorShare(i, sector, i.kind === 'invoice' ? i.paidCents : 0)))
        .cents,
      outstanding_cents: sumKnown(mine.map((i) => sectorShare(i, sector, openCents(i)))).cents,
    });
  }
  const invoices = issued.filter((i) => i.kind === 'invoice');
  const open = invoices.filter((i) => openCents(i) > 0);
  const overdue = open.filter((i) => i.dueOn !== null && daysOverdue(i.dueOn, input.preparedOn) > 0);
  const total = {
    budget_cents: sumKnown(rows.map((r) => r.budget_cents)).cents,
    budget_pm: rows.filter((r) => r.budget_pm).length,
    computed_cents: fees.totals.totalCents,
    open_lines: fees.totals.openLines,
    invoiced_cents: sumKnown(rows.map((r) => r.invoiced_cents)).cents,
    paid_cents: sumKnown(rows.map((r) => r.paid_cents)).cents,
    outstanding_cents: sumKnown(rows.map((r) => r.outstanding_cents)).cents,
  };
  const openLines = fees.lines
    .filter((l) => l.amountCents === null)
    .map((l) => ({ partner: l.partner, name: l.name, sector: l.sector, status: l.status }));
  if (fees.lines.length === 0) {
    missing.push({
      section: 'fees',
      message: `no fees for ${year.label}: no paying members, or no rates for the year`,
      text: `Voor ${year.label} zijn geen abonnementsgelden berekend (geen betalende partners of geen tarieven).`,
    });
  }
  // a few open fees are named; many with the same cause (no rates for the year) are counted
  const byStatus = new Map<FeeLine['status'], typeof openLines>();
  for (const l of openLines) byStatus.set(l.status, [...(byStatus.get(l.status) ?? []), l]);
  for (const [status, ls] of byStatus) {
    if (ls.length <= 3) {
      for (const l of ls)
        missing.push({
          section: 'fees',
          message: `the fee of ${l.partner} (${l.name}, ${l.sector}) has no amount: ${status.replace('_', ' ')}`,
          text: `Het abonnementsgeld van ${l.name} (${l.sector}) heeft nog geen bedrag (${STATUS_NL[status]}).`,
        });
      continue;
    }
    const sectors = [...new Set(ls.map((l) => l.sector))].join(', ');
    missing.push({
      section: 'fees',
      message: `the fees of ${ls.length} partners (${sectors}) have no amount: ${status.replace('_', ' ')}`,
      text: `Het abonnementsgeld van ${ls.length} partners (${sectors}) heeft nog geen bedrag (${STATUS_NL[status]}).`,
    });
  }
  if (issued.length === 0) {
    missing.push({
      section: 'fees',
      message: `no invoices issued for ${year.label}${drafts ? ` (${drafts} drafts)` : ''}: invoiced, paid and outstanding are zero`,
      text: `Voor ${year.label} zijn nog geen facturen verstuurd${drafts ? ` (${drafts} concepten)` : ''}; gefactureerd, ontvangen en openstaand zijn daarom nul.`,
    });
  }
  return {
    by_sector: rows,
    total,
    invoices: {
      issued: invoices.length,
      credit_notes: issued.filter((i) => i.kind === 'credit_note').length,
      drafts,
      paid: invoices.filter((i) => !i.creditedBy && i.paidCents >= i.totalCents).length,
      partially_paid: invoices.filter((i) => !i.creditedBy && i.paidCents > 0 && i.paidCents < i.totalCents)
        .length,
      unpaid: invoices.filter((i) => !i.creditedBy && i.paidCents === 0).length,
      credited: invoices.filter((i) => i.creditedBy).length,
      overdue: overdue.length,
      overdue_cents: sumKnown(overdue.map((i) => openCents(i))).cents,
    },
    open: openLines,
  };
}

function percent(actual: Cents | null, budget: Cents | null): number | null {
  return actual === null || budget === null || budget <= 0 ? null : mulDivRound(actual, 1000, budget) / 10;
}

function comparisonTotal(
  budget: readonly { label: string; amountCents: Cents | null }[],
  actual: readonly { label: string; amountCents: Cents | null }[] | null,
): ComparisonTotal {
  const b = sideTotal(budget);
  const a = actual === null ? null : sideTotal(actual);
  return {
    budget_cents: b.cents,
    actual_cents: a === null ? null : a.cents,
    difference_cents: a === null ? null : a.cents - b.cents,
    percent: a === null ? null : percent(a.cents, b.cents),
    budget_pm: b.pm,
    actual_pm: a === null ? [] : a.pm,
  };
}

function compare(budget: readonly BudgetLine[], actual: readonly BudgetLine[]): ComparisonRow[] {
  return compareRealisation(budget, actual).map((r) => ({
    label: r.label,
    budget_cents: r.budgetCents,
    budget_pm: r.in !== 'realisation' && r.budgetCents === null,
    actual_cents: r.actualCents,
    actual_pm: r.in !== 'budget' && r.actualCents === null,
    difference_cents: r.differenceCents,
    percent: r.percentUsed,
    in: r.in,
  }));
}

function outcomeOf(cents: Cents): Outcome {
  return cents > 0 ? 'surplus' : cents < 0 ? 'deficit' : 'balanced';
}

function buildBudget(input: YearlyReportInput, missing: MissingItem[]): BudgetSection {
  const { year } = input;
  const { lines, actual, stated } = input.budget;
  const hasBudget = lines.length > 0;
  const hasRealisation = actual.length > 0;
  const side = (s: 'income' | 'costs') => ({
    budget: lines.filter((l) => l.side === s),
    actual: actual.filter((l) => l.side === s),
  });
  const inc = side('income');
  const cos = side('costs');
  const income = compare(inc.budget, inc.actual);
  const costs = compare(cos.budget, cos.actual);
  const incomeTotal = comparisonTotal(inc.budget, hasRealisation ? inc.actual : null);
  const costsTotal = comparisonTotal(cos.budget, hasRealisation ? cos.actual : null);
  const budgetResult = incomeTotal.budget_cents - costsTotal.budget_cents;
  const actualResult =
    hasRealisation && incomeTotal.actual_cents !== null && costsTotal.actual_cents !== null
      ? incomeTotal.actual_cents - costsTotal.actual_cents
      : null;
  const basisResult = actualResult ?? budgetResult;
  const open = hasRealisation
    ? incomeTotal.actual_pm.length + costsTotal.actual_pm.length > 0
    : incomeTotal.budget_pm.length + costsTotal.budget_pm.length > 0;

  const statedRows: BudgetSection['stated'] = [];
  const computed = { income: incomeTotal.budget_cents, costs: costsTotal.budget_cents, result: budgetResult };
  for (const what of ['income', 'costs', 'result'] as const) {
    const s = stated[what];
    if (s !== undefined)
      statedRows.push({
        what,
        stated_cents: s,
        computed_cents: computed[what],
        difference_cents: computed[what] - s,
      });
  }

  if (!hasBudget) {
    missing.push({
      section: 'budget',
      message: `there is no budget (begroting) for ${year.label}`,
      text: `Voor ${year.label} is geen begroting ingevoerd.`,
    });
  }
  if (!hasRealisation) {
    missing.push({
      section: 'budget',
      message: `there is no realisation (realisatie) for ${year.label}: the report shows the budget only`,
      text: `Voor ${year.label} is nog geen realisatie ingevoerd: het verslag toont alleen de begroting.`,
    });
  }
  for (const r of [...income, ...costs]) {
    const sideNl = income.includes(r) ? 'baten' : 'lasten';
    if (r.budget_pm)
      missing.push({
        section: 'budget',
        message: `budget line "${r.label}" is PM`,
        text: `Begrotingsregel ‘${r.label}’ (${sideNl}) staat op PM: er is nog geen bedrag begroot.`,
      });
    if (r.actual_pm)
      missing.push({
        section: 'budget',
        message: `realisation line "${r.label}" is PM`,
        text: `Realisatieregel ‘${r.label}’ (${sideNl}) staat op PM: het werkelijke bedrag ontbreekt.`,
      });
    if (hasRealisation && r.in === 'budget')
      missing.push({
        section: 'budget',
        message: `budget line "${r.label}" has no realisation line`,
        text: `Voor begrotingsregel ‘${r.label}’ (${sideNl}) is geen realisatie ingevoerd.`,
      });
  }
  return {
    has_budget: hasBudget,
    has_realisation: hasRealisation,
    income,
    costs,
    income_total: incomeTotal,
    costs_total: costsTotal,
    result: {
      budget_cents: budgetResult,
      actual_cents: actualResult,
      difference_cents: actualResult === null ? null : actualResult - budgetResult,
      basis: actualResult === null ? 'budget' : 'realisation',
      outcome: outcomeOf(basisResult),
      amount_cents: Math.abs(basisResult),
      open,
    },
    stated: statedRows,
  };
}

const asBudgetLine = (l: InKindLine): BudgetLine => ({
  side: 'costs',
  category: null,
  label: l.label,
  feeCategory: null,
  amountCents: l.amountCents,
});

const hours = (centi: number | null | undefined) =>
  centi === null || centi === undefined ? null : centi / 100;

function buildInKind(input: YearlyReportInput, missing: MissingItem[]): InKindSection {
  const { year } = input;
  const { budget, actual } = input.inKind;
  const key = (label: string) => label.toLowerCase();
  const budgetBy = new Map(budget.map((l) => [key(l.label), l]));
  const actualBy = new Map(actual.map((l) => [key(l.label), l]));
  const lines: InKindRow[] = compare(budget.map(asBudgetLine), actual.map(asBudgetLine)).map((r) => {
    const b = budgetBy.get(key(r.label));
    const a = actualBy.get(key(r.label));
    return {
      ...r,
      partner: b?.partner ?? a?.partner ?? null,
      budget_hours: hours(b?.hoursCenti),
      actual_hours: hours(a?.hoursCenti),
    };
  });
  const hasRealisation = actual.length > 0;
  const total = comparisonTotal(budget, hasRealisation ? actual : null);
  const sumHours = (ls: readonly InKindLine[]) => sumKnown(ls.map((l) => l.hoursCenti)).cents / 100;
  if (budget.length === 0) {
    missing.push({
      section: 'in_kind',
      message: `there is no in-kind budget for ${year.label}`,
      text: `Voor ${year.label} is geen begroting van de bijdrage in natura ingevoerd.`,
    });
  }
  if (!hasRealisation) {
    missing.push({
      section: 'in_kind',
      message: `there is no in-kind realisation for ${year.label}`,
      text: `Voor ${year.label} is de werkelijke bijdrage in natura (uren en waarde) nog niet ingevoerd.`,
    });
  }
  for (const r of lines) {
    if (r.budget_pm)
      missing.push({
        section: 'in_kind',
        message: `in-kind line "${r.label}" is PM in the budget`,
        text: `Natura-regel ‘${r.label}’ staat in de begroting op PM.`,
      });
    if (r.actual_pm)
      missing.push({
        section: 'in_kind',
        message: `in-kind line "${r.label}" is PM in the realisation`,
        text: `Natura-regel ‘${r.label}’ heeft in de realisatie nog geen waarde (PM).`,
      });
  }
  return {
    has_budget: budget.length > 0,
    has_realisation: hasRealisation,
    lines,
    total: {
      ...total,
      budget_hours: sumHours(budget),
      actual_hours: hasRealisation ? sumHours(actual) : null,
    },
    stated_cents: input.inKind.statedCents,
  };
}

function figureTable(
  figures: readonly Figure[],
  rows: { key: string; label: string; match: (f: Figure) => boolean }[],
  periods: string[],
): FigureTable {
  const table: FigureTable['rows'] = rows.map((r) => ({
    key: r.key,
    label: r.label,
    values: periods.map((p) => figures.find((f) => f.period === p && r.match(f))?.value ?? null),
  }));
  const totals = periods.map((_, i) => {
    const vals = table.map((r) => r.values[i]!).filter((v): v is number => v !== null);
    return vals.length === 0 ? null : vals.reduce((a, b) => a + b, 0);
  });
  return { periods, rows: table, totals, notes: [] };
}

function buildParticipation(input: YearlyReportInput, missing: MissingItem[]): FigureTable {
  const { year } = input;
  const metric = input.metrics.find((m) => m.group === 'participation');
  const figs = input.figures.filter((f) => metric && f.metric === metric.code);
  const periods = [...new Set([...figs.map((f) => f.period), year.label])]
    .filter((p) => comparePeriods(p, year.label) <= 0)
    .sort(comparePeriods);
  const sectors = input.sectors.filter((s) => figs.some((f) => f.sector === s.code));
  const table = figureTable(
    figs,
    sectors.map((s) => ({ key: s.code, label: s.code, match: (f) => f.sector === s.code })),
    periods,
  );
  table.notes = [...new Set(figs.filter((f) => periods.includes(f.period) && f.note).map((f) => f.note!))];
  if (!figs.some((f) => f.period === year.label)) {
    missing.push({
      section: 'participation',
      message: `no participation figures for ${year.label} (lato import figures)`,
      text: `Voor ${year.label} zijn nog geen deelnamecijfers ingevoerd.`,
    });
  }
  return table;
}

function buildReach(input: YearlyReportInput, missing: MissingItem[]): FigureTable {
  const { year } = input;
  const metrics = input.metrics.filter((m) => m.group === 'reach');
  const codes = new Set(metrics.map((m) => m.code));
  const last = year.startYear + 1;
  const figs = input.figures.filter((f) => codes.has(f.metric) && calendarYearOf(f.period) <= last);
  const periods = [...new Set(figs.map((f) => f.period))].sort(comparePeriods);
  const table = figureTable(
    figs,
    metrics.map((m) => ({ key: m.code, label: m.label, match: (f) => f.metric === m.code })),
    periods,
  );
  table.totals = periods.map(() => null);
  table.notes = [...new Set(figs.filter((f) => f.note).map((f) => f.note!))];
  if (metrics.length === 0) {
    missing.push({
      section: 'digital_reach',
      message: 'no digital-reach figures are configured (setting report.figures, group "reach")',
      text: 'Er zijn geen cijfers over het digitaal bereik vastgelegd.',
    });
  }
  for (const m of metrics) {
    const has = figs.some((f) => f.metric === m.code && calendarYearOf(f.period) >= year.startYear);
    if (!has)
      missing.push({
        section: 'digital_reach',
        message: `no ${m.code.replace(/_/g, ' ')} figure for ${year.startYear} or ${last}`,
        text: `${m.label}: geen cijfer voor ${year.startYear} of ${last}.`,
      });
  }
  return table;
}

function buildProgramme(input: YearlyReportInput, missing: MissingItem[]): ProgrammeSection {
  const items = input.programme.filter((p) => p.year === input.year.label);
  const groups = input.sectors
    .map((s) => ({
      sector: s.code,
      name: s.name,
      activities: items.filter((i) => i.kind === 'activity' && i.sector === s.code).map((i) => i.activity),
    }))
    .filter((g) => g.activities.length > 0);
  if (items.length === 0) {
    missing.push({
      section: 'programme',
      message: `no programme for ${input.year.label} (lato import figures with a programme file)`,
      text: `Voor ${input.year.label} is geen programma ingevoerd.`,
    });
  }
  return { groups, network: items.filter((i) => i.kind === 'network').map((i) => i.activity) };
}

export function buildYearlyReport(input: YearlyReportInput): YearlyReport {
  const missing: MissingItem[] = [];
  const partners = buildPartners(input, missing);
  const fees = buildFees(input, missing);
  const budget = buildBudget(input, missing);
  const inKind = buildInKind(input, missing);
  const participation = buildParticipation(input, missing);
  const reach = buildReach(input, missing);
  const programme = buildProgramme(input, missing);
  const promises = buildPromises(input, missing);
  return {
    report: 'yearly',
    year: input.year.label,
    period: { start: input.year.start, end: input.year.end },
    prepared_on: input.preparedOn,
    organisation: input.organisation,
    partners,
    fees,
    budget,
    in_kind: inKind,
    participation,
    digital_reach: reach,
    programme,
    missing,
    promises,
    illustrative: illustrativeItems(input.year.label, input.illustrative ?? []),
  };
}

/** A project of the plan (1a-3d) with its status, lead (trekker) and partners. */
export interface Project {
  code: string;
  name: string;
  theme: string | null;
  status: string | null;
  lead: string | null;
  partners: string | null;
}
