// The extended-membership procedure on a real store (:memory:): nomination, votes, decisions,
// the regiegroep, the partner a grant creates, and every rejected input leaving nothing written.

import { beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/connection.js';
import { loadReference } from '../../src/app/init.js';
import {
  castVote,
  createApplication,
  decideApplication,
  decideByRegiegroep,
  editApplication,
  parseApplicationId,
  parseVote,
  requireApplication,
  type NewApplicationInput,
} from '../../src/app/applications.js';
import { addProjectGroupMember, changeEligibilitySettings } from '../../src/app/eligibility-admin.js';
import { checkPartners } from '../../src/app/eligibility.js';
import { LatoError, UsageError } from '../../src/domain/errors.js';

let db: Db;

function count(table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** Runs fn, expects a LatoError (exit 1), and that no table changed. */
function rejects(fn: () => unknown, message: RegExp): LatoError {
  const before = ['applications', 'application_references', 'application_votes', 'partners', 'audit_log'].map(
    count,
  );
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(LatoError);
  const e = err as LatoError;
  expect([e.message, ...e.problems.map((p) => p.message)].join('\n')).toMatch(message);
  expect(
    ['applications', 'application_references', 'application_votes', 'partners', 'audit_log'].map(count),
  ).toEqual(before);
  return e;
}

const MEMBERS = Array.from({ length: 14 }, (_, i) => `Lid ${String(i + 1).padStart(2, '0')}`);

const nomination = (over: Partial<NewApplicationInput> = {}): NewApplicationInput => ({
  organisation: 'Technolab Leiden',
  municipality: 'Leiden',
  kind: 'foundation',
  profile: 'Techniekonderwijs voor kinderen',
  references: ['Jan Jansen; Naturalis; jan@example.nl', 'Piet Bakker; Museum Boerhaave'],
  date: '2019-03-01',
  ...over,
});

function voteAll(id: number, yes: number, no: number, abstain = 0): void {
  const votes = [...Array(yes).fill('yes'), ...Array(no).fill('no'), ...Array(abstain).fill('abstain')];
  votes.forEach((v, i) => castVote(db, id, { member: MEMBERS[i]!, vote: parseVote(v), date: '2019-03-10' }));
}

beforeEach(() => {
  db = openDb(':memory:', { create: true });
  loadReference(db);
  changeEligibilitySettings(db, { projectLeader: 'De Projectleider' });
  for (const name of MEMBERS) addProjectGroupMember(db, { name });
});

describe('nomination', () => {
  it('records the nomination by the project leader, the profile and the references', () => {
    const a = createApplication(db, nomination());
    expect(a).toMatchObject({
      organisation: 'Technolab Leiden',
      municipality: 'Leiden',
      nominatedBy: 'De Projectleider',
      nominatedOn: '2019-03-01',
      status: 'open',
    });
    expect(a.references.map((r) => r.name)).toEqual(['Jan Jansen', 'Piet Bakker']);
    expect(count('audit_log')).toBeGreaterThan(0);
  });

  it('rejects an unknown municipality, naming it', () => {
    rejects(
      () => createApplication(db, nomination({ municipality: 'Leidn' })),
      /unknown municipality "Leidn"/,
    );
  });

  it('rejects an unknown sector, and a sector with pupils', () => {
    rejects(() => createApplication(db, nomination({ sector: 'XX' })), /unknown sector "XX"/);
    rejects(() => createApplication(db, nomination({ sector: 'PO' })), /sector PO: the extended membership/);
  });

  it('rejects schools, organisations with pupils, and a company just outside the municipalities', () => {
    rejects(() => createApplication(db, nomination({ kind: 'school' })), /a school cannot apply/);
    rejects(() => createApplication(db, nomination({ pupils: true })), /has participants or pupils/);
    rejects(
      () => createApplication(db, nomination({ municipality: 'Katwijk' })),
      /does not meet rule 1.*Katwijk is outside the area LATO/,
    );
  });

  it('rejects a nomination by someone who is not the project leader', () => {
    rejects(
      () => createApplication(db, nomination({ nominatedBy: 'Iemand Anders' })),
      /is not the project leader/,
    );
  });

  it('asks who nominates when no project leader is recorded', () => {
    db.prepare("DELETE FROM settings WHERE key = 'applications.project_leader'").run();
    expect(() => createApplication(db, nomination())).toThrow(UsageError);
    expect(createApplication(db, nomination({ nominatedBy: 'P. Leider' })).nominatedBy).toBe('P. Leider');
  });

  it('rejects a second open application, and an organisation that is already a partner', () => {
    createApplication(db, nomination());
    rejects(() => createApplication(db, nomination()), /already has an open application \(1\)/);
    insertPartner('NAT', 'Naturalis', 'basis');
    rejects(() => createApplication(db, nomination({ organisation: 'naturalis' })), /is already partner NAT/);
  });
});

describe('votes', () => {
  it('refuses a voter who is not a project-group member, and a second vote', () => {
    const { id } = createApplication(db, nomination());
    rejects(
      () => castVote(db, id, { member: 'Onbekend', vote: 'yes' }),
      /Onbekend is not a member of the project group/,
    );
    castVote(db, id, { member: 'Lid 01', vote: 'yes', date: '2019-03-10' });
    rejects(
      () => castVote(db, id, { member: 'lid 01', vote: 'no' }),
      /Lid 01 already voted on application 1 \(yes on 2019-03-10\)/,
    );
  });

  it('refuses a former member', () => {
    const { id } = createApplication(db, nomination());
    db.prepare("UPDATE project_group_members SET active = 0 WHERE name = 'Lid 14'").run();
    rejects(
      () => castVote(db, id, { member: 'Lid 14', vote: 'yes' }),
      /not a member of the project group any more/,
    );
  });

  it('reads Dutch votes and rejects anything else as usage', () => {
    expect(parseVote('ja')).toBe('yes');
    expect(parseVote('Nee')).toBe('no');
    expect(parseVote('onthouding')).toBe('abstain');
    expect(() => parseVote('misschien')).toThrow(UsageError);
  });
});

describe('decision by the project group', () => {
  it('refuses to decide an application with one reference, nothing written', () => {
    const { id } = createApplication(db, nomination({ references: ['Jan Jansen; Naturalis'] }));
    voteAll(id, 8, 6);
    const e = rejects(() => decideApplication(db, id, { date: '2019-03-20' }), /cannot be decided yet/);
    expect(e.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^1 reference; at least 2 are required/),
    ]);
  });

  it('grants with a majority and makes the organisation an extended partner from the next school year', () => {
    const { id } = createApplication(db, nomination({ kvk: '12345678' }));
    voteAll(id, 8, 5, 1);
    const d = decideApplication(db, id, { date: '2019-03-20' });
    expect(d.application).toMatchObject({
      status: 'granted',
      decidedBy: 'projectgroep',
      decidedOn: '2019-03-20',
      effectiveFrom: '2019-08-01',
      partner: 'TECHNOLAB-LEIDEN',
    });
    expect(d.warnings).toEqual([]);
    const partner = db.prepare('SELECT * FROM partners WHERE code = ?').get('TECHNOLAB-LEIDEN');
    expect(partner).toMatchObject({
      name: 'Technolab Leiden',
      sector: 'OVERIG',
      kind: 'foundation',
      membership: 'extended',
      municipality: 'Leiden',
      kvk: '12345678',
      joined_on: '2019-08-01',
      left_on: null,
    });
    const audited = db.prepare("SELECT action FROM audit_log WHERE entity = 'partner'").all();
    expect(audited).toEqual([{ action: 'create' }]);
    const [v] = checkPartners(db, 'TECHNOLAB-LEIDEN');
    expect(v).toMatchObject({ rule: '2', eligible: true, membership: 'extended' });
  });

  it('refuses a vote one short of a majority', () => {
    const { id } = createApplication(db, nomination());
    voteAll(id, 7, 6, 1);
    const d = decideApplication(db, id, { date: '2019-03-20' });
    expect(d.application).toMatchObject({ status: 'refused', decidedBy: 'projectgroep', partner: null });
    expect(count('partners')).toBe(0);
  });

  it('takes a chosen start date and partner code, and warns outside the covenant period', () => {
    const { id } = createApplication(db, nomination());
    voteAll(id, 10, 4);
    const d = decideApplication(db, id, { date: '2024-03-20', effective: '2024-09-01', code: 'tlab' });
    expect(d.application).toMatchObject({ effectiveFrom: '2024-09-01', partner: 'TLAB' });
    expect(d.warnings[0]).toMatch(/outside the covenant period 2019-2022/);
  });

  it('closes the vote only when asked', () => {
    const { id } = createApplication(db, nomination());
    voteAll(id, 8, 0);
    rejects(() => decideApplication(db, id, {}), /6 of the 14 project-group members have not voted/);
    expect(decideApplication(db, id, { closeVote: true, date: '2019-03-20' }).application.status).toBe(
      'granted',
    );
  });

  it('counts the votes cast under the alternative majority setting', () => {
    changeEligibilitySettings(db, { majority: 'votes-cast' });
    const { id } = createApplication(db, nomination());
    voteAll(id, 5, 4, 5);
    expect(decideApplication(db, id, { date: '2019-03-20' }).application.status).toBe('granted');
  });
});

