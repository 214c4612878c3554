// The yearly report as a Dutch document: the YearlyReport (numbers, computed in
// domain/yearly-report.ts) formatted once into sections of tables, charts, texts and the list of
// what is missing. The Typst template and the Markdown writer only lay this out, so that the PDF
// and the Markdown say the same thing in the same words. Amounts `€ 1.953,00`, dates
// `1 oktober 2025`.

import { formatDateNl } from '../domain/dates.js';
import { calendarYearOf } from '../domain/figures.js';
import { formatEuro, formatInteger, type Cents } from '../domain/money.js';
import type {
  ComparisonRow,
  ComparisonTotal,
  FigureTable,
  MissingItem,
  ReportTexts,
  SectionKey,
  YearlyReport,
} from '../domain/yearly-report.js';

export type Align = 'left' | 'right';

export interface TableBlock {
  type: 'table';
  caption: string | null;
  columns: { label: string; align: Align }[];
  /** style: total (bold, rule above), group (a heading row), plain */
  rows: { cells: string[]; style: 'plain' | 'total' | 'group' }[];
  notes: string[];
}

/** Vertical bars: per category a group of bars, one per series (colour + legend). */
export interface BarsBlock {
  type: 'bars';
  title: string;
  categories: string[];
  series: { label: string; values: (number | null)[]; labels: string[] }[];
  max: number;
  ticks: { value: number; label: string }[];
  notes: string[];
}

/** Horizontal bars in pairs: per row the budget and the actual amount. */
export interface PairsBlock {
  type: 'pairs';
  title: string;
  legend: string[];
  rows: { label: string; values: (number | null)[]; labels: string[] }[];
  max: number;
  notes: string[];
}

export interface TextBlock {
  type: 'text';
  paragraphs: string[];
}

export interface CalloutBlock {
  type: 'callout';
  tone: 'missing' | 'result' | 'note';
  title: string;
  items: string[];
}

export interface ListsBlock {
  type: 'lists';
  /** 2: the groups side by side in two columns */
  columns: 1 | 2;
  groups: { title: string; items: string[] }[];
}

export interface KeyFiguresBlock {
  type: 'keyfigures';
  items: { label: string; value: string; detail: string }[];
}

export type Block =
  TableBlock | BarsBlock | PairsBlock | TextBlock | CalloutBlock | ListsBlock | KeyFiguresBlock;

export interface ViewSection {
  id: SectionKey | 'summary' | 'missing' | 'about';
  /** chapter number (`1`), null for the summary and the closing note */
  number: string | null;
  title: string;
  blocks: Block[];
}

export interface ReportView {
  meta: {
    title: string;
    organisation: string;
    audience: string;
    year: string;
    period: string;
    prepared_on: string;
    date: { year: number; month: number; day: number };
    footer: string;
  };
  sections: ViewSection[];
}

const euro = (c: Cents | null) => formatEuro(c);
/** an amount, or a dash where there is none (no line); PM stays PM */
const amountOrDash = (c: Cents | null, pm: boolean) => (pm ? 'PM' : c === null ? '–' : formatEuro(c));
const signed = (c: Cents | null) => (c === null ? '–' : c > 0 ? `+${formatEuro(c)}` : formatEuro(c));
const int = (n: number | null) => (n === null ? '–' : formatInteger(n));
export const percentNl = (p: number | null) => (p === null ? '–' : `${p.toFixed(1).replace('.', ',')}%`);
const hoursNl = (h: number | null) =>
  h === null
    ? '–'
    : Number.isInteger(h)
      ? formatInteger(h)
      : h.toFixed(2).replace(/0$/, '').replace('.', ',');
/** whole euros for chart labels: `€ 95.000` */
const euroShort = (c: Cents | null) => (c === null ? '' : `€ ${formatInteger(Math.round(c / 100))}`);
const fill = (t: string, values: Record<string, string>) =>
  t.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);

/** A round axis maximum and its ticks (about four steps of 1, 2, 2,5 or 5 × 10^k). */
export function axis(max: number, format: (n: number) => string = formatInteger): BarsBlock['ticks'] {
  const top = max <= 0 ? 1 : max;
  const raw = top / 4;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw)!;
  const ticks: BarsBlock['ticks'] = [];
  for (let v = 0; v <= top + step * 0.999; v += step) ticks.push({ value: v, label: format(v) });
  if (ticks[ticks.length - 1]!.value < top)
    ticks.push({ value: ticks.length * step, label: format(ticks.length * step) });
  return ticks;
}

