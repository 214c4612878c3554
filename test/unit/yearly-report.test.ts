// The yearly report as data (domain/yearly-report.ts): partner movements, fees per sector against
// invoices and payments, budget against realisation with the result stated, in kind, figures, and
// what is missing. Inputs inline, as the domain receives them.
import { describe, expect, it } from 'vitest';
import {
  buildYearlyReport,
  memberAtEnd,
  type ReportPartner,
  type YearlyReportInput,
} from '../../src/domain/yearly-report.js';
import { totalsOf, type FeeLine } from '../../src/domain/fees.js';
import type { BudgetLine, InKindLine } from '../../src/domain/budget.js';
import type { Invoice } from '../../src/domain/invoice.js';
import type { Figure, MetricDef } from '../../src/domain/figures.js';
import { schoolYearStarting } from '../../src/domain/school-year.js';

const Y = schoolYearStarting(2018);
const SECTORS = [
  { code: 'VSE', name: 'Voorschoolse educatie' },
  { code: 'PO', name: 'Primair onderwijs' },
  { code: 'VO', name: 'Voortgezet onderwijs' },
  { code: 'MBO', name: 'Middelbaar beroepsonderwijs' },
  { code: 'HO', name: 'Hoger beroepsonderwijs' },
  { code: 'OVERIG', name: 'Partners zonder leerlingen' },
];
const METRICS: MetricDef[] = [
  {
    code: 'partners',
    label: 'Aantal partners',
    aliases: [],
    period: 'school_year',
    by_sector: false,
    group: 'partners',
  },
  {
    code: 'participation',
    label: 'Deelname activiteiten',
    aliases: [],
    period: 'school_year',
    by_sector: true,
    group: 'participation',
  },
  {
    code: 'newsletter_subscribers',
    label: 'Nieuwsbriefabonnees',
    aliases: [],
    period: 'calendar',
    by_sector: false,
    group: 'reach',
  },
];

const partner = (
  code: string,
  sector: string,
  joined: string | null,
  left: string | null = null,
): ReportPartner => ({
  code,
  name: `${code} naam`,
  sector,
  membership: 'covenant',
  parentId: null,
  joinedOn: joined,
  leftOn: left,
});

const fee = (partnerCode: string, sector: string, cents: number | null): FeeLine =>
  ({
    partner: partnerCode,
    name: `${partnerCode} naam`,
    sector,
    amountCents: cents,
    pm: cents === null,
    status: cents === null ? 'pm_rate' : 'ok',
  }) as FeeLine;

let nextId = 1;
function invoice(
  sector: string,
  total: number,
  opts: {
    paid?: number;
    kind?: 'invoice' | 'credit_note';
    status?: 'draft' | 'issued';
    credited?: boolean;
    due?: string;
  } = {},
): Invoice {
  const id = nextId++;
  return {
    id,
    kind: opts.kind ?? 'invoice',
    status: opts.status ?? 'issued',
    schoolYear: Y.label,
    partnerId: id,
    partner: `P${id}`,
    number: opts.status === 'draft' ? null : `LATO-2018-${String(id).padStart(4, '0')}`,
    issuedOn: '2018-10-15',
    dueOn: opts.due ?? '2018-11-14',
    netCents: total,
    vatCents: 0,
    totalCents: total,
    vat: null,
    seller: null,
    buyer: null,
    paymentTermDays: 30,
    credits: null,
    creditedBy: opts.credited ? { id: 999, number: 'LATO-C-2018-0001', issuedOn: '2018-12-01' } : null,
    reason: null,
    paidCents: opts.paid ?? 0,
    lines: [
      {
        position: 1,
        description: 'x',
        basis: 'fixed',
        sector,
        category: sector,
        quantity: 1,
        unitPriceCents: Math.abs(total),
        amountCents: total,
        countDate: null,
        sources: null,
      },
    ],
  };
}

const line = (
  side: 'income' | 'costs',
  label: string,
  cents: number | null,
  feeCategory: string | null = null,
): BudgetLine => ({
  side,
  category: null,
  label,
  feeCategory,
  amountCents: cents,
});

const inKind = (label: string, cents: number | null, hoursCenti: number | null = null): InKindLine => ({
  label,
  partner: null,
  hoursCenti,
  hourlyRateCents: hoursCenti === null ? null : 8000,
  amountCents: cents,
});

