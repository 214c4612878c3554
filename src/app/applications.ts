// The extended-membership procedure (rule 2) as use cases: nominate, complete (profile,
// references), vote, decide, and the regiegroep's decision. Each runs in one transaction: input is
// checked first, every problem reported at once, and nothing is written when there is one.
// A granted application makes the organisation a partner with the extended membership.

import type { ApplicationState, VoteChoice, VoteResult } from '../domain/applications.js';
import {
  decisionProblems,
  defaultEffectiveDate,
  partnerCodeFor,
  VOTE_CHOICES,
  voteResult,
} from '../domain/applications.js';
import { parseDate } from '../domain/dates.js';
import type { Finding, Organisation } from '../domain/eligibility.js';
import { parseKind, parseMembership, type Kind, type Partner } from '../domain/partner.js';
import { kvkNumber } from '../domain/fields.js';
import { normaliseText, textProblem } from '../domain/text.js';
import { newOrganisation, rule1BasisMembership, rule2ExtendedMembership } from '../domain/eligibility.js';
import { LatoError, UsageError, type Problem } from '../domain/errors.js';
import { formatDateNl } from '../domain/dates.js';
import type { Db } from '../db/connection.js';
import { resolveMunicipality } from '../db/areas.js';
import type { ApplicationRecord, ApplicationReference } from '../db/applications.js';
import {
  applicationOfPartner,
  getApplication,
  insertApplication,
  insertReference,
  insertVote,
  openApplicationsOf,
  updateApplication,
} from '../db/applications.js';
import {
  findPartner,
  insertPartner,
  partnerFieldsOf,
  requirePartner,
  updatePartner,
} from '../db/partners.js';
import { insertMembershipChange } from '../db/membership-changes.js';
import { knownValues } from '../db/reference.js';
import { findMember, listMembers } from '../db/projectgroup.js';
import { optionalSetting, setting } from './defaults.js';
import { applicationState, loadEligibilityParams, municipalityHint } from './eligibility.js';
import { writeTransaction } from '../db/transaction.js';
import { today } from './options.js';

// read as they are stored, for the commands that list them
export { listApplications } from '../db/applications.js';

/** A date option (`--date`), today when absent. */
export function dateOption(raw: string | undefined, flag = '--date'): string {
  if (raw === undefined) return today();
  const d = parseDate(raw);
  if (!d.ok) throw new UsageError(`${flag}: ${d.error}`);
  return d.date;
}

/** `Name; Organisation; contact` → a reference (organisation and contact optional). */
export function parseReference(raw: string): Omit<ApplicationReference, 'id'> | undefined {
  const [name, organisation, contact] = raw.split(';').map((s) => s.trim());
  if (!name) return undefined;
  return { name, organisation: organisation || null, contact: contact || null };
}

function parseReferences(raws: readonly string[], problems: Problem[]): Omit<ApplicationReference, 'id'>[] {
  const out: Omit<ApplicationReference, 'id'>[] = [];
  for (const raw of raws) {
    const r = parseReference(raw);
    if (r) out.push(r);
    else
      problems.push({
        message: `reference "${raw}" has no name`,
        hint: 'write it as "NAME; ORGANISATION; CONTACT"',
      });
  }
  return out;
}

/** What the procedure still lacks, per the rule-2 finding of the application. */
export function applicationFinding(db: Db, a: ApplicationRecord): Finding {
  const p = loadEligibilityParams(db);
  return rule2ExtendedMembership(applicantOrganisation(a, p.sectorWithoutPupils), applicationState(db, a), p);
}

function applicantOrganisation(a: ApplicationRecord, sectorWithoutPupils: string): Organisation {
  return newOrganisation({
    ref: a.partner ?? a.organisation,
    name: a.organisation,
    kind: a.kind ?? 'other',
    sector: a.sector ?? sectorWithoutPupils,
    municipality: a.municipality,
    hasPupils: false,
  });
}

export function requireApplication(db: Db, id: number): ApplicationRecord {
  const a = getApplication(db, id);
  if (!a) throw new LatoError(`no application ${id}`, { hint: 'lato applications list shows them' });
  return a;
}

