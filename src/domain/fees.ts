// Subscription fees (abonnementsgelden): who pays what in a school year, computed from the
// partners, their counts and the rates of that year. Pure: the caller loads the data.
//
// The rules (projectplan "Abonnementsgelden"; README "Fees and budget"):
// - A partner is a member in a school year when its joined_on/left_on period overlaps the year
//   (1 August to 31 July); no joined_on means "since always", no left_on "still a member".
// - Paying memberships: `covenant` pays by its sector's rate (per pupil, per childcare place, or a
//   fixed amount for HO and WO); `basis` and `extended` pay the fixed BASIS / UITGEBREID rate.
//   `funder` and `none` pay nothing and get no line.
// - A partner with a parent (a school under its board) is billed through its topmost ancestor
//   that pays in that year: the board's quantity is the sum of its own location and partner-level
//   counts plus those of its descendants that are members in the year.
// - Quantity × rate is exact integer arithmetic. Under the pro-rata policy the fee is
//   `full × months / 12`, rounded half away from zero once per line (see money.ts).
// - Nothing is invented: a missing count, a masked count (DUO `<5`), a PM rate or no rate at all
//   gives a line with `amountCents: null` (`pm: true`), a `status` saying why, and a warning that
//   names the partner. Totals sum the known amounts and count the open lines beside them.
//
// The API other capabilities build on (invoices: `lato invoices run`):
//   FeeReport  { year, policy, lines: FeeLine[], totals: FeeTotals, warnings: string[],
//                reconciliation?: FeeReconciliation[] }
//   FeeLine    { partnerId, partner (code), name, sector, membership, category, basis,
//                quantity (number|null), rateCents (number|null), amountCents (number|null),
//                pm (true exactly when amountCents is null), status (FeeStatus), countDate,
//                countDates, months, fullAmountCents, sources: FeeSource[], includes, rule }
//   FeeTotals  { bySector: Record<sector, number|null> (null: the sector has lines but none with
//                an amount), totalCents (sum of the known amounts), openBySector, openLines,
//                complete }

import {
  formatEuro,
  formatInteger,
  MAX_AMOUNT_CENTS,
  mulDivRound,
  multiply,
  sumKnown,
  type Cents,
} from './money.js';
import type { Membership } from './partner.js';
import type { SchoolYear } from './school-year.js';

export type { Membership };

export type Basis = 'pupil' | 'place' | 'fixed';
export type CountUnit = 'pupils' | 'places';

/** The membership categories of partners without pupils, as rate categories. */
export const BASIS_CATEGORY = 'BASIS';
export const EXTENDED_CATEGORY = 'UITGEBREID';

/** How joining or leaving during a school year is billed (setting `fees.join_leave_policy`). */
export type JoinLeavePolicy = 'full_year' | 'pro_rata_month';
export const JOIN_LEAVE_POLICIES: readonly JoinLeavePolicy[] = ['full_year', 'pro_rata_month'];

export interface Rate {
  year: string;
  /** a sector code (VSE, PO, VO, MBO, HO, WO) or BASIS / UITGEBREID */
  category: string;
  basis: Basis;
  /** null: PM (the rate is not yet set) */
  amountCents: Cents | null;
  note: string | null;
}

export interface FeePartner {
  id: number;
  code: string;
  name: string;
  sector: string;
  membership: Membership;
  parentId: number | null;
  joinedOn: string | null;
  leftOn: string | null;
}

/** What a count says, wherever it is shown. */
export interface CountFacts {
  /** DUO vestigingscode of the location, null for a partner-level count */
  locationCode: string | null;
  locationName: string | null;
  quantity: number | null;
  /** the value as the source masked it (`<5`), quantity then null */
  masked: string | null;
  unit: CountUnit;
  countDate: string;
  importBatch: string | null;
  importFile: string | null;
}

/** One count row of the year: of a location (DUO) or of a partner (own list). */
export interface FeeCount extends CountFacts {
  /** the partner the count belongs to: the location's partner, or the partner of a partner count */
  partnerId: number;
  locationId: number | null;
  importId: number | null;
}

export type FeeStatus = 'ok' | 'no_rate' | 'pm_rate' | 'missing_count' | 'masked_count' | 'too_large';

/** A count used for a line (fees explain shows these). */
export interface FeeSource extends CountFacts {
  /** `location` or `partner` level */
  level: 'location' | 'partner';
  /** the partner the count is registered to (a school under the board, or the board itself) */
  partner: string;
}

