// What every importer takes and gives back (`lato import KIND FILE`); the registry of the
// importers by kind is importers.ts, which loads them, so they import these types from here.

import type { Db } from '../db/connection.js';

export interface ImportOptions {
  year?: string;
  kind?: string;
  dryRun?: boolean;
  /** the batch holds invented (illustrative) data; a text says what is invented */
  illustrative?: boolean | string;
  encoding?: string;
  delimiter?: string;
  /** called now and then with the number of rows read (the CLI shows it on a terminal) */
  progress?: (rowsRead: number) => void;
}

export interface ImportSummary {
  kind: string;
  file: string;
  batch: string | null;
  dryRun: boolean;
  /** unchanged: the file was imported before with the same content */
  rows: { total: number; new: number; changed: number; unchanged: number; skipped: number };
  /** warnings and notes for the user (masked values, unlinked locations, …) */
  notes: string[];
  /** importer-specific facts (e.g. unlinked_count, unlinked for counts) */
  [extra: string]: unknown;
}

export type Importer = (db: Db, file: string, opts: ImportOptions) => Promise<ImportSummary>;
