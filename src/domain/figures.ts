// The yearly figures of the report (De Leidse Aanpak in cijfers): a metric (number of partners,
// participation in activities, newsletter subscribers, social-media followers), a period, an
// optional sector, and a whole number. Which metrics there are is data (setting
// `report.figures`); this module reads periods and metric names as people write them. Pure.

import { parseSchoolYear } from './school-year.js';

export type PeriodKind = 'school_year' | 'calendar';

/** A metric the report knows, from the setting `report.figures`. */
export interface MetricDef {
  /** stored code, e.g. `participation` */
  code: string;
  /** Dutch label for the documents, e.g. `Deelname activiteiten` */
  label: string;
  /** other names a file may use (Dutch or English) */
  aliases: string[];
  period: PeriodKind;
  /** the figure is given per sector (werkveld) */
  by_sector: boolean;
  /** where the report shows it */
  group: 'partners' | 'participation' | 'reach';
}

export interface Figure {
  metric: string;
  /** `2015-2016` (school year), `2017` (calendar year) or `2018 (2)` (second measurement in 2018) */
  period: string;
  /** a sector code, or '' when the figure is not per sector */
  sector: string;
  value: number;
  note: string | null;
}

/** One item of a school year's programme (Programma schooljaar 2018/2019). */
export interface ProgrammeItem {
  year: string;
  /** activity: for the partners of one sector; network: a network meeting for all */
  kind: 'activity' | 'network';
  /** the sector of an activity; null for a network meeting */
  sector: string | null;
  activity: string;
}

/** Folds a word for matching (case, accents, spaces, dashes, dots). */
export const foldWord = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s_.-]+/g, ' ')
    .trim();

/** The metric a file's name for it means, or undefined. */
export function resolveMetric(defs: readonly MetricDef[], raw: string): MetricDef | undefined {
  const f = foldWord(raw);
  return defs.find(
    (d) => foldWord(d.code) === f || foldWord(d.label) === f || d.aliases.some((a) => foldWord(a) === f),
  );
}

export type ParsedPeriod = { ok: true; period: string } | { ok: false; error: string; hint: string };

/**
 * A period as the metric needs it. School years: `2015-2016`, `2015/2016`, `15/16`. Calendar
 * years: `2017`, and `2018 (1)`, `2018 (2)` for several measurements in one year (the plan gives
 * 572 and 607 newsletter subscribers in 2018).
 */
export function parsePeriod(raw: string, kind: PeriodKind): ParsedPeriod {
  const s = raw.trim();
  if (kind === 'school_year') {
    const short = /^(\d{2})\s*[/-]\s*(\d{2})$/.exec(s);
    const full = short ? `20${short[1]}-20${short[2]}` : s;
    const y = parseSchoolYear(full);
    if (y.ok) return { ok: true, period: y.year.label };
    return { ok: false, error: y.error, hint: 'this figure is per school year: write 2015-2016 or 15/16' };
  }
  const m = /^(\d{4})(?:\s*\(\s*(\d{1,2})\s*\))?$/.exec(s);
  if (!m)
    return {
      ok: false,
      error: `"${s}" is not a calendar year`,
      hint: 'this figure is per calendar year: write 2017, or 2018 (2) for a second measurement in 2018',
    };
  const n = m[2] === undefined ? undefined : Number(m[2]);
  if (n === 0)
    return { ok: false, error: `"${s}": measurements are numbered from 1`, hint: 'write 2018 (1)' };
  return { ok: true, period: n === undefined ? m[1]! : `${m[1]} (${n})` };
}

/** Sort key of a period: school years by their first year, measurements after their year. */
export function periodKey(period: string): [number, number] {
  const m = /^(\d{4})(?:-\d{4}| \((\d+)\))?$/.exec(period);
  if (!m) return [Number.MAX_SAFE_INTEGER, 0];
  return [Number(m[1]), m[2] === undefined ? 0 : Number(m[2])];
}

export function comparePeriods(a: string, b: string): number {
  const [ya, na] = periodKey(a);
  const [yb, nb] = periodKey(b);
  return ya - yb || na - nb;
}

/** The calendar year a calendar period belongs to (`2018 (2)` → 2018). */
export function calendarYearOf(period: string): number {
  return periodKey(period)[0];
}