export interface FeeLine {
  partnerId: number;
  /** partner code */
  partner: string;
  name: string;
  sector: string;
  membership: Membership;
  /** the rate category: the sector for covenant partners, BASIS or UITGEBREID otherwise */
  category: string;
  basis: Basis;
  /** pupils or places counted; null for a fixed fee, and when a count is missing or masked */
  quantity: number | null;
  rateCents: Cents | null;
  amountCents: Cents | null;
  /** true exactly when amountCents is null: no amount can be given yet (see status) */
  pm: boolean;
  status: FeeStatus;
  /** the count date of the counts used (the latest when they differ), null without counts */
  countDate: string | null;
  countDates: string[];
  /** months billed (12 under full_year; fewer under pro_rata_month for a partial year) */
  months: number;
  /** the fee for a whole year, before pro rata */
  fullAmountCents: Cents | null;
  sources: FeeSource[];
  /** codes of the partners billed through this one (its member descendants) */
  includes: string[];
  /** the rule in words, for explain and the CSV */
  rule: string;
}

export interface FeeTotals {
  /** per sector: the sum of the known amounts; null when the sector has lines and none is known */
  bySector: Record<string, Cents | null>;
  /** the sum of all known amounts */
  totalCents: Cents;
  /** lines without an amount, per sector */
  openBySector: Record<string, number>;
  openLines: number;
  /** every line has an amount */
  complete: boolean;
}

export interface FeeReconciliation {
  /** the fee_category of the budget line: a sector, BASIS, UITGEBREID, or OVERIG */
  category: string;
  label: string;
  budgetCents: Cents | null;
  computedCents: Cents | null;
  /** computed − budget; null when either side is PM */
  differenceCents: Cents | null;
  /** lines of this category without an amount */
  openLines: number;
  lines: number;
}

export interface FeeReport {
  year: string;
  policy: JoinLeavePolicy;
  lines: FeeLine[];
  totals: FeeTotals;
  warnings: string[];
  reconciliation?: FeeReconciliation[];
}

export interface FeeInput {
  year: SchoolYear;
  partners: readonly FeePartner[];
  /** counts of this school year */
  counts: readonly FeeCount[];
  /** rates of this school year */
  rates: readonly Rate[];
  policy: JoinLeavePolicy;
  /** sector codes in display order (lines and totals follow it; others after, alphabetically) */
  sectorOrder?: readonly string[];
  /** list the counts behind each line (FeeLine.sources); default true. false: sources are [] */
  sources?: boolean;
}

export const PAYING: ReadonlySet<Membership> = new Set(['covenant', 'basis', 'extended']);

/** A partner is a member in a school year when its membership period overlaps the year. */
export function isMemberIn(p: Pick<FeePartner, 'joinedOn' | 'leftOn'>, year: SchoolYear): boolean {
  return (p.joinedOn === null || p.joinedOn <= year.end) && (p.leftOn === null || p.leftOn >= year.start);
}

export function paysIn(p: FeePartner, year: SchoolYear): boolean {
  return PAYING.has(p.membership) && isMemberIn(p, year);
}

/** The rate category a paying partner is billed under. */
export function categoryOf(p: Pick<FeePartner, 'membership' | 'sector'>): string {
  if (p.membership === 'basis') return BASIS_CATEGORY;
  if (p.membership === 'extended') return EXTENDED_CATEGORY;
  return p.sector;
}

/** Months of membership within the year, counting every started month (1..12). */
export function membershipMonths(p: Pick<FeePartner, 'joinedOn' | 'leftOn'>, year: SchoolYear): number {
  const from = p.joinedOn !== null && p.joinedOn > year.start ? p.joinedOn : year.start;
  const to = p.leftOn !== null && p.leftOn < year.end ? p.leftOn : year.end;
  if (to < from) return 0;
  return monthIndex(to) - monthIndex(from) + 1;
}

function monthIndex(iso: string): number {
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}

/**
 * Which partner pays for each partner in the year: the topmost paying member on its parent chain
 * (itself included). Partners that are not members themselves in the year pay for nothing and
 * have their counts left out. Returns partner id → billing partner id (absent: billed by nobody).
 */
