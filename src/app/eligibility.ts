// `lato eligibility check`: the admission rules applied to partners in the registry, to one
// candidate described by flags, or to a CSV file of candidates. Reads the rules' parameters from
// the settings and areas; writes nothing.

import type { ApplicationState, MajorityRule } from '../domain/applications.js';
import { tallyOf } from '../domain/applications.js';
import type { EligibilityParams, Organisation, Verdict } from '../domain/eligibility.js';
import { checkEligibility, newOrganisation } from '../domain/eligibility.js';
import { KINDS, closest, parseKind, type Kind } from '../domain/partner.js';
import { LatoError, type Problem } from '../domain/errors.js';
import type { Db } from '../db/connection.js';
import { getArea, resolveMunicipality } from '../db/areas.js';
import type { ApplicationRecord } from '../db/applications.js';
import { applicationOfPartner } from '../db/applications.js';
import { allPartnerOrganisations, findPartnerOrganisation } from '../db/organisations.js';
import { knownValues } from '../db/reference.js';
import { listMembers } from '../db/projectgroup.js';
import { openCsv, type CsvOptions } from '../io/csv.js';
import { mapColumns, ProblemList, type FieldSpec } from '../io/table.js';
import { setting } from './defaults.js';

export function loadEligibilityParams(db: Db): EligibilityParams {
  const schoolAreas = setting<Record<string, string>>(db, 'eligibility.school_areas');
  return {
    city: setting<string>(db, 'eligibility.city'),
    basisArea: getArea(db, setting<string>(db, 'eligibility.basis_area')),
    schoolAreas: Object.fromEntries(Object.entries(schoolAreas).map(([s, a]) => [s, getArea(db, a)])),
    preschoolAreas: setting<string[]>(db, 'eligibility.preschool_areas').map((a) => getArea(db, a)),
    sectorWithoutPupils: setting<string>(db, 'eligibility.sector_without_pupils'),
    preschoolSector: setting<string>(db, 'eligibility.preschool_sector'),
    partySectors: setting<string[]>(db, 'eligibility.party_sectors'),
    covenantPeriod: setting<{ from: number; to: number }>(db, 'eligibility.covenant_period'),
    minReferences: setting<number>(db, 'applications.min_references'),
    extendedRequiresBasisArea: setting<boolean>(db, 'eligibility.extended_requires_basis_area'),
  };
}

/** The application as the rules see it: counts, the electorate and the majority rule. */
export function applicationState(db: Db, a: ApplicationRecord): ApplicationState {
  const active = listMembers(db).map((m) => m.id);
  const electorate = new Set([...active, ...a.votes.map((v) => v.memberId)]).size;
  return {
    id: a.id,
    organisation: a.organisation,
    nominatedBy: a.nominatedBy,
    nominatedOn: a.nominatedOn,
    profile: a.profile,
    references: a.references.length,
    status: a.status,
    decidedBy: a.decidedBy,
    decidedOn: a.decidedOn,
    referredOn: a.referredOn,
    effectiveFrom: a.effectiveFrom,
    doubt: a.doubt,
    doubtNote: a.doubtNote,
    tally: tallyOf(a.votes.map((v) => v.vote)),
    electorate,
    majority: setting<MajorityRule>(db, 'applications.majority'),
    seats: setting<number>(db, 'projectgroup.size'),
  };
}

/** Verdicts for one partner (by code, KvK or name) or for all partners. */
export function checkPartners(db: Db, ref: string | null): Verdict[] {
  const p = loadEligibilityParams(db);
  const partners = ref
    ? [findPartnerOrganisation(db, ref, p.sectorWithoutPupils)].filter((x) => x !== undefined)
    : allPartnerOrganisations(db, p.sectorWithoutPupils);
  if (ref && partners.length === 0) {
    throw new LatoError(`no partner "${ref}"`, {
      hint: 'give a partner code, KvK number or name; to check an organisation that is not a partner yet, use --name with --municipality and --sector or --kind',
    });
  }
  return partners.map(({ partnerId, org }) => {
    const application = applicationOfPartner(db, partnerId);
    return checkEligibility(org, application ? applicationState(db, application) : null, p);
  });
}

// ---------------------------------------------------------------------------------------------
// Candidates: organisations that are not partners yet

