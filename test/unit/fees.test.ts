import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';
import {
  billingPartners,
  computeFeeReport,
  isMemberIn,
  membershipMonths,
  reconcileFees,
  type FeeCount,
  type FeePartner,
  type JoinLeavePolicy,
  type Membership,
  type Rate,
} from '../../src/domain/fees.js';
import { schoolYearStarting } from '../../src/domain/school-year.js';

const Y = schoolYearStarting(2018);

const RATES: Rate[] = [
  { year: '2018-2019', category: 'VSE', basis: 'place', amountCents: 150, note: null },
  { year: '2018-2019', category: 'PO', basis: 'pupil', amountCents: 250, note: null },
  { year: '2018-2019', category: 'VO', basis: 'pupil', amountCents: 300, note: null },
  {
    year: '2018-2019',
    category: 'MBO',
    basis: 'pupil',
    amountCents: null,
    note: 'dient nog uitgewerkt te worden',
  },
  { year: '2018-2019', category: 'HO', basis: 'fixed', amountCents: 50000, note: null },
  { year: '2018-2019', category: 'WO', basis: 'fixed', amountCents: 50000, note: null },
  { year: '2018-2019', category: 'BASIS', basis: 'fixed', amountCents: 15000, note: null },
  { year: '2018-2019', category: 'UITGEBREID', basis: 'fixed', amountCents: 50000, note: null },
];

let nextId = 1;
function partner(
  code: string,
  sector: string,
  membership: Membership,
  more: Partial<FeePartner> = {},
): FeePartner {
  return {
    id: nextId++,
    code,
    name: `${code} naam`,
    sector,
    membership,
    parentId: null,
    joinedOn: null,
    leftOn: null,
    ...more,
  };
}

function count(p: FeePartner, quantity: number | null, more: Partial<FeeCount> = {}): FeeCount {
  return {
    partnerId: p.id,
    locationId: null,
    locationCode: null,
    locationName: null,
    quantity,
    masked: quantity === null ? '<5' : null,
    unit: p.sector === 'VSE' ? 'places' : 'pupils',
    countDate: '2018-10-01',
    importId: 1,
    importBatch: 'counts-1',
    importFile: 'tellingen.csv',
    ...more,
  };
}

function report(partners: FeePartner[], counts: FeeCount[], policy: JoinLeavePolicy = 'full_year') {
  return computeFeeReport({ year: Y, partners, counts, rates: RATES, policy });
}