function missingBlock(report: YearlyReport, section: SectionKey): Block[] {
  const items = report.missing.filter((m) => m.section === section).map((m) => m.text);
  const invented = (report.illustrative ?? []).filter((m) => m.section === section).map((m) => m.text);
  return [
    ...(invented.length === 0
      ? []
      : [
          {
            type: 'callout' as const,
            tone: 'note' as const,
            title: 'Illustratieve gegevens',
            items: invented,
          },
        ]),
    ...(items.length === 0
      ? []
      : [{ type: 'callout' as const, tone: 'missing' as const, title: 'Ontbreekt', items }]),
  ];
}

/** In the summary: every illustrative source the key figures and the result rest on. */
function illustrativeSummary(report: YearlyReport): Block[] {
  const items = (report.illustrative ?? []).map((m) => m.text);
  return items.length === 0
    ? []
    : [
        {
          type: 'callout',
          tone: 'note',
          title: 'Illustratieve gegevens: dit verslag rust deels op verzonnen voorbeelddata',
          items,
        },
      ];
}

function partnersSection(r: YearlyReport): Omit<ViewSection, 'number'> {
  const p = r.partners;
  const t = p.total;
  const table: TableBlock = {
    type: 'table',
    caption: `Partners per werkveld in ${r.year}`,
    columns: [
      { label: 'Werkveld', align: 'left' },
      { label: 'Begin', align: 'right' },
      { label: 'Nieuw', align: 'right' },
      { label: 'Vertrokken', align: 'right' },
      { label: 'Eind', align: 'right' },
    ],
    rows: [
      ...p.by_sector.map((s) => ({
        cells: [`${s.sector} – ${s.name}`, int(s.start), int(s.joined), int(s.left), int(s.end)],
        style: 'plain' as const,
      })),
      { cells: ['Totaal', int(t.start), int(t.joined), int(t.left), int(t.end)], style: 'total' },
    ],
    notes: [
      'Partners zijn de convenantpartijen met een lidmaatschap (financiers inbegrepen); scholen onder een bestuur tellen via hun bestuur. Begin: lid op de laatste dag van het vorige schooljaar; eind: lid op de laatste dag van dit schooljaar.',
    ],
  };
  const moves = (title: string, list: typeof p.joined) =>
    list.length === 0
      ? []
      : [
          {
            type: 'table' as const,
            caption: title,
            columns: [
              { label: 'Partner', align: 'left' as const },
              { label: 'Werkveld', align: 'left' as const },
              { label: 'Datum', align: 'right' as const },
            ],
            rows: list.map((m) => ({
              cells: [m.name, m.sector, formatDateNl(m.date)],
              style: 'plain' as const,
            })),
            notes: [],
          },
        ];
  const chart: BarsBlock = {
    type: 'bars',
    title: 'Aantal partners aan het eind van het schooljaar',
    categories: p.series.map((s) => s.period),
    series: [
      { label: 'Partners', values: p.series.map((s) => s.value), labels: p.series.map((s) => int(s.value)) },
    ],
    max: 0,
    ticks: [],
    notes: [],
  };
  withAxis(chart);
  const seriesTable: TableBlock = {
    type: 'table',
    caption: 'Aantal partners per schooljaar',
    columns: [
      { label: 'Schooljaar', align: 'left' },
      { label: 'Partners', align: 'right' },
      { label: 'Bron', align: 'left' },
    ],
    rows: p.series.map((s) => ({
      cells: [
        s.period,
        int(s.value),
        s.published === null
          ? 'partnerregister'
          : s.published === s.registry
            ? 'gepubliceerd; partnerregister gelijk'
            : `gepubliceerd; partnerregister ${int(s.registry)}`,
      ],
      style: 'plain' as const,
    })),
    notes: [
      'Gepubliceerd: De Leidse Aanpak in cijfers. Het partnerregister telt de leden op de laatste dag van het schooljaar.',
    ],
  };
  const change = t.net;
  return {
    id: 'partners',
    title: 'Het netwerk',
    blocks: [
      ...missingBlock(r, 'partners'),
      {
        type: 'text',
        paragraphs: [
          `Aan het begin van ${r.year} telde het netwerk ${int(t.start)} partners, aan het eind ${int(t.end)}: ${int(t.joined)} ${t.joined === 1 ? 'partner kwam' : 'partners kwamen'} erbij, ${int(t.left)} ${t.left === 1 ? 'vertrok' : 'vertrokken'}${change === 0 ? '' : change > 0 ? ` (per saldo ${int(change)} meer)` : ` (per saldo ${int(-change)} minder)`}.`,
        ],
      },
      table,
      ...moves('Nieuwe partners', p.joined),
      ...moves('Vertrokken partners', p.left),
      seriesTable,
      chart,
    ],
  };
}

