// Eligibility and extended-membership applications through the built binary, on the example
// database: every partner's verdict, candidates, the editable data, and two applications taken
// from nomination to a decision (one granted by the project group, one refused by the regiegroep).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lato, latoAsync, runLato, tempDir } from '../helpers.js';

const dir = tempDir('lato-eligibility-');
const db = join(dir, 'lato.db');
// async: the long application test runs for a minute on a loaded machine, and a worker blocked in
// spawnSync that long cannot answer vitest ("Timeout calling onTaskUpdate")
const run = (...args: string[]) => runLato(['--db', db, ...args]);
const json = async <T>(...args: string[]): Promise<T> => {
  const r = await run(...args, '--json');
  expect(r.stderr).not.toMatch(/unexpected/);
  return JSON.parse(r.stdout) as T;
};

interface Verdict {
  partner: string;
  eligible: boolean | 'pending';
  membership: string | null;
  rule: string;
  reasons: string[];
  missing: string[];
  recorded_membership?: string | null;
  findings: { rule: string; eligible: boolean | 'pending' }[];
}

interface ApplicationJson {
  id: number;
  status: string;
  references: unknown[];
  votes: { member: string; vote: string }[];
  tally: { yes: number; no: number; abstain: number; electorate: number };
  decided_by: string | null;
  decided_on: string | null;
  referred_on: string | null;
  effective_from: string | null;
  partner: string | null;
  missing: string[];
}

let members: string[] = [];

beforeAll(async () => {
  const r = lato(['init', '--example', '--db', db]);
  expect(r.code).toBe(0);
  members = (await json<{ name: string }[]>('projectgroup', 'list')).map((m) => m.name);
});

