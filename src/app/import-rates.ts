// `lato import rates FILE [--year Y]`: fee rates per school year and category. Columns (Dutch or
// English): schooljaar, categorie (a sector code or name, BASIS or UITGEBREID), grondslag (per
// leerling / per kindplaats / vast), bedrag (an amount or PM), toelichting. Upserts on
// (school year, category); rates not in the file stay as they are.

import type { Db } from '../db/connection.js';
import { upsertRate } from '../db/rates.js';
import type { Basis } from '../domain/fees.js';
import { openCsv } from '../io/csv.js';
import { mapColumns, type FieldSpec } from '../io/table.js';
import type { ImportOptions, ImportSummary } from './import-types.js';
import { runImport } from './import-run.js';
import {
  amountCell,
  cellProblem,
  foldWord,
  isBlank,
  isDuplicate,
  loadCategories,
  yearCell,
  textCell,
} from './import-cells.js';

type Field = 'year' | 'category' | 'basis' | 'amount' | 'note';

const FIELDS: FieldSpec<Field>[] = [
  { key: 'year', aliases: ['schooljaar', 'jaar', 'school year'] },
  { key: 'category', aliases: ['categorie', 'sector', 'werkveld', 'lidmaatschap'], required: true },
  { key: 'basis', aliases: ['grondslag', 'per', 'eenheid'] },
  { key: 'amount', aliases: ['bedrag', 'tarief', 'rate', 'bedrag (€)'], required: true },
  { key: 'note', aliases: ['toelichting', 'opmerking', 'notes', 'omschrijving'] },
];

const BASIS_WORDS: Record<string, Basis> = {
  pupil: 'pupil',
  'per pupil': 'pupil',
  leerling: 'pupil',
  'per leerling': 'pupil',
  place: 'place',
  'per place': 'place',
  kindplaats: 'place',
  'per kindplaats': 'place',
  fixed: 'fixed',
  vast: 'fixed',
  'vast bedrag': 'fixed',
};

export function parseBasis(raw: string): Basis | undefined {
  return BASIS_WORDS[foldWord(raw)];
}

/** The basis a category has when none is given: by the sector's counting unit, else fixed. */
export function defaultBasis(unit: 'pupils' | 'places' | null): Basis {
  return unit === 'pupils' ? 'pupil' : unit === 'places' ? 'place' : 'fixed';
}

/** Why a basis does not fit a category, or undefined when it does. */
export function basisMismatch(
  category: string,
  basis: Basis,
  unit: 'pupils' | 'places' | null,
): string | undefined {
  if (unit === null && basis !== 'fixed' && (category === 'BASIS' || category === 'UITGEBREID')) {
    return `${category} is a membership of partners without pupils: its rate is a fixed amount`;
  }
  if (unit === 'pupils' && basis === 'place') return `${category} counts pupils, not childcare places`;
  if (unit === 'places' && basis === 'pupil') return `${category} counts childcare places, not pupils`;
  return undefined;
}

export async function importRates(db: Db, file: string, opts: ImportOptions): Promise<ImportSummary> {
  const categories = loadCategories(db);
  return runImport(db, 'rates', file, opts, async (run) => {
    const src = await openCsv(file, opts);
    const { map, problems } = mapColumns(src, FIELDS);
    for (const p of problems) run.problems.add(p);
    if (problems.length > 0) return;
    const seen = new Map<string, number>();
    for await (const rec of src.records()) {
      if (isBlank(rec)) continue;
      run.rows.total++;
      const year = yearCell(run, rec, map, 'year');
      const rawCategory = map.get(rec, 'category');
      const category = categories.resolve(rawCategory);
      if (!category) {
        cellProblem(
          run,
          rec,
          map,
          'category',
          rawCategory === '' ? 'the category is empty' : `unknown sector or category "${rawCategory}"`,
          `use one of ${categories.codes.join(', ')}`,
        );
      }
      const unit = category ? categories.unitOf(category) : null;
      const rawBasis = map.get(rec, 'basis');
      let basis: Basis | undefined = rawBasis === '' ? defaultBasis(unit) : parseBasis(rawBasis);
      if (!basis) {
        cellProblem(
          run,
          rec,
          map,
          'basis',
          `unknown basis "${rawBasis}"`,
          'write per leerling, per kindplaats or vast',
        );
      } else if (category) {
        const why = basisMismatch(category, basis, unit);
        if (why) {
          cellProblem(run, rec, map, 'basis', why);
          basis = undefined;
        }
      }
      const amount = amountCell(run, rec, map, 'amount', { pm: true, what: 'rate' });
      if (
        year &&
        category &&
        isDuplicate(
          run,
          rec,
          map,
          'category',
          seen,
          `${year}/${category}`,
          `the rate for ${category} in ${year}`,
        )
      ) {
        continue;
      }
      if (!year || !category || !basis || amount === undefined || run.problems.length > 0) continue;
      const result = upsertRate(db, {
        year,
        category,
        basis,
        amountCents: amount,
        note: textCell(run, rec, map, 'note', 'long') || null,
      });
      run.rows[result]++;
    }
  });
}
