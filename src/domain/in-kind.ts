// In-kind contributions (bijdrage in natura): hours × hourly rate, or an amount, kept apart from
// the money budget. Pure. `proposeInKind` applies the plan's rules to propose a year's lines:
// - every partner names a contact person (ambassador), facilitated 10 hours per school year by its
//   employer ("Communicatie"); a partner that provides a project-group member has no separate
//   contact person: that member is its contact person;
// - a project-group membership is 90 hours per person per school year, paid in time by the
//   employer (in kind) or in money by LATO (then it is in the "Projectgroep (uitbetaling)" cost
//   line, and not in kind).
// - a member whose employer is not a partner in the year (the plan's MBO seat while the cooperation
//   is "in de oriënterende fase") is PM: a known contribution without an amount, never 0.
// Hours, hourly rates and the contact-person rule's hours are data (setting `in_kind.rules`), and so
// are what the plan fixed by hand: the value of one seat per employer, fixed lines (the SWV's
// administration), the number of partners it counted for the contact persons, and its line labels.

import { formatEuro, mulDivRound, sumKnown, type Cents } from './money.js';

export interface InKindRules {
  contactHours: number;
  projectGroupHours: number;
  /** the hourly rate used unless a partner has its own */
  hourlyRateCents: Cents;
  hourlyRatesByPartner: Record<string, Cents>;
  /** the value of one project-group seat (a year's hours) for an employer, as the plan puts it */
  seatValuesByPartner?: Record<string, Cents>;
  /** contributions the rules do not derive (the SWV's administration): label, partner, amount */
  fixedLines?: { label: string; partner: string | null; amountCents: Cents | null }[];
  /** the number of partners with a contact person a year's budget counted (the plan: 50) */
  contactPartnersByYear?: Record<string, number>;
  /** the label of a partner's project-group line, as the plan writes it */
  labelsByPartner?: Record<string, string>;
}

export interface ProposalPartner {
  code: string;
  name: string;
}

export interface InKindMember {
  name: string;
  /** the partner that employs the member, by code; null for a member on no partner's behalf */
  partner: string | null;
  /** paid in money by LATO (cost line "Projectgroep (uitbetaling)") rather than in time */
  paidInMoney: boolean;
}

export interface ProposedLine {
  label: string;
  partner: string | null;
  /** hundredths of hours */
  hoursCenti: number;
  /** null when the line adds up partners with different rates */
  hourlyRateCents: Cents | null;
  /** null: PM (a known contribution without an amount yet) */
  amountCents: Cents | null;
  /** what the line stands for, in words */
  basis: string;
}

export interface InKindProposal {
  lines: ProposedLine[];
  totalCents: Cents;
  /** project-group members paid in money: their value belongs in the cost line, not in kind */
  paidInMoney: { name: string; partner: string | null; hoursCenti: number; amountCents: Cents }[];
  paidInMoneyCents: Cents;
  /** partners counted for the contact-person line */
  contactPartners: string[];
}

/** hours (in hundredths) × hourly rate, rounded half away from zero to whole cents. */
export function hoursValue(hoursCenti: number, hourlyRateCents: Cents): Cents {
  return mulDivRound(hourlyRateCents, hoursCenti, 100);
}

