import { beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, openDb, schemaVersion, type Db } from '../../src/db/connection.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { loadReference } from '../../src/app/init.js';
import { IMPORTERS } from '../../src/app/importers.js';
import { computeFees, explainFee } from '../../src/app/fees.js';
import { budgetReport, budgetYearsReport, setCofinancing } from '../../src/app/budget.js';
import { copyRates, setRate } from '../../src/app/rates.js';
import { proposeInKindFor, saveInKindProposal, setHourlyRate } from '../../src/app/in-kind.js';
import { listRates } from '../../src/db/rates.js';
import { setSetting } from '../../src/db/settings.js';
import { LatoError } from '../../src/domain/errors.js';
import { EXAMPLE, addCount, addPartner, seedPartners } from '../fee-fixture.js';
import { tempDir } from '../helpers.js';

const dir = tempDir();
let n = 0;
function csv(text: string): string {
  const f = join(dir, `f${++n}.csv`);
  writeFileSync(f, text.replace(/\n/g, '\r\n'));
  return f;
}

async function rejected(p: Promise<unknown>): Promise<LatoError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LatoError);
    return e as LatoError;
  }
  throw new Error('expected the import to be rejected');
}

const imp = async (kind: string, db: Db, file: string, opts = {}) =>
  (await IMPORTERS[kind]!())(db, file, opts);

let db: Db;
beforeEach(() => {
  db = openDb(':memory:', { create: true });
  loadReference(db);
});