function input(over: Partial<YearlyReportInput> = {}): YearlyReportInput {
  const fees = [fee('A', 'PO', 250_00), fee('B', 'VO', 300_00), fee('M', 'MBO', null)];
  return {
    year: Y,
    preparedOn: '2019-10-01',
    organisation: 'De Leidse Aanpak voor Talentontwikkeling',
    sectors: SECTORS,
    partners: [
      partner('A', 'PO', '2015-08-01'),
      partner('B', 'VO', '2018-08-01'),
      partner('C', 'VO', '2016-08-01', '2019-07-31'),
      partner('D', 'OVERIG', null),
      partner('E', 'PO', '2019-08-01'),
      { ...partner('S', 'PO', '2015-08-01'), parentId: 1 },
      { ...partner('N', 'OVERIG', null), membership: 'none' },
    ],
    fees: { lines: fees, totals: totalsOf(fees) },
    invoices: [invoice('PO', 250_00, { paid: 250_00 }), invoice('VO', 300_00, { paid: 100_00 })],
    budget: {
      lines: [
        line('income', 'Gemeente', 1000_00),
        line('income', 'PO', 250_00, 'PO'),
        line('income', 'MBO', null, 'MBO'),
        line('costs', 'Netwerk', 1000_00),
        line('costs', 'Communicatie', 250_00),
      ],
      actual: [
        line('income', 'Gemeente', 1000_00),
        line('income', 'PO', 250_00, 'PO'),
        line('income', 'MBO', 0, 'MBO'),
        line('costs', 'Netwerk', 900_00),
        line('costs', 'Communicatie', 300_00),
      ],
      stated: { income: 1250_00, costs: 1250_00, result: 0 },
    },
    inKind: {
      budget: [inKind('Contactpersonen', 400_00), inKind('Projectgroep MBO', null)],
      actual: [inKind('Contactpersonen', 320_00, 400)],
      statedCents: 400_00,
    },
    figures: [
      { metric: 'partners', period: '2016-2017', sector: '', value: 2, note: null },
      { metric: 'partners', period: '2017-2018', sector: '', value: 9, note: null },
      { metric: 'participation', period: '2017-2018', sector: 'PO', value: 11, note: 'zonder Erasmus+' },
      { metric: 'participation', period: '2017-2018', sector: 'VO', value: 102, note: 'zonder Erasmus+' },
      { metric: 'participation', period: '2018-2019', sector: 'VO', value: 90, note: null },
      { metric: 'newsletter_subscribers', period: '2018 (1)', sector: '', value: 572, note: null },
      { metric: 'newsletter_subscribers', period: '2018 (2)', sector: '', value: 607, note: null },
      { metric: 'newsletter_subscribers', period: '2020', sector: '', value: 900, note: null },
    ] satisfies Figure[],
    metrics: METRICS,
    programme: [
      { year: Y.label, kind: 'activity', sector: 'VO', activity: 'De Leidse Paragraaf' },
      { year: Y.label, kind: 'network', sector: null, activity: 'Bijeenkomst contactpersonen' },
      { year: '2019-2020', kind: 'activity', sector: 'PO', activity: 'Niet dit jaar' },
    ],
    ...over,
  };
}

describe('partners in the yearly report', () => {
  it('counts start (end of the previous year), joined, left and end; start + joined − left = end', () => {
    const p = buildYearlyReport(input()).partners;
    // A (2015) and C (2016) and D (always) at the start; B joined on 1 August; C left on 31 July;
    // E joins next year; the school S counts through its board; N is no member
    expect(p.total).toEqual({ start: 3, joined: 1, left: 1, end: 3, net: 0 });
    expect(p.total.start + p.total.joined - p.total.left).toBe(p.total.end);
    expect(p.joined.map((m) => m.code)).toEqual(['B']);
    expect(p.left).toEqual([{ code: 'C', name: 'C naam', sector: 'VO', date: '2019-07-31' }]);
    expect(p.by_sector.find((s) => s.sector === 'VO')).toMatchObject({
      start: 1,
      joined: 1,
      left: 1,
      end: 1,
    });
    expect(p.by_sector.map((s) => s.sector)).toEqual(['PO', 'VO', 'OVERIG']);
  });

  it('the series: published figures where there are, the registry for the report year, both kept', () => {
    const s = buildYearlyReport(input()).partners.series;
    expect(s.map((x) => x.period)).toEqual(['2016-2017', '2017-2018', '2018-2019']);
    expect(s[0]).toEqual({ period: '2016-2017', value: 2, published: 2, registry: 3 });
    expect(s[2]).toEqual({ period: '2018-2019', value: 3, published: null, registry: 3 });
  });

  it('a member on the last day who leaves that day is not a member at the end', () => {
    expect(memberAtEnd({ joinedOn: null, leftOn: '2019-07-31' }, '2019-07-31')).toBe(false);
    expect(memberAtEnd({ joinedOn: '2019-07-31', leftOn: null }, '2019-07-31')).toBe(true);
  });
});