describe('the regiegroep', () => {
  it('receives a tie, and its refusal is recorded with its date', () => {
    const { id } = createApplication(db, nomination());
    voteAll(id, 7, 7);
    const referred = decideApplication(db, id, { date: '2019-03-20' });
    expect(referred.application).toMatchObject({
      status: 'regiegroep',
      referredOn: '2019-03-20',
      doubt: true,
    });
    expect(referred.result.reason).toMatch(/^a tie/);
    rejects(() => decideApplication(db, id, {}), /waits for the regiegroep/);
    rejects(
      () => castVote(db, id, { member: 'Lid 01', vote: 'yes' }),
      /with the regiegroep: the vote is closed/,
    );
    const d = decideByRegiegroep(db, id, {
      decision: 'refuse',
      date: '2019-04-15',
      note: 'past niet bij de doelen',
    });
    expect(d.application).toMatchObject({
      status: 'refused',
      decidedBy: 'regiegroep',
      decidedOn: '2019-04-15',
      decisionNote: 'past niet bij de doelen',
    });
    rejects(
      () => decideByRegiegroep(db, id, { decision: 'grant' }),
      /already decided: refused on 2019-04-15/,
    );
  });

  it('receives a doubtful application even with a majority, and may grant it', () => {
    const { id } = createApplication(db, nomination());
    voteAll(id, 13, 0);
    castVote(db, id, { member: 'Lid 14', vote: 'no', date: '2019-03-11', doubt: 'te commercieel?' });
    const referred = decideApplication(db, id, { date: '2019-03-20' });
    expect(referred.application).toMatchObject({
      status: 'regiegroep',
      doubtNote: 'Lid 14: te commercieel?',
    });
    const d = decideByRegiegroep(db, id, { decision: 'grant', date: '2019-04-15' });
    expect(d.application).toMatchObject({
      status: 'granted',
      decidedBy: 'regiegroep',
      effectiveFrom: '2019-08-01',
    });
    expect(d.partner).toBe('TECHNOLAB-LEIDEN');
  });

  it('only decides applications referred to it', () => {
    const { id } = createApplication(db, nomination());
    rejects(() => decideByRegiegroep(db, id, { decision: 'grant' }), /not with the regiegroep/);
  });
});