describe('eligibility check', () => {
  it('gives every example partner a verdict with its rule and reasons, in the contract’s shape', async () => {
    const partners = await json<{ code: string }[]>('partners', 'list');
    const r = await run('eligibility', 'check', '--all', '--json');
    const verdicts = JSON.parse(r.stdout) as Verdict[];
    expect(verdicts.map((v) => v.partner).sort()).toEqual(partners.map((p) => p.code).sort());
    for (const v of verdicts) {
      expect(Object.keys(v)).toEqual(
        expect.arrayContaining(['partner', 'eligible', 'membership', 'rule', 'reasons', 'missing']),
      );
      expect([true, false, 'pending']).toContain(v.eligible);
      expect(v.reasons.length).toBeGreaterThan(0);
    }
    expect(new Set(verdicts.map((v) => v.rule))).toEqual(new Set(['1', '2', '4', '5', 'party', 'none']));
    const by = Object.fromEntries(verdicts.map((v) => [v.partner, v]));
    // the covenant's parties, as its list names them
    expect(by.SCOL).toMatchObject({ rule: 'party', eligible: true, membership: 'convenant' });
    expect(by.SCOL!.reasons[0]).toBe('a party to the covenant (listed as "SCOL")');
    expect(by.GEMEENTE).toMatchObject({ rule: 'party', eligible: true, membership: 'financier' });
    // partners that joined later meet a rule
    expect(by.WELLANT).toMatchObject({ rule: '4', eligible: true });
    expect(by.FLOREOKIDS).toMatchObject({ rule: '5', eligible: true });
    expect(by.IMO).toMatchObject({ rule: '1', eligible: true });
    // the example's one partner outside LATO's municipalities is a party: the list says so, while
    // rule 1 alone would not admit it
    expect(by.PLUSPUNT).toMatchObject({ rule: 'party', eligible: true });
    expect(by.PLUSPUNT!.findings.find((f) => f.rule === '1')).toMatchObject({
      eligible: false,
    });
    // mboRijnland: the plan has the cooperation with MBO "in de oriënterende fase"
    expect(by.MBORIJNLAND).toMatchObject({ rule: 'none', eligible: 'pending', recorded_membership: 'geen' });
    // a check that found a partner not (yet) eligible exits 1 and says how many
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/59 checked: 58 eligible, 0 not eligible, 1 pending/);
  });

  it('shows one partner with its reasons; exit 0 when eligible', async () => {
    const r = await run('eligibility', 'check', 'wellant');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rule:       rule 4');
    expect(r.stdout).toContain('- it is outside Leiden (Oegstgeest)');
    expect(r.stderr).toBe('');
  });

  it('checks a candidate from flags: a company in Leiderdorp qualifies, one just outside does not', async () => {
    const yes = await run(
      'eligibility',
      'check',
      '--name',
      'Bureau X',
      '--municipality',
      'Leiderdorp',
      '--kind',
      'company',
    );
    expect(yes.code).toBe(0);
    expect(yes.stdout).toContain('eligible:   yes');
    const no = await run(
      'eligibility',
      'check',
      '--name',
      'Bureau Y',
      '--municipality',
      'Katwijk',
      '--kind',
      'company',
      '--json',
    );
    expect(no.code).toBe(1);
    const [v] = JSON.parse(no.stdout) as Verdict[];
    expect(v).toMatchObject({
      partner: 'Bureau Y',
      eligible: false,
      membership: 'basis',
      rule: '1',
      missing: [],
    });
    expect(v!.reasons[1]).toMatch(/^Katwijk is outside the area LATO/);
  });

  it('checks a school outside the areas, and a partly covered municipality by postal code', async () => {
    const out = await json<Verdict[]>(
      'eligibility',
      'check',
      '--name',
      'School K',
      '--municipality',
      'Katwijk',
      '--sector',
      'PO',
    );
    expect(out[0]).toMatchObject({ rule: '4', eligible: false });
    const pending = await run(
      'eligibility',
      'check',
      '--name',
      'School W',
      '--municipality',
      'Kaag en Braassem',
      '--sector',
      'PO',
    );
    expect(pending.code).toBe(1);
    expect(pending.stdout).toContain('eligible:   pending');
    expect(pending.stdout).toContain('the postal code, to place it in or outside the area');
  });

  it('rejects an unknown municipality or sector with exit 1, naming it', async () => {
    const m = await run(
      'eligibility',
      'check',
      '--name',
      'X',
      '--municipality',
      'Leidn',
      '--kind',
      'company',
    );
    expect(m.code).toBe(1);
    expect(m.stderr).toContain('Error: unknown municipality "Leidn"');
    expect(m.stderr).toContain('did you mean "Leiden"?');
    const s = await run('eligibility', 'check', '--name', 'X', '--municipality', 'Leiden', '--sector', 'HBO');
    expect(s.code).toBe(1);
    expect(s.stderr).toContain('Error: unknown sector "HBO"');
    expect(m.stdout + s.stdout).toBe('');
  });

  it('checks a CSV of candidates, and names every bad row', async () => {
    const good = join(dir, 'kandidaten.csv');
    writeFileSync(good, 'naam;gemeente;soort\nCodeclub;Leiden;company\nAdviesbureau;Katwijk;company\n');
    const r = await run('eligibility', 'check', '--candidates', good, '--json');
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Verdict[]).map((v) => [v.partner, v.eligible])).toEqual([
      ['Codeclub', true],
      ['Adviesbureau', false],
    ]);
    const bad = join(dir, 'fout.csv');
    writeFileSync(bad, 'naam;gemeente;werkveld\nA;Leidn;PO\nB;Leiden;XX\n');
    const e = await run('eligibility', 'check', '--candidates', bad);
    expect(e.code).toBe(1);
    expect(e.stdout).toBe('');
    expect(e.stderr).toContain('fout.csv, line 2, column "gemeente": unknown municipality "Leidn"');
    expect(e.stderr).toContain('fout.csv, line 3, column "werkveld": unknown sector "XX"');
  });

  it('is wrong usage (exit 2) without a partner, --all, --name or --candidates', async () => {
    const r = await run('eligibility', 'check');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give one of: a partner REF, --all, --name');
    const flags = await run('eligibility', 'check', 'SCOL', '--postal-code', '2312 AB');
    expect(flags.code).toBe(2);
    expect(flags.stderr).toContain('--postal-code describes a candidate: give its --name too');
  });
});

