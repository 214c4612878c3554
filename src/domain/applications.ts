// The extended-membership procedure of rule 2 (aanvraag uitgebreid lidmaatschap): the project
// group's vote, what a majority is, when an application is complete enough to decide, what the
// outcome is (granted, refused, or the regiegroep when there is a tie or doubt), and from when a
// granted membership runs. Pure: the caller supplies the votes, the electorate and the settings.

import { codeFromName, type Kind } from './partner.js';
import { nextSchoolYear, schoolYearOf } from './school-year.js';

export const APPLICATION_STATUSES = ['open', 'regiegroep', 'granted', 'refused'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const VOTE_CHOICES = ['yes', 'no', 'abstain'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

/**
 * "Als een meerderheid van de projectgroep positief stemt": `seats` (default) counts more than
 * half of the project group's full size (the plan's 14 seats, vacant ones included) voting yes,
 * so a vacant seat never lowers the bar; `members` more than half of the members in office;
 * `votes_cast` more than half of the yes and no votes cast (an abstention is not a vote cast).
 */
export const MAJORITY_RULES = ['seats', 'members', 'votes_cast'] as const;
export type MajorityRule = (typeof MAJORITY_RULES)[number];

export interface Tally {
  yes: number;
  no: number;
  abstain: number;
}

export interface ApplicationState {
  id: number;
  organisation: string;
  nominatedBy: string;
  nominatedOn: string;
  profile: string | null;
  /** how many references are recorded */
  references: number;
  status: ApplicationStatus;
  decidedBy: 'projectgroep' | 'regiegroep' | null;
  decidedOn: string | null;
  referredOn: string | null;
  effectiveFrom: string | null;
  doubt: boolean;
  doubtNote: string | null;
  tally: Tally;
  /** the members whose vote counts: the active project-group members, and any who already voted */
  electorate: number;
  majority: MajorityRule;
  /** the project group's full size (setting projectgroup.size); the base of the `seats` rule */
  seats: number;
}

export function tallyOf(votes: readonly VoteChoice[]): Tally {
  const t: Tally = { yes: 0, no: 0, abstain: 0 };
  for (const v of votes) t[v]++;
  return t;
}

export function votesCast(t: Tally): number {
  return t.yes + t.no + t.abstain;
}

/**
 * Yes votes a majority needs under the rule: of the seats (`seats`; the electorate when the size
 * is not given), of the members in office (`members`), or of the yes/no votes cast so far.
 */
export function yesNeeded(rule: MajorityRule, electorate: number, t: Tally, seats?: number): number {
  const base =
    rule === 'seats'
      ? Math.max(seats ?? electorate, electorate)
      : rule === 'members'
        ? electorate
        : t.yes + t.no;
  return Math.floor(base / 2) + 1;
}

export function hasMajority(rule: MajorityRule, electorate: number, t: Tally, seats?: number): boolean {
  return t.yes >= yesNeeded(rule, electorate, t, seats);
}

/** What the rule counts, in words (settings, application details). */
export function majorityRuleText(rule: MajorityRule, seats: number): string {
  switch (rule) {
    case 'seats':
      return `seats: more than half of the project group's ${seats} seats vote yes (a vacant seat counts as not yes)`;
    case 'members':
      return 'members: more than half of the project-group members in office vote yes';
    case 'votes_cast':
      return 'votes-cast: more yes than no votes among the yes/no votes cast (abstentions and members who did not vote are not counted)';
  }
}

function tallyText(t: Tally): string {
  return `${t.yes} yes, ${t.no} no, ${t.abstain} abstain`;
}

function ruleText(rule: MajorityRule, electorate: number, t: Tally, seats?: number): string {
  const n = yesNeeded(rule, electorate, t, seats);
  if (rule === 'seats') {
    const size = Math.max(seats ?? electorate, electorate);
    return `${n} of the ${size} seats needed (more than half of the project group's ${size} seats${size > electorate ? `, ${size - electorate} vacant` : ''})`;
  }
  return rule === 'members'
    ? `${n} of the ${electorate} members needed (more than half of the members in office)`
    : `more than half of the ${t.yes + t.no} yes/no votes cast needed (abstentions not counted)`;
}

export interface VoteResult {
  outcome: 'granted' | 'refused' | 'regiegroep';
  reason: string;
}

/**
 * The outcome of a closed vote. A majority grants; without one the application is refused;
 * a tie, or doubt raised by anyone, sends it to the regiegroep ("bij twijfel wordt de regiegroep
 * geconsulteerd").
 */
export function voteResult(
  rule: MajorityRule,
  electorate: number,
  t: Tally,
  doubt: boolean,
  seats?: number,
): VoteResult {
  const counts = `${tallyText(t)} of ${electorate} members`;
  const majority = hasMajority(rule, electorate, t, seats);
  if (majority && !doubt) return { outcome: 'granted', reason: `a majority voted yes (${counts})` };
  if (majority) {
    return {
      outcome: 'regiegroep',
      reason: `a majority voted yes (${counts}), but there is doubt: the regiegroep is consulted`,
    };
  }
  if (t.yes === t.no) {
    return { outcome: 'regiegroep', reason: `a tie (${counts}): the regiegroep is consulted` };
  }
  if (doubt) {
    return {
      outcome: 'regiegroep',
      reason: `no majority (${counts}; ${ruleText(rule, electorate, t, seats)}) and there is doubt: the regiegroep is consulted`,
    };
  }
  return { outcome: 'refused', reason: `no majority (${counts}; ${ruleText(rule, electorate, t, seats)})` };
}

/** The application's state in one sentence, and what it waits for. */
export function describeApplication(a: ApplicationState): { text: string; missing: string | null } {
  const by = a.decidedBy === 'regiegroep' ? 'the regiegroep' : 'the project group';
  const counts = `${tallyText(a.tally)} of ${a.electorate} members`;
  switch (a.status) {
    case 'granted':
      return {
        text: `granted by ${by} on ${a.decidedOn ?? '?'} (${counts})${a.effectiveFrom ? `, member from ${a.effectiveFrom}` : ''}`,
        missing: null,
      };
    case 'refused':
      return { text: `refused by ${by} on ${a.decidedOn ?? '?'} (${counts})`, missing: null };
    case 'regiegroep':
      return {
        text: `referred to the regiegroep on ${a.referredOn ?? '?'} (${counts}${a.doubtNote ? `; doubt: ${a.doubtNote}` : ''})`,
        missing: `the regiegroep's decision (lato applications decide ${a.id} --regiegroep grant|refuse)`,
      };
    case 'open': {
      const waiting = a.electorate - votesCast(a.tally);
      const text = `votes so far: ${counts}${waiting > 0 ? `; ${waiting} ha${waiting === 1 ? 's' : 've'} not voted` : ''}`;
      if (a.majority !== 'votes_cast' && !hasMajority(a.majority, a.electorate, a.tally, a.seats)) {
        const need = yesNeeded(a.majority, a.electorate, a.tally, a.seats);
        const more = need - a.tally.yes;
        const of =
          a.majority === 'seats'
            ? `${Math.max(a.seats, a.electorate)} seats`
            : `${a.electorate} members in office`;
        return {
          text,
          missing: `a majority of the project group: ${more} more yes vote${more === 1 ? '' : 's'} (${need} of ${of}; record votes with lato applications vote ${a.id} --member NAME --vote yes|no|abstain)`,
        };
      }
      if (waiting > 0) {
        return {
          text,
          missing: `the votes of ${waiting} project-group member${waiting === 1 ? '' : 's'} (lato applications vote ${a.id} --member NAME --vote yes|no|abstain)`,
        };
      }
      return { text, missing: `the decision (lato applications decide ${a.id})` };
    }
  }
}

/** Why an application cannot be decided yet (empty when it can). */
export function decisionProblems(
  a: ApplicationState,
  minReferences: number,
  opts: { closeVote: boolean },
): string[] {
  const problems: string[] = [];
  if (a.status !== 'open') {
    problems.push(
      a.status === 'regiegroep'
        ? `application ${a.id} waits for the regiegroep (decide it with --regiegroep grant|refuse)`
        : `application ${a.id} was already decided: ${a.status} on ${a.decidedOn ?? '?'}`,
    );
    return problems;
  }
  if (!a.profile || a.profile.trim() === '') {
    problems.push(`no profile description (add it with: lato applications edit ${a.id} --profile TEXT)`);
  }
  if (a.references < minReferences) {
    problems.push(
      `${a.references} reference${a.references === 1 ? '' : 's'}; at least ${minReferences} are required (add with: lato applications edit ${a.id} --reference "NAME; ORGANISATION; CONTACT")`,
    );
  }
  if (a.electorate === 0) {
    problems.push('the project group has no members (add them with: lato projectgroup add NAME)');
  }
  const waiting = a.electorate - votesCast(a.tally);
  if (waiting > 0 && !opts.closeVote) {
    problems.push(
      `${waiting} of the ${a.electorate} project-group members ha${waiting === 1 ? 's' : 've'} not voted (wait for their votes, or close the vote with --close-vote)`,
    );
  }
  return problems;
}

/** A granted membership starts with the next school year (1 August after the decision). */
export function defaultEffectiveDate(decidedOn: string): string {
  return nextSchoolYear(schoolYearOf(decidedOn)).start;
}

/** A partner code from a name (`Codeklas Leiden` → `CODEKLAS-LEIDEN`), made unique with -2, -3, … */
export function partnerCodeFor(name: string, taken: (code: string) => boolean): string {
  const base = codeFromName(name) || 'PARTNER';
  let code = base;
  for (let i = 2; taken(code); i++) code = `${base}-${i}`;
  return code;
}

export interface ApplicationReference {
  id: number;
  name: string;
  organisation: string | null;
  contact: string | null;
}

export interface RecordedVote {
  memberId: number;
  member: string;
  vote: VoteChoice;
  castOn: string;
}

export interface ApplicationRecord {
  id: number;
  organisation: string;
  partnerId: number | null;
  partner: string | null;
  municipality: string | null;
  sector: string | null;
  kind: Kind | null;
  kvk: string | null;
  nominatedBy: string;
  nominatedOn: string;
  profile: string | null;
  doubt: boolean;
  doubtNote: string | null;
  status: ApplicationStatus;
  decidedBy: 'projectgroep' | 'regiegroep' | null;
  decidedOn: string | null;
  decisionNote: string | null;
  referredOn: string | null;
  effectiveFrom: string | null;
  createdAt: string;
  references: ApplicationReference[];
  votes: RecordedVote[];
}

/** A seat of the project group (projectgroep), whose members vote on extended memberships. */
export interface ProjectGroupMember {
  id: number;
  name: string;
  role: string | null;
  /** the partner code of the organisation that delegates the member, when linked */
  partner: string | null;
  partnerId: number | null;
  active: boolean;
}
