// Reading the cells of budget, rates and in-kind files: amounts (Dutch notation, PM), school years,
// categories; each bad cell becomes a problem with file, line and column (the import runner then
// rejects the whole file).

import type { Db } from '../db/connection.js';
import { BASIS_CATEGORY, EXTENDED_CATEGORY } from '../domain/fees.js';
import { parseEuro, type Cents } from '../domain/money.js';
import { parseSchoolYear } from '../domain/school-year.js';
import { foldWord } from '../domain/figures.js';
import type { CsvRecord } from '../io/csv.js';
import { textProblem, type TextKind } from '../domain/text.js';
import type { ColumnMap } from '../io/table.js';
import type { ImportRun } from './import-run.js';
import type { Tally } from '../db/budget.js';

/** Reports a problem at a cell. */
export function cellProblem<K extends string>(
  run: ImportRun,
  rec: CsvRecord,
  map: ColumnMap<K>,
  key: K,
  message: string,
  hint?: string,
): void {
  run.problems.add({
    file: run.name,
    line: rec.line,
    column: map.headerOf(key),
    message,
    ...(hint ? { hint } : {}),
  });
}

/**
 * A text cell that ends up in a document (a budget line, a note): normalised by the column map,
 * checked against what the documents can print and the length of its kind (domain/text.ts); a
 * problem names the character and its position. Returns the text either way.
 */
export function textCell<K extends string>(
  run: ImportRun,
  rec: CsvRecord,
  map: ColumnMap<K>,
  key: K,
  kind: TextKind = 'line',
): string {
  const value = map.get(rec, key);
  const problem = value === '' ? undefined : textProblem(value, kind);
  if (problem) cellProblem(run, rec, map, key, problem);
  return value;
}

/** A record whose cells are all empty (Excel leaves `;;;;` lines) is skipped. */
export function isBlank(rec: CsvRecord): boolean {
  return rec.cells.every((c) => c.trim() === '');
}

/**
 * An amount in euros: `1.953`, `1.953,00`, `€ 1.953,-`, or PM. Returns undefined (and reports) when
 * it is not an amount, negative where that is not allowed, PM where that is not allowed, or empty.
 */
export function amountCell<K extends string>(
  run: ImportRun,
  rec: CsvRecord,
  map: ColumnMap<K>,
  key: K,
  opts: { pm?: boolean; negative?: boolean; what?: string } = {},
): Cents | null | undefined {
  const raw = map.get(rec, key);
  const what = opts.what ?? 'amount';
  if (raw === '') {
    cellProblem(
      run,
      rec,
      map,
      key,
      `the ${what} is empty`,
      opts.pm ? 'write an amount, or PM when it is not yet known' : 'write an amount',
    );
    return undefined;
  }
  const p = parseEuro(raw);
  if (!p.ok) {
    cellProblem(
      run,
      rec,
      map,
      key,
      p.error,
      'write euros like 1.953 or 1.953,00' + (opts.pm ? ', or PM' : ''),
    );
    return undefined;
  }
  if (p.cents === null && !opts.pm) {
    cellProblem(run, rec, map, key, `the ${what} cannot be PM here`, 'write an amount');
    return undefined;
  }
  if (p.cents !== null && p.cents < 0 && !opts.negative) {
    cellProblem(run, rec, map, key, `the ${what} "${raw}" is negative`, 'amounts here are 0 or more');
    return undefined;
  }
  return p.cents;
}

/** A school year from the cell, else from --year; undefined (reported) when neither is valid. */
export function yearCell<K extends string>(
  run: ImportRun,
  rec: CsvRecord,
  map: ColumnMap<K>,
  key: K,
): string | undefined {
  const raw = map.get(rec, key) || run.opts.year || '';
  if (raw === '') {
    cellProblem(
      run,
      rec,
      map,
      key,
      'the school year is missing',
      'add a column "schooljaar" or give --year 2018-2019',
    );
    return undefined;
  }
  const y = parseSchoolYear(raw);
  if (!y.ok) {
    cellProblem(run, rec, map, key, y.error);
    return undefined;
  }
  return y.year.label;
}

export interface Categories {
  /** resolves a sector or membership category as people write it; undefined when unknown */
  resolve(raw: string): string | undefined;
  /** the counting unit of a sector (null for HO, WO, OVERIG and the membership categories) */
  unitOf(category: string): 'pupils' | 'places' | null;
  /** the known codes, for hints */
  codes: string[];
}

const fold = foldWord;

/** Sector codes and names from the `sectors` table, plus BASIS and UITGEBREID for partners without pupils. */
export function loadCategories(db: Db): Categories {
  const sectors = db.prepare('SELECT code, name, unit FROM sectors ORDER BY position').all() as {
    code: string;
    name: string;
    unit: 'pupils' | 'places' | null;
  }[];
  const names = new Map<string, string>();
  const units = new Map<string, 'pupils' | 'places' | null>();
  for (const s of sectors) {
    names.set(fold(s.code), s.code);
    names.set(fold(s.name), s.code);
    units.set(s.code, s.unit);
  }
  for (const alias of ['basis', 'basislidmaatschap', 'basis lidmaatschap']) names.set(alias, BASIS_CATEGORY);
  for (const alias of ['uitgebreid', 'extended', 'uitgebreid lidmaatschap'])
    names.set(alias, EXTENDED_CATEGORY);
  units.set(BASIS_CATEGORY, null);
  units.set(EXTENDED_CATEGORY, null);
  return {
    resolve: (raw) => names.get(fold(raw)),
    unitOf: (c) => units.get(c) ?? null,
    codes: [...sectors.map((s) => s.code), BASIS_CATEGORY, EXTENDED_CATEGORY],
  };
}

/** Folds a cell for matching words (case, accents, spaces, dashes). */
export { foldWord };

/**
 * Remembers the line of each key; reports a second line with the same key (at `key`'s column) and
 * returns true for it.
 */
export function isDuplicate<K extends string>(
  run: ImportRun,
  rec: CsvRecord,
  map: ColumnMap<K>,
  column: K,
  seen: Map<string, number>,
  key: string,
  what: string,
): boolean {
  const first = seen.get(key);
  if (first === undefined) {
    seen.set(key, rec.line);
    return false;
  }
  cellProblem(run, rec, map, column, `${what} is already on line ${first}`, 'keep one of them');
  return true;
}

/** Puts a replace's tally into the import summary: removed lines count as changed. */
export function recordTally(run: ImportRun, t: Tally, what: string): void {
  run.rows.new = t.new;
  run.rows.changed = t.changed + t.removed;
  run.rows.unchanged = t.unchanged;
  if (t.removed > 0)
    run.notes.push(`${t.removed} ${what}${t.removed === 1 ? '' : 's'} removed (not in this file)`);
}