function withAxis(b: BarsBlock): void {
  const all = b.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  b.ticks = axis(Math.max(0, ...all));
  b.max = b.ticks[b.ticks.length - 1]!.value;
}

const INVOICE_WORDS = (n: number, one: string, more: string) => `${formatInteger(n)} ${n === 1 ? one : more}`;

function feesSection(r: YearlyReport): Omit<ViewSection, 'number'> {
  const f = r.fees;
  const t = f.total;
  const i = f.invoices;
  const table: TableBlock = {
    type: 'table',
    caption: `Abonnementsgelden ${r.year} per werkveld`,
    columns: [
      { label: 'Werkveld', align: 'left' },
      { label: 'Begroot', align: 'right' },
      { label: 'Berekend', align: 'right' },
      { label: 'Gefactureerd', align: 'right' },
      { label: 'Ontvangen', align: 'right' },
      { label: 'Openstaand', align: 'right' },
    ],
    rows: [
      ...f.by_sector.map((s) => ({
        cells: [
          s.sector,
          amountOrDash(s.budget_cents, s.budget_pm),
          s.pm ? 'PM' : `${euro(s.computed_cents)}${s.open_lines ? ` + ${s.open_lines} PM` : ''}`,
          euro(s.invoiced_cents),
          euro(s.paid_cents),
          euro(s.outstanding_cents),
        ],
        style: 'plain' as const,
      })),
      {
        cells: [
          'Totaal',
          `${euro(t.budget_cents)}${t.budget_pm ? ` + ${t.budget_pm} PM` : ''}`,
          `${euro(t.computed_cents)}${t.open_lines ? ` + ${t.open_lines} PM` : ''}`,
          euro(t.invoiced_cents),
          euro(t.paid_cents),
          euro(t.outstanding_cents),
        ],
        style: 'total',
      },
    ],
    notes: [
      'Begroot: de regels ‘bijdrage partners’ van de begroting. Berekend: abonnementsgeld volgens tarieven en tellingen. Gefactureerd: verstuurde facturen min creditnota’s. Openstaand: nog te ontvangen op verstuurde facturen.',
    ],
  };
  const facts: string[] = [];
  if (i.issued > 0) {
    facts.push(
      `${INVOICE_WORDS(i.issued, 'factuur', 'facturen')} verstuurd: ${formatInteger(i.paid)} betaald, ${formatInteger(i.partially_paid)} deels betaald, ${formatInteger(i.unpaid)} nog niet betaald${i.credited ? `, ${formatInteger(i.credited)} gecrediteerd` : ''}.`,
    );
    if (i.overdue > 0)
      facts.push(
        `${INVOICE_WORDS(i.overdue, 'factuur is', 'facturen zijn')} op ${formatDateNl(r.prepared_on)} over de vervaldatum, samen ${euro(i.overdue_cents)}.`,
      );
  }
  if (i.drafts > 0)
    facts.push(`${INVOICE_WORDS(i.drafts, 'conceptfactuur is', 'conceptfacturen zijn')} nog niet verstuurd.`);
  return {
    id: 'fees',
    title: 'Abonnementsgelden',
    blocks: [
      ...missingBlock(r, 'fees'),
      table,
      ...(facts.length ? [{ type: 'text' as const, paragraphs: facts }] : []),
    ],
  };
}