export function billingPartners(
  partners: readonly FeePartner[],
  year: SchoolYear,
): { billedBy: Map<number, number>; warnings: string[] } {
  const byId = new Map(partners.map((p) => [p.id, p]));
  const billedBy = new Map<number, number>();
  const warnings: string[] = [];
  const cycles = new Set<number>();
  for (const p of partners) {
    if (!isMemberIn(p, year)) continue;
    let billing: number | undefined = paysIn(p, year) ? p.id : undefined;
    const seen = new Set<number>([p.id]);
    let cur = p;
    while (cur.parentId !== null) {
      const parent = byId.get(cur.parentId);
      if (!parent) break;
      if (seen.has(parent.id)) {
        if (!cycles.has(p.id))
          warnings.push(`${p.code}: its parent chain loops back on itself; fix parent_id`);
        cycles.add(p.id);
        break;
      }
      seen.add(parent.id);
      // a board that is no member this year does not bill its schools, nor do its ancestors
      if (!isMemberIn(parent, year)) break;
      if (paysIn(parent, year)) billing = parent.id;
      cur = parent;
    }
    if (billing !== undefined) billedBy.set(p.id, billing);
  }
  return { billedBy, warnings };
}

const UNIT_OF_BASIS: Record<Basis, CountUnit | null> = { pupil: 'pupils', place: 'places', fixed: null };
const UNIT_WORD: Record<CountUnit, [string, string]> = {
  pupils: ['pupil', 'pupils'],
  places: ['childcare place', 'childcare places'],
};

/** The whole computation: one line per paying member, totals, warnings. */
export function computeFeeReport(input: FeeInput): FeeReport {
  const { year, partners, policy } = input;
  const rateOf = new Map(input.rates.map((r) => [r.category, r]));
  const { billedBy, warnings } = billingPartners(partners, year);
  const byId = new Map(partners.map((p) => [p.id, p]));

  const members = new Map<number, number[]>();
  for (const [pid, bid] of billedBy) {
    if (pid === bid) continue;
    const list = members.get(bid);
    if (list) list.push(pid);
    else members.set(bid, [pid]);
  }
  const countsOf = new Map<number, FeeCount[]>();
  for (const c of input.counts) {
    const bid = billedBy.get(c.partnerId);
    if (bid === undefined) continue;
    const list = countsOf.get(bid);
    if (list) list.push(c);
    else countsOf.set(bid, [c]);
  }

  const lines: FeeLine[] = [];
  for (const p of partners) {
    if (billedBy.get(p.id) !== p.id) continue;
    for (const part of sectorParts(p, members.get(p.id) ?? [], countsOf.get(p.id) ?? [], byId)) {
      const line = feeLine(
        part.payer,
        rateOf.get(categoryOf(part.payer)),
        part.counts,
        byId,
        year,
        policy,
        part.includes,
        input.sources !== false,
      );
      if (part.payer.sector !== p.sector)
        line.line.rule = `${part.payer.sector} of ${part.includes.join(', ')}: ${line.line.rule}`;
      lines.push(line.line);
      warnings.push(...line.warnings);
    }
  }
  const order = new Map((input.sectorOrder ?? []).map((code, i) => [code, i]));
  lines.sort((a, b) => compareLines(a, b, order));
  if (input.rates.length === 0 && lines.length > 0) {
    warnings.unshift(
      `no rates for ${year.label}: set them with \`lato rates set\` or \`lato rates copy --from YEAR --to ${year.label}\``,
    );
  }
  return { year: year.label, policy, lines, totals: totalsOf(lines), warnings };
}

/**
 * What a paying partner is billed for, per sector. A board pays by its own rate (its sector's, or
 * the fixed BASIS / UITGEBREID fee); when its schools (covenant members under it) are of other
 * sectors, each sector's pupils are billed at that sector's rate and unit: one part per sector,
 * the board's own first. Counts of schools that pay no sector rate themselves (basis, extended,
 * funder) count in the board's own part; a covenant board with neither counts nor schools in its
 * own sector has no part of its own. A partner without schools is one part, as it is.
 */
function sectorParts(
  p: FeePartner,
  memberIds: readonly number[],
  counts: readonly FeeCount[],
  byId: Map<number, FeePartner>,
): { payer: FeePartner; counts: FeeCount[]; includes: string[] }[] {
  const sectorOf = (id: number): string => {
    const owner = byId.get(id);
    return owner?.membership === 'covenant' ? owner.sector : p.sector;
  };
  const parts = new Map<string, { payer: FeePartner; counts: FeeCount[]; includes: string[] }>();
  const part = (sector: string) => {
    let x = parts.get(sector);
    // another sector's part is billed as a covenant school of that sector is
    const payer: FeePartner = sector === p.sector ? p : { ...p, sector, membership: 'covenant' };
    if (!x) parts.set(sector, (x = { payer, counts: [], includes: [] }));
    return x;
  };
  part(p.sector);
  for (const id of memberIds) part(sectorOf(id)).includes.push(byId.get(id)!.code);
  for (const c of counts) part(sectorOf(c.partnerId)).counts.push(c);
  for (const x of parts.values()) x.includes.sort();
  // a board with neither counts nor schools of its own sector is billed for its schools' sectors only
  const own = parts.get(p.sector)!;
  if (p.membership === 'covenant' && parts.size > 1 && own.counts.length === 0 && own.includes.length === 0)
    parts.delete(p.sector);
  return [...parts.values()];
}