describe('the data the rules read', () => {
  it('lists the areas with the partly covered municipality, and edits them', async () => {
    const areas = await json<
      { area: string; municipalities: { name: string; except_postcodes: string[] }[] }[]
    >('areas', 'list');
    expect(areas.map((a) => a.area)).toEqual(['LATO', 'PPO_LEIDEN', 'SWV_VO_2801']);
    const add = await run('areas', 'add', 'LATO', 'Katwijk');
    expect(add.code).toBe(0);
    expect(
      (await run('eligibility', 'check', '--name', 'B', '--municipality', 'Katwijk', '--kind', 'company'))
        .code,
    ).toBe(0);
    expect((await run('areas', 'remove', 'LATO', 'Katwijk')).code).toBe(0);
    expect(
      (await run('eligibility', 'check', '--name', 'B', '--municipality', 'Katwijk', '--kind', 'company'))
        .code,
    ).toBe(1);
    const bad = await run('areas', 'add', 'LATO', 'Atlantis');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown municipality "Atlantis"');
  });

  it('has the example project group of 14, full: a fifteenth member is refused', async () => {
    expect(members).toHaveLength(14);
    expect(members.every((m) => m.endsWith('(voorbeeld)'))).toBe(true);
    const r = await run('projectgroup', 'add', 'Extra Lid');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the project group already has 14 members; its size is 14');
  });

  it('shows and validates the settings', async () => {
    const s = await json<{
      majority: string;
      covenant_period: { from: number; to: number };
      project_group_size: number;
    }>('eligibility', 'settings');
    expect(s).toMatchObject({
      majority: 'seats',
      covenant_period: { from: 2019, to: 2022 },
      project_group_size: 14,
    });
    expect((await run('eligibility', 'settings', '--majority', 'most')).code).toBe(2);
  });
});

describe('an application from nomination to granted', () => {
  it('goes through nomination, bad input, completion, the votes and the decision', async () => {
    const created = await run(
      'applications',
      'new',
      '--organisation',
      'Codeklas Leiden',
      '--municipality',
      'Leiden',
      '--kind',
      'foundation',
      '--kvk',
      '87654321',
      '--profile',
      'Programmeerlessen voor kinderen van 8 tot 14 jaar',
      '--reference',
      'Jan Jansen; Naturalis; jan@example.nl',
      '--date',
      '2019-03-01',
      '--json',
    );
    expect(created.code).toBe(0);
    const a = JSON.parse(created.stdout) as ApplicationJson;
    expect(a).toMatchObject({ id: 1, status: 'open' });
    expect(a.missing).toContain(
      '1 of the 2 required references (lato applications edit 1 --reference "NAME; ORGANISATION; CONTACT")',
    );

    // only members vote; nothing is written when someone else tries
    const outsider = await run('applications', 'vote', '1', '--member', 'Iemand Anders', '--vote', 'yes');
    expect(outsider.code).toBe(1);
    expect(outsider.stderr).toContain(
      'Error: Iemand Anders is not a member of the project group: only members vote',
    );
    // an incomplete application cannot be decided
    const early = await run('applications', 'decide', '1');
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('1 reference; at least 2 are required');
    expect(early.stderr).toContain('14 of the 14 project-group members have not voted');
    expect(early.stderr).toContain('Nothing was written.');
    expect(await json<ApplicationJson>('applications', 'show', '1')).toMatchObject({
      status: 'open',
      votes: [],
    });

    expect(
      (await run('applications', 'edit', '1', '--reference', 'Piet Bakker; Museum Boerhaave')).code,
    ).toBe(0);
    const votes = [...Array(8).fill('yes'), ...Array(5).fill('no'), 'abstain'];
    for (const [i, v] of votes.entries()) {
      const r = await run(
        'applications',
        'vote',
        '1',
        '--member',
        members[i]!,
        '--vote',
        v,
        '--date',
        '2019-03-15',
      );
      expect(r.code, r.stderr).toBe(0);
    }
    const twice = await run('applications', 'vote', '1', '--member', members[0]!, '--vote', 'no');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(
      `${members[0]} already voted on application 1 (yes on 2019-03-15): one vote per member`,
    );

    const decided = await run('applications', 'decide', '1', '--date', '2019-03-20');
    expect(decided.code, decided.stderr).toBe(0);
    expect(decided.stderr).toContain(
      'Application 1 granted by the project group: a majority voted yes (8 yes, 5 no, 1 abstain of 14 members)',
    );
    expect(await json<ApplicationJson>('applications', 'show', '1')).toMatchObject({
      status: 'granted',
      decided_by: 'projectgroep',
      decided_on: '2019-03-20',
      effective_from: '2019-08-01',
      partner: 'CODEKLAS-LEIDEN',
      tally: { yes: 8, no: 5, abstain: 1, electorate: 14 },
      missing: [],
    });
  });

  it('made the organisation a partner with the extended membership from the next school year', async () => {
    const p = await json<Record<string, unknown>>('partners', 'show', 'CODEKLAS-LEIDEN');
    expect(p).toMatchObject({
      name: 'Codeklas Leiden',
      sector: 'OVERIG',
      kind: 'foundation',
      municipality: 'Leiden',
      kvk: '87654321',
      membership: 'uitgebreid',
      joined_on: '2019-08-01',
      left_on: null,
    });
    const [v] = await json<Verdict[]>('eligibility', 'check', 'CODEKLAS-LEIDEN');
    expect(v).toMatchObject({ rule: '2', eligible: true, membership: 'uitgebreid' });
    expect(
      (await run('applications', 'vote', '1', '--member', members[13]!, '--vote', 'yes')).stderr,
    ).toContain('application 1 is granted: the vote is closed');
  });
});

