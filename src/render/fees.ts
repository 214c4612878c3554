// Fees rendered: the JSON of cli.md (snake_case, cents, PM as null with pm: true), the terminal
// tables, the Dutch Excel CSV, and the explanation of one partner's fee.

import type { FeeExplanation } from '../domain/fees.js';
import type { FeeLine, FeeReconciliation, FeeReport, FeeSource, FeeTotals, Rate } from '../domain/fees.js';
import { formatDateNl } from '../domain/dates.js';
import { formatEuro, formatInteger, sumKnown } from '../domain/money.js';
import type { CsvCell } from '../io/csv-write.js';
import { grid } from './table.js';
import { BASIS_WORD as BASIS_NL, FEE_STATUS_WORD, membershipWord, wordOf } from '../domain/vocabulary.js';

/** The basis of a rate in the terminal's English (documents use vocabulary.ts's Dutch). */
export const BASIS_WORD: Record<string, string> = { pupil: 'per pupil', place: 'per place', fixed: 'fixed' };
const STATUS_WORD: Record<string, string> = {
  ok: '',
  no_rate: 'no rate',
  pm_rate: 'rate PM',
  missing_count: 'count missing',
  masked_count: 'count masked',
  too_large: 'above the largest amount',
};

export function sourceJson(s: FeeSource) {
  return {
    level: s.level,
    partner: s.partner,
    location: s.locationCode,
    location_name: s.locationName,
    quantity: s.quantity,
    masked: s.masked,
    unit: s.unit,
    count_date: s.countDate,
    import_batch: s.importBatch,
    import_file: s.importFile,
  };
}

export function feeLineJson(l: FeeLine, opts: { sources?: boolean } = {}) {
  return {
    partner: l.partner,
    name: l.name,
    sector: l.sector,
    basis: l.basis,
    quantity: l.quantity,
    rate_cents: l.rateCents,
    amount_cents: l.amountCents,
    pm: l.pm,
    partner_id: l.partnerId,
    membership: l.membership,
    category: l.category,
    status: l.status,
    count_date: l.countDate,
    count_dates: l.countDates,
    months: l.months,
    full_amount_cents: l.fullAmountCents,
    includes: l.includes,
    rule: l.rule,
    ...(opts.sources === false ? {} : { sources: l.sources.map(sourceJson) }),
  };
}

export function totalsJson(t: FeeTotals) {
  return {
    by_sector: t.bySector,
    total_cents: t.totalCents,
    open_by_sector: t.openBySector,
    open_lines: t.openLines,
    complete: t.complete,
  };
}

export function reconciliationJson(r: FeeReconciliation) {
  return {
    category: r.category,
    label: r.label,
    budget_cents: r.budgetCents,
    computed_cents: r.computedCents,
    difference_cents: r.differenceCents,
    open_lines: r.openLines,
    lines: r.lines,
  };
}

/**
 * `fees compute --json` (cli.md: year, lines, totals.by_sector, totals.total_cents, warnings). The
 * counts behind each line (`sources`) only with `sources: true`: for 10,000 partners they are most
 * of the document; `fees explain REF --json` always has them.
 */
export function feeReportJson(r: FeeReport, opts: { sources?: boolean } = {}) {
  return {
    year: r.year,
    policy: r.policy,
    lines: r.lines.map((l) => feeLineJson(l, { sources: !!opts.sources })),
    totals: totalsJson(r.totals),
    warnings: r.warnings,
    reconciliation: (r.reconciliation ?? []).map(reconciliationJson),
  };
}

const qty = (q: number | null) => (q === null ? '' : formatInteger(q));

function lineRow(l: FeeLine): (string | null)[] {
  return [
    l.partner,
    l.name,
    l.sector,
    BASIS_WORD[l.basis] ?? l.basis,
    qty(l.quantity),
    l.status === 'no_rate' ? '' : formatEuro(l.rateCents),
    formatEuro(l.amountCents),
    [STATUS_WORD[l.status], l.months !== 12 ? `${l.months}/12 months` : ''].filter(Boolean).join('; '),
  ];
}