function compareLines(a: FeeLine, b: FeeLine, order: Map<string, number>): number {
  if (a.sector === b.sector) return byText(a.partner, b.partner);
  const x = order.get(a.sector) ?? Number.MAX_SAFE_INTEGER;
  const y = order.get(b.sector) ?? Number.MAX_SAFE_INTEGER;
  return x !== y ? x - y : byText(a.sector, b.sector);
}

/** Code order (by UTF-16 unit, like SQLite's BINARY): stable across locales, and fast. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function feeLine(
  p: FeePartner,
  rate: Rate | undefined,
  counts: readonly FeeCount[],
  byId: Map<number, FeePartner>,
  year: SchoolYear,
  policy: JoinLeavePolicy,
  includes: string[],
  withSources = true,
): { line: FeeLine; warnings: string[] } {
  const warnings: string[] = [];
  const who = `${p.code} (${p.name})`;
  const category = categoryOf(p);
  const basis: Basis = rate?.basis ?? (p.membership === 'covenant' ? 'pupil' : 'fixed');
  const unit = UNIT_OF_BASIS[basis];
  const months = policy === 'pro_rata_month' ? membershipMonths(p, year) : 12;

  const used = unit === null ? [] : counts.filter((c) => c.unit === unit);
  const otherUnit = unit === null ? [] : counts.filter((c) => c.unit !== unit);
  if (otherUnit.length > 0) {
    warnings.push(
      `${who}: ${otherUnit.length} count${otherUnit.length === 1 ? '' : 's'} in ${otherUnit[0]!.unit} left out, the ${category} rate is per ${UNIT_WORD[unit!][0]}`,
    );
  }
  const sources: FeeSource[] = (withSources ? used : []).map((c) => ({
    level: c.locationId === null ? 'partner' : 'location',
    partner: byId.get(c.partnerId)?.code ?? String(c.partnerId),
    locationCode: c.locationCode,
    locationName: c.locationName,
    quantity: c.quantity,
    masked: c.masked,
    unit: c.unit,
    countDate: c.countDate,
    importBatch: c.importBatch,
    importFile: c.importFile,
  }));
  sources.sort((a, b) =>
    a.level !== b.level
      ? a.level === 'partner'
        ? -1
        : 1
      : byText(a.locationCode ?? a.partner, b.locationCode ?? b.partner),
  );
  const dates = new Set<string>();
  const masked: FeeCount[] = [];
  let known = 0;
  for (const c of used) {
    dates.add(c.countDate);
    if (c.quantity === null) masked.push(c);
    else known += c.quantity;
  }
  const countDates = [...dates].sort();

  let status: FeeStatus = 'ok';
  let quantity: number | null = null;
  let full: Cents | null = null;
  let rule: string;
  const rateText = rate ? formatEuro(rate.amountCents) : 'no rate';

  if (!rate) {
    status = 'no_rate';
    rule = `no rate for ${category} in ${year.label}`;
    warnings.push(
      `${who}: no rate for ${category} in ${year.label}; no amount (set it with \`lato rates set --year ${year.label} --sector ${category} --amount X\`)`,
    );
  } else if (rate.amountCents === null) {
    status = 'pm_rate';
    if (unit !== null && used.length > 0 && masked.length === 0) quantity = known;
    rule =
      unit === null
        ? `fixed fee for ${category}: PM (not yet set)`
        : `${quantity === null ? 'the count' : `${formatInteger(known)} ${UNIT_WORD[unit][1]}`} × PM (the ${category} rate is not yet set)`;
    warnings.push(`${who}: the ${category} rate for ${year.label} is PM; no amount`);
  } else if (unit !== null && used.length === 0) {
    status = 'missing_count';
    rule = `${rateText} per ${UNIT_WORD[unit][0]}, but no count of ${UNIT_WORD[unit][1]} for ${year.label}`;
    warnings.push(
      `${who}: no count of ${UNIT_WORD[unit][1]} for ${year.label}; no amount (import the counts with \`lato import counts\`)`,
    );
  } else if (masked.length > 0) {
    status = 'masked_count';
    const where = masked.map((c) => `${c.locationCode ?? 'partner count'} ${c.masked}`).join(', ');
    rule = `${rateText} per ${UNIT_WORD[unit!][0]}; ${formatInteger(known)} ${UNIT_WORD[unit!][1]} known, plus masked counts (${where})`;
    warnings.push(
      `${who}: ${masked.length} masked count${masked.length === 1 ? '' : 's'} for ${year.label} (${where}); no amount until the real number is known (ask the partner and import it for that location)`,
    );
  } else if (unit === null) {
    full = rate.amountCents;
    rule = `fixed fee for ${category}: ${formatEuro(full)}`;
  } else if (BigInt(rate.amountCents) * BigInt(known) > BigInt(MAX_AMOUNT_CENTS)) {
    // no fee of the network comes near this: a count or rate is wrong; say so rather than bill it
    status = 'too_large';
    quantity = known;
    rule = `${formatInteger(known)} ${UNIT_WORD[unit][known === 1 ? 0 : 1]} × ${formatEuro(rate.amountCents)} is above ${formatEuro(MAX_AMOUNT_CENTS)}, the largest amount lato takes`;
    warnings.push(
      `${who}: ${rule}; no amount (check the counts with \`lato fees explain ${p.code} --year ${year.label}\` and the rate)`,
    );
  } else {
    quantity = known;
    full = multiply(rate.amountCents, known);
    rule = `${formatInteger(known)} ${UNIT_WORD[unit][known === 1 ? 0 : 1]} × ${formatEuro(rate.amountCents)} = ${formatEuro(full)}`;
  }

  let amount: Cents | null = full;
  if (full !== null && months !== 12) {
    amount = mulDivRound(full, months, 12);
    rule += `; member ${months} of 12 months (pro rata per started month): ${formatEuro(amount)}`;
  }
  return {
    line: {
      partnerId: p.id,
      partner: p.code,
      name: p.name,
      sector: p.sector,
      membership: p.membership,
      category,
      basis,
      quantity,
      rateCents: rate?.amountCents ?? null,
      amountCents: amount,
      pm: amount === null,
      status,
      countDate: countDates.length > 0 ? countDates[countDates.length - 1]! : null,
      countDates,
      months,
      fullAmountCents: full,
      sources,
      includes,
      rule,
    },
    warnings,
  };
}

/** Totals of lines: sums of the known amounts, per sector (in the order of the lines) and overall. */
export function totalsOf(lines: readonly FeeLine[]): FeeTotals {
  const groups = new Map<string, (Cents | null)[]>();
  for (const l of lines) {
    const g = groups.get(l.sector);
    if (g) g.push(l.amountCents);
    else groups.set(l.sector, [l.amountCents]);
  }
  const bySector: Record<string, Cents | null> = {};
  const openBySector: Record<string, number> = {};
  for (const [sector, amounts] of groups) {
    const { cents, pmCount } = sumKnown(amounts);
    bySector[sector] = pmCount === amounts.length ? null : cents;
    if (pmCount > 0) openBySector[sector] = pmCount;
  }
  const all = sumKnown(lines.map((l) => l.amountCents));
  return {
    bySector,
    totalCents: all.cents,
    openBySector,
    openLines: all.pmCount,
    complete: all.pmCount === 0,
  };
}

