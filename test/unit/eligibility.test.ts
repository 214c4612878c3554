// The admission rules (src/domain/eligibility.ts): each rule with cases that pass and cases that
// fail by exactly one condition.

import { describe, expect, it } from 'vitest';
import type { Area, EligibilityParams, Organisation } from '../../src/domain/eligibility.js';
import { SEVEN, applicationState } from './fixtures.js';
import {
  checkEligibility,
  inArea,
  municipalityKey,
  newOrganisation,
  rule1BasisMembership,
  rule2ExtendedMembership,
  rule3LeidenSchoolBoards,
  rule4SchoolsInSwvArea,
  rule5PreSchool,
} from '../../src/domain/eligibility.js';

const area = (code: string, names: string[], except: Record<string, string[]> = {}): Area => ({
  code,
  municipalities: names.map((name) => ({ name, exceptPostcodes: except[name] ?? [] })),
});
const PPO = area('PPO_LEIDEN', SEVEN, { 'Kaag en Braassem': ['2355', '2451', '2465', '2481'] });
const SWV = area('SWV_VO_2801', SEVEN);

const P: EligibilityParams = {
  city: 'Leiden',
  basisArea: area('LATO', SEVEN),
  schoolAreas: { PO: PPO, VO: SWV },
  preschoolAreas: [PPO, SWV],
  sectorWithoutPupils: 'OVERIG',
  preschoolSector: 'VSE',
  partySectors: ['HO', 'WO', 'MBO'],
  covenantPeriod: { from: 2019, to: 2022 },
  minReferences: 2,
  extendedRequiresBasisArea: true,
};

const company = (municipality: string | null, extra: Partial<Organisation> = {}): Organisation =>
  newOrganisation({
    name: 'Bedrijf',
    kind: 'company',
    sector: 'OVERIG',
    municipality,
    hasPupils: false,
    ...extra,
  });
const school = (
  sector: string,
  municipality: string | null,
  extra: Partial<Organisation> = {},
): Organisation =>
  newOrganisation({ name: 'School', kind: 'school', sector, municipality, hasPupils: true, ...extra });
const board = (ref: string, municipality: string | null) => ({ ref, name: ref, municipality });

const application = applicationState;

describe('places', () => {
  it('matches municipality names as people write them', () => {
    expect(municipalityKey('Kaag&Braassem')).toBe(municipalityKey('Kaag en Braassem'));
    expect(municipalityKey(' leiden ')).toBe(municipalityKey('Leiden'));
    expect(municipalityKey('Leidschendam-Voorburg')).toBe(municipalityKey('Leidschendam Voorburg'));
  });

  it('places a postcode of a partly covered municipality in or outside the area', () => {
    expect(inArea(PPO, 'Kaag en Braassem', '2371 AB').status).toBe('met');
    expect(inArea(PPO, 'Kaag en Braassem', '2451 AB')).toMatchObject({
      status: 'unmet',
      reason: 'postcode 2451 of Kaag en Braassem is outside the area PPO LEIDEN',
    });
    expect(inArea(PPO, 'Kaag en Braassem', null)).toMatchObject({
      status: 'unknown',
      missing: 'the postal code, to place it in or outside the area',
    });
  });

  it('says an area without municipalities cannot place anything', () => {
    const c = inArea(area('EMPTY', []), 'Leiden', null);
    expect(c.status).toBe('unknown');
    expect(c.missing).toContain('lato areas add EMPTY');
  });
});

