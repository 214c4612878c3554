// Eligibility verdicts, applications, areas and the project group as JSON (the contract's
// fields) and as text tables. Data in, strings out: no I/O here.

import type { ApplicationState } from '../domain/applications.js';
import { describeApplication, majorityRuleText } from '../domain/applications.js';
import type { Area, Eligible, Finding, Verdict } from '../domain/eligibility.js';
import type { ApplicationRecord, ProjectGroupMember } from '../domain/applications.js';
import { renderTable } from './table.js';
import { membershipWord } from '../domain/vocabulary.js';

export function eligibleWord(e: Eligible): string {
  return e === true ? 'yes' : e === false ? 'no' : 'pending';
}

export function ruleWord(rule: Finding['rule']): string {
  return rule === 'party' ? 'party' : rule === 'none' ? 'no rule' : `rule ${rule}`;
}

// ---------------------------------------------------------------------------------------------
// Verdicts

function findingJson(f: Finding) {
  return {
    rule: f.rule,
    eligible: f.eligible,
    membership: f.membership,
    reasons: f.reasons,
    missing: f.missing,
  };
}

/** The contract's shape: { partner, eligible, membership, rule, reasons, missing } and more. */
export function verdictJson(v: Verdict) {
  return {
    partner: v.partner,
    name: v.name,
    eligible: v.eligible,
    membership: v.membership,
    rule: v.rule,
    reasons: v.reasons,
    missing: v.missing,
    recorded_membership: v.recordedMembership,
    findings: v.findings.map(findingJson),
  };
}

export function verdictTable(verdicts: readonly Verdict[]): string {
  return renderTable(
    ['partner', 'eligible', 'membership', 'rule', 'why (and what is missing)'],
    verdicts.map((v) => [
      v.partner === v.name ? v.name : `${v.partner}\n${v.name}`,
      eligibleWord(v.eligible),
      membershipWord(v.membership),
      ruleWord(v.rule),
      [v.reasons.join('; '), ...(v.missing.length ? [`missing: ${v.missing.join('; ')}`] : [])].join('\n'),
    ]),
    { widths: [18, 10, 12, 9, 62] },
  );
}

export function verdictDetail(v: Verdict): string[] {
  const lines = [
    `${v.name}${v.partner !== v.name ? ` (${v.partner})` : ''}`,
    `  eligible:   ${eligibleWord(v.eligible)}`,
    `  membership: ${membershipWord(v.membership) || '-'}${v.recordedMembership ? ` (recorded: ${membershipWord(v.recordedMembership)})` : ''}`,
    `  rule:       ${ruleWord(v.rule)}`,
    '  why:',
    ...v.reasons.map((r) => `    - ${r}`),
  ];
  if (v.missing.length > 0) lines.push('  missing:', ...v.missing.map((m) => `    - ${m}`));
  for (const f of v.findings.slice(1)) {
    lines.push(
      `  also ${ruleWord(f.rule)} (${membershipWord(f.membership) || '-'}): ${eligibleWord(f.eligible)}`,
    );
  }
  return lines;
}

export function verdictSummary(verdicts: readonly Verdict[]): string {
  const yes = verdicts.filter((v) => v.eligible === true).length;
  const no = verdicts.filter((v) => v.eligible === false).length;
  const pending = verdicts.length - yes - no;
  return `${verdicts.length} checked: ${yes} eligible, ${no} not eligible, ${pending} pending`;
}

// ---------------------------------------------------------------------------------------------
// Applications

export function applicationJson(a: ApplicationRecord, s: ApplicationState, finding: Finding) {
  const d = describeApplication(s);
  return {
    id: a.id,
    organisation: a.organisation,
    municipality: a.municipality,
    sector: a.sector,
    kind: a.kind,
    kvk: a.kvk,
    nominated_by: a.nominatedBy,
    nominated_on: a.nominatedOn,
    profile: a.profile,
    references: a.references.map((r) => ({ name: r.name, organisation: r.organisation, contact: r.contact })),
    votes: a.votes.map((v) => ({ member: v.member, vote: v.vote, cast_on: v.castOn })),
    tally: { ...s.tally, electorate: s.electorate, seats: s.seats, majority_rule: s.majority },
    doubt: a.doubt,
    doubt_note: a.doubtNote,
    status: a.status,
    state: d.text,
    decided_by: a.decidedBy,
    decided_on: a.decidedOn,
    decision_note: a.decisionNote,
    referred_on: a.referredOn,
    effective_from: a.effectiveFrom,
    partner: a.partner,
    eligible: finding.eligible,
    missing: finding.missing,
  };
}