export function parseApplicationId(raw: string): number {
  const m = /^#?(\d+)$/.exec(raw.trim());
  if (!m) throw new UsageError(`"${raw}" is not an application number`, 'lato applications list shows them');
  return Number(m[1]);
}

// ---------------------------------------------------------------------------------------------
// Nomination

export interface NewApplicationInput {
  /** an existing partner applying for the extended membership (a change of membership) */
  partner?: string | undefined;
  /** the membership applied for: only uitgebreid (extended) goes through an application */
  membership?: string | undefined;
  organisation: string;
  municipality: string;
  kind?: string | undefined;
  sector?: string | undefined;
  kvk?: string | undefined;
  pupils?: boolean | undefined;
  profile?: string | undefined;
  references: readonly string[];
  nominatedBy?: string | undefined;
  date?: string | undefined;
  doubt?: string | undefined;
}

/** Kinds that rule 2 ("bedrijven en instellingen zonder deelnemers of leerlingen") can admit. */
const APPLICANT_KINDS: readonly Kind[] = ['company', 'museum', 'foundation', 'institute', 'other'];

export function projectLeader(db: Db): string | undefined {
  return optionalSetting<string>(db, 'applications.project_leader') || undefined;
}

/** The partner a change of membership is for, checked: without pupils, not left, not yet granted. */
function changingPartner(db: Db, ref: string, sectorWithoutPupils: string, problems: Problem[]): Partner {
  const partner = requirePartner(db, ref);
  if (partner.sector !== sectorWithoutPupils) {
    problems.push({
      message: `${partner.code} is a partner of sector ${partner.sector}: the extended membership (rule 2) is for organisations without participants or pupils (sector ${sectorWithoutPupils})`,
    });
  }
  if (partner.leftOn) problems.push({ message: `${partner.code} left on ${partner.leftOn}` });
  if (partner.membership === 'covenant' || partner.membership === 'funder') {
    problems.push({
      message: `${partner.code} is recorded as ${partner.membership} member: only a basis member changes to the extended membership through an application`,
    });
  }
  const earlier = applicationOfPartner(db, partner.id);
  if (partner.membership === 'extended' && earlier?.status === 'granted') {
    problems.push({
      message: `${partner.code} is already an extended member (application ${earlier.id} granted on ${earlier.decidedOn ?? '?'})`,
    });
  }
  return partner;
}

