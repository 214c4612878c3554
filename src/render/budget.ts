// The budget rendered for the terminal: both sides with computed totals and the result, the stated
// totals beside them, the realisation (actual, difference, percentage used), the in-kind
// contributions apart from the money, the partner contributions against the computed fees, and
// the problems; and several years side by side.

import type { IllustrativeSource } from '../domain/provenance.js';
import type { BudgetReport, YearsReport } from '../domain/budget.js';
import { realisationTotals, type RealisationRow, type Side } from '../domain/budget.js';
import { formatEuro, formatInteger } from '../domain/money.js';
import { reconciliationTable } from './fees.js';
import { grid } from './table.js';

const SIDE_HEAD: Record<Side, string> = { income: 'Income (baten)', costs: 'Costs (lasten)' };

const pmNote = (pm: readonly string[]) => (pm.length > 0 ? ` + ${pm.length} PM` : '');

function percent(p: number | null): string {
  if (p === null) return '';
  return `${p.toFixed(1).replace('.', ',')}%`;
}

export function budgetText(r: BudgetReport): string {
  const s = r.summary;
  const out: string[] = [`${r.kind === 'begroting' ? 'Budget' : 'Realisation'} ${r.year}`];
  for (const x of r.illustrative) out.push(illustrativeLine(x));
  if (r.lines.length === 0) {
    out.push(
      `  no ${r.kind} lines for ${r.year}; import them with \`lato import budget FILE --year ${r.year}\``,
    );
  } else if (r.realisation) {
    out.push(realisationTable(r.realisation, r));
  } else {
    const rows: (string | null)[][] = [];
    for (const side of ['income', 'costs'] as const) {
      rows.push([SIDE_HEAD[side], null]);
      for (const l of r.lines.filter((x) => x.side === side))
        rows.push([`  ${l.label}`, formatEuro(l.amountCents)]);
      const t = side === 'income' ? s.income : s.costs;
      rows.push([`  Total ${side}`, formatEuro(t.cents) + pmNote(t.pm)]);
    }
    rows.push(['Result (income − costs)', formatEuro(s.resultCents)]);
    out.push(grid([{ head: 'Line' }, { head: 'Amount', align: 'right' }], rows));
  }
  const stated = (['income', 'costs', 'result'] as const).filter((w) => r.stated[w] !== undefined);
  if (stated.length > 0) {
    const computed = { income: s.income.cents, costs: s.costs.cents, result: s.resultCents };
    out.push(
      'Stated in the source: ' +
        stated
          .map(
            (w) =>
              `${w} ${formatEuro(r.stated[w]!)}${r.stated[w] === computed[w] ? '' : ` (computed ${formatEuro(computed[w])})`}`,
          )
          .join('; '),
    );
  }
  out.push('');
  out.push('In kind (bijdrage in natura), apart from the money:');
  if (r.inKind.length === 0) out.push('  none recorded');
  else {
    out.push(
      grid(
        [
          { head: 'Line' },
          { head: 'Partner' },
          { head: 'Hours', align: 'right' },
          { head: 'Amount', align: 'right' },
        ],
        [
          ...r.inKind.map((l) => [
            l.label,
            l.partner,
            l.hoursCenti === null
              ? ''
              : formatInteger(Math.trunc(l.hoursCenti / 100)) +
                (l.hoursCenti % 100 ? `,${String(l.hoursCenti % 100).padStart(2, '0')}` : ''),
            formatEuro(l.amountCents),
          ]),
          ['Total in kind', null, null, formatEuro(s.inKind.cents) + pmNote(s.inKind.pm)],
        ],
      ),
    );
    if (r.stated.in_kind !== undefined) {
      out.push(
        `Stated in-kind total: ${formatEuro(r.stated.in_kind)}${r.stated.in_kind === s.inKind.cents ? '' : ` (computed ${formatEuro(s.inKind.cents)})`}`,
      );
    }
  }
  if (r.fees.length > 0) {
    out.push('');
    out.push('Partner contributions against the computed fees:');
    out.push(reconciliationTable(r.fees));
  }
  return out.join('\n');
}

