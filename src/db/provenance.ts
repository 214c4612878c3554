// Provenance: which data of a school year comes from a batch marked illustrative (invented data,
// like the example's counts and realisation), so that every output using it can say so.

import type { Db } from './connection.js';

import type { IllustrativeSource } from '../domain/provenance.js';

export type { IllustrativeSource };

const QUERIES: [IllustrativeSource['what'], string][] = [
  ['counts', 'SELECT DISTINCT import_id FROM counts WHERE school_year = ?'],
  ['budget', "SELECT DISTINCT import_id FROM budget_lines WHERE school_year = ? AND kind = 'begroting'"],
  [
    'realisation',
    "SELECT DISTINCT import_id FROM budget_lines WHERE school_year = ? AND kind = 'realisatie'",
  ],
  ['in_kind_budget', "SELECT DISTINCT import_id FROM in_kind WHERE school_year = ? AND kind = 'begroting'"],
  [
    'in_kind_realisation',
    "SELECT DISTINCT import_id FROM in_kind WHERE school_year = ? AND kind = 'realisatie'",
  ],
];

export function illustrativeSources(db: Db, year: string): IllustrativeSource[] {
  const out: IllustrativeSource[] = [];
  for (const [what, sql] of QUERIES) {
    const rows = db
      .prepare(
        `SELECT i.file_name, i.illustrative_note FROM imports i
          WHERE i.illustrative = 1 AND i.id IN (${sql}) ORDER BY i.id`,
      )
      .all(year) as { file_name: string; illustrative_note: string | null }[];
    for (const r of rows) out.push({ what, file: r.file_name, note: r.illustrative_note });
  }
  return out;
}
