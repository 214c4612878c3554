// The fee use cases: `computeFees` (lato fees compute, and the invoices run built on it) and
// `explainFee` (lato fees explain). They load partners, counts, rates, the join/leave policy and
// the budget's partner-contribution lines, and hand them to the pure computation in domain/fees.
//
// API (kept stable for `lato invoices run`):
//   computeFees(db, year: string, opts?: { partner?: string; policy?: JoinLeavePolicy }): FeeReport
// FeeReport and FeeLine are documented at the top of src/domain/fees.ts.

import type { Db } from '../db/connection.js';
import { getSetting, setSetting } from '../db/settings.js';
import { writeTransaction } from '../db/transaction.js';
import { getRate, listRates } from '../db/rates.js';
import { loadFeeCounts, loadFeePartners } from '../db/fee-data.js';
import { membershipChanges } from '../db/membership-changes.js';
import { illustrativeSources } from '../db/provenance.js';
import { membershipOn } from '../domain/partner.js';
import { requirePartner } from '../db/partners.js';
import { LatoError } from '../domain/errors.js';
import {
  billingPartners,
  computeFeeReport,
  isMemberIn,
  JOIN_LEAVE_POLICIES,
  PAYING,
  reconcileFees,
  totalsOf,
  type FeeBudgetLine,
  type FeeExplanation,
  type FeePartner,
  type FeeReport,
  type JoinLeavePolicy,
  type Rate,
} from '../domain/fees.js';

export type { FeeExplanation };
import { parseSchoolYear, type SchoolYear } from '../domain/school-year.js';

export type { FeeLine, FeeReport, FeeSource, FeeStatus, FeeTotals } from '../domain/fees.js';

export const POLICY_SETTING = 'fees.join_leave_policy';
/** Used when the setting is absent (databases created before it existed): the plan's full fee. */
const DEFAULT_POLICY: JoinLeavePolicy = 'full_year';

export function requireSchoolYear(raw: string): SchoolYear {
  const y = parseSchoolYear(raw);
  if (!y.ok) throw new LatoError(y.error);
  return y.year;
}

/** `lato fees policy VALUE`: full-year or pro-rata-month (with - or _). */
export function setJoinLeavePolicy(db: Db, value: string): JoinLeavePolicy {
  const v = value.toLowerCase().replace(/-/g, '_');
  if (!(JOIN_LEAVE_POLICIES as readonly string[]).includes(v)) {
    throw new LatoError(`unknown policy "${value}"`, { hint: 'use full-year or pro-rata-month' });
  }
  writeTransaction(db, () => setSetting(db, POLICY_SETTING, v));
  return v as JoinLeavePolicy;
}

/** The rates of a school year by category, for explaining a fee. */
export function rateLookup(db: Db, year: string): (category: string) => Rate | undefined {
  return (category) => getRate(db, year, category);
}

export function joinLeavePolicy(db: Db): JoinLeavePolicy {
  const v = getSetting<string>(db, POLICY_SETTING) ?? DEFAULT_POLICY;
  if (!(JOIN_LEAVE_POLICIES as readonly string[]).includes(v)) {
    throw new LatoError(`setting ${POLICY_SETTING} is "${v}", which lato does not know`, {
      hint: `set it with \`lato fees policy ${JOIN_LEAVE_POLICIES.join('|')}\``,
    });
  }
  return v as JoinLeavePolicy;
}

/** The budget's "bijdrage partners" lines of a year (income lines with a fee_category). */
export function feeBudgetLines(db: Db, year: string, kind = 'begroting'): FeeBudgetLine[] {
  return (
    db
      .prepare(
        `SELECT fee_category, label, amount_cents FROM budget_lines
          WHERE school_year = ? AND kind = ? AND side = 'income' AND fee_category IS NOT NULL
          ORDER BY position, id`,
      )
      .all(year, kind) as { fee_category: string; label: string; amount_cents: number | null }[]
  ).map((r) => ({ feeCategory: r.fee_category, label: r.label, amountCents: r.amount_cents }));
}

/** A partner by code, KvK number or exact name (as everywhere in lato); an error when there is none. */
export function resolvePartner(db: Db, ref: string): FeePartner {
  return requirePartner(db, ref);
}