describe('rates: import, set, copy', () => {
  it('imports the plan rates, MBO stays PM', async () => {
    const s = await imp('rates', db, join(EXAMPLE, 'rates-2018-2019.csv'));
    expect(s.rows).toMatchObject({ total: 8, new: 8 });
    const rates = listRates(db, '2018-2019');
    expect(rates.map((r) => [r.category, r.basis, r.amountCents])).toEqual([
      ['BASIS', 'fixed', 15_000],
      ['HO', 'fixed', 50_000],
      ['MBO', 'pupil', null],
      ['PO', 'pupil', 250],
      ['UITGEBREID', 'fixed', 50_000],
      ['VO', 'pupil', 300],
      ['VSE', 'place', 150],
      ['WO', 'fixed', 50_000],
    ]);
    expect(db.prepare('SELECT pm FROM rates WHERE category = ?').get('MBO')).toEqual({ pm: 1 });
    const again = await imp('rates', db, join(EXAMPLE, 'rates-2018-2019.csv'));
    expect(again.rows).toMatchObject({ new: 0, changed: 0, unchanged: 8 });
  });

  it('reads Dutch notation and sector names, with --year for files without a year column', async () => {
    const f = csv('sector;bedrag\nPrimair onderwijs;1.953,00\nuitgebreid;€ 500,-\n');
    await imp('rates', db, f, { year: '2020-2021' });
    expect(listRates(db, '2020-2021').map((r) => [r.category, r.basis, r.amountCents])).toEqual([
      ['PO', 'pupil', 195_300],
      ['UITGEBREID', 'fixed', 50_000],
    ]);
  });

  it('rejects every bad line at once and writes nothing', async () => {
    const f = csv(
      [
        'schooljaar;categorie;grondslag;bedrag',
        '2018-2020;PO;per leerling;2,50',
        '2018-2019;XX;per leerling;2,50',
        '2018-2019;VO;per leerling;-3,00',
        '2018-2019;VSE;per kindplaats;abc',
        '2018-2019;BASIS;per leerling;150',
        '2018-2019;HO;per hectare;500',
        '2018-2019;WO;vast;500',
        '2018-2019;WO;vast;600',
        '2018-2019;VSE;per leerling;1,50',
      ].join('\n'),
    );
    const e = await rejected(imp('rates', db, f));
    const msgs = e.problems.map((p) => `${p.line}:${p.column}:${p.message}`);
    expect(msgs).toEqual([
      '2:schooljaar:"2018-2020" is not a school year: 2020 does not follow 2018 (write 2018-2019)',
      '3:categorie:unknown sector or category "XX"',
      '4:bedrag:the rate "-3,00" is negative',
      '5:bedrag:"abc" is not an amount',
      '6:grondslag:BASIS is a membership of partners without pupils: its rate is a fixed amount',
      '7:grondslag:unknown basis "per hectare"',
      '9:categorie:the rate for WO in 2018-2019 is already on line 8',
      '10:grondslag:VSE counts childcare places, not pupils',
      '10:categorie:the rate for VSE in 2018-2019 is already on line 5',
    ]);
    expect(e.problems.every((p) => p.file === 'f' + n + '.csv')).toBe(true);
    expect(listRates(db)).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM imports').get()).toEqual({ n: 0 });
  });

  it('a missing year column without --year is a problem', async () => {
    const e = await rejected(imp('rates', db, csv('sector;bedrag\nPO;2,50\n')));
    expect(e.problems[0]!.message).toBe('the school year is missing');
  });

  it('set keeps the basis, takes PM, rejects unknown sectors and bad amounts', () => {
    expect(setRate(db, { year: '2019-2020', sector: 'po', amount: '2,75' })).toMatchObject({
      rate: { category: 'PO', basis: 'pupil', amountCents: 275 },
      result: 'new',
    });
    expect(setRate(db, { year: '2019-2020', sector: 'MBO', amount: 'PM' }).rate.amountCents).toBeNull();
    expect(setRate(db, { year: '2019-2020', sector: 'PO', amount: '2,75' }).result).toBe('unchanged');
    expect(() => setRate(db, { year: '2019-2020', sector: 'ZZ', amount: '1' })).toThrow(
      'unknown sector or category "ZZ"',
    );
    expect(() => setRate(db, { year: '2019-2020', sector: 'PO', amount: '-1' })).toThrow('negative');
    expect(() => setRate(db, { year: '2019-2020', sector: 'PO', amount: 'twee' })).toThrow(
      'is not an amount',
    );
    expect(() => setRate(db, { year: '2019-2021', sector: 'PO', amount: '1' })).toThrow(
      'is not a school year',
    );
    expect(() => setRate(db, { year: '2019-2020', sector: 'PO', amount: '1', basis: 'place' })).toThrow(
      'PO counts pupils, not childcare places',
    );
    const log = db.prepare("SELECT action FROM audit_log WHERE entity = 'rate'").all();
    expect(log).toEqual([{ action: 'create' }, { action: 'create' }]);
  });

  it('copy copies all rates, refuses to overwrite without replace, and needs a source', async () => {
    await imp('rates', db, join(EXAMPLE, 'rates-2018-2019.csv'));
    expect(copyRates(db, '2018-2019', '2019-2020', false).rates).toHaveLength(8);
    expect(listRates(db, '2019-2020').find((r) => r.category === 'MBO')!.amountCents).toBeNull();
    expect(() => copyRates(db, '2018-2019', '2019-2020', false)).toThrow('already has 8 rates');
    expect(copyRates(db, '2018-2019', '2019-2020', true).rates).toHaveLength(8);
    expect(() => copyRates(db, '2030-2031', '2031-2032', false)).toThrow('no rates for 2030-2031');
  });
});