describe('rule 1: basis membership for organisations without pupils in the seven municipalities', () => {
  it('admits a company in Leiden and in each of the other six municipalities', () => {
    for (const m of SEVEN) {
      const f = rule1BasisMembership(company(m), P);
      expect(f).toMatchObject({ rule: '1', membership: 'basis', eligible: true, missing: [] });
    }
  });

  it('refuses a company just outside the listed municipalities (Katwijk), naming the reason', () => {
    const f = rule1BasisMembership(company('Katwijk'), P);
    expect(f.eligible).toBe(false);
    expect(f.reasons).toContain('it has no participants or pupils');
    expect(f.reasons.join(' ')).toMatch(/Katwijk is outside the area LATO/);
  });

  it('refuses an organisation in Leiden that has participants or pupils', () => {
    const f = rule1BasisMembership(company('Leiden', { hasPupils: true }), P);
    expect(f.eligible).toBe(false);
    expect(f.reasons).toContain('Leiden is in the area LATO');
    expect(f.reasons.join(' ')).toMatch(/has participants or pupils/);
  });

  it('is pending when the municipality is not recorded, and says so', () => {
    const f = rule1BasisMembership(company(null), P);
    expect(f).toMatchObject({ eligible: 'pending', missing: ['the municipality (gemeente)'] });
  });
});