export function applicationsTable(
  rows: readonly { a: ApplicationRecord; s: ApplicationState; f: Finding }[],
): string {
  return renderTable(
    ['#', 'organisation', 'municipality', 'nominated', 'refs', 'votes y/n/a', 'status', 'missing'],
    rows.map(({ a, s, f }) => [
      a.id,
      a.organisation,
      a.municipality ?? '',
      a.nominatedOn,
      a.references.length,
      `${s.tally.yes}/${s.tally.no}/${s.tally.abstain} of ${s.electorate}`,
      a.status === 'granted' && a.partner ? `granted\n${a.partner}` : a.status,
      f.missing.join('; '),
    ]),
    { widths: [5, 26, 16, 12, 6, 13, 12, 44] },
  );
}

export function applicationDetail(a: ApplicationRecord, s: ApplicationState, f: Finding): string[] {
  const d = describeApplication(s);
  const lines = [
    `Application ${a.id}: ${a.organisation} (extended membership, rule 2)`,
    `  organisation: ${a.organisation}, ${a.municipality ?? '?'}${a.kind ? `, ${a.kind}` : ''}${a.kvk ? `, KvK ${a.kvk}` : ''}`,
    `  nominated:    by ${a.nominatedBy} on ${a.nominatedOn}`,
    `  profile:      ${a.profile ?? '(none yet)'}`,
    `  references:   ${a.references.length === 0 ? '(none yet)' : ''}`,
    ...a.references.map((r) => `    - ${[r.name, r.organisation, r.contact].filter(Boolean).join(', ')}`),
    `  votes:        ${s.tally.yes} yes, ${s.tally.no} no, ${s.tally.abstain} abstain of ${s.electorate} members (majority rule: ${majorityRuleText(s.majority, s.seats)})`,
    ...a.votes.map((v) => `    - ${v.member}: ${v.vote} (${v.castOn})`),
  ];
  if (a.doubt) lines.push(`  doubt:        ${a.doubtNote ?? 'yes'}`);
  lines.push(`  status:       ${a.status}: ${d.text}`);
  if (a.decisionNote) lines.push(`  decision:     ${a.decisionNote}`);
  if (a.partner && a.status === 'granted')
    lines.push(`  partner:      ${a.partner} (extended member from ${a.effectiveFrom ?? '?'})`);
  else if (a.partner)
    lines.push(`  partner:      ${a.partner} (applies to change its membership to extended)`);
  if (f.missing.length > 0) lines.push('  missing:', ...f.missing.map((m) => `    - ${m}`));
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Areas and the project group

export function areasJson(areas: readonly Area[]) {
  return areas.map((a) => ({
    area: a.code,
    municipalities: a.municipalities.map((m) => ({ name: m.name, except_postcodes: m.exceptPostcodes })),
  }));
}

export function areasTable(areas: readonly Area[]): string {
  return renderTable(
    ['area', 'municipalities'],
    areas.map((a) => [
      a.code,
      a.municipalities
        .map((m) =>
          m.exceptPostcodes.length ? `${m.name} (except ${m.exceptPostcodes.join(', ')})` : m.name,
        )
        .join(', '),
    ]),
    { widths: [14, 70] },
  );
}

export function membersJson(members: readonly ProjectGroupMember[]) {
  return members.map((m) => ({ id: m.id, name: m.name, role: m.role, partner: m.partner, active: m.active }));
}

export function membersTable(members: readonly ProjectGroupMember[]): string {
  return renderTable(
    ['#', 'name', 'role', 'partner', 'active'],
    members.map((m) => [m.id, m.name, m.role ?? '', m.partner ?? '', m.active ? 'yes' : 'no']),
  );
}