describe('fees on the store', () => {
  beforeEach(async () => {
    seedPartners(db);
    await imp('rates', db, join(EXAMPLE, 'rates-2018-2019.csv'));
    await imp('budget', db, join(EXAMPLE, 'budget-2018-2019.csv'), { year: '2018-2019' });
  });

  it('computes the example year: a line for every paying member, totals per sector', () => {
    const r = computeFees(db, '2018-2019');
    expect(r.lines.map((l) => l.partner)).toEqual([
      'SPL',
      'PCSL',
      'PROO',
      'SCOL',
      'LKO',
      'STEDGYM',
      'MBO-R',
      'HSL',
      'UL',
      'AED',
      'BOERHAAVE',
      'NATURALIS',
    ]);
    expect(Object.keys(r.totals.bySector)).toEqual(['VSE', 'PO', 'VO', 'MBO', 'HO', 'WO', 'OVERIG']);
    expect(r.totals.bySector).toEqual({
      HO: 50_000,
      MBO: null,
      OVERIG: 80_000,
      PO: 2_800_000,
      VO: 3_888_300,
      VSE: 195_300,
      WO: 50_000,
    });
    expect(r.totals.totalCents).toBe(7_063_600);
    expect(r.warnings).toEqual(['MBO-R (MBO Rijnland): the MBO rate for 2018-2019 is PM; no amount']);
    const scol = r.lines.find((l) => l.partner === 'SCOL')!;
    expect(scol).toMatchObject({
      quantity: 5000,
      amountCents: 1_250_000,
      includes: ['SCOL-ELS'],
      countDate: '2018-10-01',
    });
    expect(scol.sources.find((s) => s.level === 'location')).toMatchObject({
      partner: 'SCOL-ELS',
      locationCode: '12AB00',
      quantity: 400,
      importFile: 'tellingen-2018.csv',
    });
  });

  it('reconciles with the budget: VO computes € 38.883 against the printed € 38.884', () => {
    const rec = computeFees(db, '2018-2019').reconciliation!;
    const by = Object.fromEntries(rec.map((x) => [x.category, x]));
    expect(by.VSE).toMatchObject({ budgetCents: 195_300, computedCents: 195_300, differenceCents: 0 });
    expect(by.PO).toMatchObject({ differenceCents: 0 });
    expect(by.VO).toMatchObject({ budgetCents: 3_888_400, computedCents: 3_888_300, differenceCents: -100 });
    expect(by.MBO).toMatchObject({ budgetCents: null, computedCents: null, openLines: 1 });
  });

  it('--partner gives the line that bills the partner, and says so for a school', () => {
    const r = computeFees(db, '2018-2019', { partner: 'scol-els' });
    expect(r.lines.map((l) => l.partner)).toEqual(['SCOL']);
    expect(r.warnings[0]).toBe('SCOL-ELS is billed through SCOL');
    expect(r.totals.totalCents).toBe(1_250_000);
    const f = computeFees(db, '2018-2019', { partner: 'GEMEENTE' });
    expect(f.lines).toEqual([]);
    expect(f.warnings).toEqual(['GEMEENTE has membership "funder", which pays no fee']);
    expect(() => computeFees(db, '2018-2019', { partner: 'NOPE' })).toThrow('no partner "NOPE"');
  });

  it('masked and missing counts are surfaced', () => {
    addPartner(db, { code: 'KLEIN', sector: 'VO', membership: 'covenant' });
    addCount(db, 'KLEIN', null, { location: '30CC00', masked: '<5' });
    addPartner(db, { code: 'NIEUW', sector: 'PO', membership: 'covenant' });
    const r = computeFees(db, '2018-2019');
    expect(r.lines.find((l) => l.partner === 'KLEIN')).toMatchObject({
      status: 'masked_count',
      amountCents: null,
      pm: true,
    });
    expect(r.lines.find((l) => l.partner === 'NIEUW')).toMatchObject({
      status: 'missing_count',
      amountCents: null,
    });
    expect(r.warnings.filter((w) => /^(KLEIN|NIEUW) /.test(w))).toHaveLength(2);
    expect(r.totals.bySector.VO).toBe(3_888_300);
    expect(r.totals.openBySector).toEqual({ PO: 1, VO: 1, MBO: 1 });
  });

  it('the join/leave policy is a setting', () => {
    addPartner(db, { code: 'LAAT', sector: 'OVERIG', membership: 'basis', joined: '2019-03-10' });
    expect(computeFees(db, '2018-2019').lines.find((l) => l.partner === 'LAAT')!.amountCents).toBe(15_000);
    setSetting(db, 'fees.join_leave_policy', 'pro_rata_month');
    expect(computeFees(db, '2018-2019').lines.find((l) => l.partner === 'LAAT')).toMatchObject({
      months: 5,
      amountCents: 6_250,
    });
    setSetting(db, 'fees.join_leave_policy', 'by_day');
    expect(() => computeFees(db, '2018-2019')).toThrow('fees.join_leave_policy');
  });

  it('explain names the line, the counts and the reason when there is none', () => {
    const e = explainFee(db, 'SCOL-ELS', '2018-2019');
    expect(e.billedThrough).toBe('SCOL');
    expect(e.line!.rule).toBe('5.000 pupils × € 2,50 = € 12.500,00');
    const none = explainFee(db, 'PPO', '2018-2019');
    expect(none.line).toBeNull();
    expect(none.reason).toBe('PPO has membership "funder", which pays no fee');
    addPartner(db, { code: 'WEG', sector: 'PO', membership: 'covenant', left: '2017-12-31' });
    expect(explainFee(db, 'WEG', '2018-2019').reason).toBe(
      'WEG is not a member in 2018-2019 (left on 2017-12-31)',
    );
  });
});