function comparisonTable(
  caption: string,
  groups: { title: string; rows: ComparisonRow[]; total: ComparisonTotal; totalLabel: string }[],
  withActual: boolean,
  extraRows: TableBlock['rows'] = [],
): TableBlock {
  const columns: TableBlock['columns'] = withActual
    ? [
        { label: 'Post', align: 'left' },
        { label: 'Begroting', align: 'right' },
        { label: 'Realisatie', align: 'right' },
        { label: 'Verschil', align: 'right' },
        { label: '%', align: 'right' },
      ]
    : [
        { label: 'Post', align: 'left' },
        { label: 'Begroting', align: 'right' },
      ];
  const rows: TableBlock['rows'] = [];
  for (const g of groups) {
    if (groups.length > 1) rows.push({ cells: [g.title, ...columns.slice(1).map(() => '')], style: 'group' });
    for (const l of g.rows) {
      const b = l.in === 'realisation' ? '–' : amountOrDash(l.budget_cents, l.budget_pm);
      const a = l.in === 'budget' ? '–' : amountOrDash(l.actual_cents, l.actual_pm);
      rows.push({
        cells: withActual ? [l.label, b, a, signed(l.difference_cents), percentNl(l.percent)] : [l.label, b],
        style: 'plain',
      });
    }
    const tb = `${euro(g.total.budget_cents)}${g.total.budget_pm.length ? ` + ${g.total.budget_pm.length} PM` : ''}`;
    const ta =
      g.total.actual_cents === null
        ? '–'
        : `${euro(g.total.actual_cents)}${g.total.actual_pm.length ? ` + ${g.total.actual_pm.length} PM` : ''}`;
    rows.push({
      cells: withActual
        ? [g.totalLabel, tb, ta, signed(g.total.difference_cents), percentNl(g.total.percent)]
        : [g.totalLabel, tb],
      style: 'total',
    });
  }
  return { type: 'table', caption, columns, rows: [...rows, ...extraRows], notes: [] };
}

/** The largest amount of the costs, income and in-kind charts: they share one scale. */
function moneyChartsMax(r: YearlyReport): number {
  const vals = [...r.budget.costs, ...r.budget.income, ...r.in_kind.lines]
    .flatMap((l) => [l.budget_cents, l.actual_cents])
    .filter((v): v is number => v !== null);
  return Math.max(1, ...vals);
}

function pairs(title: string, rows: ComparisonRow[], withActual: boolean, shared?: number): PairsBlock {
  const vals = rows.flatMap((l) => [l.budget_cents, l.actual_cents]).filter((v): v is number => v !== null);
  const max = shared ?? Math.max(1, ...vals);
  return {
    type: 'pairs',
    title,
    legend: withActual ? ['Begroting', 'Realisatie'] : ['Begroting'],
    rows: rows.map((l) => ({
      label: l.label,
      values: withActual ? [l.budget_cents, l.actual_cents] : [l.budget_cents],
      labels: withActual
        ? [l.budget_pm ? 'PM' : euroShort(l.budget_cents), l.actual_pm ? 'PM' : euroShort(l.actual_cents)]
        : [l.budget_pm ? 'PM' : euroShort(l.budget_cents)],
    })),
    max,
    notes:
      shared === undefined
        ? []
        : [
            `Schaal: de grafieken van lasten, baten en bijdrage in natura hebben één schaal; een volle balk is ${euroShort(shared)}.`,
          ],
  };
}

export function resultStatement(r: YearlyReport, texts: ReportTexts): string {
  const res = r.budget.result;
  const amount = euro(res.amount_cents);
  if (res.basis === 'budget' && !r.budget.has_budget) {
    return `Voor ${r.year} is geen begroting ingevoerd en nog geen realisatie: over het resultaat van dit schooljaar zegt dit verslag daarom niets.`;
  }
  if (res.basis === 'budget') {
    const key =
      res.outcome === 'surplus'
        ? 'budget_surplus'
        : res.outcome === 'deficit'
          ? 'budget_deficit'
          : 'budget_balanced';
    return fill(texts[key], { amount });
  }
  const base = fill(texts[res.outcome], { amount });
  return res.open ? `${base} Regels op PM zijn hierin niet meegeteld.` : base;
}