describe('rule 2: the extended membership', () => {
  it('is granted with a nomination, a profile, two references and a majority', () => {
    const f = rule2ExtendedMembership(
      company('Leiden'),
      application({
        status: 'granted',
        decidedBy: 'projectgroep',
        decidedOn: '2019-03-20',
        tally: { yes: 8, no: 6, abstain: 0 },
      }),
      P,
    );
    expect(f).toMatchObject({ rule: '2', membership: 'extended', eligible: true, missing: [] });
    expect(f.reasons.join('\n')).toMatch(/granted by the project group on 2019-03-20/);
  });

  it('misses "1 of the 2 required references" with only one reference', () => {
    const f = rule2ExtendedMembership(company('Leiden'), application({ references: 1 }), P);
    expect(f.eligible).toBe('pending');
    expect(f.missing).toContain(
      '1 of the 2 required references (lato applications edit 1 --reference "NAME; ORGANISATION; CONTACT")',
    );
  });

  it('misses the profile description when there is none', () => {
    const f = rule2ExtendedMembership(company('Leiden'), application({ profile: null }), P);
    expect(f.missing).toContain(
      'a profile description (profielbeschrijving; lato applications edit 1 --profile TEXT)',
    );
  });

  it('says how many yes votes a majority still needs', () => {
    const f = rule2ExtendedMembership(
      company('Leiden'),
      application({ tally: { yes: 7, no: 0, abstain: 0 } }),
      P,
    );
    expect(f.missing).toContain(
      'a majority of the project group: 1 more yes vote (8 of 14 members in office; record votes with lato applications vote 1 --member NAME --vote yes|no|abstain)',
    );
  });

  it('waits for the regiegroep after a referral, and fails after a refusal', () => {
    const referred = rule2ExtendedMembership(
      company('Leiden'),
      application({ status: 'regiegroep', referredOn: '2019-04-01', tally: { yes: 7, no: 7, abstain: 0 } }),
      P,
    );
    expect(referred.eligible).toBe('pending');
    expect(referred.missing[0]).toMatch(/the regiegroep's decision/);
    const refused = rule2ExtendedMembership(
      company('Leiden'),
      application({ status: 'refused', decidedBy: 'regiegroep', decidedOn: '2019-05-01' }),
      P,
    );
    expect(refused.eligible).toBe(false);
    expect(refused.reasons.join(' ')).toMatch(/refused by the regiegroep on 2019-05-01/);
  });

  it('needs rule 1’s municipalities (setting), and not when the setting is off', () => {
    const outside = rule2ExtendedMembership(company('Katwijk'), application({ status: 'granted' }), P);
    expect(outside.eligible).toBe(false);
    const free = rule2ExtendedMembership(company('Katwijk'), application({ status: 'granted' }), {
      ...P,
      extendedRequiresBasisArea: false,
    });
    expect(free.eligible).toBe(true);
  });

  it('carries over an extended member from before the covenant period; a later one needs an application', () => {
    const old = rule2ExtendedMembership(
      company('Leiden', { membership: 'extended', joinedOn: '2016-08-01' }),
      null,
      P,
    );
    expect(old.eligible).toBe(true);
    const recent = rule2ExtendedMembership(
      company('Leiden', { membership: 'extended', joinedOn: '2020-08-01' }),
      null,
      P,
    );
    expect(recent).toMatchObject({
      eligible: 'pending',
      missing: ['a granted application (lato applications new --partner Bedrijf --membership uitgebreid)'],
    });
  });

  it('without an application it misses the project leader’s nomination', () => {
    const f = rule2ExtendedMembership(company('Leiden'), null, P);
    expect(f.missing).toEqual([
      'a nomination by the project leader (lato applications new --organisation NAME --municipality NAME)',
    ]);
  });
});

describe('rule 3: Leiden school boards and their Leiden schools', () => {
  it('makes a Leiden school board a covenant partner', () => {
    const f = rule3LeidenSchoolBoards(school('PO', 'Leiden', { kind: 'school_board' }), P);
    expect(f).toMatchObject({ rule: '3', membership: 'covenant', eligible: true });
  });

  it('does not cover a school board seated outside Leiden', () => {
    const f = rule3LeidenSchoolBoards(school('PO', 'Oegstgeest', { kind: 'school_board' }), P);
    expect(f.eligible).toBe(false);
    expect(f.reasons).toContain('it sits in Oegstgeest, not in Leiden');
  });

  it('admits a Leiden school under a Leiden board, and not one under a board elsewhere', () => {
    expect(
      rule3LeidenSchoolBoards(school('PO', 'Leiden', { board: board('SCOL', 'Leiden') }), P).eligible,
    ).toBe(true);
    const f = rule3LeidenSchoolBoards(school('PO', 'Leiden', { board: board('ELDERS', 'Katwijk') }), P);
    expect(f.eligible).toBe(false);
    expect(f.reasons).toContain('its board ELDERS sits in Katwijk, not in Leiden');
  });
});

describe('rule 4: schools under the samenwerkingsverbanden outside Leiden', () => {
  it('admits a primary school in Oegstgeest and a secondary school in Wassenaar', () => {
    expect(rule4SchoolsInSwvArea(school('PO', 'Oegstgeest'), P)).toMatchObject({ rule: '4', eligible: true });
    expect(rule4SchoolsInSwvArea(school('VO', 'Wassenaar'), P).eligible).toBe(true);
  });

  it('refuses a school outside the areas (Katwijk)', () => {
    const f = rule4SchoolsInSwvArea(school('PO', 'Katwijk'), P);
    expect(f.eligible).toBe(false);
    expect(f.reasons.join(' ')).toMatch(/Katwijk is outside the area PPO LEIDEN/);
  });

  it('refuses a primary school in the part of Kaag en Braassem that PPO Leiden does not cover', () => {
    expect(
      rule4SchoolsInSwvArea(school('PO', 'Kaag en Braassem', { postalCode: '2371 AA' }), P).eligible,
    ).toBe(true);
    expect(
      rule4SchoolsInSwvArea(school('PO', 'Kaag en Braassem', { postalCode: '2465 AA' }), P).eligible,
    ).toBe(false);
    expect(rule4SchoolsInSwvArea(school('PO', 'Kaag en Braassem'), P).eligible).toBe('pending');
  });

  it('leaves Leiden schools to rule 3', () => {
    const f = rule4SchoolsInSwvArea(school('VO', 'Leiden'), P);
    expect(f.eligible).toBe(false);
    expect(f.reasons).toContain('it is in Leiden: rule 3 covers Leiden schools');
  });
});

describe('rule 5: pre-school institutions in the samenwerkingsverbanden’s area', () => {
  it('admits a childcare organisation in Voorschoten, and not one in Katwijk', () => {
    const vse = (m: string) =>
      newOrganisation({ name: 'Kinderopvang', kind: 'childcare', sector: 'VSE', municipality: m });
    expect(rule5PreSchool(vse('Voorschoten'), P)).toMatchObject({
      rule: '5',
      membership: 'covenant',
      eligible: true,
    });
    const out = rule5PreSchool(vse('Katwijk'), P);
    expect(out.eligible).toBe(false);
    expect(out.reasons[0]).toBe('an institution for pre-school education (VSE)');
  });
});

describe('the verdict: which rule applies to an organisation', () => {
  it('judges a company by rule 1, and by rule 2 once it is or applies to be an extended member', () => {
    expect(checkEligibility(company('Leiden'), null, P).rule).toBe('1');
    const v = checkEligibility(company('Leiden'), application({ references: 1 }), P);
    expect(v.rule).toBe('2');
    expect(v.eligible).toBe('pending');
    expect(v.reasons).toContain('meanwhile it qualifies for the basis membership (rule 1)');
    expect(v.findings.map((f) => f.rule)).toEqual(['2', '1']);
  });

  it('judges schools by rule 3 in Leiden and rule 4 outside, childcare by rule 5', () => {
    expect(checkEligibility(school('PO', 'Leiden'), null, P).rule).toBe('3');
    expect(checkEligibility(school('PO', 'Leiderdorp'), null, P).rule).toBe('4');
    expect(checkEligibility(school('VSE', 'Leiden', { kind: 'childcare' }), null, P).rule).toBe('5');
  });

  it('calls only the partners the covenant lists parties, not those recorded as funder or of sector HO/WO', () => {
    const gemeente = newOrganisation({
      ref: 'GEMEENTE',
      name: 'Gemeente Leiden',
      kind: 'municipality',
      sector: 'OVERIG',
      municipality: 'Leiden',
      membership: 'funder',
      covenantParty: 'Gemeente Leiden',
    });
    expect(checkEligibility(gemeente, null, P)).toMatchObject({
      rule: 'party',
      eligible: true,
      membership: 'funder',
    });
    const ul = newOrganisation({
      name: 'Universiteit',
      kind: 'university',
      sector: 'WO',
      municipality: 'Leiden',
      membership: 'covenant',
      covenantParty: 'Universiteit Leiden',
    });
    expect(checkEligibility(ul, null, P)).toMatchObject({ rule: 'party', eligible: true });
    // the same kinds, not on the covenant's list: no shortcut through the recorded membership
    const katwijk = newOrganisation({
      name: 'Gemeente Katwijk',
      kind: 'municipality',
      sector: 'OVERIG',
      municipality: 'Katwijk',
      membership: 'funder',
    });
    expect(checkEligibility(katwijk, null, P)).toMatchObject({ rule: 'none', eligible: 'pending' });
    const rotterdam = newOrganisation({
      name: 'Hogeschool Rotterdam',
      kind: 'college',
      sector: 'HO',
      municipality: 'Leiden',
      membership: 'covenant',
    });
    expect(checkEligibility(rotterdam, null, P)).toMatchObject({ rule: 'none', eligible: 'pending' });
    const funder = newOrganisation({
      name: 'Fonds Amsterdam',
      kind: 'company',
      sector: 'OVERIG',
      municipality: 'Amsterdam',
      membership: 'funder',
      hasPupils: false,
    });
    expect(checkEligibility(funder, null, P)).toMatchObject({ rule: '1', eligible: false });
  });

  it('leaves a new MBO college to the regiegroep: no rule covers it', () => {
    const mbo = newOrganisation({
      name: 'MBO Rijnland',
      kind: 'college',
      sector: 'MBO',
      municipality: 'Leiden',
    });
    const v = checkEligibility(mbo, null, P);
    expect(v).toMatchObject({ rule: 'none', eligible: 'pending' });
    expect(v.missing[0]).toMatch(/regiegroep/);
  });

  it('notes a mismatch with the recorded membership, a departure, and a partner from before the covenant', () => {
    const v = checkEligibility(company('Leiden', { membership: 'covenant', leftOn: '2020-07-31' }), null, P);
    expect(v.reasons).toContain('the registry records it as covenant member');
    expect(v.reasons).toContain('left on 2020-07-31');
    const old = checkEligibility(
      company('Katwijk', { membership: 'basis', joinedOn: '2016-08-01' }),
      null,
      P,
    );
    expect(old.eligible).toBe(false);
    expect(old.reasons.at(-1)).toMatch(/from before the covenant period 2019-2022/);
  });
});
