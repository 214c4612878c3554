// `lato import figures FILE`: the yearly figures of the report, or the programme of a school year.
// The file's header says which:
// - figures: metriek (metric), periode (period), werkveld (sector, for figures per sector), waarde
//   (value), toelichting (note). Metrics and their periods are data (setting `report.figures`).
//   Upserts on (metric, period, sector); figures not in the file stay as they are.
// - programme (it has a column "activiteit"): schooljaar (or --year), werkveld (a sector, or
//   "netwerk" for the network meetings), activiteit. The file is the whole programme of each school
//   year it names: activities no longer in it are removed.

import type { Db } from '../db/connection.js';
import { replaceProgramme, upsertFigure, type ProgrammeItem } from '../db/figures.js';
import { parsePeriod, resolveMetric } from '../domain/figures.js';
import { parseQuantity } from '../domain/quantity.js';
import { openCsv, type CsvRecord, type CsvSource } from '../io/csv.js';
import { mapColumns, normaliseHeader, type ColumnMap, type FieldSpec } from '../io/table.js';
import type { ImportOptions, ImportSummary } from './import-types.js';
import { runImport, type ImportRun } from './import-run.js';
import {
  cellProblem,
  foldWord,
  isBlank,
  isDuplicate,
  loadCategories,
  recordTally,
  yearCell,
  textCell,
} from './import-cells.js';
import { figureMetrics } from './report-settings.js';

type FigureField = 'metric' | 'period' | 'sector' | 'value' | 'note';
type ProgrammeField = 'year' | 'sector' | 'activity';

const FIGURE_FIELDS: FieldSpec<FigureField>[] = [
  { key: 'metric', aliases: ['metriek', 'meting', 'indicator', 'cijfer', 'omschrijving'], required: true },
  { key: 'period', aliases: ['periode', 'jaar', 'schooljaar', 'year'], required: true },
  { key: 'sector', aliases: ['werkveld'] },
  { key: 'value', aliases: ['waarde', 'aantal', 'number', 'count'], required: true },
  { key: 'note', aliases: ['toelichting', 'opmerking', 'notes', 'bron', 'source'] },
];

const ACTIVITY_ALIASES = ['activity', 'activiteit', 'activiteiten', 'onderdeel'];

const PROGRAMME_FIELDS: FieldSpec<ProgrammeField>[] = [
  { key: 'year', aliases: ['schooljaar', 'jaar', 'school year'] },
  { key: 'sector', aliases: ['werkveld', 'groep'], required: true },
  { key: 'activity', aliases: ACTIVITY_ALIASES, required: true },
];

const NETWORK_WORDS = new Set(['netwerk', 'netwerkbijeenkomst', 'netwerkbijeenkomsten', 'network']);

function isProgramme(src: CsvSource): boolean {
  const wanted = new Set(ACTIVITY_ALIASES.map(normaliseHeader));
  return src.header.some((h) => wanted.has(normaliseHeader(h)));
}

export async function importFigures(db: Db, file: string, opts: ImportOptions): Promise<ImportSummary> {
  return runImport(db, 'figures', file, opts, async (run) => {
    const src = await openCsv(file, opts);
    if (isProgramme(src)) await readProgramme(run, src);
    else await readFigures(run, src);
  });
}

interface Sectors {
  /** the sector code a cell means (code or name), or undefined; membership categories are not sectors */
  resolve(raw: string): string | undefined;
  codes: string[];
}

function loadSectors(run: ImportRun): Sectors {
  const categories = loadCategories(run.db);
  const codes = (
    run.db.prepare('SELECT code FROM sectors ORDER BY position').all() as { code: string }[]
  ).map((r) => r.code);
  return {
    resolve: (raw) => {
      const c = categories.resolve(raw);
      return c !== undefined && codes.includes(c) ? c : undefined;
    },
    codes,
  };
}

/** The file's columns, or undefined (with the problems recorded) when required ones are missing. */
function columnsOf<K extends string>(
  run: ImportRun,
  src: CsvSource,
  fields: readonly FieldSpec<K>[],
): ColumnMap<K> | undefined {
  const { map, problems } = mapColumns(src, fields);
  for (const p of problems) run.problems.add(p);
  return problems.length > 0 ? undefined : map;
}