function budgetSection(r: YearlyReport, texts: ReportTexts): Omit<ViewSection, 'number'> {
  const b = r.budget;
  const withActual = b.has_realisation;
  const res = b.result;
  const resultRow: TableBlock['rows'] = [
    {
      cells: withActual
        ? [
            'Resultaat (baten − lasten)',
            signed(res.budget_cents),
            signed(res.actual_cents),
            signed(res.difference_cents),
            '',
          ]
        : ['Resultaat (baten − lasten)', signed(res.budget_cents)],
      style: 'total',
    },
  ];
  const table = comparisonTable(
    withActual ? `Begroting en realisatie ${r.year}` : `Begroting ${r.year}`,
    [
      { title: 'Baten', rows: b.income, total: b.income_total, totalLabel: 'Totaal baten' },
      { title: 'Lasten', rows: b.costs, total: b.costs_total, totalLabel: 'Totaal lasten' },
    ],
    withActual,
    resultRow,
  );
  const stated = b.stated
    .filter((s) => s.difference_cents !== 0)
    .map((s) => {
      const what = {
        income: 'het totaal van de baten',
        costs: 'het totaal van de lasten',
        result: 'het resultaat',
      }[s.what];
      return `De begroting vermeldt als ${what} ${euro(s.stated_cents)}; de regels tellen op tot ${euro(s.computed_cents)} (verschil ${signed(s.difference_cents)}). Dit verslag rekent met de som van de regels.`;
    });
  table.notes = [
    ...(withActual
      ? ['Verschil: realisatie min begroting. %: realisatie als percentage van de begroting.']
      : []),
    ...stated,
  ];
  const outcomeTitle =
    res.outcome === 'surplus' ? 'Overschot' : res.outcome === 'deficit' ? 'Tekort' : 'Sluitend resultaat';
  return {
    id: 'budget',
    title: 'Begroting en realisatie',
    blocks: [
      ...missingBlock(r, 'budget'),
      table,
      {
        type: 'callout',
        tone: 'result',
        title:
          res.basis === 'realisation'
            ? `Resultaat ${r.year}: ${outcomeTitle.toLowerCase()}`
            : `Begroot resultaat ${r.year}`,
        items: [resultStatement(r, texts)],
      },
      ...(b.has_budget
        ? [
            pairs(
              withActual ? 'Lasten: begroting en realisatie' : 'Lasten: begroting',
              b.costs,
              withActual,
              moneyChartsMax(r),
            ),
            pairs(
              withActual ? 'Baten: begroting en realisatie' : 'Baten: begroting',
              b.income,
              withActual,
              moneyChartsMax(r),
            ),
          ]
        : []),
    ],
  };
}

function inKindSection(r: YearlyReport): Omit<ViewSection, 'number'> {
  const k = r.in_kind;
  const withActual = k.has_realisation;
  const t = k.total;
  // the plan budgets amounts, not hours: the hours column of the budget only when it has hours
  const budgetHours = k.lines.some((l) => l.budget_hours !== null);
  const columns: TableBlock['columns'] = [
    { label: 'Post', align: 'left' },
    ...(budgetHours ? [{ label: 'Uren begroot', align: 'right' as const }] : []),
    { label: 'Begroot', align: 'right' },
    ...(withActual
      ? [
          { label: 'Uren', align: 'right' as const },
          { label: 'Werkelijk', align: 'right' as const },
          { label: 'Verschil', align: 'right' as const },
          { label: '%', align: 'right' as const },
        ]
      : []),
  ];
  const withPm = (c: Cents | null, pm: string[]) => `${euro(c)}${pm.length ? ` + ${pm.length} PM` : ''}`;
  const table: TableBlock = {
    type: 'table',
    caption: `Bijdrage in natura ${r.year}`,
    columns,
    rows: [
      ...k.lines.map((l) => ({
        cells: [
          l.label,
          ...(budgetHours ? [hoursNl(l.budget_hours)] : []),
          l.in === 'realisation' ? '–' : amountOrDash(l.budget_cents, l.budget_pm),
          ...(withActual
            ? [
                hoursNl(l.actual_hours),
                l.in === 'budget' ? '–' : amountOrDash(l.actual_cents, l.actual_pm),
                signed(l.difference_cents),
                percentNl(l.percent),
              ]
            : []),
        ],
        style: 'plain' as const,
      })),
      {
        cells: [
          'Totaal',
          ...(budgetHours ? [hoursNl(t.budget_hours)] : []),
          withPm(t.budget_cents, t.budget_pm),
          ...(withActual
            ? [
                hoursNl(t.actual_hours),
                withPm(t.actual_cents, t.actual_pm),
                signed(t.difference_cents),
                percentNl(t.percent),
              ]
            : []),
        ],
        style: 'total',
      },
    ],
    notes: [
      'De bijdrage in natura staat los van de geldbegroting: uren van contactpersonen en projectgroepleden, gewaardeerd tegen een uurtarief. Uren: de werkelijk gegeven uren, waar ze bekend zijn.',
      ...(k.stated_cents !== null && k.stated_cents !== t.budget_cents
        ? [
            `De begroting vermeldt als totaal ${euro(k.stated_cents)}; de regels tellen op tot ${euro(t.budget_cents)}.`,
          ]
        : []),
    ],
  };
  return {
    id: 'in_kind',
    title: 'Bijdrage in natura',
    blocks: [
      ...missingBlock(r, 'in_kind'),
      table,
      ...(k.has_budget
        ? [
            pairs(
              withActual ? 'Bijdrage in natura: begroot en werkelijk' : 'Bijdrage in natura: begroot',
              k.lines,
              withActual,
              moneyChartsMax(r),
            ),
          ]
        : []),
    ],
  };
}

