// The promises against the records (src/domain/promises.ts), a membership on a date
// (src/domain/partner.ts) and the in-kind proposal against the plan (src/domain/in-kind.ts).

import { describe, expect, it } from 'vitest';
import { comparePromises, earlyLeavers, type PromiseDef } from '../../src/domain/promises.js';
import { membershipOn } from '../../src/domain/partner.js';
import { inKindDifferences, type ProposedLine } from '../../src/domain/in-kind.js';

const YEAR = { start: '2018-08-01', end: '2019-07-31' };
const DEFS: PromiseDef[] = [
  { kind: 'meeting', body: 'regiegroep', perYear: 3, label: 'regiegroep 3×' },
  { kind: 'talk', perYear: 1, label: 'gesprek met elke partner' },
  { kind: 'monitoring', perYear: 2, label: 'monitoring' },
];

describe('promises against the records of a school year', () => {
  it('counts meetings of the body within the year only, talks per distinct partner, monitoring moments', () => {
    const r = comparePromises(
      DEFS,
      [
        { kind: 'meeting', heldOn: '2018-07-31', body: 'regiegroep', partner: null },
        { kind: 'meeting', heldOn: '2018-08-01', body: 'Regiegroep', partner: null },
        { kind: 'meeting', heldOn: '2019-07-31', body: 'regiegroep', partner: null },
        { kind: 'meeting', heldOn: '2019-01-01', body: 'projectgroep', partner: null },
        { kind: 'talk', heldOn: '2018-09-01', body: null, partner: 'A' },
        { kind: 'talk', heldOn: '2019-02-01', body: null, partner: 'A' },
        { kind: 'talk', heldOn: '2019-02-01', body: null, partner: 'GONE' },
        { kind: 'monitoring', heldOn: '2019-01-30', body: null, partner: null },
      ],
      YEAR,
      ['A', 'B', 'C'],
    );
    expect(r.map((x) => [x.text, x.met])).toEqual([
      ['regiegroep: 2 van 3 vergaderingen', false],
      ['gesprek met 1 van 3 partners', false],
      ['monitoring: 1 van 2 momenten', false],
    ]);
  });

  it('flags a partner leaving within the covenant period, not one leaving after it or in another year', () => {
    const partners = [
      { code: 'EARLY', name: 'Early', joinedOn: '2015-08-01', leftOn: '2019-05-01' },
      { code: 'LATER', name: 'Later', joinedOn: null, leftOn: '2023-01-01' },
      { code: 'OTHER', name: 'Other', joinedOn: null, leftOn: '2020-05-01' },
      { code: 'STAYS', name: 'Stays', joinedOn: null, leftOn: null },
    ];
    expect(earlyLeavers(partners, { from: 2019, to: 2022 }, YEAR)).toEqual([
      { partner: 'EARLY', name: 'Early', leftOn: '2019-05-01', commitmentEnds: '2022-12-31' },
    ]);
  });
});

describe('a membership on a date', () => {
  const changes = [
    { from: 'basis' as const, to: 'extended' as const, effectiveFrom: '2019-08-01', applicationId: 1 },
  ];
  it('is what held before the first change, then the change', () => {
    expect(membershipOn('extended', changes, '2018-08-01')).toBe('basis');
    expect(membershipOn('extended', changes, '2019-08-01')).toBe('extended');
    expect(membershipOn('basis', [], '2019-08-01')).toBe('basis');
  });
});

describe('the in-kind proposal against the plan', () => {
  const line = (label: string, partner: string | null, amountCents: number | null): ProposedLine => ({
    label,
    partner,
    hoursCenti: 0,
    hourlyRateCents: null,
    amountCents,
    basis: `basis of ${label}`,
  });
  it('leaves agreeing lines out (PM with PM too), and explains the others', () => {
    const d = inKindDifferences(
      [line('Contact', null, 100), line('MBO', null, null), line('Seat X', 'X', 300), line('New', 'N', 5)],
      [
        { label: 'Contact', partner: null, amountCents: 100 },
        { label: 'MBO', partner: null, amountCents: null },
        { label: 'Projectlid X', partner: 'X', amountCents: 200 },
        { label: 'Gone', partner: 'G', amountCents: 50 },
      ],
      '2018-2019',
    );
    expect(d.map((x) => [x.label, x.differenceCents])).toEqual([
      ['Seat X', 100],
      ['New', null],
      ['Gone', null],
    ]);
    expect(d[0]!.why).toBe('2018-2019 € 2,00, proposed € 3,00: basis of Seat X');
    expect(d[1]!.why).toBe("not in the plan's in-kind budget of 2018-2019: basis of New");
  });
});