export function feeReportText(r: FeeReport): string {
  const out: string[] = [];
  const payers = new Set(r.lines.map((l) => l.partnerId)).size;
  out.push(
    `Fees ${r.year} (${payers} partner${payers === 1 ? '' : 's'}${payers !== r.lines.length ? `, ${r.lines.length} lines` : ''})`,
  );
  if (r.lines.length > 0) {
    out.push(
      grid(
        [
          { head: 'Partner', fixed: true },
          { head: 'Name' },
          { head: 'Sector', fixed: true, drop: 1 },
          { head: 'Basis', fixed: true, drop: 2 },
          { head: 'Quantity', align: 'right' },
          { head: 'Rate', align: 'right', drop: 3 },
          { head: 'Amount', align: 'right' },
          { head: 'Note' },
        ],
        r.lines.map(lineRow),
      ),
    );
  }
  const t = r.totals;
  const sectors = Object.keys(t.bySector);
  if (sectors.length > 0) {
    out.push('');
    out.push(
      grid(
        [{ head: 'Sector' }, { head: 'Total', align: 'right' }, { head: 'Without amount', align: 'right' }],
        [
          ...sectors.map((s) => [
            s,
            formatEuro(t.bySector[s] ?? null),
            t.openBySector[s] ? String(t.openBySector[s]) : '',
          ]),
          ['Total', formatEuro(t.totalCents), t.openLines ? String(t.openLines) : ''],
        ],
      ),
    );
    if (!t.complete) {
      out.push(
        `${t.openLines} line${t.openLines === 1 ? ' has' : 's have'} no amount (PM, missing or masked count, no rate): the total is of the known amounts.`,
      );
    }
  }
  if (r.reconciliation && r.reconciliation.length > 0) {
    out.push('');
    out.push('Against the budget (bijdrage partners):');
    out.push(reconciliationTable(r.reconciliation));
  }
  return out.join('\n');
}

export function reconciliationTable(rows: readonly FeeReconciliation[]): string {
  return grid(
    [
      { head: 'Budget line' },
      { head: 'Sector' },
      { head: 'Budget', align: 'right' },
      { head: 'Computed', align: 'right' },
      { head: 'Difference', align: 'right' },
    ],
    rows.map((x) => [
      x.label,
      x.category,
      formatEuro(x.budgetCents),
      x.lines === 0
        ? 'no partners'
        : formatEuro(x.computedCents) +
          (x.openLines && x.computedCents !== null ? ` (+${x.openLines} PM)` : ''),
      x.differenceCents === null ? '' : formatEuro(x.differenceCents),
    ]),
  );
}

const UNIT_NL: Record<string, [string, string]> = {
  pupil: ['leerling', 'leerlingen'],
  place: ['kindplaats', 'kindplaatsen'],
};

/** How a line's amount came about, in Dutch (the CSV is a Dutch document; `rule` is English). */
export function ruleNl(year: string, l: FeeLine): string {
  const unit = UNIT_NL[l.basis];
  const n = (q: number) => `${formatInteger(q)} ${unit ? unit[q === 1 ? 0 : 1] : ''}`.trim();
  let text: string;
  switch (l.status) {
    case 'no_rate':
      return `geen tarief voor ${l.category} in ${year}`;
    case 'pm_rate':
      return `${l.quantity === null ? (unit ? 'het aantal' : 'vast bedrag') : n(l.quantity)} × PM (het tarief ${l.category} is nog niet vastgesteld)`;
    case 'missing_count':
      return `${formatEuro(l.rateCents)} per ${unit?.[0] ?? 'eenheid'}, maar geen telling van ${unit?.[1] ?? 'aantallen'} voor ${year}`;
    case 'masked_count':
      return `${formatEuro(l.rateCents)} per ${unit?.[0] ?? 'eenheid'}; een telling is afgeschermd (DUO), het bedrag volgt zodra het aantal bekend is`;
    case 'too_large':
      return `${n(l.quantity ?? 0)} × ${formatEuro(l.rateCents)} is meer dan lato aanneemt: controleer telling en tarief`;
    default:
      text =
        unit === undefined
          ? `vast bedrag ${l.category}: ${formatEuro(l.fullAmountCents)}`
          : `${n(l.quantity ?? 0)} × ${formatEuro(l.rateCents)} = ${formatEuro(l.fullAmountCents)}`;
  }
  if (l.months !== 12 && l.amountCents !== null)
    text += `; lid ${l.months} van 12 maanden (naar rato per begonnen maand): ${formatEuro(l.amountCents)}`;
  return text;
}