function figureTableBlock(caption: string, first: string, t: FigureTable, withTotal: boolean): TableBlock {
  return {
    type: 'table',
    caption,
    columns: [
      { label: first, align: 'left' },
      ...t.periods.map((p) => ({ label: p, align: 'right' as const })),
    ],
    rows: [
      ...t.rows.map((row) => ({ cells: [row.label, ...row.values.map(int)], style: 'plain' as const })),
      ...(withTotal ? [{ cells: ['Totaal', ...t.totals.map(int)], style: 'total' as const }] : []),
    ],
    notes: t.notes.map((n) => `${n.charAt(0).toUpperCase()}${n.slice(1)}.`),
  };
}

function participationSection(r: YearlyReport): Omit<ViewSection, 'number'> {
  const t = r.participation;
  const shown = t.periods.filter((_, i) => t.rows.some((row) => row.values[i] !== null));
  const empty = t.periods.filter((p) => !shown.includes(p));
  const chart: BarsBlock = {
    type: 'bars',
    title: 'Deelnemers per werkveld',
    categories: t.rows.map((row) => row.label),
    series: shown.map((p) => {
      const i = t.periods.indexOf(p);
      return {
        label: p,
        values: t.rows.map((row) => row.values[i]!),
        labels: t.rows.map((row) => int(row.values[i]!)),
      };
    }),
    max: 0,
    ticks: [],
    notes: empty.length ? [`Geen cijfers voor ${empty.join(', ')}.`] : [],
  };
  withAxis(chart);
  return {
    id: 'participation',
    title: 'Deelname aan activiteiten',
    blocks: [
      ...missingBlock(r, 'participation'),
      ...(t.rows.length
        ? [figureTableBlock('Deelnemers aan activiteiten per werkveld', 'Werkveld', t, true)]
        : []),
      ...(t.rows.length ? [chart] : []),
    ],
  };
}

/**
 * Digital reach per calendar year. A year with several counts (the plan gives 572 and 607
 * newsletter subscribers in 2018) shows them all in one cell, in order; its bar is the last count.
 */
function reachSection(r: YearlyReport): Omit<ViewSection, 'number'> {
  const t = r.digital_reach;
  const years = [...new Set(t.periods.map(calendarYearOf))].sort((a, b) => a - b);
  const perYear = t.rows.map((row) =>
    years.map((y) =>
      row.values.filter((v, i): v is number => v !== null && calendarYearOf(t.periods[i]!) === y),
    ),
  );
  const several = years.filter((_, i) => perYear.some((cells) => cells[i]!.length > 1));
  const table: TableBlock = {
    type: 'table',
    caption: 'Nieuwsbrief en sociale media',
    columns: [
      { label: 'Kanaal', align: 'left' },
      ...years.map((y) => ({ label: String(y), align: 'right' as const })),
    ],
    rows: t.rows.map((row, i) => ({
      cells: [
        row.label,
        ...perYear[i]!.map((vals) => (vals.length ? vals.map((x) => int(x)).join(' / ') : '–')),
      ],
      style: 'plain',
    })),
    notes: [
      ...t.notes.map((n) => `${n.charAt(0).toUpperCase()}${n.slice(1)}.`),
      ...(several.length
        ? [`${several.join(', ')}: meer tellingen in één jaar, in volgorde; de grafiek toont de laatste.`]
        : []),
    ],
  };
  const chart: BarsBlock = {
    type: 'bars',
    title: 'Digitaal bereik aan het eind van elk jaar',
    categories: years.map(String),
    series: t.rows.map((row, i) => ({
      label: row.label,
      values: perYear[i]!.map((vals) => vals.at(-1) ?? null),
      labels: perYear[i]!.map((vals) => (vals.length ? int(vals.at(-1)!) : '')),
    })),
    max: 0,
    ticks: [],
    notes: [],
  };
  withAxis(chart);
  return {
    id: 'digital_reach',
    title: 'Digitaal bereik',
    blocks: [
      ...missingBlock(r, 'digital_reach'),
      ...(t.rows.some((row) => row.values.some((v) => v !== null)) ? [table, chart] : []),
    ],
  };
}