/** A budget line that stands for partner contributions of one category. */
export interface FeeBudgetLine {
  feeCategory: string;
  label: string;
  amountCents: Cents | null;
}

/**
 * Computed fees against the budget's "bijdrage partners" lines. A budget category matches the
 * lines of that sector, or of that rate category (BASIS, UITGEBREID).
 */
export function reconcileFees(
  lines: readonly FeeLine[],
  budget: readonly FeeBudgetLine[],
): FeeReconciliation[] {
  return budget.map((b) => {
    const mine = lines.filter((l) => l.sector === b.feeCategory || l.category === b.feeCategory);
    const { cents, pmCount } = sumKnown(mine.map((l) => l.amountCents));
    const computed = mine.length > 0 && pmCount === mine.length ? null : cents;
    return {
      category: b.feeCategory,
      label: b.label,
      budgetCents: b.amountCents,
      computedCents: computed,
      differenceCents: computed === null || b.amountCents === null ? null : computed - b.amountCents,
      openLines: pmCount,
      lines: mine.length,
    };
  });
}

export interface FeeExplanation {
  year: string;
  partner: FeePartner;
  /** the line that bills this partner (its own, or its board's); the first of `lines` */
  line: FeeLine | null;
  /**
   * every line that bills it: one per sector for a board with schools in several sectors (for a
   * school billed through its board: the line of its sector)
   */
  lines: FeeLine[];
  /** set when the partner is billed through another partner */
  billedThrough: string | null;
  /** why there is no line, when there is none */
  reason: string | null;
  warnings: string[];
  policy: JoinLeavePolicy;
}