describe('the granted partner in the fee computation', () => {
  interface FeeLine {
    partner: string;
    sector: string;
    rate_cents: number | null;
    amount_cents: number | null;
    pm: boolean;
  }
  const lineOf = async (year: string) =>
    (await json<{ lines: FeeLine[] }>('fees', 'compute', '--year', year)).lines.find(
      (l) => l.partner === 'CODEKLAS-LEIDEN',
    );

  it('pays the extended (UITGEBREID) fee from the following school year, and nothing before', async () => {
    expect((await run('rates', 'copy', '--from', '2018-2019', '--to', '2019-2020')).code).toBe(0);
    expect(await lineOf('2019-2020')).toMatchObject({
      sector: 'OVERIG',
      rate_cents: 50000,
      amount_cents: 50000,
      pm: false,
    });
    expect(await lineOf('2018-2019')).toBeUndefined();
  });
});

describe('an application refused by the regiegroep after a tie', () => {
  it('is referred on a tie and refused by the regiegroep, with the date', async () => {
    const r = await run(
      'applications',
      'new',
      '--organisation',
      'Talentbureau Oegstgeest',
      '--municipality',
      'Oegstgeest',
      '--kind',
      'company',
      '--profile',
      'Coaching van begaafde leerlingen',
      '--reference',
      'A. Arends; School A',
      '--reference',
      'B. Berends; School B',
      '--date',
      '2019-09-02',
    );
    expect(r.code, r.stderr).toBe(0);
    for (const [i, m] of members.entries()) {
      expect(
        (
          await run(
            'applications',
            'vote',
            '2',
            '--member',
            m,
            '--vote',
            i < 7 ? 'yes' : 'no',
            '--date',
            '2019-09-10',
          )
        ).code,
      ).toBe(0);
    }
    const referred = await run('applications', 'decide', '2', '--date', '2019-09-20');
    expect(referred.code).toBe(0);
    expect(referred.stderr).toContain(
      'Application 2 referred to the regiegroep: a tie (7 yes, 7 no, 0 abstain of 14 members)',
    );
    expect(await json<ApplicationJson>('applications', 'show', '2')).toMatchObject({
      status: 'regiegroep',
      referred_on: '2019-09-20',
      missing: expect.arrayContaining([expect.stringMatching(/the regiegroep's decision/)]),
    });
    expect((await run('applications', 'decide', '2')).stderr).toContain(
      'application 2 waits for the regiegroep',
    );

    const refused = await run(
      'applications',
      'decide',
      '2',
      '--regiegroep',
      'refuse',
      '--date',
      '2019-10-07',
      '--note',
      'te commercieel',
    );
    expect(refused.code).toBe(0);
    expect(refused.stderr).toContain('Application 2 refused by the regiegroep');
    expect(await json<ApplicationJson>('applications', 'show', '2')).toMatchObject({
      status: 'refused',
      decided_by: 'regiegroep',
      decided_on: '2019-10-07',
      partner: null,
    });
    expect((await run('partners', 'show', 'Talentbureau Oegstgeest')).code).toBe(1);
  });

  it('lists both applications with their outcome', async () => {
    const list = await json<ApplicationJson[]>('applications', 'list');
    expect(list.map((a) => [a.id, a.status, a.partner])).toEqual([
      [1, 'granted', 'CODEKLAS-LEIDEN'],
      [2, 'refused', null],
    ]);
    expect((await run('applications', 'list', '--status', 'maybe')).code).toBe(2);
  });
});

describe('nominations that are refused', () => {
  it('refuses a company just outside the municipalities, an unknown sector, and writes nothing', async () => {
    const outside = await run(
      'applications',
      'new',
      '--organisation',
      'Bedrijf K',
      '--municipality',
      'Katwijk',
    );
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(
      /does not meet rule 1, which the extended membership builds on: .*Katwijk is outside the area LATO/,
    );
    const sector = await run(
      'applications',
      'new',
      '--organisation',
      'Bedrijf S',
      '--municipality',
      'Leiden',
      '--sector',
      'XX',
    );
    expect(sector.code).toBe(1);
    expect(sector.stderr).toContain('unknown sector "XX"');
    expect(await json<unknown[]>('applications', 'list')).toHaveLength(2);
  });

  it('asks for the organisation by flag when not in a terminal (exit 2)', async () => {
    const r = await run('applications', 'new', '--municipality', 'Leiden');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing --organisation <name>');
  });
});

describe('wrong usage is exit 2, with the message naming the problem', () => {
  it.each([
    [['applications', 'new', '--organisation', 'X'], 'missing --municipality <name>'],
    [
      ['applications', 'new', '--organisation', 'X', '--municipality', 'Leiden', '--pupils', 'soms'],
      '--pupils: "soms" is not yes or no',
    ],
    [
      [
        'applications',
        'new',
        '--organisation',
        'X',
        '--municipality',
        'Leiden',
        '--profile',
        'p',
        '--profile-file',
        'f',
      ],
      'give --profile or --profile-file, not both',
    ],
    [['applications', 'vote', '1', '--vote', 'yes'], 'missing --member <name>'],
    [['applications', 'vote', '1', '--member', 'X'], 'missing --vote <yes|no|abstain>'],
    [['applications', 'vote', '1', '--member', 'X', '--vote', 'misschien'], '"misschien" is not a vote'],
    [['applications', 'decide', '1', '--note', 'n'], '--note goes with --regiegroep'],
    [
      ['applications', 'decide', '1', '--regiegroep', 'maybe'],
      '--regiegroep: "maybe" is not grant or refuse',
    ],
    [
      ['applications', 'decide', '1', '--regiegroep', 'grant', '--close-vote'],
      '--close-vote and --doubt belong to the project group',
    ],
    [['applications', 'show', 'een'], '"een" is not an application number'],
    [
      ['eligibility', 'check', '--all', '--encoding', 'utf-8'],
      '--encoding and --delimiter go with --candidates FILE',
    ],
    [['areas', 'add', 'LATO', 'Leiden', '--except-postcodes', '23'], 'not a four-digit postcode: 23'],
  ])('lato %j', async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('names a profile file that cannot be read (exit 1)', async () => {
    const r = await run(
      'applications',
      'new',
      '--organisation',
      'X',
      '--municipality',
      'Leiden',
      '--profile-file',
      join(dir, 'geen.txt'),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('geen.txt: no such file');
  });
});

describe('two lato processes at once', () => {
  it('record one vote of a member who votes twice at the same moment, and refuse the other cleanly', async () => {
    const r = await run(
      'applications',
      'new',
      '--organisation',
      'Gelijktijdig BV',
      '--municipality',
      'Leiden',
      '--kind',
      'company',
      '--date',
      '2019-11-01',
    );
    expect(r.code, r.stderr).toBe(0);
    const id = String(((await json<{ id: number }[]>('applications', 'list')).at(-1) as { id: number }).id);
    const vote = () =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = latoAsync([
          '--db',
          db,
          'applications',
          'vote',
          id,
          '--member',
          members[0]!,
          '--vote',
          'yes',
        ]);
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const results = await Promise.all([vote(), vote()]);
    expect(results.map((x) => x.code).sort()).toEqual([0, 1]);
    expect(results.find((x) => x.code === 1)!.stderr).toContain('already voted');
    expect((await json<ApplicationJson>('applications', 'show', id)).votes).toHaveLength(1);
  });
});