/** The CSV header and rows (Dutch: the CSV is a document for the administration). */
export function feeCsv(r: FeeReport): { header: string[]; rows: CsvCell[][] } {
  return {
    header: [
      'Schooljaar',
      'Partner',
      'Naam',
      'Sector',
      'Lidmaatschap',
      'Categorie',
      'Grondslag',
      'Aantal',
      'Tarief',
      'Bedrag',
      'Status',
      'Teldatum',
      'Maanden',
      'Berekening',
    ],
    rows: r.lines.map((l) => [
      r.year,
      l.partner,
      l.name,
      l.sector,
      membershipWord(l.membership),
      l.category,
      wordOf(BASIS_NL, l.basis),
      l.quantity,
      { cents: l.rateCents },
      { cents: l.amountCents },
      wordOf(FEE_STATUS_WORD, l.status),
      l.countDate,
      l.months,
      ruleNl(r.year, l),
    ]),
  };
}

function sourceRow(s: FeeSource): string[] {
  return [
    s.level === 'location'
      ? `${s.locationCode ?? ''}${s.locationName ? ` ${s.locationName}` : ''}`
      : 'partner count',
    s.partner,
    s.quantity === null ? `masked (${s.masked})` : formatInteger(s.quantity),
    formatDateNl(s.countDate),
    [s.importFile, s.importBatch].filter(Boolean).join(', ') || '(entered by hand)',
  ];
}

export function explanationText(e: FeeExplanation, rateOf: (category: string) => Rate | undefined): string {
  const p = e.partner;
  const out: string[] = [`Fee of ${p.code} (${p.name}) in ${e.year}`];
  out.push(
    `  membership: ${membershipWord(p.membership)}, sector ${p.sector}${p.joinedOn ? `, joined ${p.joinedOn}` : ''}${p.leftOn ? `, left ${p.leftOn}` : ''}`,
  );
  if (!e.line) {
    out.push(`  no fee: ${e.reason ?? 'not billed'}`);
    return out.join('\n');
  }
  const first = e.line;
  if (e.billedThrough) out.push(`  billed through ${first.partner} (${first.name})`);
  const several = e.lines.length > 1;
  if (several)
    out.push(
      `  ${first.partner} has schools in ${e.lines.length} sectors: each sector's ${first.basis === 'place' ? 'places' : 'pupils'} at that sector's rate, one line per sector`,
    );
  for (const l of e.lines) {
    const indent = several ? '    ' : '  ';
    if (several) out.push(`  ${l.sector}:`);
    if (l.includes.length > 0)
      out.push(`${indent}${l.partner} is billed for itself and: ${l.includes.join(', ')}`);
    const rate = rateOf(l.category);
    out.push(
      `${indent}rate: ${l.category} ${e.year}: ${rate ? `${formatEuro(rate.amountCents)} ${BASIS_WORD[rate.basis]}${rate.note ? ` (${rate.note})` : ''}` : 'none set'}`,
    );
    if (l.basis !== 'fixed') {
      if (l.sources.length === 0) out.push(`${indent}counts used: none for this school year`);
      else {
        out.push(`${indent}counts used (${l.sources.length}):`);
        out.push(
          grid(
            [
              { head: 'Location' },
              { head: 'Partner' },
              { head: 'Count', align: 'right' },
              { head: 'Count date' },
              { head: 'Import' },
            ],
            l.sources.map(sourceRow),
          ),
        );
      }
    }
    out.push(`${indent}rule: ${l.rule}`);
    if (several) out.push(`${indent}line: ${lineResult(l)}`);
  }
  out.push(
    `  policy: ${e.policy === 'full_year' ? 'full fee for every school year of membership' : 'pro rata per started month'}`,
  );
  const total = sumKnown(e.lines.map((l) => l.amountCents));
  out.push(
    `  result: ${several ? (total.pmCount > 0 ? `no amount (${total.pmCount} of ${e.lines.length} lines without one)` : `${formatEuro(total.cents)} (${e.lines.length} lines)`) : lineResult(first)}`,
  );
  return out.join('\n');
}