describe('fees: the plan 2018-2019', () => {
  const spl = partner('SPL', 'VSE', 'covenant');
  const scol = partner('SCOL', 'PO', 'covenant');
  const school = partner('SCOL-1', 'PO', 'none', { parentId: scol.id });
  const vo = partner('LKO', 'VO', 'covenant');
  const mbo = partner('MBO', 'MBO', 'covenant');
  const hsl = partner('HSL', 'HO', 'covenant');
  const ul = partner('UL', 'WO', 'covenant');
  const museum = partner('MUS', 'OVERIG', 'basis');
  const lab = partner('LAB', 'OVERIG', 'extended');
  const gem = partner('GEMEENTE', 'OVERIG', 'funder');
  const all = [spl, scol, school, vo, mbo, hsl, ul, museum, lab, gem];
  const counts = [
    count(spl, 1302),
    count(scol, 200),
    count(school, 11000, { locationId: 7, locationCode: '12AB00', locationName: 'De School' }),
    count(vo, 12961),
    count(mbo, 4000),
  ];
  const r = report(all, counts);

  it('gives one line per paying member, children billed through their board', () => {
    expect(r.lines.map((l) => l.partner).sort()).toEqual([
      'HSL',
      'LAB',
      'LKO',
      'MBO',
      'MUS',
      'SCOL',
      'SPL',
      'UL',
    ]);
    const scolLine = r.lines.find((l) => l.partner === 'SCOL')!;
    expect(scolLine.quantity).toBe(11200);
    expect(scolLine.amountCents).toBe(2_800_000);
    expect(scolLine.includes).toEqual(['SCOL-1']);
    expect(scolLine.sources.map((s) => [s.level, s.partner, s.locationCode])).toEqual([
      ['partner', 'SCOL', null],
      ['location', 'SCOL-1', '12AB00'],
    ]);
  });

  it('computes per place, per pupil, fixed and membership fees', () => {
    const amount = (code: string) => r.lines.find((l) => l.partner === code)!.amountCents;
    expect(amount('SPL')).toBe(195_300);
    expect(amount('LKO')).toBe(3_888_300);
    expect(amount('HSL')).toBe(50_000);
    expect(amount('UL')).toBe(50_000);
    expect(amount('MUS')).toBe(15_000);
    expect(amount('LAB')).toBe(50_000);
  });

  it('keeps the PM rate PM and says so', () => {
    const m = r.lines.find((l) => l.partner === 'MBO')!;
    expect(m).toMatchObject({
      amountCents: null,
      pm: true,
      status: 'pm_rate',
      quantity: 4000,
      rateCents: null,
    });
    expect(r.warnings.some((w) => w.startsWith('MBO (MBO naam)') && w.includes('PM'))).toBe(true);
    expect(r.totals.bySector.MBO).toBeNull();
    expect(r.totals.openLines).toBe(1);
    expect(r.totals.complete).toBe(false);
  });

  it('totals per sector and overall', () => {
    expect(r.totals.bySector).toEqual({
      HO: 50_000,
      MBO: null,
      OVERIG: 65_000,
      PO: 2_800_000,
      VO: 3_888_300,
      VSE: 195_300,
      WO: 50_000,
    });
    expect(r.totals.totalCents).toBe(50_000 + 65_000 + 2_800_000 + 3_888_300 + 195_300 + 50_000);
  });

  it('reconciles with the budget lines and shows the VO difference of one euro', () => {
    const rec = reconcileFees(r.lines, [
      { feeCategory: 'VO', label: 'Voortgezet Onderwijs', amountCents: 3_888_400 },
      { feeCategory: 'MBO', label: 'MBO', amountCents: null },
      { feeCategory: 'OVERIG', label: 'Overig', amountCents: 705_000 },
    ]);
    expect(rec[0]).toMatchObject({ computedCents: 3_888_300, differenceCents: -100 });
    expect(rec[1]).toMatchObject({ computedCents: null, differenceCents: null, openLines: 1 });
    expect(rec[2]).toMatchObject({ computedCents: 65_000, differenceCents: 65_000 - 705_000 });
  });
});

describe('fees: nothing invented', () => {
  it('a missing count gives no amount and a warning naming the partner', () => {
    const p = partner('PROO', 'PO', 'covenant');
    const r = report([p], []);
    expect(r.lines[0]).toMatchObject({
      status: 'missing_count',
      amountCents: null,
      pm: true,
      quantity: null,
    });
    expect(r.warnings).toEqual([
      expect.stringContaining('PROO (PROO naam): no count of pupils for 2018-2019'),
    ]);
  });

  it('a masked count is surfaced, never read as 0 or 5', () => {
    const p = partner('PCSL', 'PO', 'covenant');
    const r = report(
      [p],
      [
        count(p, 120, { locationId: 1, locationCode: '01AB00' }),
        count(p, null, { locationId: 2, locationCode: '01AB01' }),
      ],
    );
    expect(r.lines[0]).toMatchObject({ status: 'masked_count', amountCents: null, quantity: null });
    expect(r.warnings[0]).toContain('01AB01 <5');
    expect(r.lines[0]!.rule).toContain('120 pupils known');
  });

  it('no rate at all: no amount, and a hint how to set rates', () => {
    const p = partner('X', 'PO', 'covenant');
    const r = computeFeeReport({
      year: Y,
      partners: [p],
      counts: [count(p, 10)],
      rates: [],
      policy: 'full_year',
    });
    expect(r.lines[0]).toMatchObject({ status: 'no_rate', amountCents: null });
    expect(r.warnings[0]).toContain('no rates for 2018-2019');
  });

  it('counts in the wrong unit are left out with a warning', () => {
    const p = partner('KO', 'VSE', 'covenant');
    const r = report([p], [count(p, 40, { unit: 'pupils' })]);
    expect(r.lines[0]!.status).toBe('missing_count');
    expect(r.warnings.join('\n')).toContain('left out');
  });
});

