// `lato import in-kind FILE --year Y [--kind begroting|realisatie]`: in-kind contributions (bijdrage
// in natura). Columns (Dutch or English): omschrijving, partner (code, optional), uren and uurtarief
// (hours × hourly rate), bedrag (an amount or PM). A line gives an amount, or hours and a rate, or
// all three when they agree. A line "Totaal" is the total as the source states it: kept to compare,
// never used to compute. The file is the whole in-kind budget of that year and kind.

import type { Db } from '../db/connection.js';
import { replaceInKind, type InKindRecord } from '../db/budget.js';
import { hoursValue } from '../domain/in-kind.js';
import { formatEuro, MAX_AMOUNT_CENTS, parseEuro } from '../domain/money.js';
import { openCsv } from '../io/csv.js';
import { mapColumns, type FieldSpec } from '../io/table.js';
import type { ImportOptions, ImportSummary } from './import-types.js';
import { runImport } from './import-run.js';
import { budgetKindOption, requiredYearOption } from './import-budget.js';
import { amountCell, cellProblem, isBlank, isDuplicate, recordTally, textCell } from './import-cells.js';

type Field = 'label' | 'partner' | 'hours' | 'rate' | 'amount';

const FIELDS: FieldSpec<Field>[] = [
  { key: 'label', aliases: ['omschrijving', 'post', 'description', 'naam'], required: true },
  { key: 'partner', aliases: ['partnercode', 'code', 'partner code'] },
  { key: 'hours', aliases: ['uren', 'uur', 'aantal uren'] },
  { key: 'rate', aliases: ['uurtarief', 'hourly rate', 'tarief', 'rate'] },
  { key: 'amount', aliases: ['bedrag', 'waarde', 'value', 'bedrag (€)'] },
];

const TOTAL_LABEL = /^(totaal|total)$/i;

export async function importInKind(db: Db, file: string, opts: ImportOptions): Promise<ImportSummary> {
  const year = requiredYearOption({ opts });
  const kind = budgetKindOption(opts.kind);
  const partnerId = db.prepare('SELECT id FROM partners WHERE code = ? COLLATE NOCASE');
  return runImport(db, 'in-kind', file, { ...opts, year, kind }, async (run) => {
    const src = await openCsv(file, opts);
    const { map, problems } = mapColumns(src, FIELDS);
    for (const p of problems) run.problems.add(p);
    if (!map.has('amount') && !(map.has('hours') && map.has('rate'))) {
      run.problems.add({
        file: run.name,
        line: 1,
        message: 'the file needs a column "bedrag", or the columns "uren" and "uurtarief"',
      });
    }
    if (run.problems.length > 0) return;
    const lines: InKindRecord[] = [];
    let stated: number | undefined;
    let statedLine: number | undefined;
    const seen = new Map<string, number>();
    for await (const rec of src.records()) {
      if (isBlank(rec)) continue;
      run.rows.total++;
      const label = textCell(run, rec, map, 'label');
      if (TOTAL_LABEL.test(label)) {
        const amount = amountCell(run, rec, map, 'amount', { what: 'stated total' });
        if (statedLine !== undefined)
          cellProblem(run, rec, map, 'label', `the total is already stated on line ${statedLine}`);
        statedLine = rec.line;
        if (amount !== undefined && amount !== null) stated = amount;
        continue;
      }
      if (label === '')
        cellProblem(run, rec, map, 'label', 'the description is empty', 'every line needs a description');
      if (label !== '' && isDuplicate(run, rec, map, 'label', seen, label.toLowerCase(), `"${label}"`))
        continue;

      const code = map.get(rec, 'partner');
      let pid: number | null = null;
      if (code !== '') {
        const row = partnerId.get(code) as { id: number } | undefined;
        if (!row)
          cellProblem(
            run,
            rec,
            map,
            'partner',
            `no partner with code "${code}"`,
            '`lato partners list` shows the codes',
          );
        else pid = row.id;
      }
      let hours: number | null | undefined = null;
      const rawHours = map.get(rec, 'hours');
      if (rawHours !== '') {
        const h = parseEuro(rawHours);
        if (!h.ok || h.cents === null) {
          cellProblem(
            run,
            rec,
            map,
            'hours',
            h.ok ? `"${rawHours}" is not a number of hours` : `hours: ${h.error}`,
            'write hours like 90 or 7,5',
          );
          hours = undefined;
        } else if (h.cents < 0) {
          cellProblem(run, rec, map, 'hours', `the hours "${rawHours}" are negative`);
          hours = undefined;
        } else hours = h.cents;
      }
      const rate =
        map.get(rec, 'rate') === '' ? null : amountCell(run, rec, map, 'rate', { what: 'hourly rate' });
      const amount =
        map.get(rec, 'amount') === '' ? undefined : amountCell(run, rec, map, 'amount', { pm: true });
      if (hours === undefined || rate === undefined) continue;
      if ((hours === null) !== (rate === null)) {
        cellProblem(
          run,
          rec,
          map,
          hours === null ? 'hours' : 'rate',
          'give both the hours and the hourly rate, or neither',
        );
        continue;
      }
      if (hours !== null && rate !== null && BigInt(hours) * BigInt(rate) > BigInt(MAX_AMOUNT_CENTS) * 100n) {
        cellProblem(
          run,
          rec,
          map,
          'hours',
          `hours × hourly rate is above ${formatEuro(MAX_AMOUNT_CENTS)}, the largest amount lato takes`,
          'check the hours and the hourly rate',
        );
        continue;
      }
      const computed = hours !== null && rate !== null ? hoursValue(hours, rate) : undefined;
      if (map.get(rec, 'amount') === '' && computed === undefined) {
        cellProblem(
          run,
          rec,
          map,
          'amount',
          'the amount is empty',
          'write an amount, PM, or the hours and the hourly rate',
        );
        continue;
      }
      if (amount === undefined && map.get(rec, 'amount') !== '') continue;
      if (computed !== undefined && amount !== undefined && amount !== computed) {
        cellProblem(
          run,
          rec,
          map,
          'amount',
          `the amount ${formatEuro(amount)} differs from hours × hourly rate = ${formatEuro(computed)}`,
          'correct one of them, or leave the amount empty',
        );
        continue;
      }
      lines.push({
        label,
        partner: code || null,
        partnerId: pid,
        hoursCenti: hours,
        hourlyRateCents: rate,
        amountCents: amount !== undefined ? amount : computed!,
      });
    }
    if (run.problems.length > 0) return;
    recordTally(run, replaceInKind(db, year, kind, lines, stated, run.importId), `in-kind line of ${year}`);
  });
}