describe('budget', () => {
  beforeEach(async () => {
    seedPartners(db);
    await imp('rates', db, join(EXAMPLE, 'rates-2018-2019.csv'));
    await imp('budget', db, join(EXAMPLE, 'budget-2018-2019.csv'), { year: '2018-2019' });
    await imp('in-kind', db, join(EXAMPLE, 'in-kind-2018-2019.csv'), { year: '2018-2019' });
  });

  it('2018-2019 as printed: income € 145.087 against costs € 145.086, MBO PM, VO one euro off', () => {
    const r = budgetReport(db, '2018-2019');
    expect(r.summary.income).toEqual({ cents: 14_508_700, pm: ['MBO'] });
    expect(r.summary.costs).toEqual({ cents: 14_508_600, pm: [] });
    expect(r.summary.resultCents).toBe(100);
    expect(r.summary.balanced).toBe(false);
    expect(r.stated).toEqual({ income: 14_508_600, costs: 14_508_600, result: 0, in_kind: 11_090_000 });
    expect(r.summary.inKind).toEqual({ cents: 11_090_000, pm: ['Projectgroeplid MBO'] });
    expect(r.summary.problems.map((p) => p.code)).toEqual([
      'unbalanced',
      'stated_total',
      'stated_total',
      'pm_open',
      'fee_mismatch',
      'fee_mismatch',
    ]);
    expect(r.summary.problems.map((p) => p.message)).toEqual([
      'income € 145.087,00 and costs € 145.086,00 differ by € 1,00 (a surplus, leaving out the PM lines)',
      'the stated income total € 145.086,00 differs from the sum of the income lines € 145.087,00 by € 1,00',
      'the stated result € 0,00 differs from the computed result (income − costs) € 1,00 by € 1,00',
      'income line "MBO" is PM: the budget stays open until it has an amount',
      'partner contributions "Voortgezet Onderwijs" (VO): budget € 38.884,00, computed fees € 38.883,00, difference -€ 1,00',
      'partner contributions "Overig" (OVERIG): budget € 7.050,00, computed fees € 800,00, difference -€ 6.250,00',
    ]);
  });

  it('a balanced budget has no problems', async () => {
    const f = csv(
      [
        'kant;omschrijving;bedrag',
        'baten;Gemeente Leiden;90.000',
        'lasten;Netwerk;90.000',
        'totaal baten;Totaal;90.000',
      ].join('\n'),
    );
    await imp('budget', db, f, { year: '2019-2020' });
    const r = budgetReport(db, '2019-2020');
    expect(r.summary.problems).toEqual([]);
    expect(r.summary.balanced).toBe(true);
  });

  it('realisation beside the budget: actual, difference, percentage', async () => {
    const f = csv(
      [
        'kant;omschrijving;bedrag',
        'baten;SWV Passend Onderwijs VO;15.000',
        'lasten;Communicatie;7.512,50',
        'lasten;Drukwerk;100',
      ].join('\n'),
    );
    await imp('budget', db, f, { year: '2018-2019', kind: 'realisatie' });
    const r = budgetReport(db, '2018-2019');
    const comm = r.realisation!.find((x) => x.label === 'Communicatie')!;
    expect(comm).toMatchObject({
      budgetCents: 1_000_000,
      actualCents: 751_250,
      differenceCents: -248_750,
      percentUsed: 75.1,
    });
    expect(r.realisation!.find((x) => x.label === 'Drukwerk')).toMatchObject({
      in: 'realisation',
      budgetCents: null,
    });
    expect(r.realisation!.find((x) => x.label === 'MBO')).toMatchObject({
      budgetCents: null,
      actualCents: null,
      percentUsed: null,
    });
    const actual = budgetReport(db, '2018-2019', { kind: 'realisatie' });
    expect(actual.summary.costs.cents).toBe(761_250);
    expect(actual.fees).toEqual([]);
  });

  it('years side by side', async () => {
    await imp(
      'budget',
      db,
      csv('kant;omschrijving;bedrag\nbaten;Gemeente Leiden;20.000\nlasten;Communicatie;20.000\n'),
      {
        year: '2020-2021',
      },
    );
    const v = budgetYearsReport(db, '2019-2020', '2022-2023');
    expect(v.years).toEqual(['2019-2020', '2020-2021', '2021-2022', '2022-2023']);
    expect(v.rows.map((r) => [r.side, r.label, r.amounts])).toEqual([
      ['income', 'Gemeente Leiden', [undefined, 2_000_000, undefined, undefined]],
      ['costs', 'Communicatie', [undefined, 2_000_000, undefined, undefined]],
    ]);
    expect(v.totals.map((t) => t.lines)).toEqual([0, 2, 0, 0]);
    expect(() => budgetYearsReport(db, '2022-2023', '2019-2020')).toThrow('comes before');
  });

  it('co-financing: at most 50% of the costs and € 90.000 per calendar year, where configured', async () => {
    // the reference rule is the older covenant's, until 2018-03-31: it does not apply to 2018-2019
    expect(budgetReport(db, '2018-2019').summary.problems.some((p) => p.code.startsWith('cofinancing'))).toBe(
      false,
    );
    setCofinancing(db, { until: 'none', from: '2019-01-01' });
    const y1 = csv(
      'kant;omschrijving;bedrag\nbaten;Gemeente Leiden;100.000\nbaten;Overig;80.000\nlasten;Kosten;180.000\n',
    );
    await imp('budget', db, y1, { year: '2019-2020' });
    const y2 = csv(
      'kant;omschrijving;bedrag\nbaten;Gemeente Leiden;84.000\nbaten;Overig;96.000\nlasten;Kosten;180.000\n',
    );
    await imp('budget', db, y2, { year: '2020-2021' });
    const p1 = budgetReport(db, '2019-2020').summary.problems.map((p) => p.message);
    expect(p1).toContain(
      '"Gemeente Leiden" € 100.000,00 is more than 50% of the costs (€ 90.000,00) in 2019-2020, by € 10.000,00',
    );
    // calendar year 2020: 7/12 of 100.000 (58.333,33) + 5/12 of 84.000 (35.000) = 93.333,33
    expect(p1).toContain(
      '"Gemeente Leiden" comes to € 93.333,33 in calendar year 2020 (from 2019-2020 and 2020-2021, spread by month), more than the maximum of € 90.000,00 by € 3.333,33',
    );
    setCofinancing(db, { off: true });
    expect(budgetReport(db, '2019-2020').summary.problems.some((p) => p.code.startsWith('cofinancing'))).toBe(
      false,
    );
    expect(() => setCofinancing(db, { share: '150' })).toThrow('not a whole percentage');
  });

  it('bad budget files: every problem, nothing written', async () => {
    const f = csv(
      [
        'kant;categorie;omschrijving;bijdrage_sector;bedrag',
        'inkomen;;Subsidie;;1.000',
        'baten;;Fonds;;-500',
        'baten;;Fonds 2;;veel',
        'baten;Bijdrage partners;Sport;SPORT;100',
        'lasten;;Huur;PO;100',
        'lasten;;Huur;;200',
        'lasten;;;;200',
        'totaal baten;;Totaal;;PM',
        'lasten;;Drukwerk;;',
      ].join('\n'),
    );
    const e = await rejected(imp('budget', db, f, { year: '2019-2020' }));
    expect(e.problems.map((p) => `${p.line}:${p.column}:${p.message}`)).toEqual([
      '2:kant:unknown side "inkomen"',
      '3:bedrag:the amount "-500" is negative',
      '4:bedrag:"veel" is not an amount',
      '5:bijdrage_sector:unknown sector "SPORT"',
      '6:bijdrage_sector:a costs line cannot be a partner contribution',
      '7:omschrijving:"Huur" (costs) is already on line 6',
      '8:omschrijving:the description is empty',
      '9:bedrag:the income total cannot be PM here',
      '10:bedrag:the amount is empty',
    ]);
    expect(budgetReport(db, '2019-2020').lines).toEqual([]);
    await expect(imp('budget', db, f, {})).rejects.toThrow('--year is required');
    await expect(imp('budget', db, f, { year: '2019-2020', kind: 'plan' })).rejects.toThrow(
      'unknown kind "plan"',
    );
  });

  it('a new budget file replaces the lines of that year and kind', async () => {
    const f = csv(
      'kant;omschrijving;bedrag\nbaten;SWV Passend Onderwijs VO;15.000\nlasten;Communicatie;15.000\n',
    );
    const s = await imp('budget', db, f, { year: '2018-2019' });
    expect(s.notes.join()).toContain('removed');
    expect(budgetReport(db, '2018-2019').lines).toHaveLength(2);
    expect(budgetReport(db, '2018-2019').stated).toEqual({ in_kind: 11_090_000 });
  });

  it('in-kind: hours × rate, amounts, PM, stated total; bad lines rejected', async () => {
    const ok = csv(
      'omschrijving;partner;uren;uurtarief;bedrag\nProjectlid AED;AED;125;38,40;\nAdministratie;;;;5.000\nMBO;;;;PM\nTotaal;;;;9.800\n',
    );
    await imp('in-kind', db, ok, { year: '2019-2020' });
    const r = budgetReport(db, '2019-2020');
    expect(r.inKind.map((l) => [l.label, l.partner, l.hoursCenti, l.hourlyRateCents, l.amountCents])).toEqual(
      [
        ['Projectlid AED', 'AED', 12_500, 3_840, 480_000],
        ['Administratie', null, null, null, 500_000],
        ['MBO', null, null, null, null],
      ],
    );
    expect(r.summary.inKind.cents).toBe(980_000);
    const bad = csv(
      [
        'omschrijving;partner;uren;uurtarief;bedrag',
        'A;NOPE;;;100',
        'B;;90;;',
        'C;;90;80;7.000',
        'D;;-5;80;',
        'E;;;;',
        'A;;;;1',
      ].join('\n'),
    );
    const e = await rejected(imp('in-kind', db, bad, { year: '2019-2020' }));
    expect(e.problems.map((p) => `${p.line}:${p.column}:${p.message}`)).toEqual([
      '2:partner:no partner with code "NOPE"',
      '3:uurtarief:give both the hours and the hourly rate, or neither',
      '4:bedrag:the amount € 7.000,00 differs from hours × hourly rate = € 7.200,00',
      '5:uren:the hours "-5" are negative',
      '6:bedrag:the amount is empty',
      '7:omschrijving:"A" is already on line 2',
    ]);
    expect(budgetReport(db, '2019-2020').inKind).toHaveLength(3);
  });
});

