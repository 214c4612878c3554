// The in-kind proposal (lato in-kind propose): the plan's rules applied to the partners that are
// members in a year and to the active project-group members, with the hours and hourly rate of the
// setting `in_kind.rules`. With save, the proposal becomes the year's in-kind budget lines.

import type { Db } from '../db/connection.js';
import { replaceInKind } from '../db/budget.js';
import { loadFeePartners } from '../db/fee-data.js';
import { getSetting, setSetting } from '../db/settings.js';
import { LatoError } from '../domain/errors.js';
import { isMemberIn } from '../domain/fees.js';
import { sumKnown } from '../domain/money.js';
import { loadInKind } from '../db/budget.js';
import {
  inKindDifferences,
  type InKindDifference,
  proposeInKind,
  type InKindProposal,
  type InKindRules,
  type InKindMember,
} from '../domain/in-kind.js';
import { requireSchoolYear } from './fees.js';
import { writeTransaction } from '../db/transaction.js';
import { setCompensationByName } from '../db/projectgroup.js';

export const IN_KIND_RULES_SETTING = 'in_kind.rules';

interface RulesSetting {
  contact_hours?: number;
  project_group_hours?: number;
  hourly_rate_cents?: number;
  hourly_rates_by_partner?: Record<string, number>;
  seat_values_by_partner?: Record<string, number>;
  fixed_lines?: { label: string; partner?: string | null; amount_cents: number | null }[];
  contact_partners_by_year?: Record<string, number>;
  labels_by_partner?: Record<string, string>;
  /** the school year whose in-kind budget is the plan's: proposals explain each difference with it */
  plan_year?: string;
}

/** The rules as data; the plan's hours when the setting is absent (databases made before it). */
export function inKindRules(db: Db): InKindRules {
  const s = getSetting<RulesSetting>(db, IN_KIND_RULES_SETTING) ?? {};
  const rules: InKindRules = {
    contactHours: s.contact_hours ?? 10,
    projectGroupHours: s.project_group_hours ?? 90,
    hourlyRateCents: s.hourly_rate_cents ?? 8000,
    hourlyRatesByPartner: s.hourly_rates_by_partner ?? {},
    seatValuesByPartner: s.seat_values_by_partner ?? {},
    fixedLines: (s.fixed_lines ?? []).map((f) => ({
      label: f.label,
      partner: f.partner ?? null,
      amountCents: f.amount_cents,
    })),
    contactPartnersByYear: s.contact_partners_by_year ?? {},
    labelsByPartner: s.labels_by_partner ?? {},
  };
  const whole = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  if (
    !whole(rules.contactHours) ||
    !whole(rules.projectGroupHours) ||
    !whole(rules.hourlyRateCents) ||
    !Object.values(rules.hourlyRatesByPartner).every(whole) ||
    !Object.values(rules.seatValuesByPartner!).every(whole) ||
    !Object.values(rules.contactPartnersByYear!).every(whole) ||
    !rules.fixedLines!.every(
      (f) =>
        typeof f.label === 'string' && f.label !== '' && (f.amountCents === null || whole(f.amountCents)),
    )
  ) {
    throw new LatoError(`setting ${IN_KIND_RULES_SETTING} is not valid`, {
      hint: 'hours and hourly rates (in cents) are whole numbers of 0 or more; see docs/fees-and-budget.md',
    });
  }
  return rules;
}

export function setHourlyRate(db: Db, cents: number, partner?: string): InKindRules {
  const s = getSetting<RulesSetting>(db, IN_KIND_RULES_SETTING) ?? {};
  const next: RulesSetting = partner
    ? { ...s, hourly_rates_by_partner: { ...(s.hourly_rates_by_partner ?? {}), [partner]: cents } }
    : { ...s, hourly_rate_cents: cents };
  writeTransaction(db, () => setSetting(db, IN_KIND_RULES_SETTING, next));
  return inKindRules(db);
}

export interface InKindProposalReport extends InKindProposal {
  year: string;
  rules: InKindRules;
  projectGroup: InKindMember[];
  /** the proposal against the plan's in-kind budget (setting in_kind.rules.plan_year), when there is one */
  plan: { year: string; totalCents: number; pm: number; differences: InKindDifference[] } | null;
}

export function proposeInKindFor(db: Db, year: string): InKindProposalReport {
  const sy = requireSchoolYear(year);
  const rules = inKindRules(db);
  const partners = loadFeePartners(db).filter((p) => p.membership !== 'none' && isMemberIn(p, sy));
  const members = (
    db
      .prepare(
        `SELECT m.name, p.code, m.compensation FROM project_group_members m
           LEFT JOIN partners p ON p.id = m.partner_id
          WHERE m.active = 1 ORDER BY m.name`,
      )
      .all() as { name: string; code: string | null; compensation: 'time' | 'money' }[]
  ).map((m) => ({ name: m.name, partner: m.code, paidInMoney: m.compensation === 'money' }));
  const proposal = proposeInKind(partners, members, rules, sy.label);
  const planYear = getSetting<RulesSetting>(db, IN_KIND_RULES_SETTING)?.plan_year;
  const planLines = planYear ? loadInKind(db, planYear, 'begroting') : [];
  const plan =
    planYear && planLines.length > 0
      ? {
          year: planYear,
          totalCents: sumKnown(planLines.map((l) => l.amountCents)).cents,
          pm: planLines.filter((l) => l.amountCents === null).length,
          differences: inKindDifferences(proposal.lines, planLines, planYear),
        }
      : null;
  return { year: sy.label, rules, projectGroup: members, ...proposal, plan };
}

/** Stores a proposal as the year's in-kind budget; refuses to overwrite lines unless `replace`. */
export function saveInKindProposal(
  db: Db,
  p: InKindProposalReport,
  replace: boolean,
): { new: number; removed: number } {
  const existing = db
    .prepare("SELECT count(*) AS n FROM in_kind WHERE school_year = ? AND kind = 'begroting'")
    .get(p.year) as { n: number };
  if (existing.n > 0 && !replace) {
    throw new LatoError(`${p.year} already has ${existing.n} in-kind lines`, {
      hint: 'add --replace to replace them with the proposal',
    });
  }
  const ids = new Map(
    (db.prepare('SELECT id, code FROM partners').all() as { id: number; code: string }[]).map((r) => [
      r.code,
      r.id,
    ]),
  );
  return writeTransaction(db, () => {
    const t = replaceInKind(
      db,
      p.year,
      'begroting',
      p.lines.map((l) => ({
        label: l.label,
        partner: l.partner,
        partnerId: l.partner === null ? null : (ids.get(l.partner) ?? null),
        hoursCenti: l.hoursCenti === 0 ? null : l.hoursCenti,
        hourlyRateCents: l.hourlyRateCents,
        amountCents: l.amountCents,
      })),
      undefined,
      null,
    );
    return { new: t.new + t.changed, removed: t.removed };
  });
}

/** `lato in-kind compensation MEMBER HOW`: time (tijd) or money (geld); the member's name back. */
export function setCompensation(
  db: Db,
  member: string,
  how: string,
): { name: string; how: 'time' | 'money' } {
  const value =
    how === 'time' || how === 'tijd' ? 'time' : how === 'money' || how === 'geld' ? 'money' : null;
  if (!value)
    throw new LatoError(`unknown compensation "${how}"`, { hint: 'use time (tijd) or money (geld)' });
  const name = writeTransaction(db, () => setCompensationByName(db, member, value));
  if (name === null)
    throw new LatoError(`no project-group member "${member}"`, {
      hint: '`lato projectgroup list` shows the members',
    });
  return { name, how: value };
}