export function createApplication(db: Db, input: NewApplicationInput): ApplicationRecord {
  return writeTransaction(db, () => {
    const p = loadEligibilityParams(db);
    const problems: Problem[] = [];
    if (input.membership !== undefined && parseMembership(input.membership.trim()) !== 'extended') {
      throw new UsageError(
        `--membership: "${input.membership}" cannot be applied for`,
        'only uitgebreid (extended) goes through an application; a basis membership needs none (rule 1)',
      );
    }
    const partner = input.partner?.trim()
      ? changingPartner(db, input.partner.trim(), p.sectorWithoutPupils, problems)
      : undefined;
    if (partner) {
      input = {
        ...input,
        organisation: partner.name,
        municipality: partner.municipality ?? input.municipality,
        kind: partner.kind,
        sector: partner.sector,
        kvk: partner.kvk ?? undefined,
      };
    }
    // the organisation becomes a partner when granted: its name is checked as a partner's is
    const organisation = normaliseText(input.organisation);
    if (!organisation) problems.push({ message: 'the organisation has no name' });
    const nameProblem = organisation ? textProblem(organisation, 'name') : undefined;
    if (nameProblem) problems.push({ message: `the organisation's name: ${nameProblem}` });

    const municipality = resolveMunicipality(db, input.municipality);
    if (!municipality) {
      problems.push({
        message: `unknown municipality "${input.municipality.trim()}"`,
        hint: municipalityHint(db, input.municipality),
      });
    }
    const sectors = [...knownValues(db).sectors];
    const sector = input.sector
      ? sectors.find((s) => s.toLowerCase() === input.sector!.trim().toLowerCase())
      : p.sectorWithoutPupils;
    if (!sector) {
      problems.push({
        message: `unknown sector "${input.sector!.trim()}"`,
        hint: `use one of ${sectors.join(', ')}`,
      });
    } else if (sector !== p.sectorWithoutPupils) {
      problems.push({
        message: `sector ${sector}: the extended membership (rule 2) is for organisations without participants or pupils (sector ${p.sectorWithoutPupils})`,
        hint: 'lato eligibility check --name NAME --sector SECTOR shows which rule applies instead',
      });
    }
    const kind = parseKind((input.kind ?? 'other').trim());
    if (!kind) {
      problems.push({
        message: `unknown kind "${input.kind}"`,
        hint: `use one of ${APPLICANT_KINDS.join(', ')}`,
      });
    } else if (!APPLICANT_KINDS.includes(kind)) {
      problems.push({
        message: `a ${kind} cannot apply for the extended membership: rule 2 is for companies and institutions without participants or pupils`,
        hint: `use one of ${APPLICANT_KINDS.join(', ')}`,
      });
    }
    if (input.pupils === true) {
      problems.push({
        message: 'the organisation has participants or pupils: rule 2 is for organisations without',
      });
    }
    const checkedKvk = input.kvk?.trim() ? kvkNumber(input.kvk) : null;
    const kvk = checkedKvk?.ok ? checkedKvk.value : null;
    if (checkedKvk && !checkedKvk.ok) problems.push({ message: checkedKvk.error, hint: 'like 12345678' });

    const leader = projectLeader(db);
    const nominatedBy = input.nominatedBy?.trim() || leader;
    if (!nominatedBy) {
      throw new UsageError(
        'who nominates? give --nominated-by NAME (the project leader)',
        'or record the project leader once with: lato eligibility settings --project-leader NAME',
      );
    }
    if (leader && nominatedBy.toLowerCase() !== leader.toLowerCase()) {
      problems.push({
        message: `${nominatedBy} is not the project leader: rule 2 has the project leader (${leader}) nominate`,
        hint: 'lato eligibility settings --project-leader NAME records another project leader',
      });
    }
    const nominatedOn = dateOption(input.date);
    const references = parseReferences(input.references, problems);

    if (organisation) {
      const same = partner
        ? []
        : [findPartner(db, { name: organisation }), kvk ? findPartner(db, { kvk }) : undefined];
      for (const existing of new Map(same.filter((p) => p !== undefined).map((p) => [p.id, p])).values()) {
        problems.push({
          message: `${existing.name} is already partner ${existing.code}`,
          hint: `a partner applies for the extended membership with: lato applications new --partner ${existing.code} --membership uitgebreid`,
        });
      }
      for (const id of openApplicationsOf(db, organisation, kvk, partner?.id)) {
        problems.push({ message: `${organisation} already has an open application (${id})` });
      }
    }
    if (municipality && kind && sector && p.extendedRequiresBasisArea) {
      const r1 = rule1BasisMembership(
        newOrganisation({ name: organisation, kind, sector, municipality, hasPupils: false }),
        p,
      );
      if (r1.eligible === false) {
        problems.push({
          message: `${organisation} does not meet rule 1, which the extended membership builds on: ${r1.reasons.join('; ')}`,
          hint: 'the setting eligibility.extended_requires_basis_area (lato eligibility settings) makes rule 2 read without it',
        });
      }
    }
    if (problems.length > 0) {
      throw new LatoError(`the application cannot be recorded`, { problems });
    }
    const id = insertApplication(db, {
      partnerId: partner?.id ?? null,
      organisation,
      municipality: municipality!,
      sector: sector!,
      kind: kind!,
      kvk,
      nominatedBy,
      nominatedOn,
      profile: input.profile?.trim() || null,
      doubtNote: input.doubt?.trim() || null,
    });
    for (const r of references) insertReference(db, id, r);
    return getApplication(db, id)!;
  });
}

// ---------------------------------------------------------------------------------------------
// Completing an open application