describe('in-kind proposal', () => {
  beforeEach(() => {
    seedPartners(db);
    const member = db.prepare(
      'INSERT INTO project_group_members (name, partner_id, compensation) VALUES (?, (SELECT id FROM partners WHERE code = ?), ?)',
    );
    member.run('Lid HSL 1', 'HSL', 'time');
    member.run('Lid HSL 2', 'HSL', 'time');
    member.run('Lid AED', 'AED', 'money');
    member.run('Lid stad', null, 'time');
  });

  it('10 hours per contact person, 90 per member paid in time, money-paid members apart', () => {
    const p = proposeInKindFor(db, '2018-2019');
    // 15 partners with a membership (SCOL-ELS has none); HSL and AED provide a project-group member
    expect(p.contactPartners).toHaveLength(13);
    expect(p.lines.map((l) => [l.label, l.hoursCenti / 100, l.amountCents])).toEqual([
      ['Inzet contactpersoon partners', 130, 1_040_000],
      ['Projectgroepleden Hogeschool Leiden', 180, 1_440_000],
      ['Projectgroeplid Lid stad', 90, 720_000],
    ]);
    expect(p.paidInMoney).toEqual([
      { name: 'Lid AED', partner: 'AED', hoursCenti: 9_000, amountCents: 720_000 },
    ]);
    expect(p.totalCents).toBe(3_200_000);
  });

  it('uses the hourly rate of the setting, per partner where set, and saves', () => {
    setHourlyRate(db, 9_000, 'HSL');
    const p = proposeInKindFor(db, '2018-2019');
    expect(p.lines[1]).toMatchObject({ hourlyRateCents: 9_000, amountCents: 1_620_000 });
    saveInKindProposal(db, p, false);
    expect(() => saveInKindProposal(db, p, false)).toThrow('already has 3 in-kind lines');
    expect(budgetReport(db, '2018-2019').summary.inKind.cents).toBe(p.totalCents);
  });
});