function programmeSection(r: YearlyReport): Omit<ViewSection, 'number'> {
  const p = r.programme;
  const groups = [
    ...p.groups.map((g) => ({ title: `${g.sector} – ${g.name}`, items: g.activities })),
    ...(p.network.length ? [{ title: 'Netwerkbijeenkomsten', items: p.network }] : []),
  ];
  return {
    id: 'programme',
    title: `Programma ${r.year}`,
    blocks: [
      ...missingBlock(r, 'programme'),
      ...(groups.length ? [{ type: 'lists' as const, columns: 2 as const, groups }] : []),
    ],
  };
}

function summarySection(r: YearlyReport, texts: ReportTexts): Omit<ViewSection, 'number'> {
  const t = r.partners.total;
  const f = r.fees.total;
  const b = r.budget;
  const k = r.in_kind.total;
  const part = r.participation;
  const lastPart = [...part.periods.keys()].reverse().find((i) => part.totals[i] !== null);
  const res = b.result;
  const items: KeyFiguresBlock['items'] = [
    {
      label: 'Partners',
      value: int(t.end),
      detail: `eind ${r.year}; ${int(t.joined)} nieuw, ${int(t.left)} vertrokken`,
    },
    {
      label: 'Abonnementsgelden',
      value: euro(f.computed_cents),
      detail: `berekend${f.open_lines ? ` (+ ${f.open_lines} PM)` : ''}; ${euro(f.invoiced_cents)} gefactureerd`,
    },
    {
      label: 'Ontvangen',
      value: euro(f.paid_cents),
      detail: `${euro(f.outstanding_cents)} staat nog open`,
    },
    res.basis === 'budget' && !b.has_budget
      ? { label: 'Begroot resultaat', value: '–', detail: `geen begroting voor ${r.year}` }
      : {
          label: res.basis === 'realisation' ? 'Resultaat' : 'Begroot resultaat',
          value: signed(res.basis === 'realisation' ? res.actual_cents : res.budget_cents),
          detail:
            res.outcome === 'surplus'
              ? 'overschot'
              : res.outcome === 'deficit'
                ? 'tekort'
                : 'baten en lasten gelijk',
        },
    {
      label: 'Bijdrage in natura',
      value: euro(k.actual_cents ?? k.budget_cents),
      detail: k.actual_cents === null ? 'begroot' : `werkelijk; begroot ${euro(k.budget_cents)}`,
    },
    lastPart === undefined
      ? { label: 'Deelnemers', value: '–', detail: 'geen cijfers' }
      : samePeriod(part.periods[lastPart]!, r.year)
        ? {
            label: 'Deelnemers',
            value: int(part.totals[lastPart]!),
            detail: `aan activiteiten in ${r.year}`,
          }
        : {
            label: `Deelnemers ${part.periods[lastPart]}`,
            value: int(part.totals[lastPart]!),
            detail: `cijfer van ${part.periods[lastPart]}: voor ${r.year} zijn nog geen cijfers ingevoerd`,
          },
  ];
  const paragraphs = [
    `Dit verslag legt verantwoording af over het schooljaar ${r.year} (${formatDateNl(r.period.start)} tot en met ${formatDateNl(r.period.end)}): de groei van het netwerk, de abonnementsgelden, de begroting tegenover de realisatie, de bijdrage in natura, de deelname aan activiteiten en het programma.`,
    resultStatement(r, texts),
  ];
  return {
    id: 'summary',
    title: 'Samenvatting',
    blocks: [
      { type: 'keyfigures', items },
      ...illustrativeSummary(r),
      { type: 'text', paragraphs },
      ...(r.missing.length
        ? [
            {
              type: 'callout' as const,
              tone: 'missing' as const,
              title: 'Niet compleet',
              items: [
                `Er ontbreken nog gegevens: ${missingPerSection(r.missing)
                  .map(([title, n]) => `${title} (${n})`)
                  .join(
                    ', ',
                  )}. De hoofdstukken zeggen wat er ontbreekt; hoofdstuk ‘Ontbrekende gegevens’ zet het op een rij.`,
              ],
            },
          ]
        : []),
    ],
  };
}