/**
 * `opts.sources: false` (lato fees compute without --sources): the lines list no sources
 * (`sources: []`; 30,000 objects fewer for a year of 10,000 partners); everything else is the same.
 */
export function computeFees(
  db: Db,
  year: string,
  opts: { partner?: string; policy?: JoinLeavePolicy; sources?: boolean } = {},
): FeeReport {
  const sy = requireSchoolYear(year);
  const policy = opts.policy ?? joinLeavePolicy(db);
  // a membership changed through an application counts from the school year it is in force on
  const changes = membershipChanges(db);
  const partners = loadFeePartners(db).map((p) => {
    const c = changes.get(p.id);
    return c ? { ...p, membership: membershipOn(p.membership, c, sy.start) } : p;
  });
  const withSources = opts.sources !== false;
  const report = computeFeeReport({
    year: sy,
    partners,
    counts: loadFeeCounts(db, sy.label, { sources: withSources }),
    sources: withSources,
    rates: listRates(db, sy.label),
    policy,
    sectorOrder: (
      db.prepare('SELECT code FROM sectors ORDER BY position, code').all() as { code: string }[]
    ).map((r) => r.code),
  });
  report.reconciliation = reconcileFees(report.lines, feeBudgetLines(db, sy.label));
  for (const x of illustrativeSources(db, sy.label).filter((i) => i.what === 'counts')) {
    report.warnings.unshift(
      `illustrative: the counts of ${sy.label} come from ${x.file}, a batch marked illustrative (invented data)${x.note ? `: ${x.note}` : ''}`,
    );
  }
  if (opts.partner === undefined) return report;

  const p = resolvePartner(db, opts.partner);
  const { billedBy } = billingPartners(partners, sy);
  const bid = billedBy.get(p.id);
  const lines = report.lines.filter((l) => l.partnerId === bid);
  const notes: string[] = [];
  if (bid === undefined) notes.push(notBilledReason(p, partners, sy));
  else if (bid !== p.id) notes.push(`${p.code} is billed through ${lines[0]?.partner ?? bid}`);
  const mine = new Set(lines.map((l) => l.partner));
  const warnings = report.warnings.filter(
    (w) => w.startsWith('no rates for') || [...mine].some((code) => w.startsWith(`${code} (`)),
  );
  return {
    ...report,
    lines,
    totals: totalsOf(lines),
    warnings: [...notes, ...warnings],
    reconciliation: reconcileFees(lines, feeBudgetLines(db, sy.label)).filter((r) => r.lines > 0),
  };
}

/** Why a partner has no fee line in a year, in words. */
export function notBilledReason(p: FeePartner, partners: readonly FeePartner[], year: SchoolYear): string {
  if (!isMemberIn(p, year)) {
    const when =
      p.leftOn !== null && p.leftOn < year.start ? `left on ${p.leftOn}` : `joined on ${p.joinedOn}`;
    return `${p.code} is not a member in ${year.label} (${when})`;
  }
  if (p.parentId !== null) {
    const parent = partners.find((x) => x.id === p.parentId);
    if (parent && !isMemberIn(parent, year)) {
      return `${p.code} belongs to ${parent.code}, which is not a member in ${year.label}`;
    }
  }
  if (!PAYING.has(p.membership)) {
    return `${p.code} has membership "${p.membership}", which pays no fee`;
  }
  return `${p.code} pays no fee in ${year.label}`;
}

export function explainFee(db: Db, ref: string, year: string): FeeExplanation {
  const sy = requireSchoolYear(year);
  const report = computeFees(db, sy.label, { partner: ref });
  const partner = resolvePartner(db, ref);
  const through = report.lines.length > 0 && report.lines[0]!.partnerId !== partner.id;
  const own = through ? report.lines.filter((l) => l.includes.includes(partner.code)) : [];
  const lines = own.length > 0 ? own : report.lines;
  const line = lines[0] ?? null;
  return {
    year: sy.label,
    partner,
    line,
    lines,
    billedThrough: line && line.partnerId !== partner.id ? line.partner : null,
    reason: line ? null : (report.warnings[0] ?? null),
    warnings: line ? report.warnings : report.warnings.slice(1),
    policy: report.policy,
  };
}
