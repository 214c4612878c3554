// The project group's vote (src/domain/applications.ts): majority, tie, doubt, completeness,
// the start date of a granted membership, partner codes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApplicationState, Tally } from '../../src/domain/applications.js';
import { applicationState } from './fixtures.js';
import {
  decisionProblems,
  defaultEffectiveDate,
  hasMajority,
  partnerCodeFor,
  tallyOf,
  voteResult,
  yesNeeded,
} from '../../src/domain/applications.js';

const t = (yes: number, no: number, abstain = 0): Tally => ({ yes, no, abstain });

describe('majority of the project group’s seats (the default)', () => {
  it('counts a vacant seat as not yes: 7 yes, 6 no of 13 members in office is no majority of 14 seats', () => {
    expect(yesNeeded('seats', 13, t(7, 6), 14)).toBe(8);
    expect(voteResult('seats', 13, t(7, 6), false, 14)).toEqual({
      outcome: 'refused',
      reason:
        "no majority (7 yes, 6 no, 0 abstain of 13 members; 8 of the 14 seats needed (more than half of the project group's 14 seats, 1 vacant))",
    });
    expect(voteResult('members', 13, t(7, 6), false).outcome).toBe('granted');
  });
});

describe('majority of the members in office (setting)', () => {
  it('needs 8 yes votes of 14 members', () => {
    expect(yesNeeded('members', 14, t(0, 0))).toBe(8);
    expect(voteResult('members', 14, t(8, 6), false).outcome).toBe('granted');
  });

  it('refuses a vote one short of a majority', () => {
    const r = voteResult('members', 14, t(7, 6, 1), false);
    expect(r.outcome).toBe('refused');
    expect(r.reason).toBe(
      'no majority (7 yes, 6 no, 1 abstain of 14 members; 8 of the 14 members needed (more than half of the members in office))',
    );
  });

  it('counts members who did not vote as not in favour', () => {
    expect(voteResult('members', 14, t(7, 0), false).outcome).toBe('refused');
  });

  it('sends a tie to the regiegroep', () => {
    const r = voteResult('members', 14, t(7, 7), false);
    expect(r.outcome).toBe('regiegroep');
    expect(r.reason).toMatch(/^a tie/);
  });

  it('sends no majority with doubt, and a majority with doubt, to the regiegroep', () => {
    expect(voteResult('members', 14, t(7, 6, 1), true).outcome).toBe('regiegroep');
    expect(voteResult('members', 14, t(9, 5), true)).toMatchObject({
      outcome: 'regiegroep',
      reason: expect.stringMatching(/but there is doubt/),
    });
  });
});

describe('the alternative: more than half of the votes cast (abstentions are not votes cast)', () => {
  it('grants 5 yes against 4 no with 5 abstentions, which the members rule refuses', () => {
    expect(voteResult('votes_cast', 14, t(5, 4, 5), false).outcome).toBe('granted');
    expect(voteResult('members', 14, t(5, 4, 5), false).outcome).toBe('refused');
  });

  it('refuses 4 yes against 5 no, and sends 5 against 5 to the regiegroep', () => {
    expect(voteResult('votes_cast', 14, t(4, 5, 5), false).outcome).toBe('refused');
    expect(voteResult('votes_cast', 14, t(5, 5, 4), false).outcome).toBe('regiegroep');
  });

  it('never grants without a majority, under either rule (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.nat(30),
        fc.nat(30),
        fc.nat(30),
        fc.boolean(),
        fc.constantFrom('members' as const, 'votes_cast' as const),
        (electorate, yes, no, abstain, doubt, rule) => {
          const tally = t(yes, no, abstain);
          const r = voteResult(rule, electorate, tally, doubt);
          if (r.outcome === 'granted') {
            expect(doubt).toBe(false);
            expect(2 * yes).toBeGreaterThan(rule === 'members' ? electorate : yes + no);
          }
          expect(r.outcome === 'granted').toBe(!doubt && hasMajority(rule, electorate, tally));
        },
      ),
    );
  });
});

describe('tallyOf', () => {
  it('counts the votes', () => {
    expect(tallyOf(['yes', 'no', 'yes', 'abstain'])).toEqual(t(2, 1, 1));
  });
});

const state = (over: Partial<ApplicationState> = {}) => applicationState({ id: 3, tally: t(8, 6), ...over });

describe('deciding an application', () => {
  it('is possible when the application is complete and everyone voted', () => {
    expect(decisionProblems(state(), 2, { closeVote: false })).toEqual([]);
  });

  it('is refused with one reference, without a profile, or with votes outstanding', () => {
    const p = decisionProblems(state({ references: 1, profile: null, tally: t(8, 0) }), 2, {
      closeVote: false,
    });
    expect(p).toHaveLength(3);
    expect(p[0]).toMatch(/^no profile description/);
    expect(p[1]).toMatch(/^1 reference; at least 2 are required/);
    expect(p[2]).toMatch(/^6 of the 14 project-group members have not voted/);
  });

  it('accepts outstanding votes when the vote is closed explicitly', () => {
    expect(decisionProblems(state({ tally: t(8, 0) }), 2, { closeVote: true })).toEqual([]);
  });

  it('refuses an application that was already decided or waits for the regiegroep', () => {
    expect(
      decisionProblems(state({ status: 'granted', decidedOn: '2019-04-01' }), 2, { closeVote: false }),
    ).toEqual(['application 3 was already decided: granted on 2019-04-01']);
    expect(decisionProblems(state({ status: 'regiegroep' }), 2, { closeVote: false })[0]).toMatch(
      /waits for the regiegroep/,
    );
  });

  it('refuses when the project group has no members', () => {
    expect(decisionProblems(state({ electorate: 0, tally: t(0, 0) }), 2, { closeVote: true })).toEqual([
      'the project group has no members (add them with: lato projectgroup add NAME)',
    ]);
  });
});

describe('the start of a granted membership', () => {
  it('is 1 August of the next school year', () => {
    expect(defaultEffectiveDate('2019-03-20')).toBe('2019-08-01');
    expect(defaultEffectiveDate('2019-07-31')).toBe('2019-08-01');
    expect(defaultEffectiveDate('2019-08-01')).toBe('2020-08-01');
    expect(defaultEffectiveDate('2019-12-15')).toBe('2020-08-01');
  });
});

describe('partner codes for granted applicants', () => {
  it('are made from the name, without accents, and unique', () => {
    expect(partnerCodeFor('Technolab Leiden', () => false)).toBe('TECHNOLAB-LEIDEN');
    expect(partnerCodeFor('Er-Risèlèh', () => false)).toBe('ER-RISELEH');
    const taken = new Set(['TECHNOLAB-LEIDEN', 'TECHNOLAB-LEIDEN-2']);
    expect(partnerCodeFor('Technolab Leiden', (c) => taken.has(c))).toBe('TECHNOLAB-LEIDEN-3');
    expect(
      partnerCodeFor('Stichting Het Grote Talentenlaboratorium', () => false).length,
    ).toBeLessThanOrEqual(40);
    expect(partnerCodeFor('???', () => false)).toBe('PARTNER');
  });
});