/** Sections with missing data, in report order, and how many items each. */
function missingPerSection(missing: readonly MissingItem[]): [string, number][] {
  const out = new Map<string, number>();
  for (const m of missing) out.set(SECTION_TITLES[m.section], (out.get(SECTION_TITLES[m.section]) ?? 0) + 1);
  return [...out];
}

const SECTION_TITLES: Record<SectionKey, string> = {
  partners: 'Het netwerk',
  fees: 'Abonnementsgelden',
  budget: 'Begroting en realisatie',
  in_kind: 'Bijdrage in natura',
  participation: 'Deelname aan activiteiten',
  digital_reach: 'Digitaal bereik',
  programme: 'Programma',
};

function missingSection(missing: readonly MissingItem[]): Omit<ViewSection, 'number'>[] {
  if (missing.length === 0) return [];
  const groups: ListsBlock['groups'] = [];
  for (const m of missing) {
    const title = SECTION_TITLES[m.section];
    const g = groups.find((x) => x.title === title);
    if (g) g.items.push(m.text);
    else groups.push({ title, items: [m.text] });
  }
  return [
    {
      id: 'missing',
      title: 'Ontbrekende gegevens',
      blocks: [
        {
          type: 'text',
          paragraphs: [
            'Wat in de administratie nog ontbreekt, per hoofdstuk. Bedragen op PM tellen niet mee in de totalen; de totalen vermelden hoeveel regels op PM staan.',
          ],
        },
        { type: 'lists', columns: 1, groups },
      ],
    },
  ];
}

function aboutSection(r: YearlyReport, texts: ReportTexts): Omit<ViewSection, 'number'> {
  return {
    id: 'about',
    title: 'Over dit verslag',
    blocks: [
      {
        type: 'text',
        paragraphs: [
          `Dit verslag is op ${formatDateNl(r.prepared_on)} gemaakt met lato, de administratie van ${texts.organisation}, uit de gegevens die daarin zijn ingevoerd: het partnerregister, de tellingen en tarieven, de begroting en de realisatie, de facturen en betalingen, en de cijfers en het programma.`,
          'Elk getal is één keer berekend, uit de afzonderlijke regels; een totaal dat een bron zelf vermeldt wordt alleen vergeleken, nooit overgenomen. Bedragen op PM (pro memorie) zijn bekende posten zonder bedrag: ze tellen niet mee en worden steeds als PM genoemd.',
        ],
      },
    ],
  };
}

/** Chapters are numbered; the summary and the closing note are not. */
function numbered(sections: Omit<ViewSection, 'number'>[]): ViewSection[] {
  let n = 0;
  return sections.map((s) => ({
    ...s,
    number: s.id === 'summary' || s.id === 'about' ? null : String(++n),
  }));
}

export function reportView(r: YearlyReport, texts: ReportTexts): ReportView {
  const [y, m, d] = r.prepared_on.split('-').map(Number) as [number, number, number];
  return {
    meta: {
      title: `${texts.title} ${r.year}`,
      organisation: texts.organisation,
      audience: texts.audience,
      year: r.year,
      period: `${formatDateNl(r.period.start)} tot en met ${formatDateNl(r.period.end)}`,
      prepared_on: formatDateNl(r.prepared_on),
      date: { year: y, month: m, day: d },
      footer: `${texts.organisation} · ${texts.title} ${r.year}`,
    },
    sections: numbered([
      summarySection(r, texts),
      partnersSection(r),
      feesSection(r),
      budgetSection(r, texts),
      inKindSection(r),
      participationSection(r),
      reachSection(r),
      programmeSection(r),
      ...missingSection(r.missing),
      aboutSection(r, texts),
    ]),
  };
}

/** A figures period (`2017-2018`, `17/18`, `2018`) is the report's school year. */
function samePeriod(period: string, year: string): boolean {
  const [a, b] = year.split('-');
  const p = period.replace(/\s/g, '');
  return p === year || p === `${a!.slice(2)}/${b!.slice(2)}` || p === `${a}/${b}`;
}
