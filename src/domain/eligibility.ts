// Who may join LATO, and as what: the admission rules of the plan's section "Lid worden /
// lidmaatschap opzeggen" (covenant period 2019-2022). Each rule is a small function that reads
// like the plan and returns a Finding: the conditions it checked, in plain words, and what is
// still missing. No rule throws; the parameters (municipalities, areas, the covenant period, the
// number of references) come in as data.

import type { ApplicationState } from './applications.js';
import { describeApplication } from './applications.js';
import type { Kind, Membership } from './partner.js';

/** true: qualifies; false: does not; 'pending': cannot say yet (data or a decision is missing). */
export type Eligible = true | false | 'pending';

/** The plan's rules 1-5; 'party' for the covenant's own parties outside them; 'none' when no rule covers it. */
export type RuleId = '1' | '2' | '3' | '4' | '5' | 'party' | 'none';

export interface Finding {
  rule: RuleId;
  /** the membership this rule gives */
  membership: Membership | null;
  eligible: Eligible;
  reasons: string[];
  missing: string[];
}

/** A named group of municipalities (gebied); a municipality may be in it except some postcodes. */
export interface Area {
  code: string;
  municipalities: readonly AreaMunicipality[];
}

export interface AreaMunicipality {
  name: string;
  /** four-digit postcodes (PC4) of this municipality that lie outside the area */
  exceptPostcodes: readonly string[];
}

export interface EligibilityParams {
  /** the municipality whose school boards and schools rule 3 covers: Leiden */
  city: string;
  /** rule 1: LATO's own municipalities */
  basisArea: Area;
  /** rule 4: the samenwerkingsverband area per school sector (PO: PPO Leiden, VO: SWV VO 2801) */
  schoolAreas: Readonly<Record<string, Area>>;
  /** rule 5: the area of the two samenwerkingsverbanden together */
  preschoolAreas: readonly Area[];
  /** the sector of partners without participants or pupils */
  sectorWithoutPupils: string;
  /** the pre-school sector (voorschoolse educatie) */
  preschoolSector: string;
  /** sectors that no admission rule covers (HO, WO, MBO): only a covenant party or the regiegroep admits them */
  partySectors: readonly string[];
  /** the covenant period in calendar years: 2019-2022 */
  covenantPeriod: { from: number; to: number };
  /** rule 2: references an applicant supplies (at least two) */
  minReferences: number;
  /** rule 2 read as "such organisations": the extended membership also needs rule 1's municipalities */
  extendedRequiresBasisArea: boolean;
}

/** An organisation as the rules see it: a partner in the registry, or a candidate. */
export interface Organisation {
  /** partner code, or the candidate's name */
  ref: string;
  name: string;
  kind: Kind;
  sector: string;
  municipality: string | null;
  postalCode: string | null;
  /** has participants or pupils (deelnemers of leerlingen); null: not known */
  hasPupils: boolean | null;
  /** the membership recorded in the registry; null for a candidate */
  membership: Membership | null;
  joinedOn: string | null;
  leftOn: string | null;
  /** the school board (parent) a school falls under, when recorded */
  board: { ref: string; name: string; municipality: string | null; covenantParty?: string | null } | null;
  /** the covenant's list names it as a party: the party as the covenant writes it; null: not a party */
  covenantParty?: string | null;
}

/** An organisation that is not in the registry: no membership, dates or board unless given. */
export function newOrganisation(
  o: Pick<Organisation, 'name' | 'kind' | 'sector' | 'municipality'> & Partial<Organisation>,
): Organisation {
  return {
    ref: o.name,
    postalCode: null,
    hasPupils: null,
    membership: null,
    joinedOn: null,
    leftOn: null,
    board: null,
    ...o,
  };
}

// ---------------------------------------------------------------------------------------------
// Conditions: each is met, unmet or unknown, with a reason; an unknown one says what is missing.

export interface Condition {
  status: 'met' | 'unmet' | 'unknown';
  reason: string;
  missing?: string;
}

