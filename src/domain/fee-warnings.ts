// Warnings grouped by cause: a year without rates is one line ("47 partners have no rate for
// 2030-2031 (VSE 6, PO 10, …): `lato rates copy --from 2018-2019 --to 2030-2031`"), not 47. The
// full list stays available (--verbose, and in --json). Pure.

import type { FeeLine, FeeStatus } from './fees.js';

export interface WarningGroup {
  cause: Exclude<FeeStatus, 'ok'>;
  /** partners (fee lines) with this cause */
  count: number;
  /** how many per rate category, in the order of the lines */
  by_category: Record<string, number>;
  partners: string[];
  /** one line: the count, the cause, the categories and the fix */
  text: string;
}

export interface GroupedWarnings {
  groups: WarningGroup[];
  /** warnings that belong to no fee line (shown as they are) */
  other: string[];
}

const ORDER: readonly WarningGroup['cause'][] = [
  'no_rate',
  'pm_rate',
  'missing_count',
  'masked_count',
  'too_large',
];

/**
 * Groups the warnings of a fee computation by the cause of the lines they are about.
 * `ratesFrom`: the latest earlier school year that has rates (to suggest copying them).
 */
export function groupFeeWarnings(
  year: string,
  lines: readonly Pick<FeeLine, 'partner' | 'name' | 'category' | 'status'>[],
  warnings: readonly string[],
  ratesFrom?: string,
): GroupedWarnings {
  const byCause = new Map<WarningGroup['cause'], (typeof lines)[number][]>();
  for (const l of lines) {
    if (l.status === 'ok') continue;
    const list = byCause.get(l.status) ?? [];
    list.push(l);
    byCause.set(l.status, list);
  }
  const covered = new Set([...byCause.values()].flat().map((l) => `${l.partner} (${l.name}):`));
  const other = warnings.filter(
    (w) =>
      ![...covered].some((p) => w.startsWith(p)) &&
      // the year-wide "no rates" notice says what the no_rate group says
      !(byCause.has('no_rate') && w.startsWith(`no rates for ${year}`)),
  );
  const groups = ORDER.flatMap((cause) => {
    const ls = byCause.get(cause);
    if (!ls) return [];
    const by: Record<string, number> = {};
    for (const l of ls) by[l.category] = (by[l.category] ?? 0) + 1;
    const cats = Object.keys(by);
    const n = ls.length;
    const who = `${n} partner${n === 1 ? ' has' : 's have'}`;
    const counts = cats.map((c) => `${c} ${by[c]}`).join(', ');
    const first = ls[0]!.partner;
    const set = `lato rates set --year ${year} --sector ${cats.length === 1 ? cats[0] : 'S'} --amount X`;
    const text: Record<WarningGroup['cause'], string> = {
      no_rate: `${who} no rate for ${year} (${counts}): ${ratesFrom ? `\`lato rates copy --from ${ratesFrom} --to ${year}\`, or per sector ` : ''}\`${set}\``,
      pm_rate: `${who} a PM rate for ${year}, so no amount yet (${counts}): \`${set}\``,
      missing_count: `${who} no count of pupils or places for ${year} (${counts}): \`lato import counts FILE --year ${year}\``,
      masked_count: `${who} masked counts for ${year} (${counts}): ask for the real numbers and import them (\`lato fees explain ${first} --year ${year}\` shows which)`,
      too_large: `${who} an amount above the largest lato takes (${counts}): check the counts and the rate (\`lato fees explain ${first} --year ${year}\`)`,
    };
    // one partner: its own warning says it best
    const own = n === 1 ? warnings.find((w) => w.startsWith(`${first} (${ls[0]!.name}):`)) : undefined;
    return [
      { cause, count: n, by_category: by, partners: ls.map((l) => l.partner), text: own ?? text[cause] },
    ];
  });
  return { groups, other };
}