describe('fees in the yearly report', () => {
  it('budget, computed, invoiced, paid and outstanding per sector; PM stays PM', () => {
    const f = buildYearlyReport(input()).fees;
    const po = f.by_sector.find((r) => r.sector === 'PO')!;
    expect(po).toMatchObject({
      budget_cents: 250_00,
      computed_cents: 250_00,
      invoiced_cents: 250_00,
      paid_cents: 250_00,
      outstanding_cents: 0,
    });
    const vo = f.by_sector.find((r) => r.sector === 'VO')!;
    expect(vo).toMatchObject({
      budget_cents: null,
      budget_pm: false,
      computed_cents: 300_00,
      paid_cents: 100_00,
      outstanding_cents: 200_00,
    });
    const mbo = f.by_sector.find((r) => r.sector === 'MBO')!;
    expect(mbo).toMatchObject({
      budget_cents: null,
      budget_pm: true,
      computed_cents: null,
      pm: true,
      open_lines: 1,
    });
    expect(f.total).toMatchObject({
      computed_cents: 550_00,
      invoiced_cents: 550_00,
      paid_cents: 350_00,
      outstanding_cents: 200_00,
      open_lines: 1,
    });
    expect(f.invoices).toMatchObject({
      issued: 2,
      paid: 1,
      partially_paid: 1,
      unpaid: 0,
      overdue: 1,
      overdue_cents: 200_00,
    });
    expect(f.open).toEqual([{ partner: 'M', name: 'M naam', sector: 'MBO', status: 'pm_rate' }]);
  });

  it('a credit note lowers what is invoiced; a credited invoice is not outstanding; drafts are counted, not summed', () => {
    const f = buildYearlyReport(
      input({
        invoices: [
          invoice('PO', 250_00, { credited: true }),
          invoice('PO', -250_00, { kind: 'credit_note' }),
          invoice('PO', 250_00, { status: 'draft' }),
        ],
      }),
    ).fees;
    const po = f.by_sector.find((r) => r.sector === 'PO')!;
    expect(po).toMatchObject({ invoiced_cents: 0, outstanding_cents: 0 });
    expect(f.invoices).toMatchObject({ issued: 1, credit_notes: 1, credited: 1, drafts: 1, unpaid: 0 });
  });

  it('no invoices issued: said, not hidden', () => {
    const r = buildYearlyReport(input({ invoices: [] }));
    expect(r.missing).toContainEqual(
      expect.objectContaining({
        section: 'fees',
        message: expect.stringContaining('no invoices issued for 2018-2019'),
      }),
    );
  });
});