const met = (reason: string): Condition => ({ status: 'met', reason });
const unmet = (reason: string): Condition => ({ status: 'unmet', reason });
const unknown = (reason: string, missing: string): Condition => ({ status: 'unknown', reason, missing });

/** A finding from its conditions: any unmet → not eligible; else any unknown → pending; else eligible. */
export function findingOf(rule: RuleId, membership: Membership | null, conditions: Condition[]): Finding {
  const eligible: Eligible = conditions.some((c) => c.status === 'unmet')
    ? false
    : conditions.some((c) => c.status === 'unknown')
      ? 'pending'
      : true;
  return {
    rule,
    membership,
    eligible,
    reasons: conditions.map((c) => c.reason),
    missing: conditions.flatMap((c) => (c.missing ? [c.missing] : [])),
  };
}

// ---------------------------------------------------------------------------------------------
// Places

/** Compares municipality names as people write them: case, spaces, hyphens and `&` for `en`. */
export function municipalityKey(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' en ')
    .replace(/[^a-z0-9]+/g, '');
}

export function sameMunicipality(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && municipalityKey(a) === municipalityKey(b);
}

/** `PPO_LEIDEN` → `PPO Leiden`-like words for messages: the code with spaces. */
export function areaLabel(area: Area): string {
  return area.code.replace(/_/g, ' ');
}

function listNames(area: Area): string {
  return area.municipalities.map((m) => m.name).join(', ');
}

/** Whether an organisation's place lies in an area, as a condition. */
export function inArea(area: Area, municipality: string | null, postalCode: string | null): Condition {
  const label = areaLabel(area);
  if (area.municipalities.length === 0) {
    return unknown(
      `the area ${label} lists no municipalities`,
      `the municipalities of area ${area.code} (lato areas add ${area.code} MUNICIPALITY)`,
    );
  }
  if (!municipality) {
    return unknown('the municipality is not recorded', 'the municipality (gemeente)');
  }
  const entry = area.municipalities.find((m) => sameMunicipality(m.name, municipality));
  if (!entry) return unmet(`${municipality} is outside the area ${label} (${listNames(area)})`);
  if (entry.exceptPostcodes.length > 0) {
    const pc4 = postalCode?.replace(/\s+/g, '').slice(0, 4) ?? '';
    if (!/^\d{4}$/.test(pc4)) {
      return unknown(
        `${entry.name} is only partly in the area ${label} (not postcodes ${entry.exceptPostcodes.join(', ')})`,
        'the postal code, to place it in or outside the area',
      );
    }
    if (entry.exceptPostcodes.includes(pc4)) {
      return unmet(`postcode ${pc4} of ${entry.name} is outside the area ${label}`);
    }
  }
  return met(`${entry.name} is in the area ${label}`);
}

/** In at least one of several areas (rule 5: the two samenwerkingsverbanden together). */
function inAnyArea(
  areas: readonly Area[],
  municipality: string | null,
  postalCode: string | null,
): Condition {
  const each = areas.map((a) => inArea(a, municipality, postalCode));
  return (
    each.find((c) => c.status === 'met') ??
    each.find((c) => c.status === 'unknown') ??
    unmet(each.map((c) => c.reason).join('; '))
  );
}

// ---------------------------------------------------------------------------------------------
// What an organisation is

/** "zonder deelnemers of leerlingen" */
function withoutParticipantsOrPupils(org: Organisation, p: EligibilityParams): Condition {
  const has = org.hasPupils ?? (org.sector === p.sectorWithoutPupils ? false : null);
  if (has === false) return met('it has no participants or pupils');
  if (has === true)
    return unmet('it has participants or pupils (rules 1 and 2 are for organisations without)');
  return unknown(
    'whether it has participants or pupils is not recorded',
    'whether it has participants or pupils',
  );
}

function isLeiden(org: Organisation, p: EligibilityParams): boolean {
  return sameMunicipality(org.municipality, p.city);
}

// ---------------------------------------------------------------------------------------------
// The rules

/**
 * Rule 1. All companies and institutions in Leiden without participants or pupils qualify for a
 * basis membership, and so become covenant partner; the same holds in Leiderdorp, Voorschoten,
 * Oegstgeest, Wassenaar, Zoeterwoude and Kaag en Braassem.
 */
