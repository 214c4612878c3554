// The importers by kind, as `lato import KIND FILE` and the example manifest name them.

export type { ImportOptions, ImportSummary, Importer } from './import-types.js';
import type { Importer } from './import-types.js';

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
};