describe('every other message a user can meet', () => {
  it('settings that are not valid name the setting', () => {
    setSetting(db, 'budget.cofinancing', { income_label: 'G', share_percent: 'half' });
    expect(() => budgetReport(db, '2018-2019')).toThrow('setting budget.cofinancing is not valid');
    setSetting(db, 'in_kind.rules', { contact_hours: -1 });
    expect(() => proposeInKindFor(db, '2018-2019')).toThrow('setting in_kind.rules is not valid');
  });

  it('co-financing options', () => {
    expect(() => setCofinancing(db, { off: true, share: '50' })).toThrow(
      '--off cannot be combined with other options',
    );
    expect(() => setCofinancing(db, { cap: 'veel' })).toThrow('--cap: "veel" is not an amount');
    expect(() => setCofinancing(db, { from: '31-02-2019' })).toThrow('is not an existing date');
    setCofinancing(db, { off: true });
    expect(() => setCofinancing(db, { label: 'G' })).toThrow('--share is required for a new rule');
    expect(() => setCofinancing(db, { share: '50' })).toThrow('--cap is required for a new rule');
    expect(() => setCofinancing(db, { share: '50', cap: '90.000' })).toThrow(
      '--label is required for a new rule',
    );
    expect(setCofinancing(db, { label: 'G', share: '50%', cap: '90.000' })).toEqual({
      incomeLabel: 'G',
      sharePercent: 50,
      capCentsPerCalendarYear: 9_000_000,
      from: null,
      until: null,
    });
  });

  it('years, rates and bases', () => {
    expect(() => budgetYearsReport(db, '2000-2001', '2030-2031')).toThrow(
      'at most 21 school years side by side',
    );
    expect(() => copyRates(db, '2018-2019', '2018-2019', false)).toThrow(
      '--from and --to are the same school year',
    );
    expect(() => setRate(db, { year: '2019-2020', sector: 'PO', amount: '1', basis: 'per hectare' })).toThrow(
      'unknown basis "per hectare"',
    );
  });

  it('budget and in-kind files without lines or columns', async () => {
    const e = await rejected(
      imp('budget', db, csv('kant;omschrijving;bedrag\ntotaal baten;Totaal;100\n'), { year: '2019-2020' }),
    );
    expect(e.problems.map((p) => p.message)).toEqual(['the file has no budget lines']);
    const t = await rejected(
      imp('budget', db, csv('kant;omschrijving;bedrag\nbaten;A;1\nresultaat;R;-5\nresultaat;R;0\n'), {
        year: '2019-2020',
      }),
    );
    expect(t.problems.map((p) => `${p.line}:${p.message}`)).toEqual([
      '4:the result is already stated on line 3',
    ]);
    const k = await rejected(imp('in-kind', db, csv('omschrijving;uren\nA;10\n'), { year: '2019-2020' }));
    expect(k.problems.map((p) => p.message)).toEqual([
      'the file needs a column "bedrag", or the columns "uren" and "uurtarief"',
    ]);
    const d = await rejected(
      imp('in-kind', db, csv('omschrijving;bedrag\nA;1\nTotaal;1\nTotaal;2\nB;-1\n'), { year: '2019-2020' }),
    );
    expect(d.problems.map((p) => `${p.line}:${p.message}`)).toEqual([
      '4:the total is already stated on line 3',
      '5:the amount "-1" is negative',
    ]);
  });
});

describe('migration 002: project-group compensation', () => {
  it('keeps the members of version 1 and pays them in time by default', () => {
    const raw = new Database(':memory:');
    migrate(raw, ':memory:', 1);
    raw.prepare("INSERT INTO project_group_members (name, role) VALUES ('Lid', 'VO')").run();
    migrate(raw, ':memory:');
    expect(schemaVersion(raw)).toBe(MIGRATIONS.length);
    expect(raw.prepare('SELECT name, role, compensation FROM project_group_members').all()).toEqual([
      { name: 'Lid', role: 'VO', compensation: 'time' },
    ]);
    expect(() => raw.prepare("UPDATE project_group_members SET compensation = 'barter'").run()).toThrow(
      'CHECK',
    );
    raw.close();
  });
});
