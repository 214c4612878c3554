// `lato import budget FILE --year Y [--kind begroting|realisatie]`: the budget or the realisation of
// a school year, line by line as the source prints it. Columns (Dutch or English): kant (baten /
// lasten, or a stated total: totaal baten, totaal lasten, resultaat), categorie, omschrijving,
// bijdrage_sector (the sector of a "bijdrage partners" line), bedrag (an amount or PM). The file is
// the whole budget of that year and kind: lines it no longer has are removed.

import type { Db } from '../db/connection.js';
import { replaceBudget } from '../db/budget.js';
import {
  BUDGET_KINDS,
  type BudgetKind,
  type BudgetLine,
  type Side,
  type StatedTotals,
  type StatedWhat,
} from '../domain/budget.js';
import { LatoError } from '../domain/errors.js';
import { parseSchoolYear } from '../domain/school-year.js';
import { openCsv } from '../io/csv.js';
import { mapColumns, type FieldSpec } from '../io/table.js';
import type { ImportOptions, ImportSummary } from './import-types.js';
import { runImport, type ImportRun } from './import-run.js';
import {
  amountCell,
  cellProblem,
  foldWord,
  isBlank,
  isDuplicate,
  loadCategories,
  recordTally,
  textCell,
} from './import-cells.js';

type Field = 'side' | 'category' | 'label' | 'feeCategory' | 'amount';

const FIELDS: FieldSpec<Field>[] = [
  {
    key: 'side',
    aliases: ['kant', 'zijde', 'soort', 'baten lasten', 'debet credit', 'type'],
    required: true,
  },
  { key: 'category', aliases: ['categorie', 'groep', 'rubriek'] },
  { key: 'label', aliases: ['omschrijving', 'post', 'description', 'naam'], required: true },
  {
    key: 'feeCategory',
    aliases: ['bijdrage sector', 'bijdrage_sector', 'fee category', 'fee_category', 'sector', 'werkveld'],
  },
  { key: 'amount', aliases: ['bedrag', 'bedrag (€)', 'begroting', 'realisatie', 'euro'], required: true },
];

type SideWord = { line: Side } | { stated: StatedWhat };

const SIDE_WORDS: Record<string, SideWord> = {
  baten: { line: 'income' },
  baat: { line: 'income' },
  income: { line: 'income' },
  credit: { line: 'income' },
  inkomsten: { line: 'income' },
  lasten: { line: 'costs' },
  last: { line: 'costs' },
  costs: { line: 'costs' },
  kosten: { line: 'costs' },
  debet: { line: 'costs' },
  uitgaven: { line: 'costs' },
  'totaal baten': { stated: 'income' },
  'totaal credit': { stated: 'income' },
  'income total': { stated: 'income' },
  'total income': { stated: 'income' },
  'totaal lasten': { stated: 'costs' },
  'totaal debet': { stated: 'costs' },
  'costs total': { stated: 'costs' },
  'total costs': { stated: 'costs' },
  resultaat: { stated: 'result' },
  result: { stated: 'result' },
  saldo: { stated: 'result' },
};

const STATED_WORD: Record<StatedWhat, string> = {
  income: 'income total',
  costs: 'costs total',
  result: 'result',
  in_kind: 'in-kind total',
};

export function budgetKindOption(raw: string | undefined): BudgetKind {
  const k = (raw ?? 'begroting').toLowerCase();
  const alias: Record<string, BudgetKind> = {
    budget: 'begroting',
    actual: 'realisatie',
    actuals: 'realisatie',
    realisation: 'realisatie',
  };
  const kind = (BUDGET_KINDS as readonly string[]).includes(k) ? (k as BudgetKind) : alias[k];
  if (!kind)
    throw new LatoError(`unknown kind "${raw}"`, { hint: 'use --kind begroting or --kind realisatie' });
  return kind;
}