export function rule1BasisMembership(org: Organisation, p: EligibilityParams): Finding {
  return findingOf('1', 'basis', [
    withoutParticipantsOrPupils(org, p),
    inArea(p.basisArea, org.municipality, org.postalCode),
  ]);
}

/**
 * Rule 2. Companies and institutions without participants or pupils that want the extended
 * membership are nominated by the project leader to the project group; the applicant supplies a
 * profile description and at least two references; if a majority of the project group votes in
 * favour, the membership is granted; in case of doubt the regiegroep is consulted.
 */
export function rule2ExtendedMembership(
  org: Organisation,
  application: ApplicationState | null,
  p: EligibilityParams,
): Finding {
  const conditions: Condition[] = [withoutParticipantsOrPupils(org, p)];
  if (p.extendedRequiresBasisArea) conditions.push(inArea(p.basisArea, org.municipality, org.postalCode));
  if (!application) {
    if (org.membership === 'extended') {
      const start = `${p.covenantPeriod.from}-01-01`;
      if (org.joinedOn === null || org.joinedOn < start) {
        conditions.push(
          met(
            `extended member from before the covenant period ${periodLabel(p)}: current partners re-sign the covenant, no new application is needed`,
          ),
        );
      } else {
        conditions.push(
          unknown(
            `recorded as extended member since ${org.joinedOn}, but lato holds no granted application`,
            `a granted application (lato applications new --partner ${org.ref} --membership uitgebreid)`,
          ),
        );
      }
    } else {
      conditions.push(
        unknown(
          'no application for the extended membership',
          org.membership === null
            ? 'a nomination by the project leader (lato applications new --organisation NAME --municipality NAME)'
            : `a nomination by the project leader (lato applications new --partner ${org.ref} --membership uitgebreid)`,
        ),
      );
    }
    return findingOf('2', 'extended', conditions);
  }
  conditions.push(...applicationConditions(application, p));
  return findingOf('2', 'extended', conditions);
}

/** The procedure of rule 2, step by step, as conditions. */
export function applicationConditions(a: ApplicationState, p: EligibilityParams): Condition[] {
  const out: Condition[] = [met(`nominated by ${a.nominatedBy} (project leader) on ${a.nominatedOn}`)];
  out.push(
    a.profile && a.profile.trim() !== ''
      ? met('a profile description is supplied')
      : unknown(
          'no profile description yet',
          `a profile description (profielbeschrijving; lato applications edit ${a.id} --profile TEXT)`,
        ),
  );
  const short = p.minReferences - a.references;
  out.push(
    short <= 0
      ? met(
          `${a.references} reference${a.references === 1 ? '' : 's'} (at least ${p.minReferences} required)`,
        )
      : unknown(
          `${a.references} of the ${p.minReferences} required references`,
          `${short} of the ${p.minReferences} required references (lato applications edit ${a.id} --reference "NAME; ORGANISATION; CONTACT")`,
        ),
  );
  const d = describeApplication(a);
  if (a.status === 'granted') out.push(met(d.text));
  else if (a.status === 'refused') out.push(unmet(d.text));
  else out.push(unknown(d.text, d.missing ?? 'a decision'));
  return out;
}

/**
 * Rule 3. All Leiden school boards are covenant partners; all Leiden schools under these boards
 * qualify for membership.
 */
export function rule3LeidenSchoolBoards(org: Organisation, p: EligibilityParams): Finding {
  const conditions: Condition[] = [];
  if (org.kind === 'school_board') {
    conditions.push(met('a school board'));
    conditions.push(placeIsCity(org, p, 'sits'));
  } else {
    conditions.push(met('a school'));
    conditions.push(placeIsCity(org, p, 'is'));
    if (!org.board) {
      conditions.push(met('no separate board is recorded: the school is its own (Leiden) board'));
    } else if (org.board.municipality === null) {
      conditions.push(
        unknown(
          `its board ${org.board.ref} has no municipality recorded`,
          `the municipality of board ${org.board.ref}`,
        ),
      );
    } else if (sameMunicipality(org.board.municipality, p.city)) {
      conditions.push(met(`it falls under the ${p.city} school board ${org.board.ref}`));
    } else {
      conditions.push(
        unmet(`its board ${org.board.ref} sits in ${org.board.municipality}, not in ${p.city}`),
      );
    }
  }
  return findingOf('3', 'covenant', conditions);
}

