// The values commands take from their options, shared by the app modules: today's date, a
// `--date` and a `--year`. A module of its own, so that invoices.ts and direct-debit.ts (which
// import each other's work) do not import each other for these.

import { UsageError } from '../domain/errors.js';
import { parseDate } from '../domain/dates.js';
import { parseSchoolYear } from '../domain/school-year.js';

/** Today in the local time zone, as an ISO date. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A `--year` option: a school year like 2018-2019, as its label. */
export function requireYear(raw: string): string {
  const y = parseSchoolYear(raw);
  if (!y.ok) throw new UsageError(y.error);
  return y.year.label;
}

/** A `--date` option (or `--WHAT`), today when absent. */
export function requireDate(raw: string | undefined, what = 'date'): string {
  if (raw === undefined) return today();
  const d = parseDate(raw);
  if (!d.ok) throw new UsageError(`--${what}: ${d.error}`);
  return d.date;
}
