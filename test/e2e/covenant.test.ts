// The covenant's parties as data (issue 16, point 1): only the partners the covenant lists are
// parties; a college, a municipality or a funder that the list does not name is judged by the five
// rules, and where no rule covers it, its verdict names the command that records the regiegroep's
// decision.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lato, tempDir } from '../helpers.js';

const dir = tempDir('lato-covenant-');
const db = join(dir, 'lato.db');
const run = (...args: string[]) => lato(['--db', db, ...args]);

interface Verdict {
  partner: string;
  eligible: boolean | 'pending';
  membership: string | null;
  rule: string;
  reasons: string[];
  missing: string[];
}

const verdict = (ref: string): Verdict => {
  const r = run('eligibility', 'check', ref, '--json');
  return (JSON.parse(r.stdout) as Verdict[])[0]!;
};

beforeAll(() => {
  expect(lato(['init', '--example', '--db', db]).code).toBe(0);
});

describe('the covenant’s list of parties', () => {
  it('holds the 42 parties of the covenant, SCOL, Winford and LKO each for two partners', () => {
    const r = run('covenant', 'list', '--json');
    expect(r.code).toBe(0);
    const parties = JSON.parse(r.stdout) as { party: string; partner: string }[];
    expect(new Set(parties.map((p) => p.party)).size).toBe(42);
    expect(parties.filter((p) => p.party === 'SCOL').map((p) => p.partner)).toEqual(['SCOL', 'SCOL-VO']);
    expect(parties.map((p) => p.partner)).not.toContain('MBORIJNLAND');
    expect(run('covenant', 'list').stderr).toContain('42 parties, standing for 45 partners.');
  });

  it('judges a college of sector HO that the covenant does not list by the rules, not as a party', () => {
    const add = run(
      'partners',
      'add',
      '--code',
      'HRO',
      '--name',
      'Hogeschool Rotterdam',
      '--sector',
      'HO',
      '--kind',
      'college',
      '--municipality',
      'Rotterdam',
      '--membership',
      'convenant',
    );
    expect(add.code, add.stderr).toBe(0);
    const v = verdict('HRO');
    expect(v).toMatchObject({ rule: 'none', eligible: 'pending' });
    expect(v.reasons[0]).toContain('the covenant does not list it as a party');
    expect(v.missing).toEqual([
      'a decision of the regiegroep to admit it as a party to the covenant 2019-2022 (record it with: lato covenant add HRO --party NAME)',
    ]);
    // the same organisation as a candidate gets the same answer
    const c = run(
      'eligibility',
      'check',
      '--name',
      'Hogeschool X',
      '--sector',
      'HO',
      '--municipality',
      'Leiden',
      '--json',
    );
    expect((JSON.parse(c.stdout) as Verdict[])[0]).toMatchObject({ rule: 'none', eligible: 'pending' });
  });

  it('follows the hint: the regiegroep’s decision recorded, the college is a party', () => {
    const r = run('covenant', 'add', 'HRO', '--party', 'Hogeschool Rotterdam', '--date', '2019-03-01');
    expect(r.code, r.stderr).toBe(0);
    expect(verdict('HRO')).toMatchObject({ rule: 'party', eligible: true, membership: 'convenant' });
    const log = run('log', '--entity', 'covenant_party', '--json');
    expect(log.stdout).toContain('HRO');
    expect(run('covenant', 'remove', 'HRO').code).toBe(0);
    expect(verdict('HRO')).toMatchObject({ rule: 'none', eligible: 'pending' });
  });

  it('judges a municipality recorded as funder and a company recorded as funder by the rules', () => {
    expect(
      run(
        'partners',
        'add',
        '--code',
        'KATWIJK',
        '--name',
        'Gemeente Katwijk',
        '--sector',
        'OVERIG',
        '--kind',
        'municipality',
        '--municipality',
        'Katwijk',
        '--membership',
        'financier',
      ).code,
    ).toBe(0);
    expect(verdict('KATWIJK')).toMatchObject({ rule: 'none', eligible: 'pending' });
    expect(
      run(
        'partners',
        'add',
        '--code',
        'FONDS-A',
        '--name',
        'Fonds Amsterdam',
        '--sector',
        'OVERIG',
        '--kind',
        'company',
        '--municipality',
        'Amsterdam',
        '--membership',
        'financier',
      ).code,
    ).toBe(0);
    const v = verdict('FONDS-A');
    expect(v).toMatchObject({ rule: '1', eligible: false });
    expect(v.reasons.join('; ')).toContain('Amsterdam is outside the area LATO');
  });

  it('rejects a covenant file naming an unknown partner or a KvK that is not the partner’s, writing nothing', () => {
    const file = join(dir, 'parties.csv');
    writeFileSync(file, 'Partij;Partner;KvK\nSCOL;SCOL;60004052\nOnbekend;NOPE;\nPROOLEiden;PROO;12345678\n');
    const r = run('import', 'covenant', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('parties.csv: 2 problems; nothing was imported');
    expect(r.stderr).toMatch(/line 3.*Partner.*no partner NOPE/s);
    expect(r.stderr).toMatch(/line 4.*KvK.*KvK 12345678 is not that of partner PROO/s);
    const parties = JSON.parse(run('covenant', 'list', '--json').stdout) as unknown[];
    expect(parties).toHaveLength(45);
  });
});