describe('membership in a year', () => {
  it('overlaps the school year; no dates is always', () => {
    expect(isMemberIn({ joinedOn: null, leftOn: null }, Y)).toBe(true);
    expect(isMemberIn({ joinedOn: '2019-07-31', leftOn: null }, Y)).toBe(true);
    expect(isMemberIn({ joinedOn: '2019-08-01', leftOn: null }, Y)).toBe(false);
    expect(isMemberIn({ joinedOn: null, leftOn: '2018-08-01' }, Y)).toBe(true);
    expect(isMemberIn({ joinedOn: null, leftOn: '2018-07-31' }, Y)).toBe(false);
  });

  it('counts started months', () => {
    expect(membershipMonths({ joinedOn: null, leftOn: null }, Y)).toBe(12);
    expect(membershipMonths({ joinedOn: '2019-01-31', leftOn: null }, Y)).toBe(7);
    expect(membershipMonths({ joinedOn: null, leftOn: '2018-08-01' }, Y)).toBe(1);
    expect(membershipMonths({ joinedOn: '2018-10-15', leftOn: '2018-11-02' }, Y)).toBe(2);
  });

  it('full_year bills a late joiner the whole fee; pro_rata_month bills started months', () => {
    const p = partner('LATE', 'OVERIG', 'basis', { joinedOn: '2019-01-15' });
    expect(report([p], []).lines[0]!.amountCents).toBe(15_000);
    const pr = report([p], [], 'pro_rata_month').lines[0]!;
    expect(pr).toMatchObject({ months: 7, fullAmountCents: 15_000, amountCents: 8_750 });
  });

  it('funders, none, non-members and children of a non-member get no line', () => {
    const gone = partner('GONE', 'PO', 'covenant', { leftOn: '2017-12-31' });
    const child = partner('CHILD', 'PO', 'none', { parentId: gone.id });
    const r = report(
      [partner('F', 'OVERIG', 'funder'), partner('N', 'OVERIG', 'none'), gone, child],
      [count(child, 10)],
    );
    expect(r.lines).toEqual([]);
    expect(billingPartners([gone, child], Y).billedBy.size).toBe(0);
    // a school with its own covenant membership pays itself when its board has left
    const own = partner('OWN', 'PO', 'covenant', { parentId: gone.id });
    expect(report([gone, own], [count(own, 10)]).lines.map((l) => [l.partner, l.amountCents])).toEqual([
      ['OWN', 2500],
    ]);
  });

  it('a paying child of a non-paying parent is billed itself; a loop is reported', () => {
    const group = partner('GROUP', 'PO', 'none');
    const school = partner('SCH', 'PO', 'covenant', { parentId: group.id });
    expect(report([group, school], [count(school, 4)]).lines.map((l) => [l.partner, l.amountCents])).toEqual([
      ['SCH', 1000],
    ]);
    const a = partner('A', 'PO', 'covenant');
    const b = partner('B', 'PO', 'covenant', { parentId: a.id });
    a.parentId = b.id;
    expect(billingPartners([a, b], Y).warnings.join('\n')).toContain('loops');
  });
});