describe('budget against realisation', () => {
  it('per line: budget, actual, difference, percentage; totals; the result of the realisation', () => {
    const b = buildYearlyReport(input()).budget;
    expect(b.costs).toEqual([
      {
        label: 'Netwerk',
        budget_cents: 1000_00,
        budget_pm: false,
        actual_cents: 900_00,
        actual_pm: false,
        difference_cents: -100_00,
        percent: 90,
        in: 'both',
      },
      {
        label: 'Communicatie',
        budget_cents: 250_00,
        budget_pm: false,
        actual_cents: 300_00,
        actual_pm: false,
        difference_cents: 50_00,
        percent: 120,
        in: 'both',
      },
    ]);
    expect(b.income.find((l) => l.label === 'MBO')).toMatchObject({
      budget_pm: true,
      actual_cents: 0,
      difference_cents: null,
    });
    expect(b.costs_total).toMatchObject({
      budget_cents: 1250_00,
      actual_cents: 1200_00,
      difference_cents: -50_00,
      percent: 96,
    });
    expect(b.result).toEqual({
      budget_cents: 0,
      actual_cents: 50_00,
      difference_cents: 50_00,
      basis: 'realisation',
      outcome: 'surplus',
      amount_cents: 50_00,
      open: false,
    });
    expect(b.stated.every((s) => s.difference_cents === 0)).toBe(true);
  });

  it('a deficit is stated as such', () => {
    const i = input();
    const r = buildYearlyReport({
      ...i,
      budget: { ...i.budget, actual: [...i.budget.actual, line('costs', 'Extra', 100_00)] },
    });
    expect(r.budget.result).toMatchObject({ outcome: 'deficit', amount_cents: 50_00, actual_cents: -50_00 });
    expect(r.budget.costs.at(-1)).toMatchObject({
      label: 'Extra',
      in: 'realisation',
      budget_cents: null,
      budget_pm: false,
    });
  });

  it('without realisation: the budget result, and the gap named', () => {
    const i = input();
    const r = buildYearlyReport({ ...i, budget: { ...i.budget, actual: [] } });
    expect(r.budget.has_realisation).toBe(false);
    expect(r.budget.result).toMatchObject({
      basis: 'budget',
      outcome: 'balanced',
      actual_cents: null,
      open: true,
    });
    expect(r.budget.costs_total.actual_cents).toBeNull();
    expect(r.missing.filter((m) => m.section === 'budget').map((m) => m.message)).toEqual([
      'there is no realisation (realisatie) for 2018-2019: the report shows the budget only',
      'budget line "MBO" is PM',
    ]);
  });

  it('a budget line without a realisation line is named; a stated total that differs is kept with its difference', () => {
    const i = input();
    const r = buildYearlyReport({
      ...i,
      budget: {
        ...i.budget,
        actual: i.budget.actual.filter((l) => l.label !== 'Communicatie'),
        stated: { income: 1250_01 },
      },
    });
    expect(r.missing.map((m) => m.message)).toContain('budget line "Communicatie" has no realisation line');
    expect(r.budget.stated).toEqual([
      { what: 'income', stated_cents: 1250_01, computed_cents: 1250_00, difference_cents: -1 },
    ]);
  });
});

describe('in kind, figures, programme', () => {
  it('in kind: hours and value against the in-kind budget; PM lines named', () => {
    const k = buildYearlyReport(input()).in_kind;
    expect(k.lines[0]).toMatchObject({
      label: 'Contactpersonen',
      budget_cents: 400_00,
      actual_cents: 320_00,
      actual_hours: 4,
      percent: 80,
    });
    expect(k.lines[1]).toMatchObject({ label: 'Projectgroep MBO', budget_pm: true, in: 'budget' });
    expect(k.total).toMatchObject({
      budget_cents: 400_00,
      actual_cents: 320_00,
      actual_hours: 4,
      budget_pm: ['Projectgroep MBO'],
    });
  });

  it('participation per sector over the years up to the report year, with totals', () => {
    const p = buildYearlyReport(input()).participation;
    expect(p.periods).toEqual(['2017-2018', '2018-2019']);
    expect(p.rows).toEqual([
      { key: 'PO', label: 'PO', values: [11, null] },
      { key: 'VO', label: 'VO', values: [102, 90] },
    ]);
    expect(p.totals).toEqual([113, 90]);
    expect(p.notes).toEqual(['zonder Erasmus+']);
  });

  it('without figures for the year: the year is still a column, and the gap is named', () => {
    const r = buildYearlyReport(input({ figures: [] }));
    expect(r.participation.periods).toEqual(['2018-2019']);
    expect(r.participation.totals).toEqual([null]);
    expect(r.participation.rows).toEqual([]);
    expect(r.missing.map((m) => m.section)).toEqual(
      expect.arrayContaining(['participation', 'digital_reach']),
    );
  });

  it('digital reach: calendar years up to the end of the school year, several counts in a year kept apart', () => {
    const d = buildYearlyReport(input()).digital_reach;
    expect(d.periods).toEqual(['2018 (1)', '2018 (2)']);
    expect(d.rows).toEqual([
      { key: 'newsletter_subscribers', label: 'Nieuwsbriefabonnees', values: [572, 607] },
    ]);
  });

  it('the programme of the year only, by sector, and the network meetings', () => {
    const p = buildYearlyReport(input()).programme;
    expect(p).toEqual({
      groups: [{ sector: 'VO', name: 'Voortgezet onderwijs', activities: ['De Leidse Paragraaf'] }],
      network: ['Bijeenkomst contactpersonen'],
    });
    expect(buildYearlyReport(input({ programme: [] })).missing.map((m) => m.section)).toContain('programme');
  });

  it('every missing item has an English message and a Dutch text', () => {
    const r = buildYearlyReport(input({ figures: [], programme: [], invoices: [] }));
    expect(r.missing.length).toBeGreaterThan(4);
    for (const m of r.missing) {
      expect(m.message).not.toBe('');
      expect(m.text).toMatch(/[.)]$/);
    }
  });
});
