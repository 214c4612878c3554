// Eligibility on a real store (:memory:): partners of every kind get a verdict, candidates from
// flags and from a CSV file, the areas, the project group and the settings as editable data.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDb, schemaVersion, type Db } from '../../src/db/connection.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { loadReference } from '../../src/app/init.js';
import { checkCandidate, checkCandidatesFile, checkPartners } from '../../src/app/eligibility.js';
import {
  addProjectGroupMember,
  addToArea,
  changeEligibilitySettings,
  eligibilitySettings,
  parsePostcodes,
  registerMunicipality,
  removeFromArea,
  removeProjectGroupMember,
} from '../../src/app/eligibility-admin.js';
import { importProjectGroup } from '../../src/app/projectgroup-import.js';
import { getArea } from '../../src/db/areas.js';
import { listMembers } from '../../src/db/projectgroup.js';
import { LatoError, UsageError } from '../../src/domain/errors.js';
import { ROOT, tempDir } from '../helpers.js';
import { SEVEN } from './fixtures.js';

let db: Db;
const dir = tempDir();

function partner(
  code: string,
  o: {
    kind: string;
    sector: string;
    municipality: string | null;
    membership: string;
    parent?: string;
    joined?: string;
  },
): void {
  const now = new Date().toISOString();
  const parent = o.parent
    ? (db.prepare('SELECT id FROM partners WHERE code = ?').get(o.parent) as { id: number }).id
    : null;
  db.prepare(
    `INSERT INTO partners (code, name, sector, kind, municipality, membership, parent_id, joined_on, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    code,
    `Partner ${code}`,
    o.sector,
    o.kind,
    o.municipality,
    o.membership,
    parent,
    o.joined ?? null,
    now,
    now,
  );
}

function thrown(fn: () => unknown): LatoError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LatoError);
    return e as LatoError;
  }
  throw new Error('expected an error');
}

/** The LatoError a promise rejects with; fails the test when it resolves. */
async function rejected(p: Promise<unknown>): Promise<LatoError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(LatoError);
  return e as LatoError;
}

beforeEach(() => {
  db = openDb(':memory:', { create: true });
  loadReference(db);
});

describe('every partner gets a verdict', () => {
  it('judges boards, schools, childcare, parties and partners without pupils by their own rule', () => {
    partner('GEMEENTE', {
      kind: 'municipality',
      sector: 'OVERIG',
      municipality: 'Leiden',
      membership: 'funder',
    });
    partner('SWV-VO', { kind: 'swv', sector: 'OVERIG', municipality: 'Leiden', membership: 'funder' });
    partner('SCOL', { kind: 'school_board', sector: 'PO', municipality: 'Leiden', membership: 'covenant' });
    partner('SCOL-X', {
      kind: 'school',
      sector: 'PO',
      municipality: 'Leiden',
      membership: 'covenant',
      parent: 'SCOL',
    });
    partner('RLO', { kind: 'school', sector: 'VO', municipality: 'Oegstgeest', membership: 'covenant' });
    partner('KATWIJK-PO', { kind: 'school', sector: 'PO', municipality: 'Katwijk', membership: 'covenant' });
    partner('SPL', { kind: 'childcare', sector: 'VSE', municipality: 'Leiden', membership: 'covenant' });
    partner('UL', { kind: 'university', sector: 'WO', municipality: 'Leiden', membership: 'covenant' });
    partner('NAT', { kind: 'museum', sector: 'OVERIG', municipality: 'Leiden', membership: 'basis' });
    partner('AED', { kind: 'company', sector: 'OVERIG', municipality: 'Leiden', membership: 'funder' });
    partner('OUD', {
      kind: 'company',
      sector: 'OVERIG',
      municipality: 'Leiderdorp',
      membership: 'extended',
      joined: '2015-08-01',
    });
    partner('NIEUW', {
      kind: 'company',
      sector: 'OVERIG',
      municipality: 'Leiden',
      membership: 'extended',
      joined: '2020-08-01',
    });
    partner('ONBEKEND', { kind: 'foundation', sector: 'OVERIG', municipality: null, membership: 'basis' });

    // the covenant's list: only these are parties
    for (const [party, code] of [
      ['Gemeente Leiden', 'GEMEENTE'],
      ['Samenwerkingsverband Passend Onderwijs VO 2801', 'SWV-VO'],
      ['Universiteit Leiden', 'UL'],
      ['AED', 'AED'],
    ] as const) {
      db.prepare(
        'INSERT INTO covenant_parties (party, partner_id) SELECT ?, id FROM partners WHERE code = ?',
      ).run(party, code);
    }
    partner('HRO', { kind: 'college', sector: 'HO', municipality: 'Rotterdam', membership: 'covenant' });
    partner('FONDS', { kind: 'company', sector: 'OVERIG', municipality: 'Amsterdam', membership: 'funder' });

    const verdicts = checkPartners(db, null);
    const by = Object.fromEntries(verdicts.map((v) => [v.partner, v]));
    expect(verdicts).toHaveLength(15);
    for (const v of verdicts) {
      expect(v.reasons.length).toBeGreaterThan(0);
      expect(v.rule).toBeTruthy();
    }
    expect(by.GEMEENTE).toMatchObject({ rule: 'party', eligible: true, membership: 'funder' });
    expect(by['SWV-VO']).toMatchObject({ rule: 'party', eligible: true });
    expect(by.SCOL).toMatchObject({ rule: '3', eligible: true, membership: 'covenant' });
    expect(by['SCOL-X']).toMatchObject({ rule: '3', eligible: true });
    expect(by['SCOL-X']!.reasons).toContain('it falls under the Leiden school board SCOL');
    expect(by.RLO).toMatchObject({ rule: '4', eligible: true });
    expect(by['KATWIJK-PO']).toMatchObject({ rule: '4', eligible: false });
    expect(by.SPL).toMatchObject({ rule: '5', eligible: true });
    expect(by.UL).toMatchObject({ rule: 'party', eligible: true });
    expect(by.NAT).toMatchObject({ rule: '1', eligible: true, membership: 'basis' });
    expect(by.AED).toMatchObject({ rule: 'party', eligible: true, membership: 'funder' });
    // not on the covenant's list: a college of sector HO, and a company recorded as funder
    expect(by.HRO).toMatchObject({ rule: 'none', eligible: 'pending' });
    expect(by.HRO!.missing[0]).toContain('lato covenant add HRO');
    expect(by.FONDS).toMatchObject({ rule: '1', eligible: false });
    expect(by.OUD).toMatchObject({ rule: '2', eligible: true, membership: 'extended' });
    expect(by.NIEUW).toMatchObject({
      rule: '2',
      eligible: 'pending',
      missing: ['a granted application (lato applications new --partner NIEUW --membership uitgebreid)'],
    });
    expect(by.ONBEKEND).toMatchObject({
      rule: '1',
      eligible: 'pending',
      missing: ['the municipality (gemeente)'],
    });
  });

  it('finds one partner by code, KvK or name, and says when there is none', () => {
    partner('NAT', { kind: 'museum', sector: 'OVERIG', municipality: 'Leiden', membership: 'basis' });
    expect(checkPartners(db, 'nat')).toHaveLength(1);
    expect(checkPartners(db, 'Partner NAT')).toHaveLength(1);
    expect(thrown(() => checkPartners(db, 'XYZ')).message).toBe('no partner "XYZ"');
  });
});

describe('candidates from flags', () => {
  it('checks a company just outside the municipalities as not eligible', () => {
    const v = checkCandidate(db, { name: 'Bedrijf BV', municipality: 'katwijk', kind: 'company' });
    expect(v).toMatchObject({ partner: 'Bedrijf BV', eligible: false, rule: '1', membership: 'basis' });
    expect(
      checkCandidate(db, { name: 'Bedrijf BV', municipality: 'Kaag&Braassem', kind: 'company' }).eligible,
    ).toBe(true);
  });

  it('derives the kind from the sector and the pupils from both', () => {
    expect(
      checkCandidate(db, { name: 'Basisschool', municipality: 'Oegstgeest', sector: 'po' }),
    ).toMatchObject({
      rule: '4',
      eligible: true,
    });
    expect(checkCandidate(db, { name: 'Opvang', municipality: 'Katwijk', sector: 'VSE' })).toMatchObject({
      rule: '5',
      eligible: false,
    });
    expect(
      checkCandidate(db, { name: 'Bureau', municipality: 'Leiden', kind: 'company', pupils: 'ja' }).eligible,
    ).toBe(false);
  });

  it('rejects an unknown municipality, sector or kind, naming each', () => {
    expect(
      thrown(() => checkCandidate(db, { name: 'X', municipality: 'Leidn', kind: 'company' })).message,
    ).toBe('unknown municipality "Leidn"');
    expect(
      thrown(() => checkCandidate(db, { name: 'X', municipality: 'Leiden', sector: 'HBO' })).message,
    ).toBe('unknown sector "HBO"');
    const e = thrown(() =>
      checkCandidate(db, { name: 'X', municipality: 'Nergens', kind: 'bakery', pupils: 'soms' }),
    );
    expect(e.problems.map((p) => p.message)).toEqual([
      '--municipality: unknown municipality "Nergens"',
      '--kind: unknown kind "bakery"',
      '--pupils: "soms" is not yes or no',
    ]);
  });

  it('needs the sector of a school, and the sector or kind of anything', () => {
    expect(
      thrown(() => checkCandidate(db, { name: 'X', municipality: 'Leiden', kind: 'school' })).message,
    ).toMatch(/the sector of a school is needed/);
    expect(thrown(() => checkCandidate(db, { name: 'X', municipality: 'Leiden' })).message).toBe(
      'give the sector or the kind of organisation',
    );
  });
});

describe('candidates from a CSV file', () => {
  it('reads a Dutch Excel file (Windows-1252, semicolons) and checks every row', async () => {
    const file = join(dir, 'kandidaten.csv');
    writeFileSync(
      file,
      iconv.encode(
        'Naam;Gemeente;Werkveld;Soort;Leerlingen;Postcode\r\n' +
          'Er-Risèlèh;Leiden;PO;school;ja;\r\n' +
          'Bureau Talent;Katwijk;OVERIG;company;nee;\r\n' +
          'Basisschool Woubrugge;Kaag en Braassem;PO;school;ja;2481 AA\r\n',
        'windows-1252',
      ),
    );
    const v = await checkCandidatesFile(db, file, {});
    expect(v.map((x) => [x.partner, x.rule, x.eligible])).toEqual([
      ['Er-Risèlèh', '3', true],
      ['Bureau Talent', '1', false],
      ['Basisschool Woubrugge', '4', false],
    ]);
  });

  it('reports every bad row with its line and column, and checks none', async () => {
    const file = join(dir, 'fout.csv');
    writeFileSync(file, 'name;municipality;sector\nA;Leidn;PO\nB;Leiden;XX\nC;Leiden;OVERIG\n');
    const e = await rejected(checkCandidatesFile(db, file, {}));
    expect(e).toBeInstanceOf(LatoError);
    expect(e.message).toBe('fout.csv: 2 problems; no candidate was checked');
    expect(e.problems).toMatchObject([
      { line: 2, column: 'municipality', message: 'unknown municipality "Leidn"' },
      { line: 3, column: 'sector', message: 'unknown sector "XX"' },
    ]);
  });

  it('names a missing name column', async () => {
    const file = join(dir, 'kop.csv');
    writeFileSync(file, 'gemeente;werkveld\nLeiden;PO\n');
    const e = await rejected(checkCandidatesFile(db, file, {}));
    expect(e.problems[0]!.message).toBe('required column "name" is missing');
  });
});

describe('areas as data', () => {
  it('holds the documented defaults: PPO Leiden’s seven municipalities, part of Kaag en Braassem', () => {
    const ppo = getArea(db, 'PPO_LEIDEN');
    expect(ppo.municipalities.map((m) => m.name)).toHaveLength(7);
    expect(ppo.municipalities.find((m) => m.name === 'Kaag en Braassem')!.exceptPostcodes).toEqual([
      '2355',
      '2451',
      '2465',
      '2481',
    ]);
    expect(getArea(db, 'LATO').municipalities.map((m) => m.name)).toEqual(SEVEN);
  });

  it('adds and removes municipalities, and a rule follows the change', () => {
    expect(checkCandidate(db, { name: 'B', municipality: 'Katwijk', kind: 'company' }).eligible).toBe(false);
    expect(addToArea(db, 'lato', ['katwijk'], null)).toEqual([{ municipality: 'Katwijk', result: 'added' }]);
    expect(addToArea(db, 'LATO', ['Katwijk'], null)[0]!.result).toBe('unchanged');
    expect(checkCandidate(db, { name: 'B', municipality: 'Katwijk', kind: 'company' }).eligible).toBe(true);
    expect(removeFromArea(db, 'LATO', ['Katwijk'])).toEqual(['Katwijk']);
    expect(checkCandidate(db, { name: 'B', municipality: 'Katwijk', kind: 'company' }).eligible).toBe(false);
    const audit = db.prepare("SELECT action FROM audit_log WHERE entity = 'area'").all();
    expect(audit).toEqual([{ action: 'create' }, { action: 'delete' }]);
  });

  it('rejects unknown municipalities and areas, and bad postcodes', () => {
    expect(thrown(() => addToArea(db, 'LATO', ['Atlantis'], null)).message).toBe(
      'unknown municipality "Atlantis"',
    );
    expect(thrown(() => addToArea(db, 'LATO', ['Atlantis', 'Lemurië'], null)).problems).toHaveLength(2);
    expect(thrown(() => removeFromArea(db, 'NOPE', ['Leiden'])).message).toBe('there is no area NOPE');
    expect(thrown(() => removeFromArea(db, 'LATO', ['Katwijk'])).message).toBe(
      'Katwijk is not in the area LATO',
    );
    expect(() => parsePostcodes('2355, 24')).toThrow(UsageError);
    expect(parsePostcodes('2451 2355,2451')).toEqual(['2355', '2451']);
  });

  it('registers a new municipality once', () => {
    expect(registerMunicipality(db, 'Nieuwe  Gemeente', '9999')).toBe('Nieuwe Gemeente');
    expect(thrown(() => registerMunicipality(db, 'nieuwe gemeente', undefined)).message).toBe(
      'the municipality Nieuwe Gemeente is already registered',
    );
    expect(thrown(() => registerMunicipality(db, 'Andere Gemeente', '0546')).message).toBe(
      'CBS code 0546 belongs to another municipality',
    );
  });
});

describe('the project group as data', () => {
  it('refuses a fifteenth member, and accepts one after a member left', () => {
    for (let i = 1; i <= 14; i++) addProjectGroupMember(db, { name: `Lid ${i}` });
    expect(thrown(() => addProjectGroupMember(db, { name: 'Lid 15' })).message).toBe(
      'the project group already has 14 members; its size is 14',
    );
    removeProjectGroupMember(db, 'lid 3');
    addProjectGroupMember(db, { name: 'Lid 15' });
    expect(listMembers(db)).toHaveLength(14);
    expect(listMembers(db, { includeInactive: true })).toHaveLength(15);
    expect(thrown(() => removeProjectGroupMember(db, 'Lid 3')).message).toBe(
      'Lid 3 is not a member of the project group',
    );
    expect(thrown(() => addProjectGroupMember(db, { name: 'Lid 4' })).message).toBe(
      'Lid 4 is already a member of the project group',
    );
  });

  it('links a member to a partner, and rejects an unknown partner', () => {
    partner('UL', { kind: 'university', sector: 'WO', municipality: 'Leiden', membership: 'covenant' });
    expect(addProjectGroupMember(db, { name: 'K. Jansen', partner: 'ul' }).partner).toBe('UL');
    expect(thrown(() => addProjectGroupMember(db, { name: 'X', partner: 'NOPE' })).message).toBe(
      'no partner "NOPE"',
    );
  });

  it('imports the example project group: 14 members and the project leader; again changes nothing', async () => {
    partner('UL', { kind: 'university', sector: 'WO', municipality: 'Leiden', membership: 'covenant' });
    const file = join(ROOT, 'data', 'example', 'projectgroup.json');
    const s = await importProjectGroup(db, file, {});
    expect(s.rows).toMatchObject({ total: 15, new: 15 });
    expect(s.notes.some((n) => n.includes('partner SPL is not in the registry'))).toBe(true);
    expect(listMembers(db).filter((m) => m.partner === 'UL')).toHaveLength(2);
    expect(eligibilitySettings(db).project_leader).toBe('Projectleider (voorbeeld)');
    const again = await importProjectGroup(db, file, {});
    expect(again.rows).toMatchObject({ new: 0, changed: 0, unchanged: 15 });
    expect(again.batch).toBeNull();
  });

  it('imports a CSV, and rejects a file that would overfill the group, writing nothing', async () => {
    const ok = join(dir, 'pg.csv');
    writeFileSync(ok, 'naam;rol\nA. Aap;VSE\nB. Beer;PO\n');
    expect((await importProjectGroup(db, ok, {})).rows.new).toBe(2);
    const big = join(dir, 'pg-groot.csv');
    writeFileSync(big, 'naam\n' + Array.from({ length: 13 }, (_, i) => `Lid ${i}`).join('\n') + '\n');
    const e = await rejected(importProjectGroup(db, big, {}));
    expect(e.problems[0]!.message).toBe('the project group would have 15 members; its size is 14');
    expect(listMembers(db)).toHaveLength(2);
  });

  it('rejects a name listed twice and a JSON file without members', async () => {
    const twice = join(dir, 'twice.csv');
    writeFileSync(twice, 'name\nA\na\n');
    const e = await rejected(importProjectGroup(db, twice, {}));
    expect(e.problems[0]).toMatchObject({ line: 3, message: 'a is listed twice' });
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '{}');
    const e2 = await rejected(importProjectGroup(db, empty, {}));
    expect(e2.problems[0]!.message).toBe('no "members" list');
  });
});

describe('settings', () => {
  it('shows the defaults from data/reference.json and changes them with an audit entry', () => {
    expect(eligibilitySettings(db)).toMatchObject({
      covenant_period: { from: 2019, to: 2022 },
      majority: 'seats',
      min_references: 2,
      project_group_size: 14,
      project_leader: null,
    });
    expect(changeEligibilitySettings(db, { majority: 'votes-cast', minReferences: '3' })).toEqual([
      'applications.majority',
      'applications.min_references',
    ]);
    expect(changeEligibilitySettings(db, { majority: 'votes_cast' })).toEqual([]);
    expect(eligibilitySettings(db)).toMatchObject({ majority: 'votes_cast', min_references: 3 });
    expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'setting'").get()).toEqual({
      n: 2,
    });
  });

  it('falls back to the documented default for a database that lacks a setting', () => {
    db.prepare("DELETE FROM settings WHERE key = 'eligibility.covenant_period'").run();
    expect(eligibilitySettings(db).covenant_period).toEqual({ from: 2019, to: 2022 });
  });

  it('rejects bad values as usage, and a size below the members', () => {
    expect(() => changeEligibilitySettings(db, { majority: 'most' })).toThrow(UsageError);
    expect(() => changeEligibilitySettings(db, { covenantPeriod: '2022-2019' })).toThrow(UsageError);
    expect(() => changeEligibilitySettings(db, { minReferences: '0' })).toThrow(UsageError);
    addProjectGroupMember(db, { name: 'A' });
    addProjectGroupMember(db, { name: 'B' });
    expect(thrown(() => changeEligibilitySettings(db, { projectGroupSize: '1' })).message).toBe(
      'the project group has 2 members, more than 1',
    );
  });
});

describe('the eligibility migration', () => {
  it('keeps the areas and applications of a database from before it', () => {
    const before = MIGRATIONS.indexOf('003-eligibility.sql');
    expect(before).toBeGreaterThan(0);
    const v1 = new Database(':memory:');
    migrate(v1, ':memory:', before);
    expect(schemaVersion(v1)).toBe(before);
    v1.prepare("INSERT INTO municipalities (name) VALUES ('Leiden')").run();
    v1.prepare("INSERT INTO areas (area, municipality) VALUES ('LATO', 'Leiden')").run();
    v1.prepare(
      "INSERT INTO applications (organisation, nominated_by, nominated_on, created_at) VALUES ('X', 'PL', '2019-03-01', 'now')",
    ).run();
    migrate(v1, ':memory:');
    expect(schemaVersion(v1)).toBe(MIGRATIONS.length);
    expect(v1.prepare('SELECT area, municipality, except_postcodes FROM areas').all()).toEqual([
      { area: 'LATO', municipality: 'Leiden', except_postcodes: null },
    ]);
    expect(v1.prepare('SELECT organisation, doubt_note, referred_on FROM applications').get()).toEqual({
      organisation: 'X',
      doubt_note: null,
      referred_on: null,
    });
    v1.close();
  });
});

describe('more messages about the rules’ data', () => {
  it('names bad area codes, CBS codes, names and settings', () => {
    expect(() => addToArea(db, '9X', ['Leiden'], null)).toThrow('"9X" is not an area code');
    expect(() => registerMunicipality(db, 'Nieuw', '12')).toThrow('CBS code "12" is not four digits');
    expect(() => registerMunicipality(db, ' ', undefined)).toThrow('the municipality has no name');
    expect(() => addProjectGroupMember(db, { name: ' ' })).toThrow('the member has no name');
    expect(() => changeEligibilitySettings(db, { projectLeader: ' ' })).toThrow(
      '--project-leader: the name is empty',
    );
    expect(() => changeEligibilitySettings(db, { minReferences: 'twee' })).toThrow(
      '--min-references: "twee" is not a positive whole number',
    );
    expect(() => changeEligibilitySettings(db, { extendedRequiresBasisArea: 'soms' })).toThrow(
      '--extended-requires-basis-area: "soms" is not yes or no',
    );
  });

  it('rejects a project-group file that is not JSON, and a row without a name', async () => {
    const bad = join(dir, 'kapot.json');
    writeFileSync(bad, '{ members: ');
    expect((await rejected(importProjectGroup(db, bad, {}))).problems[0]!.message).toMatch(
      /^not valid JSON: /,
    );
    const noName = join(dir, 'noname.csv');
    writeFileSync(noName, 'name;role\n;PO\n');
    expect((await rejected(importProjectGroup(db, noName, {}))).problems[0]).toMatchObject({
      line: 2,
      message: 'the name is missing',
    });
  });
});