function placeIsCity(org: Organisation, p: EligibilityParams, verb: string): Condition {
  if (!org.municipality) return unknown('the municipality is not recorded', 'the municipality (gemeente)');
  return isLeiden(org, p)
    ? met(`it ${verb} in ${p.city}`)
    : unmet(`it ${verb} in ${org.municipality}, not in ${p.city}`);
}

/**
 * Rule 4. All schools under the Leiden samenwerkingsverbanden for primary (PPO Leiden) and
 * secondary education (SWV VO 2801) that are located outside the municipality of Leiden can
 * become members.
 */
export function rule4SchoolsInSwvArea(org: Organisation, p: EligibilityParams): Finding {
  const conditions: Condition[] = [
    met(org.kind === 'school_board' ? 'a school board (for its schools)' : 'a school'),
  ];
  if (!org.municipality) {
    conditions.push(unknown('the municipality is not recorded', 'the municipality (gemeente)'));
  } else if (isLeiden(org, p)) {
    conditions.push(unmet(`it is in ${p.city}: rule 3 covers ${p.city} schools`));
  } else {
    conditions.push(met(`it is outside ${p.city} (${org.municipality})`));
  }
  const area = p.schoolAreas[org.sector];
  if (!area) {
    const sectors = Object.keys(p.schoolAreas).join(' and ');
    conditions.push(
      unmet(`sector ${org.sector}: rule 4 covers the samenwerkingsverbanden of ${sectors} schools`),
    );
  } else {
    conditions.push(inArea(area, org.municipality, org.postalCode));
  }
  return findingOf('4', 'covenant', conditions);
}

/**
 * Rule 5. All institutions for pre-school education (voorschoolse educatie) in the same area as
 * the Leiden samenwerkingsverbanden for primary and secondary education can become members.
 */
export function rule5PreSchool(org: Organisation, p: EligibilityParams): Finding {
  return findingOf('5', 'covenant', [
    org.sector === p.preschoolSector || org.kind === 'childcare'
      ? met('an institution for pre-school education (VSE)')
      : unmet('not an institution for pre-school education (VSE)'),
    inAnyArea(p.preschoolAreas, org.municipality, org.postalCode),
  ]);
}

/**
 * A party to the covenant: the covenant lists its parties by name, and only the partners that
 * list stands for (table covenant_parties, `lato covenant`) are parties; a school or institute
 * whose board is such a party falls under it. Everyone else is judged by the five rules.
 */
export function covenantParty(org: Organisation): Finding | undefined {
  const recorded = org.membership !== null && org.membership !== 'none' ? org.membership : null;
  if (org.covenantParty) {
    return findingOf('party', recorded ?? 'covenant', [
      met(`a party to the covenant (listed as "${org.covenantParty}")`),
      ...(recorded ? [met(`recorded as ${recorded} member`)] : []),
    ]);
  }
  if (org.board?.covenantParty) {
    return findingOf('party', recorded ?? 'covenant', [
      met(`falls under ${org.board.ref}, a party to the covenant (listed as "${org.board.covenantParty}")`),
      ...(recorded ? [met(`recorded as ${recorded} member`)] : []),
    ]);
  }
  return undefined;
}

/**
 * An organisation that none of the five rules covers (a municipality, a samenwerkingsverband, a
 * college or university) and that the covenant does not list: only the regiegroep can admit it, and
 * then it signs the covenant as a party.
 */