export interface CandidateInput {
  name?: string | undefined;
  municipality?: string | undefined;
  sector?: string | undefined;
  kind?: string | undefined;
  pupils?: string | undefined;
  postalCode?: string | undefined;
  board?: string | undefined;
}

type Field = keyof CandidateInput;

const YES = ['yes', 'y', 'ja', 'j', 'true', '1'];
const NO = ['no', 'n', 'nee', 'false', '0'];

/** Reads yes/no as people write it (ja/nee too); undefined for anything else. */
export function parseYesNo(raw: string): boolean | undefined {
  const s = raw.trim().toLowerCase();
  if (YES.includes(s)) return true;
  if (NO.includes(s)) return false;
  return undefined;
}

/** Validates a candidate; returns the organisation, or the problems (each naming its field). */
export function candidateOrganisation(
  db: Db,
  input: CandidateInput,
  p: EligibilityParams,
): { org?: Organisation; problems: { field: Field; message: string; hint?: string }[] } {
  const problems: { field: Field; message: string; hint?: string }[] = [];
  const name = input.name?.trim() ?? '';
  if (!name) problems.push({ field: 'name', message: 'the name is missing' });

  let municipality: string | null = null;
  if (input.municipality?.trim()) {
    municipality = resolveMunicipality(db, input.municipality) ?? null;
    if (!municipality) {
      problems.push({
        field: 'municipality',
        message: `unknown municipality "${input.municipality.trim()}"`,
        hint: municipalityHint(db, input.municipality),
      });
    }
  }

  const sectors = [...knownValues(db).sectors];
  let sector: string | undefined;
  if (input.sector?.trim()) {
    sector = sectors.find((s) => s.toLowerCase() === input.sector!.trim().toLowerCase());
    if (!sector) {
      problems.push({
        field: 'sector',
        message: `unknown sector "${input.sector.trim()}"`,
        hint: `use one of ${sectors.join(', ')}`,
      });
    }
  }

  let kind: Kind | undefined;
  if (input.kind?.trim()) {
    kind = parseKind(input.kind.trim());
    if (!kind) {
      problems.push({
        field: 'kind',
        message: `unknown kind "${input.kind.trim()}"`,
        hint: `use one of ${KINDS.join(', ')}`,
      });
    }
  }

  let hasPupils: boolean | null = null;
  if (input.pupils?.trim()) {
    const b = parseYesNo(input.pupils);
    if (b === undefined) {
      problems.push({ field: 'pupils', message: `"${input.pupils.trim()}" is not yes or no` });
    } else hasPupils = b;
  }

  const postalCode = input.postalCode?.trim() || null;
  if (postalCode && !/^\d{4}\s?[A-Za-z]{2}$|^\d{4}$/.test(postalCode)) {
    problems.push({ field: 'postalCode', message: `"${postalCode}" is not a Dutch postal code (1234 AB)` });
  }

  let board: Organisation['board'] = null;
  if (input.board?.trim()) {
    const b = findPartnerOrganisation(db, input.board, p.sectorWithoutPupils);
    if (!b) problems.push({ field: 'board', message: `no partner "${input.board.trim()}" to be the board` });
    else
      board = {
        ref: b.org.ref,
        name: b.org.name,
        municipality: b.org.municipality,
        covenantParty: b.org.covenantParty ?? null,
      };
  }

  if (problems.some((x) => x.field === 'sector' || x.field === 'kind')) return { problems };
  if (!sector && !kind) {
    problems.push({
      field: 'sector',
      message: 'give the sector or the kind of organisation',
      hint: `sectors: ${sectors.join(', ')}; kinds: ${KINDS.join(', ')}`,
    });
    return { problems };
  }
  sector ??= sectorForKind(kind!, p);
  if (!sector) {
    problems.push({
      field: 'sector',
      message: `the sector of a ${kind} is needed (which samenwerkingsverband it falls under)`,
      hint: `use one of ${sectors.join(', ')}`,
    });
    return { problems };
  }
  kind ??= kindForSector(sector, p);
  if (hasPupils === null && sector === p.sectorWithoutPupils) hasPupils = false;
  if (hasPupils === null && sector !== p.sectorWithoutPupils && !p.partySectors.includes(sector)) {
    hasPupils = true;
  }
  if (problems.length > 0) return { problems };
  return {
    problems,
    org: newOrganisation({ name, kind, sector, municipality, postalCode, hasPupils, board }),
  };
}