function realisationTable(rows: readonly RealisationRow[], r: BudgetReport): string {
  const s = r.summary;
  const totals = realisationTotals(rows);
  const body: (string | null)[][] = [];
  for (const side of ['income', 'costs'] as const) {
    body.push([SIDE_HEAD[side], null, null, null, null]);
    for (const x of rows.filter((y) => y.side === side)) {
      body.push([
        `  ${x.label}${x.in === 'realisation' ? ' (not budgeted)' : ''}`,
        x.in === 'realisation' ? '' : formatEuro(x.budgetCents),
        x.in === 'budget' ? '' : formatEuro(x.actualCents),
        x.differenceCents === null ? '' : formatEuro(x.differenceCents),
        percent(x.percentUsed),
      ]);
    }
    const t = side === 'income' ? s.income : s.costs;
    const a = totals[side];
    body.push([
      `  Total ${side}`,
      formatEuro(t.cents) + pmNote(t.pm),
      formatEuro(a.actualCents),
      formatEuro(a.differenceCents),
      percent(a.percentUsed),
    ]);
  }
  const res = totals.result;
  body.push([
    'Result (income − costs)',
    formatEuro(s.resultCents),
    formatEuro(res.actualCents),
    formatEuro(res.differenceCents),
    '',
  ]);
  return grid(
    [
      { head: 'Line' },
      { head: 'Budget', align: 'right' },
      { head: 'Actual', align: 'right' },
      { head: 'Difference', align: 'right' },
      { head: 'Used', align: 'right' },
    ],
    body,
  );
}

export function problemsText(r: BudgetReport): string {
  const p = r.summary.problems;
  const what = r.kind === 'begroting' ? 'budget' : 'realisation';
  if (p.length === 0) {
    return `The ${what} ${r.year} balances: income and costs are both ${formatEuro(r.summary.income.cents)}, and every stated total matches its lines.`;
  }
  return [
    `The ${what} ${r.year} has ${p.length} problem${p.length === 1 ? '' : 's'}:`,
    ...p.map((x) => `  - ${x.message}`),
  ].join('\n');
}

export function yearsText(v: YearsReport): string {
  const rows: (string | null)[][] = [];
  for (const side of ['income', 'costs'] as const) {
    rows.push([SIDE_HEAD[side], ...v.years.map(() => null)]);
    for (const r of v.rows.filter((x) => x.side === side)) {
      rows.push([`  ${r.label}`, ...r.amounts.map((a) => (a === undefined ? '—' : formatEuro(a)))]);
    }
    rows.push([
      `  Total ${side}`,
      ...v.totals.map((t) =>
        t.lines === 0
          ? '—'
          : formatEuro((side === 'income' ? t.income : t.costs).cents) +
            pmNote((side === 'income' ? t.income : t.costs).pm),
      ),
    ]);
  }
  rows.push(['Result', ...v.totals.map((t) => (t.lines === 0 ? '—' : formatEuro(t.resultCents)))]);
  const missing = v.totals.filter((t) => t.lines === 0).map((t) => t.year);
  const table = grid(
    [
      { head: v.kind === 'begroting' ? 'Budget' : 'Realisation' },
      ...v.years.map((y) => ({ head: y, align: 'right' as const })),
    ],
    rows,
  );
  return missing.length > 0 ? `${table}\nNo ${v.kind} for ${missing.join(', ')} (—).` : table;
}

export function yearsJson(v: YearsReport) {
  return {
    kind: v.kind,
    years: v.years,
    rows: v.rows.map((r) => ({
      side: r.side,
      label: r.label,
      amounts_cents: Object.fromEntries(
        v.years.map((y, i) => [y, r.amounts[i] === undefined ? null : r.amounts[i]]),
      ),
      pm: Object.fromEntries(v.years.map((y, i) => [y, r.amounts[i] === null])),
    })),
    totals: v.totals.map((t) => ({
      year: t.year,
      lines: t.lines,
      income_total_cents: t.income.cents,
      costs_total_cents: t.costs.cents,
      result_cents: t.resultCents,
      income_pm: t.income.pm,
      costs_pm: t.costs.pm,
    })),
  };
}

const ILLUSTRATIVE_WHAT: Record<IllustrativeSource['what'], string> = {
  counts: 'the counts',
  budget: 'the budget lines',
  realisation: 'the realisation',
  in_kind_budget: 'the in-kind budget',
  in_kind_realisation: 'the in-kind realisation',
};

/** One line saying that data in use is invented, and where it comes from. */
export function illustrativeLine(x: IllustrativeSource): string {
  return `ILLUSTRATIVE: ${ILLUSTRATIVE_WHAT[x.what]} come${x.what === 'counts' || x.what === 'budget' ? '' : 's'} from ${x.file}, a batch marked illustrative (invented data)${x.note ? `: ${x.note}` : ''}`;
}