export function noRuleFinding(org: Organisation, p: EligibilityParams): Finding {
  const what =
    org.kind === 'municipality'
      ? 'a municipality'
      : org.kind === 'swv'
        ? 'a samenwerkingsverband'
        : `an organisation of sector ${org.sector}`;
  const record =
    org.membership === null
      ? 'lato partners add, then lato covenant add CODE'
      : `lato covenant add ${org.ref}`;
  return findingOf('none', org.kind === 'municipality' || org.kind === 'swv' ? 'funder' : 'covenant', [
    unknown(
      `${what}: none of the five rules covers it, and the covenant does not list it as a party${org.membership !== null && org.membership !== 'none' ? ` (recorded as ${org.membership} member)` : ''}`,
      `a decision of the regiegroep to admit it as a party to the covenant ${periodLabel(p)} (record it with: ${record} --party NAME)`,
    ),
  ]);
}

/** Whether no admission rule covers this kind of organisation. */
export function noRuleCovers(org: Organisation, p: EligibilityParams): boolean {
  return org.kind === 'municipality' || org.kind === 'swv' || p.partySectors.includes(org.sector);
}

// ---------------------------------------------------------------------------------------------
// The verdict

export interface Verdict extends Finding {
  partner: string;
  name: string;
  /** the membership recorded in the registry (null for a candidate) */
  recordedMembership: Membership | null;
  /** every rule that was evaluated for this organisation */
  findings: Finding[];
}

/**
 * Which rules apply to this kind of organisation, the primary one first. An organisation
 * without pupils is judged by rule 2 when it is (or applies to be) an extended member, else by
 * rule 1.
 */
export function applicableFindings(
  org: Organisation,
  application: ApplicationState | null,
  p: EligibilityParams,
): Finding[] {
  const party = covenantParty(org);
  const rules = ruleFindings(org, application, p);
  return party ? [party, ...rules] : rules;
}

/** The admission rules that apply to this kind of organisation, the primary one first. */
function ruleFindings(
  org: Organisation,
  application: ApplicationState | null,
  p: EligibilityParams,
): Finding[] {
  if (noRuleCovers(org, p)) return [noRuleFinding(org, p)];
  if (org.sector === p.preschoolSector || org.kind === 'childcare') return [rule5PreSchool(org, p)];
  if (org.kind === 'school' || org.kind === 'school_board') {
    const r3 = rule3LeidenSchoolBoards(org, p);
    const r4 = rule4SchoolsInSwvArea(org, p);
    return org.municipality && !isLeiden(org, p) ? [r4, r3] : [r3, r4];
  }
  const r1 = rule1BasisMembership(org, p);
  const r2 = rule2ExtendedMembership(org, application, p);
  // a basis member whose application for the extended membership was refused stays a basis member
  const applying = application !== null && !(org.membership === 'basis' && application.status === 'refused');
  return org.membership === 'extended' || applying ? [r2, r1] : [r1, r2];
}

export function checkEligibility(
  org: Organisation,
  application: ApplicationState | null,
  p: EligibilityParams,
): Verdict {
  const findings = applicableFindings(org, application, p);
  const primary = findings[0]!;
  const reasons = [...primary.reasons];
  if (primary.rule === '2' && primary.eligible !== true) {
    const r1 = findings.find((f) => f.rule === '1');
    if (r1?.eligible === true) reasons.push('meanwhile it qualifies for the basis membership (rule 1)');
  }
  if (
    org.membership !== null &&
    org.membership !== 'none' &&
    primary.membership !== null &&
    primary.membership !== org.membership &&
    primary.eligible === true
  ) {
    reasons.push(`the registry records it as ${org.membership} member`);
  }
  if (org.leftOn) reasons.push(`left on ${org.leftOn}`);
  if (
    primary.eligible === false &&
    org.membership !== null &&
    (org.joinedOn === null || org.joinedOn < `${p.covenantPeriod.from}-01-01`)
  ) {
    reasons.push(
      `a partner from before the covenant period ${periodLabel(p)}: the plan asks current partners to re-sign; the criteria are for new partners`,
    );
  }
  return {
    ...primary,
    reasons,
    partner: org.ref,
    name: org.name,
    recordedMembership: org.membership,
    findings,
  };
}

export function periodLabel(p: EligibilityParams): string {
  return `${p.covenantPeriod.from}-${p.covenantPeriod.to}`;
}