/** --year is required for budget and in-kind files, and must be a school year. */
export function requiredYearOption(run: Pick<ImportRun, 'opts'>): string {
  const raw = run.opts.year;
  if (raw === undefined || raw.trim() === '') {
    throw new LatoError('--year is required: the school year this file is for', {
      hint: 'e.g. --year 2018-2019',
    });
  }
  const y = parseSchoolYear(raw);
  if (!y.ok) throw new LatoError(y.error);
  return y.year.label;
}

export async function importBudget(db: Db, file: string, opts: ImportOptions): Promise<ImportSummary> {
  const year = requiredYearOption({ opts });
  const kind = budgetKindOption(opts.kind);
  const categories = loadCategories(db);
  return runImport(db, 'budget', file, { ...opts, year, kind }, async (run) => {
    const src = await openCsv(file, opts);
    const { map, problems } = mapColumns(src, FIELDS);
    for (const p of problems) run.problems.add(p);
    if (problems.length > 0) return;
    const lines: BudgetLine[] = [];
    const stated: StatedTotals = {};
    const seen = new Map<string, number>();
    const statedLine = new Map<StatedWhat, number>();
    for await (const rec of src.records()) {
      if (isBlank(rec)) continue;
      run.rows.total++;
      const rawSide = map.get(rec, 'side');
      const side = SIDE_WORDS[foldWord(rawSide)];
      if (!side) {
        cellProblem(
          run,
          rec,
          map,
          'side',
          rawSide === '' ? 'the side is empty' : `unknown side "${rawSide}"`,
          'write baten (income) or lasten (costs), or totaal baten, totaal lasten, resultaat for a stated total',
        );
      }
      if (side && 'stated' in side) {
        const amount = amountCell(run, rec, map, 'amount', {
          negative: side.stated === 'result',
          what: STATED_WORD[side.stated],
        });
        const first = statedLine.get(side.stated);
        if (first !== undefined) {
          cellProblem(
            run,
            rec,
            map,
            'side',
            `the ${STATED_WORD[side.stated]} is already stated on line ${first}`,
            'keep one of them',
          );
        } else statedLine.set(side.stated, rec.line);
        if (amount !== undefined && amount !== null) stated[side.stated] = amount;
        continue;
      }
      const label = textCell(run, rec, map, 'label');
      if (label === '')
        cellProblem(run, rec, map, 'label', 'the description is empty', 'every line needs a description');
      const rawFee = map.get(rec, 'feeCategory');
      let feeCategory: string | null = null;
      if (rawFee !== '') {
        feeCategory = categories.resolve(rawFee) ?? null;
        if (!feeCategory) {
          cellProblem(
            run,
            rec,
            map,
            'feeCategory',
            `unknown sector "${rawFee}"`,
            `use one of ${categories.codes.join(', ')}`,
          );
        } else if (side && side.line === 'costs') {
          cellProblem(
            run,
            rec,
            map,
            'feeCategory',
            'a costs line cannot be a partner contribution',
            'leave the sector empty on costs lines',
          );
        }
      }
      const amount = amountCell(run, rec, map, 'amount', { pm: true });
      if (side && label !== '') {
        const key = `${side.line}\u0000${label.toLowerCase()}`;
        if (isDuplicate(run, rec, map, 'label', seen, key, `"${label}" (${side.line})`)) continue;
      }
      if (!side || label === '' || amount === undefined) continue;
      lines.push({
        side: side.line,
        category: map.get(rec, 'category') || null,
        label,
        feeCategory,
        amountCents: amount,
      });
    }
    if (run.problems.length > 0) return;
    if (lines.length === 0) {
      run.problems.add({
        file: run.name,
        message: 'the file has no budget lines',
        hint: 'one line per income or cost item',
      });
      return;
    }
    recordTally(
      run,
      replaceBudget(db, year, kind, lines, stated, run.importId),
      `line of the earlier ${kind} ${year}`,
    );
  });
}