export interface EditApplicationInput {
  profile?: string | undefined;
  references: readonly string[];
  doubt?: string | undefined;
}

export function editApplication(db: Db, id: number, input: EditApplicationInput): ApplicationRecord {
  return writeTransaction(db, () => {
    const a = requireApplication(db, id);
    const problems: Problem[] = [];
    if (a.status !== 'open') {
      problems.push({ message: `application ${id} is no longer open (${a.status}); it cannot change` });
    }
    const references = parseReferences(input.references, problems);
    if (input.profile !== undefined && input.profile.trim() === '') {
      problems.push({ message: 'the profile text is empty' });
    }
    if (input.profile === undefined && input.references.length === 0 && input.doubt === undefined) {
      throw new UsageError('nothing to change', 'give --profile, --reference or --doubt');
    }
    if (problems.length > 0) throw new LatoError(`application ${id} was not changed`, { problems });
    if (input.profile !== undefined) updateApplication(db, a, { profile: input.profile.trim() });
    if (input.doubt !== undefined) raiseDoubt(db, getApplication(db, id)!, input.doubt);
    for (const r of references) insertReference(db, id, r);
    return getApplication(db, id)!;
  });
}

function raiseDoubt(db: Db, a: ApplicationRecord, note: string): void {
  const text = note.trim() || 'doubt raised';
  updateApplication(db, a, { doubt: true, doubtNote: a.doubtNote ? `${a.doubtNote}; ${text}` : text });
}

// ---------------------------------------------------------------------------------------------
// Voting

/** yes / no / abstain, also in Dutch (ja, nee, onthouding, blanco). */
export function parseVote(raw: string): VoteChoice {
  const s = raw.trim().toLowerCase();
  const map: Record<string, VoteChoice> = {
    yes: 'yes',
    ja: 'yes',
    voor: 'yes',
    no: 'no',
    nee: 'no',
    tegen: 'no',
    abstain: 'abstain',
    onthouding: 'abstain',
    blanco: 'abstain',
  };
  const v = map[s];
  if (!v) throw new UsageError(`"${raw}" is not a vote`, `vote ${VOTE_CHOICES.join(', ')}`);
  return v;
}

export interface VoteInput {
  member: string;
  vote: VoteChoice;
  date?: string | undefined;
  doubt?: string | undefined;
}

export function castVote(
  db: Db,
  id: number,
  input: VoteInput,
): { application: ApplicationRecord; state: ApplicationState; member: string } {
  return writeTransaction(db, () => {
    const a = requireApplication(db, id);
    if (a.status !== 'open') {
      throw new LatoError(
        `application ${id} is ${a.status === 'regiegroep' ? 'with the regiegroep' : a.status}: the vote is closed`,
      );
    }
    const member = findMember(db, input.member);
    if (!member || !member.active) {
      const names = listMembers(db).map((m) => m.name);
      throw new LatoError(
        `${input.member.trim()} is not a member of the project group${member ? ' any more' : ''}: only members vote`,
        {
          hint: names.length
            ? `the members: ${names.join(', ')}`
            : 'the project group has no members (lato projectgroup add NAME)',
        },
      );
    }
    const earlier = a.votes.find((v) => v.memberId === member.id);
    if (earlier) {
      throw new LatoError(
        `${member.name} already voted on application ${id} (${earlier.vote} on ${earlier.castOn}): one vote per member`,
      );
    }
    const castOn = dateOption(input.date);
    if (castOn < a.nominatedOn) {
      throw new LatoError(`the vote date ${castOn} lies before the nomination (${a.nominatedOn})`);
    }
    insertVote(db, id, member.id, input.vote, castOn);
    if (input.doubt !== undefined) raiseDoubt(db, getApplication(db, id)!, `${member.name}: ${input.doubt}`);
    const application = getApplication(db, id)!;
    return { application, state: applicationState(db, application), member: member.name };
  });
}

// ---------------------------------------------------------------------------------------------
// Deciding

export interface DecideInput {
  date?: string | undefined;
  effective?: string | undefined;
  code?: string | undefined;
  closeVote?: boolean | undefined;
  doubt?: string | undefined;
}

