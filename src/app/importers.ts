// The importers by kind, as `lato import KIND FILE` and the example manifest name them.

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

/** Loaded lazily so that one importer does not pull in the others. */
export const IMPORTERS: Record<string, () => Promise<Importer>> = {
  partners: async () => (await import('./import-partners.js')).importPartners,
  counts: async () => (await import('./import-counts.js')).importCounts,
  rates: async () => (await import('./import-rates.js')).importRates,
  budget: async () => (await import('./import-budget.js')).importBudget,
  'in-kind': async () => (await import('./import-in-kind.js')).importInKind,
  projectgroup: async () => (await import('./projectgroup-import.js')).importProjectGroup,
  settings: async () => (await import('./import-settings.js')).importSettings,
  figures: async () => (await import('./import-figures.js')).importFigures,
  mandates: async () => (await import('./direct-debit.js')).importMandates,
  covenant: async () => (await import('./import-covenant.js')).importCovenant,
  activities: async () => (await import('./import-activities.js')).importActivities,
  projects: async () => (await import('./import-projects.js')).importProjects,
};