describe('fees: properties over random partners, counts and rates', () => {
  const sectors = ['VSE', 'PO', 'VO', 'MBO', 'HO', 'WO', 'OVERIG'] as const;
  const memberships: Membership[] = ['covenant', 'basis', 'extended', 'funder', 'none'];
  const arbRates = fc.record({
    VSE: fc.option(fc.integer({ min: 0, max: 10_000 })),
    PO: fc.option(fc.integer({ min: 0, max: 10_000 })),
    VO: fc.option(fc.integer({ min: 0, max: 10_000 })),
    MBO: fc.option(fc.integer({ min: 0, max: 10_000 })),
    HO: fc.option(fc.integer({ min: 0, max: 10_000_000 })),
    BASIS: fc.option(fc.integer({ min: 0, max: 1_000_000 })),
    UITGEBREID: fc.option(fc.integer({ min: 0, max: 1_000_000 })),
  });
  const arbPartner = fc.record({
    sector: fc.constantFrom(...sectors),
    membership: fc.constantFrom(...memberships),
    parent: fc.option(fc.nat(), { freq: 3 }),
    joined: fc.option(fc.integer({ min: 0, max: 1100 })),
    left: fc.option(fc.integer({ min: 0, max: 1100 })),
    counts: fc.array(fc.option(fc.integer({ min: 0, max: 100_000 }), { freq: 8 }), { maxLength: 4 }),
    places: fc.boolean(),
  });
  const day = (n: number) => new Date(Date.UTC(2017, 7, 1 + n)).toISOString().slice(0, 10);

  it('totals equal the sum of the lines to the cent, PM never becomes a number', () => {
    fc.assert(
      fc.property(
        fc.array(arbPartner, { minLength: 1, maxLength: 60 }),
        arbRates,
        fc.constantFrom<JoinLeavePolicy>('full_year', 'pro_rata_month'),
        (specs, rateSpec, policy) => {
          const partners: FeePartner[] = specs.map((s, i) => {
            const joined = s.joined === null ? null : day(s.joined);
            const left = s.left === null ? null : day(s.left);
            return {
              id: i + 1,
              code: `P${i + 1}`,
              name: `Partner ${i + 1}`,
              sector: s.sector,
              membership: s.membership,
              parentId:
                s.parent === null || s.parent % specs.length === i ? null : (s.parent % specs.length) + 1,
              joinedOn: joined !== null && left !== null && left < joined ? left : joined,
              leftOn: joined !== null && left !== null && left < joined ? joined : left,
            };
          });
          const counts: FeeCount[] = specs.flatMap((s, i) =>
            s.counts.map((q, k) => ({
              partnerId: i + 1,
              locationId: (i + 1) * 10 + k,
              locationCode: `${String(i).padStart(4, '0')}${k}`,
              locationName: null,
              quantity: q,
              masked: q === null ? '<5' : null,
              unit: s.places || s.sector === 'VSE' ? ('places' as const) : ('pupils' as const),
              countDate: '2018-10-01',
              importId: null,
              importBatch: null,
              importFile: null,
            })),
          );
          const rates: Rate[] = Object.entries(rateSpec).map(([category, amountCents]) => ({
            year: '2018-2019',
            category,
            basis:
              category === 'VSE'
                ? 'place'
                : ['HO', 'BASIS', 'UITGEBREID'].includes(category)
                  ? 'fixed'
                  : 'pupil',
            amountCents,
            note: null,
          }));
          const r = computeFeeReport({ year: Y, partners, counts, rates, policy });
          let total = 0n;
          const bySector = new Map<string, bigint>();
          for (const l of r.lines) {
            expect(l.pm).toBe(l.amountCents === null);
            if (l.amountCents !== null) {
              expect(Number.isSafeInteger(l.amountCents)).toBe(true);
              total += BigInt(l.amountCents);
              bySector.set(l.sector, (bySector.get(l.sector) ?? 0n) + BigInt(l.amountCents));
            }
            const rate = rates.find((x) => x.category === l.category);
            // PM rate, missing or masked count: never a number
            if (!rate || rate.amountCents === null) expect(l.amountCents).toBeNull();
            if (l.sources.some((s) => s.quantity === null)) expect(l.amountCents).toBeNull();
            if (l.basis !== 'fixed' && l.sources.length === 0) expect(l.amountCents).toBeNull();
            if (l.status !== 'ok') expect(l.amountCents).toBeNull();
            if (l.status === 'ok' && l.months === 12) {
              const q = l.basis === 'fixed' ? 1 : l.sources.reduce((s, c) => s + c.quantity!, 0);
              expect(l.amountCents).toBe(q * rate!.amountCents!);
            }
            if (l.status !== 'ok') expect(r.warnings.some((w) => w.startsWith(`${l.partner} (`))).toBe(true);
          }
          expect(BigInt(r.totals.totalCents)).toBe(total);
          for (const [sector, cents] of Object.entries(r.totals.bySector)) {
            if (cents === null)
              expect(r.totals.openBySector[sector]).toBe(r.lines.filter((l) => l.sector === sector).length);
            else expect(BigInt(cents)).toBe(bySector.get(sector) ?? 0n);
          }
          expect(r.totals.openLines).toBe(r.lines.filter((l) => l.pm).length);
          // every paying member gets exactly one line (per sector, for a covenant board with schools
          // in several sectors) or is billed through an ancestor's line
          const lineIds = new Set(r.lines.map((l) => `${l.partnerId}/${l.sector}`));
          expect(lineIds.size).toBe(r.lines.length);
          // a board's line for another sector bills that sector's schools as covenant partners
          for (const l of r.lines)
            if (l.sector !== partners.find((x) => x.id === l.partnerId)!.sector)
              expect(l.membership).toBe('covenant');
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('no floating point on money', () => {
  it('the money modules use no float helpers (amounts are integer cents, rounding is mulDivRound)', () => {
    for (const f of ['fees.ts', 'budget.ts', 'in-kind.ts']) {
      const src = readFileSync(join(ROOT, 'src', 'domain', f), 'utf8');
      expect(src, f).not.toMatch(
        /parseFloat|toFixed|Math\.(round|floor|ceil|trunc)\(|\* 0\.\d|\/ 100\b(?!0)/,
      );
    }
  });
});