export interface Decision {
  application: ApplicationRecord;
  result: VoteResult;
  /** the partner a granted application created */
  partner: string | null;
  warnings: string[];
}

/** The project group's decision: granted, refused, or referred to the regiegroep. */
export function decideApplication(db: Db, id: number, input: DecideInput): Decision {
  return writeTransaction(db, () => {
    const a = requireApplication(db, id);
    const decidedOn = dateOption(input.date);
    const state = applicationState(db, a);
    if (input.doubt !== undefined) state.doubt = true;
    const problems = decisionProblems(state, setting<number>(db, 'applications.min_references'), {
      closeVote: !!input.closeVote,
    });
    if (problems.length > 0) {
      throw new LatoError(`application ${id} cannot be decided yet`, {
        problems: problems.map((message) => ({ message })),
      });
    }
    if (decidedOn < a.nominatedOn) {
      throw new LatoError(`the decision date ${decidedOn} lies before the nomination (${a.nominatedOn})`);
    }
    const result = voteResult(state.majority, state.electorate, state.tally, state.doubt, state.seats);
    const grant = result.outcome === 'granted' ? prepareGrant(db, a, decidedOn, input) : undefined;
    if (input.doubt !== undefined) raiseDoubt(db, a, input.doubt);
    const current = getApplication(db, id)!;
    if (result.outcome === 'granted')
      return finishGrant(db, current, 'projectgroep', decidedOn, result.reason, grant!, result);
    if (result.outcome === 'refused') {
      updateApplication(db, current, {
        status: 'refused',
        decidedBy: 'projectgroep',
        decidedOn,
        decisionNote: result.reason,
      });
    } else {
      updateApplication(db, current, {
        status: 'regiegroep',
        referredOn: decidedOn,
        doubt: true,
        doubtNote: current.doubtNote ?? result.reason,
        decisionNote: result.reason,
      });
    }
    return { application: getApplication(db, id)!, result, partner: null, warnings: [] };
  });
}

export interface RegiegroepInput extends DecideInput {
  decision: 'grant' | 'refuse';
  note?: string | undefined;
}

/** The regiegroep's decision on an application the project group referred to it. */
export function decideByRegiegroep(db: Db, id: number, input: RegiegroepInput): Decision {
  return writeTransaction(db, () => {
    const a = requireApplication(db, id);
    if (a.status !== 'regiegroep') {
      throw new LatoError(
        a.status === 'open'
          ? `application ${id} is not with the regiegroep: the project group decides it first (lato applications decide ${id})`
          : `application ${id} was already decided: ${a.status} on ${a.decidedOn ?? '?'}`,
      );
    }
    const decidedOn = dateOption(input.date);
    if (a.referredOn && decidedOn < a.referredOn) {
      throw new LatoError(
        `the decision date ${decidedOn} lies before the referral to the regiegroep (${a.referredOn})`,
      );
    }
    const note = input.note?.trim() || null;
    const result: VoteResult = {
      outcome: input.decision === 'grant' ? 'granted' : 'refused',
      reason: `the regiegroep ${input.decision === 'grant' ? 'granted' : 'refused'} it on ${decidedOn}${note ? `: ${note}` : ''}`,
    };
    const grant = input.decision === 'grant' ? prepareGrant(db, a, decidedOn, input) : undefined;
    if (grant) return finishGrant(db, a, 'regiegroep', decidedOn, note ?? result.reason, grant, result);
    updateApplication(db, a, {
      status: 'refused',
      decidedBy: 'regiegroep',
      decidedOn,
      decisionNote: note ?? result.reason,
    });
    return { application: getApplication(db, id)!, result, partner: null, warnings: [] };
  });
}

interface PreparedGrant {
  code: string;
  effective: string;
  warnings: string[];
}