function lineResult(l: FeeLine): string {
  return l.amountCents === null ? `no amount (${STATUS_WORD[l.status]})` : formatEuro(l.amountCents);
}

export function explanationJson(e: FeeExplanation, rateOf: (category: string) => Rate | undefined) {
  const rateJson = (rate: Rate | undefined) =>
    rate
      ? {
          category: rate.category,
          basis: rate.basis,
          amount_cents: rate.amountCents,
          pm: rate.amountCents === null,
          note: rate.note,
        }
      : null;
  const rate = e.line ? rateOf(e.line.category) : undefined;
  return {
    year: e.year,
    partner: e.partner.code,
    name: e.partner.name,
    membership: e.partner.membership,
    billed_through: e.billedThrough,
    reason: e.reason,
    policy: e.policy,
    rate: rateJson(rate),
    line: e.line ? feeLineJson(e.line) : null,
    lines: e.lines.map((l) => ({ ...feeLineJson(l), rate: rateJson(rateOf(l.category)) })),
    warnings: e.warnings,
  };
}

/**
 * The warnings of a fee computation for the terminal, one line per cause: the partners a cause
 * applies to are listed on that line (the first ten, and how many more) rather than one line each.
 * A cause that differs per partner only in its numbers or listed counts (masked counts) is one
 * cause; its line quotes the first partner's. Warnings that name no partner stay as they are.
 */
export function groupedWarnings(warnings: readonly string[]): string[] {
  const groups = new Map<string, { causes: string[]; codes: string[]; first: string }>();
  const out: (string | { key: string })[] = [];
  for (const w of warnings) {
    const m = /^(\S+) \((.*?)\): (.+)$/s.exec(w);
    if (!m) {
      out.push(w);
      continue;
    }
    const cause = m[3]!;
    const key = cause
      .replace(/\([^()]*\)/g, '(…)')
      .replace(/\d[\d.,]*/g, 'N')
      .replace(/s\b/g, '');
    const g = groups.get(key);
    if (g) {
      g.causes.push(cause);
      g.codes.push(m[1]!);
    } else {
      groups.set(key, { causes: [cause], codes: [m[1]!], first: w });
      out.push({ key });
    }
  }
  return out.map((x) => {
    if (typeof x === 'string') return x;
    const g = groups.get(x.key)!;
    if (g.codes.length === 1) return g.first;
    const shown = g.codes.slice(0, 10).join(', ');
    const more = g.codes.length > 10 ? ` and ${g.codes.length - 10} more` : '';
    const same = g.causes.every((c) => c === g.causes[0]);
    return same
      ? `${g.codes.length} partners: ${g.causes[0]}: ${shown}${more}`
      : `${g.codes.length} partners, like ${g.codes[0]} (${g.causes[0]}): ${shown}${more}; \`lato fees explain CODE\` shows each`;
  });
}