async function readFigures(run: ImportRun, src: CsvSource): Promise<void> {
  const db = run.db;
  const metrics = figureMetrics(db);
  const sectors = loadSectors(run);
  const map = columnsOf(run, src, FIGURE_FIELDS);
  if (!map) return;
  const seen = new Map<string, number>();
  for await (const rec of src.records()) {
    if (isBlank(rec)) continue;
    run.rows.total++;
    const rawMetric = map.get(rec, 'metric');
    const metric = resolveMetric(metrics, rawMetric);
    if (!metric) {
      cellProblem(
        run,
        rec,
        map,
        'metric',
        rawMetric === '' ? 'the metric is empty' : `unknown metric "${rawMetric}"`,
        `use one of ${metrics.map((m) => m.code).join(', ')} (setting report.figures)`,
      );
    }
    let period: string | undefined;
    if (metric) {
      const p = parsePeriod(map.get(rec, 'period'), metric.period);
      if (p.ok) period = p.period;
      else cellProblem(run, rec, map, 'period', p.error, p.hint);
    }
    const sector = metric ? sectorCell(run, rec, map, metric.by_sector, metric.code, sectors) : undefined;
    const value = valueCell(run, rec, map);
    if (!metric || period === undefined || sector === undefined || value === undefined) continue;
    const key = `${metric.code}/${period}/${sector}`;
    const what = `${metric.code} ${period}${sector ? ` ${sector}` : ''}`;
    if (isDuplicate(run, rec, map, 'value', seen, key, what)) continue;
    if (run.problems.length > 0) continue;
    const result = upsertFigure(
      db,
      { metric: metric.code, period, sector, value, note: textCell(run, rec, map, 'note', 'long') || null },
      run.importId,
    );
    run.rows[result]++;
  }
}

function sectorCell(
  run: ImportRun,
  rec: CsvRecord,
  map: ColumnMap<FigureField>,
  bySector: boolean,
  metric: string,
  sectors: Sectors,
): string | undefined {
  const raw = map.get(rec, 'sector');
  if (!bySector) {
    if (raw === '') return '';
    cellProblem(run, rec, map, 'sector', `${metric} is not given per sector`, 'leave the sector empty');
    return undefined;
  }
  const code = raw === '' ? undefined : sectors.resolve(raw);
  if (code === undefined) {
    cellProblem(
      run,
      rec,
      map,
      'sector',
      raw === '' ? `${metric} is given per sector, and the sector is empty` : `unknown sector "${raw}"`,
      `use one of ${sectors.codes.join(', ')}`,
    );
    return undefined;
  }
  return code;
}

function valueCell(run: ImportRun, rec: CsvRecord, map: ColumnMap<FigureField>): number | undefined {
  const raw = map.get(rec, 'value');
  const q = parseQuantity(raw);
  if (!q.ok || q.value === null) {
    cellProblem(
      run,
      rec,
      map,
      'value',
      raw === '' ? 'the value is empty' : !q.ok ? `the value ${q.error}` : `the value "${raw}" is masked`,
      'write a whole number, like 415 or 1.234',
    );
    return undefined;
  }
  return q.value;
}

async function readProgramme(run: ImportRun, src: CsvSource): Promise<void> {
  const db = run.db;
  const sectors = loadSectors(run);
  const map = columnsOf(run, src, PROGRAMME_FIELDS);
  if (!map) return;
  const byYear = new Map<string, ProgrammeItem[]>();
  const seen = new Map<string, number>();
  for await (const rec of src.records()) {
    if (isBlank(rec)) continue;
    run.rows.total++;
    const year = yearCell(run, rec, map, 'year');
    const rawGroup = map.get(rec, 'sector');
    const network = NETWORK_WORDS.has(foldWord(rawGroup));
    const sector = network ? null : sectors.resolve(rawGroup);
    if (sector === undefined) {
      cellProblem(
        run,
        rec,
        map,
        'sector',
        rawGroup === '' ? 'the sector is empty' : `unknown sector "${rawGroup}"`,
        `use one of ${sectors.codes.join(', ')}, or "netwerk" for a network meeting`,
      );
    }
    const activity = textCell(run, rec, map, 'activity');
    if (activity === '') cellProblem(run, rec, map, 'activity', 'the activity is empty');
    if (!year || sector === undefined || activity === '') continue;
    const item: ProgrammeItem = { year, kind: network ? 'network' : 'activity', sector, activity };
    const key = `${year}/${item.kind}/${sector ?? ''}/${activity.toLowerCase()}`;
    if (isDuplicate(run, rec, map, 'activity', seen, key, `"${activity}" (${sector ?? 'netwerk'}, ${year})`))
      continue;
    byYear.set(year, [...(byYear.get(year) ?? []), item]);
  }
  if (run.problems.length > 0) return;
  const total = { new: 0, changed: 0, unchanged: 0, removed: 0 };
  for (const [year, items] of byYear) {
    const t = replaceProgramme(db, year, items, run.importId);
    total.new += t.new;
    total.changed += t.changed;
    total.unchanged += t.unchanged;
    total.removed += t.removed;
  }
  recordTally(run, total, 'programme item');
  run.notes.push(`programme of ${[...byYear.keys()].join(', ')}`);
}