/** Checks what granting needs (the partner code, the start date) before anything is written. */
function prepareGrant(db: Db, a: ApplicationRecord, decidedOn: string, input: DecideInput): PreparedGrant {
  const effective =
    input.effective === undefined
      ? defaultEffectiveDate(decidedOn)
      : dateOption(input.effective, '--effective');
  let code: string;
  if (a.partnerId !== null) {
    if (input.code)
      throw new LatoError(`--code: application ${a.id} is for partner ${a.partner}, which keeps its code`);
    code = a.partner!;
  } else if (input.code) {
    code = input.code.trim().toUpperCase();
    if (findPartner(db, { code }))
      throw new LatoError(`partner code ${code} is taken`, { hint: 'choose another with --code' });
  } else {
    code = partnerCodeFor(a.organisation, (c) => findPartner(db, { code: c }) !== undefined);
  }
  const period = setting<{ from: number; to: number }>(db, 'eligibility.covenant_period');
  const warnings: string[] = [];
  if (effective > `${period.to}-12-31` || effective < `${period.from}-01-01`) {
    warnings.push(
      `the membership starts on ${effective}, outside the covenant period ${period.from}-${period.to}: check that a covenant covers it (lato eligibility settings --covenant-period)`,
    );
  }
  return { code, effective, warnings };
}

function finishGrant(
  db: Db,
  a: ApplicationRecord,
  by: 'projectgroep' | 'regiegroep',
  decidedOn: string,
  note: string,
  grant: PreparedGrant,
  result: VoteResult,
): Decision {
  const who = by === 'projectgroep' ? 'de projectgroep' : 'de regiegroep';
  const granted = `Uitgebreid lidmaatschap toegekend door ${who} op ${formatDateNl(decidedOn)} (aanvraag ${a.id})`;
  const partner =
    a.partnerId !== null
      ? changeToExtended(db, a, grant, `${granted}, vanaf ${formatDateNl(grant.effective)}.`)
      : newExtendedPartner(db, a, grant, `${granted}, lid vanaf ${formatDateNl(grant.effective)}.`);
  updateApplication(db, a, {
    status: 'granted',
    decidedBy: by,
    decidedOn,
    decisionNote: note,
    effectiveFrom: grant.effective,
    ...(a.partnerId === null ? { partnerId: partner.id } : {}),
  });
  return { application: getApplication(db, a.id)!, result, partner: partner.code, warnings: grant.warnings };
}

/** A granted application of an organisation that is no partner yet: a new extended member. */
function newExtendedPartner(
  db: Db,
  a: ApplicationRecord,
  grant: PreparedGrant,
  notes: string,
): { id: number; code: string } {
  const id = insertPartner(
    db,
    {
      code: grant.code,
      name: a.organisation,
      sector: setting<string>(db, 'eligibility.sector_without_pupils'),
      kind: a.kind ?? 'other',
      municipality: a.municipality,
      kvk: a.kvk,
      oin: null,
      street: null,
      postalCode: null,
      city: null,
      contactName: null,
      contactEmail: null,
      invoiceEmail: null,
      invoiceStreet: null,
      invoicePostalCode: null,
      invoiceCity: null,
      buyerReference: null,
      membership: 'extended',
      parentCode: null,
      joinedOn: grant.effective,
      leftOn: null,
      notes,
      locations: null,
    },
    null,
  );
  return { id, code: grant.code };
}

/**
 * A granted change of membership: the partner is an extended member from the effective date; the
 * change is recorded with the membership it had before, so the fees of earlier years stay right.
 */
function changeToExtended(
  db: Db,
  a: ApplicationRecord,
  grant: PreparedGrant,
  line: string,
): { id: number; code: string } {
  const partner = findPartner(db, { id: a.partnerId! })!;
  if (partner.membership !== 'extended') {
    insertMembershipChange(db, {
      partnerId: partner.id,
      partner: partner.code,
      from: partner.membership,
      to: 'extended',
      effectiveFrom: grant.effective,
      applicationId: a.id,
      note: line,
    });
  }
  updatePartner(
    db,
    partner,
    {
      ...partnerFieldsOf(partner),
      membership: 'extended',
      notes: partner.notes ? `${partner.notes}\n${line}` : line,
      locations: null,
    },
    partner.parentId,
  );
  return { id: partner.id, code: partner.code };
}