function sectorForKind(kind: Kind, p: EligibilityParams): string | undefined {
  if (kind === 'childcare') return p.preschoolSector;
  if (['company', 'museum', 'foundation', 'other', 'municipality', 'swv'].includes(kind)) {
    return p.sectorWithoutPupils;
  }
  return undefined;
}

function kindForSector(sector: string, p: EligibilityParams): Kind {
  if (sector === p.preschoolSector) return 'childcare';
  if (sector in p.schoolAreas) return 'school';
  return 'other';
}

/** "did you mean …?" for a misspelt municipality, else how to register a new one. */
export function municipalityHint(db: Db, raw: string): string {
  const guess = closest(raw.trim(), knownValues(db).municipalities);
  return guess
    ? `did you mean "${guess}"?`
    : 'lato areas list --municipalities shows the registered ones; lato areas add-municipality NAME registers another';
}

const FIELD_FLAGS: Record<Field, string> = {
  name: '--name',
  municipality: '--municipality',
  sector: '--sector',
  kind: '--kind',
  pupils: '--pupils',
  postalCode: '--postal-code',
  board: '--board',
};

/** One candidate from the command line's flags. */
export function checkCandidate(db: Db, input: CandidateInput): Verdict {
  const p = loadEligibilityParams(db);
  const { org, problems } = candidateOrganisation(db, input, p);
  if (!org) {
    throw new LatoError(problems.length === 1 ? problems[0]!.message : 'the candidate cannot be checked', {
      problems:
        problems.length === 1
          ? []
          : problems.map((x) => ({ message: `${FIELD_FLAGS[x.field]}: ${x.message}`, hint: x.hint })),
      ...(problems.length === 1 && problems[0]!.hint ? { hint: problems[0]!.hint } : {}),
    });
  }
  return checkEligibility(org, null, p);
}

const CANDIDATE_FIELDS: readonly FieldSpec<Field>[] = [
  { key: 'name', aliases: ['naam', 'organisatie', 'organisation', 'organization'], required: true },
  { key: 'municipality', aliases: ['gemeente', 'gemeentenaam'] },
  { key: 'sector', aliases: ['werkveld'] },
  { key: 'kind', aliases: ['soort', 'type', 'kind of organisation'] },
  { key: 'pupils', aliases: ['leerlingen', 'deelnemers', 'has pupils', 'participants'] },
  { key: 'postalCode', aliases: ['postcode', 'postal code', 'zip'] },
  { key: 'board', aliases: ['bestuur', 'schoolbestuur', 'parent'] },
];

/** Every candidate of a CSV file; all bad rows reported at once (exit 1), as the importers do. */
export async function checkCandidatesFile(db: Db, file: string, opts: CsvOptions): Promise<Verdict[]> {
  const p = loadEligibilityParams(db);
  const src = await openCsv(file, opts);
  const { map, problems: headerProblems } = mapColumns(src, CANDIDATE_FIELDS);
  if (headerProblems.length > 0) {
    throw new LatoError(`${src.file}: the header does not fit`, { problems: headerProblems });
  }
  const problems = new ProblemList();
  const verdicts: Verdict[] = [];
  for await (const rec of src.records()) {
    const input: CandidateInput = {};
    for (const f of CANDIDATE_FIELDS) input[f.key] = map.get(rec, f.key);
    const { org, problems: rowProblems } = candidateOrganisation(db, input, p);
    for (const x of rowProblems) {
      const problem: Problem = {
        file: src.file,
        line: rec.line,
        column: map.headerOf(x.field),
        message: x.message,
      };
      if (x.hint) problem.hint = x.hint;
      problems.add(problem);
    }
    if (org) verdicts.push(checkEligibility(org, null, p));
  }
  if (problems.length > 0) {
    const n = problems.length;
    throw new LatoError(`${src.file}: ${n} problem${n === 1 ? '' : 's'}; no candidate was checked`, {
      problems: problems.list(),
    });
  }
  return verdicts;
}