describe('completing an application', () => {
  it('adds a reference and the profile, and refuses changes once decided', () => {
    const { id } = createApplication(db, nomination({ profile: undefined, references: ['Jan; Naturalis'] }));
    const a = editApplication(db, id, {
      profile: 'Nieuw profiel',
      references: ['Piet; Boerhaave; piet@example.nl'],
    });
    expect(a.profile).toBe('Nieuw profiel');
    expect(a.references).toHaveLength(2);
    rejects(() => editApplication(db, id, { references: ['; zonder naam'] }), /has no name/);
    voteAll(id, 8, 6);
    decideApplication(db, id, { date: '2019-03-20' });
    rejects(() => editApplication(db, id, { references: ['Kees'] }), /no longer open/);
  });
});

function insertPartner(code: string, name: string, membership: string): void {
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO partners (code, name, sector, kind, municipality, membership, created_at, updated_at)
     VALUES (?, ?, 'OVERIG', 'museum', 'Leiden', ?, ?, ?)`,
  ).run(code, name, membership, now, now);
}

describe('every other message a user can meet', () => {
  it('names bad dates, codes, numbers and empty input', () => {
    expect(() => createApplication(db, nomination({ date: '31-02-2019' }))).toThrow(UsageError);
    expect(() => createApplication(db, nomination({ date: '31-02-2019' }))).toThrow(
      '--date: "31-02-2019" is not an existing date',
    );
    rejects(() => createApplication(db, nomination({ organisation: ' ' })), /the organisation has no name/);
    rejects(() => createApplication(db, nomination({ kind: 'bakery' })), /unknown kind "bakery"/);
    rejects(() => createApplication(db, nomination({ kvk: '1234' })), /KvK number must have 8 digits, got 4/);
    rejects(
      () => createApplication(db, nomination({ references: ['; zonder naam'] })),
      /reference "; zonder naam" has no name/,
    );
    expect(() => requireApplication(db, 99)).toThrow('no application 99');
    expect(() => parseApplicationId('een')).toThrow('"een" is not an application number');
    expect(parseApplicationId('#7')).toBe(7);
  });

  it('refuses dates before the nomination or the referral, and a taken partner code', () => {
    const { id } = createApplication(db, nomination());
    rejects(
      () => castVote(db, id, { member: 'Lid 01', vote: 'yes', date: '2019-02-01' }),
      /the vote date 2019-02-01 lies before the nomination \(2019-03-01\)/,
    );
    voteAll(id, 8, 6);
    rejects(
      () => decideApplication(db, id, { date: '2019-02-01' }),
      /the decision date 2019-02-01 lies before the nomination/,
    );
    db.prepare(
      "INSERT INTO partners (code, name, sector, kind, membership, created_at, updated_at) VALUES ('TLAB', 'Ander', 'OVERIG', 'other', 'basis', 'x', 'x')",
    ).run();
    rejects(
      () => decideApplication(db, id, { date: '2019-03-20', code: 'tlab' }),
      /partner code TLAB is taken/,
    );
    const tie = createApplication(db, nomination({ organisation: 'Gelijkspel BV' }));
    voteAll(tie.id, 7, 7);
    decideApplication(db, tie.id, { date: '2019-03-20' });
    rejects(
      () => decideByRegiegroep(db, tie.id, { decision: 'grant', date: '2019-03-01' }),
      /lies before the referral to the regiegroep \(2019-03-20\)/,
    );
  });

  it('asks for something to change, and refuses an empty profile', () => {
    const { id } = createApplication(db, nomination());
    expect(() => editApplication(db, id, { references: [] })).toThrow('nothing to change');
    rejects(() => editApplication(db, id, { profile: '  ', references: [] }), /the profile text is empty/);
  });
});
