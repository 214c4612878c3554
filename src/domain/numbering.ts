// Invoice numbers: unique, consecutive, never reused (art. 35a Wet OB 1968 asks for "een uniek
// opeenvolgend nummer"). A series has a format, padding and optional yearly reset; the counter
// itself lives in the database (number_series), which the issue transaction advances.

import type { NumberSeries } from './invoice-settings.js';

/** The counter year of a series for an issue date: its calendar year, or 0 when it never resets. */
export function seriesYear(series: NumberSeries, issueDate: string): number {
  return series.yearly_reset ? Number(issueDate.slice(0, 4)) : 0;
}

/** `LATO-2019-0001`. The year shown is the issue date's, also in a series that does not reset. */
export function formatNumber(series: NumberSeries, issueDate: string, seq: number): string {
  return series.format
    .replace(/\{prefix\}/g, series.prefix)
    .replace(/\{year\}/g, issueDate.slice(0, 4))
    .replace(/\{number\}/g, String(seq).padStart(series.padding, '0'));
}

/** Sequence numbers missing between the lowest and highest used (a gap is a bookkeeping defect). */
export function gapsIn(seqs: readonly number[], first: number): number[] {
  if (seqs.length === 0) return [];
  const sorted = [...seqs].sort((a, b) => a - b);
  const gaps: number[] = [];
  let expect = Math.min(first, sorted[0]!);
  for (const s of sorted) {
    while (expect < s) gaps.push(expect++);
    expect = s + 1;
  }
  return gaps;
}
