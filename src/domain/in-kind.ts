// In-kind contributions (bijdrage in natura): hours × hourly rate, or an amount, kept apart from
// the money budget. Pure. `proposeInKind` applies the plan's rules to propose a year's lines:
// - every partner names a contact person (ambassador), facilitated 10 hours per school year by its
//   employer ("Communicatie"); a partner that provides a project-group member has no separate
//   contact person: that member is its contact person;
// - a project-group membership is 90 hours per person per school year, paid in time by the
//   employer (in kind) or in money by LATO (then it is in the "Projectgroep (uitbetaling)" cost
//   line, and not in kind).
// Hours, hourly rates and the contact-person rule's hours are data (setting `in_kind.rules`).

import { mulDivRound, sumKnown, type Cents } from './money.js';

export interface InKindRules {
  contactHours: number;
  projectGroupHours: number;
  /** the hourly rate used unless a partner has its own */
  hourlyRateCents: Cents;
  hourlyRatesByPartner: Record<string, Cents>;
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
  amountCents: Cents;
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
): InKindProposal {
  const rateOf = (code: string | null) =>
    (code !== null ? rules.hourlyRatesByPartner[code] : undefined) ?? rules.hourlyRateCents;
  const withMember = new Set(members.map((m) => m.partner).filter((p): p is string => p !== null));
  const contact = partners
    .filter((p) => !withMember.has(p.code))
    .sort((a, b) => a.code.localeCompare(b.code));
  const lines: ProposedLine[] = [];
  const contactHours = rules.contactHours * 100;
  if (contact.length > 0) {
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
  const groupHours = rules.projectGroupHours * 100;
  const inTime = members.filter((m) => !m.paidInMoney);
  const byPartner = new Map<string, InKindMember[]>();
  for (const m of inTime) {
    const k = m.partner ?? `\u0000${m.name}`;
    byPartner.set(k, [...(byPartner.get(k) ?? []), m]);
  }
  const nameOf = new Map(partners.map((p) => [p.code, p.name]));
  for (const [k, ms] of [...byPartner].sort(([a], [b]) => a.localeCompare(b))) {
    const partner = ms[0]!.partner;
    const who = partner === null ? ms[0]!.name : (nameOf.get(partner) ?? partner);
    const rate = rateOf(partner);
    lines.push({
      label: `${ms.length === 1 ? 'Projectgroeplid' : 'Projectgroepleden'} ${who}`,
      partner: k.startsWith('\u0000') ? null : partner,
      hoursCenti: groupHours * ms.length,
      hourlyRateCents: rate,
      amountCents: hoursValue(groupHours * ms.length, rate),
      basis: `${ms.length} project-group member${ms.length === 1 ? '' : 's'} × ${rules.projectGroupHours} hours`,
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