export function proposeInKind(
  partners: readonly ProposalPartner[],
  members: readonly InKindMember[],
  rules: InKindRules,
  year?: string,
): InKindProposal {
  const rateOf = (code: string | null) =>
    (code !== null ? rules.hourlyRatesByPartner[code] : undefined) ?? rules.hourlyRateCents;
  const withMember = new Set(members.map((m) => m.partner).filter((p): p is string => p !== null));
  const contact = partners
    .filter((p) => !withMember.has(p.code))
    .sort((a, b) => a.code.localeCompare(b.code));
  const lines: ProposedLine[] = [];
  const contactHours = rules.contactHours * 100;
  const counted = year !== undefined ? rules.contactPartnersByYear?.[year] : undefined;
  if (counted !== undefined) {
    lines.push({
      label: 'Inzet contactpersoon partners',
      partner: null,
      hoursCenti: contactHours * counted,
      hourlyRateCents: rules.hourlyRateCents,
      amountCents: hoursValue(contactHours * counted, rules.hourlyRateCents),
      basis: `${counted} partners × ${rules.contactHours} hours (contact person; the number the budget of ${year} counted, in_kind.rules; the registry has ${contact.length} without a project-group member)`,
    });
  } else if (contact.length > 0) {
    const rates = new Set(contact.map((p) => rateOf(p.code)));
    lines.push({
      label: 'Inzet contactpersoon partners',
      partner: null,
      hoursCenti: contactHours * contact.length,
      hourlyRateCents: rates.size === 1 ? [...rates][0]! : null,
      amountCents: sumKnown(contact.map((p) => hoursValue(contactHours, rateOf(p.code)))).cents,
      basis: `${contact.length} partners × ${rules.contactHours} hours (contact person)`,
    });
  }
  for (const f of rules.fixedLines ?? []) {
    lines.push({
      label: f.label,
      partner: f.partner,
      hoursCenti: 0,
      hourlyRateCents: null,
      amountCents: f.amountCents,
      basis: 'a fixed contribution (in_kind.rules)',
    });
  }
  const groupHours = rules.projectGroupHours * 100;
  const inTime = members.filter((m) => !m.paidInMoney);
  const byPartner = new Map<string, InKindMember[]>();
  for (const m of inTime) {
    const k = m.partner ?? `\u0000${m.name}`;
    byPartner.set(k, [...(byPartner.get(k) ?? []), m]);
  }
  const nameOf = new Map(partners.map((p) => [p.code, p.name]));
  const labelled = Object.keys(rules.labelsByPartner ?? {});
  const order = (k: string) => {
    const i = labelled.indexOf(k);
    return i < 0 ? labelled.length : i;
  };
  for (const [k, ms] of [...byPartner].sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))) {
    const partner = ms[0]!.partner;
    const who = partner === null ? ms[0]!.name : (nameOf.get(partner) ?? partner);
    const label =
      (partner !== null ? rules.labelsByPartner?.[partner] : undefined) ??
      `${ms.length === 1 ? 'Projectgroeplid' : 'Projectgroepleden'} ${who}`;
    const n = `${ms.length} project-group member${ms.length === 1 ? '' : 's'}`;
    if (partner !== null && !nameOf.has(partner)) {
      lines.push({
        label,
        partner: null,
        hoursCenti: groupHours * ms.length,
        hourlyRateCents: null,
        amountCents: null,
        basis: `${n} of ${partner}, which is not a partner in ${year ?? 'the year'}: PM until it is`,
      });
      continue;
    }
    const seat = partner !== null ? rules.seatValuesByPartner?.[partner] : undefined;
    const rate = rateOf(partner);
    lines.push({
      label,
      partner: k.startsWith('\u0000') ? null : partner,
      hoursCenti: groupHours * ms.length,
      hourlyRateCents: seat === undefined ? rate : null,
      amountCents: seat === undefined ? hoursValue(groupHours * ms.length, rate) : seat * ms.length,
      basis:
        seat === undefined
          ? `${n} × ${rules.projectGroupHours} hours`
          : `${n} × ${formatEuro(seat)} a seat (the value of ${partner}'s seat, in_kind.rules)`,
    });
  }
  const paid = members
    .filter((m) => m.paidInMoney)
    .map((m) => ({
      name: m.name,
      partner: m.partner,
      hoursCenti: groupHours,
      amountCents: hoursValue(groupHours, rateOf(m.partner)),
    }));
  return {
    lines,
    totalCents: sumKnown(lines.map((l) => l.amountCents)).cents,
    paidInMoney: paid,
    paidInMoneyCents: sumKnown(paid.map((m) => m.amountCents)).cents,
    contactPartners: contact.map((p) => p.code),
  };
}

/** A line of a proposal against the same line of the plan's in-kind budget. */
export interface InKindDifference {
  label: string;
  planCents: Cents | null;
  proposedCents: Cents | null;
  /** proposed − plan; null when either is PM or missing */
  differenceCents: Cents | null;
  why: string;
}

const euroOrPm = (c: Cents | null) => (c === null ? 'PM' : formatEuro(c));

/**
 * Each difference between a proposal and the plan's in-kind lines (matched by label, else by
 * partner), with the rule that explains it. Lines that agree (PM with PM too) are left out.
 */
export function inKindDifferences(
  proposed: readonly ProposedLine[],
  plan: readonly { label: string; partner: string | null; amountCents: Cents | null }[],
  planYear: string,
): InKindDifference[] {
  const out: InKindDifference[] = [];
  const used = new Set<number>();
  const key = (s: string) => s.trim().toLowerCase();
  for (const p of proposed) {
    let i = plan.findIndex((l, j) => !used.has(j) && key(l.label) === key(p.label));
    if (i < 0 && p.partner !== null) i = plan.findIndex((l, j) => !used.has(j) && l.partner === p.partner);
    if (i < 0) {
      out.push({
        label: p.label,
        planCents: null,
        proposedCents: p.amountCents,
        differenceCents: null,
        why: `not in the plan's in-kind budget of ${planYear}: ${p.basis}`,
      });
      continue;
    }
    used.add(i);
    const l = plan[i]!;
    if (l.amountCents === p.amountCents) continue;
    out.push({
      label: p.label,
      planCents: l.amountCents,
      proposedCents: p.amountCents,
      differenceCents:
        l.amountCents !== null && p.amountCents !== null ? p.amountCents - l.amountCents : null,
      why: `${planYear} ${euroOrPm(l.amountCents)}, proposed ${euroOrPm(p.amountCents)}: ${p.basis}`,
    });
  }
  plan.forEach((l, j) => {
    if (used.has(j)) return;
    out.push({
      label: l.label,
      planCents: l.amountCents,
      proposedCents: null,
      differenceCents: null,
      why: `in the plan's in-kind budget of ${planYear} (${euroOrPm(l.amountCents)}), not proposed: no rule gives it this year (no project-group member of ${l.partner ?? 'its partner'} paid in time, and no fixed line)`,
    });
  });
  return out;
}
