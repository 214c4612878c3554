// `lato import counts FILE [--year Y]`: pupil / childcare-place counts per school location (DUO
// vestiging) or per partner. Recognises DUO open-data files by their header.
//
// Built for large files: the file streams through a check of every cell into a temporary staging
// table (many rows per statement), and the checks that need the store (unknown partners,
// duplicates) and the merge into `counts` run as set-based SQL. Memory stays flat however large
// the file is; the whole import is one transaction, so a bad row or a crash leaves nothing behind.

import type { Db } from '../db/connection.js';
import type { Statement } from 'better-sqlite3';
import { openCsv, type CsvRecord } from '../io/csv.js';
import { mapColumns, type ColumnMap, type FieldSpec } from '../io/table.js';
import { DUO_FIELDS, fullLocationCode, isDuoHeader, type DuoField } from '../io/duo.js';
import { MAX_COUNT, parseQuantity } from '../domain/quantity.js';
import { defaultCountDate, parseSchoolYear, schoolYearStarting } from '../domain/school-year.js';
import { formatDateNl, parseDate } from '../domain/dates.js';
import { basename } from 'node:path';
import type { Problem } from '../domain/errors.js';
import { runImport, type ImportRun } from './import-run.js';
import { rowJson, tableColumns } from '../db/import-changes.js';
import type { ImportOptions, ImportSummary } from './import-types.js';

type Field =
  | 'year'
  | 'partner'
  | 'location'
  | 'instellingscode'
  | 'name'
  | 'city'
  | 'municipality'
  | 'quantity'
  | 'unit'
  | 'countDate'
  /** a DUO file's own count date: compared with --year (a warning), not used as the count date */
  | 'sourceDate';

const COUNT_FIELDS: FieldSpec<Field>[] = [
  { key: 'year', aliases: ['schooljaar', 'school year'] },
  { key: 'partner', aliases: ['partnercode', 'partner code', 'code'] },
  { key: 'location', aliases: ['vestiging', 'vestigingscode', 'vestigingsnummer', 'locatie'] },
  { key: 'instellingscode', aliases: ['brin', 'brin nummer', 'brinnummer'] },
  { key: 'name', aliases: ['naam', 'schoolnaam', 'vestigingsnaam', 'instellingsnaam vestiging'] },
  { key: 'city', aliases: ['plaats', 'plaatsnaam'] },
  { key: 'municipality', aliases: ['gemeente', 'gemeentenaam'] },
  {
    key: 'quantity',
    aliases: ['aantal', 'aantal leerlingen', 'leerlingen', 'pupils', 'kindplaatsen', 'places', 'count'],
    required: true,
  },
  { key: 'unit', aliases: ['eenheid'] },
  { key: 'countDate', aliases: ['teldatum', 'count date', 'peildatum', 'datum'] },
];

const UNITS: Record<string, 'pupils' | 'places'> = {
  pupils: 'pupils',
  leerlingen: 'pupils',
  leerling: 'pupils',
  pupil: 'pupils',
  places: 'places',
  plaatsen: 'places',
  kindplaatsen: 'places',
  kindplaats: 'places',
  place: 'places',
};

/** The same questions asked of a DUO file or a plain count list. */
interface RowReader {
  get(rec: CsvRecord, f: Field): string;
  headerOf(f: Field): string;
  has(f: Field): boolean;
}

function duoReader(map: ColumnMap<DuoField>): RowReader {
  const to: Partial<Record<Field, DuoField>> = {
    location: 'vestigingscode',
    instellingscode: 'instellingscode',
    name: 'name',
    city: 'city',
    municipality: 'municipality',
    quantity: 'quantity',
    sourceDate: 'countDate',
  };
  return {
    get: (rec, f) => (to[f] ? map.get(rec, to[f]) : ''),
    headerOf: (f) => (to[f] ? map.headerOf(to[f]) : f),
    has: (f) => !!to[f] && map.has(to[f]),
  };
}

/** How many unlinked locations the summary lists (the count is always complete). */
const LISTED = 1000;
/** The staged columns bound per row; the school year, unit and count date are written into the SQL. */
const STAGE_COLUMNS = ['line', 'loc', 'name', 'city', 'municipality', 'partner_code', 'quantity', 'masked'];
const ROWS_PER_INSERT = 200;

export async function importCounts(db: Db, file: string, opts: ImportOptions): Promise<ImportSummary> {
  return runImport(
    db,
    'counts',
    file,
    opts,
    async (run) => {
      const src = await openCsv(file, opts);
      const duo = isDuoHeader(src.header);
      let reader: RowReader;
      if (duo) {
        const { map, problems } = mapColumns(src, DUO_FIELDS);
        problems.forEach((p) => run.problems.add(p));
        reader = duoReader(map);
        run.notes.push('Recognised a DUO open-data file (pupils per school location).');
      } else {
        const { map, problems } = mapColumns(src, COUNT_FIELDS);
        problems.forEach((p) => run.problems.add(p));
        if (!map.has('partner') && !map.has('location')) {
          run.problems.add({
            file: run.name,
            line: 1,
            message: 'the file names neither a partner nor a school location for its counts',
            hint: 'add a column "partner" (partner code) or "vestiging" (DUO vestigingscode)',
          });
        }
        reader = map;
      }
      if (run.problems.length) return;

      let fileYear: string | undefined;
      if (opts.year) {
        const y = parseSchoolYear(opts.year);
        if (!y.ok) return run.problems.add({ message: `--year: ${y.error}` });
        fileYear = y.year.label;
      }
      if (duo && !fileYear) {
        return run.problems.add({
          file: run.name,
          message: 'a DUO file does not say which school year it counts',
          hint: 'give --year, e.g. --year 2025-2026 for the counts of 1 October 2025',
        });
      }
      if (duo && fileYear) {
        // DUO names its files by the calendar year of the count (…-2025.csv: 1 October 2025)
        const named = [...basename(file).matchAll(/(?<!\d)(?:19|20)\d{2}(?!\d)/g)].map((m) => Number(m[0]));
        const start = Number(fileYear.slice(0, 4));
        if (named.length > 0 && !named.includes(start))
          run.notes.push(
            `Warning: the file name ${basename(file)} points to the counts of ${named[0]} (school year ${named[0]}-${named[0]! + 1}), not to --year ${fileYear}; check that this is the file of ${fileYear}`,
          );
      }
      createStage(db);
      const seen = await stageRows(run, src.batches(), reader, fileYear);
      if (seen.foreignDates > 0)
        run.notes.push(
          `Warning: ${seen.foreignDates} row${seen.foreignDates === 1 ? '' : 's'} of this DUO file ${seen.foreignDates === 1 ? 'has a' : 'have their'} count date outside school year ${fileYear} (${seen.foreignDateExample}); check that this is the file of ${fileYear}`,
        );
      if (run.rows.total === 0)
        run.problems.add({ file: run.name, line: 2, message: 'the file has a header but no counts' });
      checkAgainstStore(run, reader, seen.partnerCodes > 0);
      if (run.problems.length) return;
      // a file that brings no new or changed count changes nothing: found with one anti-join,
      // before (and instead of) the merge that would be rolled back
      if (bringsCounts(run.db)) merge(run, seen.years);
      else run.rows.unchanged = run.rows.total;
      describe(run, seen);
    },
    { recordsItsOwnChanges: true },
  );
}

function createStage(db: Db): void {
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS stage_counts (
      line INTEGER NOT NULL, year TEXT NOT NULL, loc TEXT, name TEXT, city TEXT, municipality TEXT,
      partner_code TEXT, quantity INTEGER, masked TEXT, unit TEXT, count_date TEXT NOT NULL,
      partner_id INTEGER, partner_unit TEXT);
    DELETE FROM temp.stage_counts;`);
}

type Place = { location: string; name: string; municipality: string; quantity: number | string };

/** What the rows say about places, gathered while reading (so no second pass over the rows). */
interface Seen {
  partnerRows: number;
  /** rows per partner code, of locations linked to a partner */
  linked: Map<string, number>;
  unlinkedCount: number;
  /** the first unlinked locations, and those in the LATO area */
  unlinked: Place[];
  inArea: Place[];
  maskedCount: number;
  maskedExamples: string[];
  /** the school years the file counts */
  years: Set<string>;
  /** rows with a partner code (alone, or beside a location) */
  partnerCodes: number;
  /** rows of a DUO file whose own count date lies outside --year, and the first such date */
  foreignDates: number;
  foreignDateExample: string;
}

/** Checks every cell of every row (all problems collected) and stages the good rows. */
async function stageRows(
  run: ImportRun,
  batches: AsyncIterable<CsvRecord[]>,
  r: RowReader,
  fileYear: string | undefined,
): Promise<Seen> {
  const { db } = run;
  const linkedTo = new Map(
    (
      db
        .prepare(
          'SELECT l.vestigingscode AS loc, p.code FROM locations l JOIN partners p ON p.id = l.partner_id',
        )
        .all() as { loc: string; code: string }[]
    ).map((x) => [x.loc, x.code]),
  );
  const areaMunicipalities = new Set(db.prepare('SELECT municipality FROM areas').pluck().all() as string[]);
  const seen: Seen = {
    partnerRows: 0,
    linked: new Map(),
    unlinkedCount: 0,
    unlinked: [],
    inArea: [],
    maskedCount: 0,
    maskedExamples: [],
    years: new Set(),
    partnerCodes: 0,
    foreignDates: 0,
    foreignDateExample: '',
  };
  // Rows go in many per statement. What a whole file usually shares (school year, unit, count
  // date) is part of the statement's SQL rather than bound on every row: one pair of statements per
  // combination (values lato checked and wrote itself, quoted).
  const literal = (v: string | null) => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);
  const statements = new Map<string, { many: Statement; one: Statement }>();
  const insertsFor = (year: string, unit: string | null, countDate: string) => {
    const key = `${year}|${unit}|${countDate}`;
    let s = statements.get(key);
    if (!s) {
      const columns = `${STAGE_COLUMNS.join(', ')}, year, unit, count_date`;
      const row = `(${STAGE_COLUMNS.map(() => '?').join(', ')}, ${literal(year)}, ${literal(unit)}, ${literal(countDate)})`;
      s = {
        many: db.prepare(
          `INSERT INTO temp.stage_counts (${columns}) VALUES ${Array(ROWS_PER_INSERT).fill(row).join(', ')}`,
        ),
        one: db.prepare(`INSERT INTO temp.stage_counts (${columns}) VALUES ${row}`),
      };
      statements.set(key, s);
    }
    return s;
  };
  let params: unknown[] = [];
  let pendingRows = 0;
  let pendingKey = '';
  let pending: { many: Statement; one: Statement } | undefined;
  const flush = () => {
    if (!pending || pendingRows === 0) return;
    if (pendingRows === ROWS_PER_INSERT) pending.many.run(params);
    else
      for (let i = 0; i < pendingRows; i++)
        pending.one.run(params.slice(i * STAGE_COLUMNS.length, (i + 1) * STAGE_COLUMNS.length));
    params = [];
    pendingRows = 0;
  };
  // a file usually has one school year: parse it once
  let lastYearCell = '';
  let lastYear: { label: string; countDate: string } | { error: string } | undefined;
  const has = {
    year: r.has('year'),
    unit: r.has('unit'),
    date: r.has('countDate'),
    sourceDate: r.has('sourceDate'),
    inst: r.has('instellingscode'),
  };
  const inYear = (date: string, year: string) => {
    const start = Number(year.slice(0, 4));
    return date >= `${start}-08-01` && date <= `${start + 1}-07-31`;
  };

  for await (const batch of batches) {
    for (const rec of batch) {
      if (rec.cells.length === 1 && rec.cells[0]!.trim() === '') continue;
      run.rows.total++;
      const problem = (f: Field, message: string, hint?: string) => {
        const p: Problem = { file: run.name, line: rec.line, column: r.headerOf(f), message };
        if (hint) p.hint = hint;
        run.problems.add(p);
      };
      // school year
      const yearCell = has.year ? r.get(rec, 'year') : '';
      let year: string | undefined = fileYear;
      let countDate: string | undefined;
      if (yearCell) {
        if (yearCell !== lastYearCell) {
          lastYearCell = yearCell;
          const y = parseSchoolYear(yearCell);
          lastYear = y.ok ? { label: y.year.label, countDate: defaultCountDate(y.year) } : { error: y.error };
        }
        if ('error' in lastYear!) {
          problem('year', lastYear.error);
          continue;
        }
        year = lastYear!.label;
        countDate = lastYear!.countDate;
      }
      if (!year) {
        problem('year', 'no school year', 'fill the column "schooljaar", or give --year for the whole file');
        continue;
      }
      countDate ??= defaultCountDate(schoolYearStarting(Number(year.slice(0, 4))));
      seen.years.add(year);
      // the count
      const q = parseQuantity(r.get(rec, 'quantity'));
      if (!q.ok) {
        problem(
          'quantity',
          `the count ${q.error}`,
          'a count is a whole number of pupils or places, 0 or more',
        );
        continue;
      }
      if (q.value !== null && q.value > MAX_COUNT) {
        problem(
          'quantity',
          `the count ${q.value} is above ${MAX_COUNT}, the largest count lato takes`,
          'a count is the pupils or places of one school, location or partner',
        );
        continue;
      }
      let unit: string | null = null;
      if (has.unit) {
        const cell = r.get(rec, 'unit');
        if (cell) {
          unit = UNITS[cell.toLowerCase()] ?? null;
          if (!unit) {
            problem('unit', `unknown unit "${cell}"`, 'use leerlingen (pupils) or kindplaatsen (places)');
            continue;
          }
        }
      }
      if (has.date) {
        const cell = r.get(rec, 'countDate');
        if (cell) {
          const d = parseDate(cell);
          if (!d.ok) {
            problem('countDate', d.error);
            continue;
          }
          if (!inYear(d.date, year)) {
            const start = Number(year.slice(0, 4));
            problem(
              'countDate',
              `the count date ${formatDateNl(d.date)} is outside school year ${year} (1 augustus ${start} to 31 juli ${start + 1})`,
              'correct the date or the school year of this row',
            );
            continue;
          }
          countDate = d.date;
        }
      }
      if (has.sourceDate) {
        const d = parseDate(r.get(rec, 'sourceDate'));
        if (d.ok && !inYear(d.date, year) && seen.foreignDates++ === 0)
          seen.foreignDateExample = `line ${rec.line}: ${formatDateNl(d.date)}`;
      }
      // where: a DUO location, or a partner
      const locCell = r.get(rec, 'location');
      // a row may name both; the partner must then hold the location (checked against the store)
      const partnerCell = r.get(rec, 'partner');
      if (partnerCell) seen.partnerCodes++;
      let loc: string | null = null;
      if (locCell) {
        loc =
          fullLocationCode(
            has.inst ? r.get(rec, 'instellingscode') || locCell.slice(0, 4) : locCell.slice(0, 4),
            locCell,
          ) ?? null;
        if (!loc) {
          problem(
            'location',
            `"${locCell}" is not a DUO vestigingscode`,
            'a vestigingscode is the instellingscode (4 characters) plus 2 digits, like 20DP00',
          );
          continue;
        }
      } else if (!partnerCell) {
        problem(
          r.has('location') ? 'location' : 'partner',
          'neither a partner nor a school location is given',
        );
        continue;
      }
      const name = r.get(rec, 'name');
      const municipality = r.get(rec, 'municipality');
      const shown = q.value ?? q.masked;
      if (q.value === null) {
        seen.maskedCount++;
        if (seen.maskedExamples.length < 5)
          seen.maskedExamples.push(`line ${rec.line} (${loc ?? partnerCell}): "${q.masked}"`);
      }
      if (loc) {
        unit ??= 'pupils';
        const code = linkedTo.get(loc);
        if (code) seen.linked.set(code, (seen.linked.get(code) ?? 0) + 1);
        else {
          seen.unlinkedCount++;
          const place = { location: loc, name, municipality, quantity: shown };
          if (seen.unlinked.length < LISTED) seen.unlinked.push(place);
          if (areaMunicipalities.has(municipality) && seen.inArea.length < LISTED) seen.inArea.push(place);
        }
      } else seen.partnerRows++;
      const key = `${year}|${unit}|${countDate}`;
      if (key !== pendingKey) {
        flush();
        pendingKey = key;
        pending = insertsFor(year, unit, countDate);
      }
      params.push(
        rec.line,
        loc,
        name || null,
        r.get(rec, 'city') || null,
        municipality || null,
        partnerCell || null,
        q.value,
        q.value === null ? q.masked : null,
      );
      if (++pendingRows === ROWS_PER_INSERT) flush();
    }
    run.opts.progress?.(run.rows.total);
  }
  flush();
  return seen;
}

/** Problems only the store can tell: unknown partners, and a place counted twice in one year. */
function checkAgainstStore(run: ImportRun, r: RowReader, hasPartnerRows: boolean): void {
  const { db } = run;
  if (hasPartnerRows) {
    // a partner's counts are in its sector's unit unless the file says otherwise
    db.exec(`
      UPDATE temp.stage_counts SET partner_id = p.id, partner_unit = s.unit
      FROM partners p JOIN sectors s ON s.code = p.sector
      WHERE stage_counts.partner_code IS NOT NULL AND p.code = stage_counts.partner_code COLLATE NOCASE;
      UPDATE temp.stage_counts SET unit = CASE WHEN partner_unit = 'places' THEN 'places' ELSE 'pupils' END
      WHERE unit IS NULL AND partner_code IS NOT NULL;`);
  }
  const add = (line: number, f: Field, message: string, hint: string) =>
    run.problems.add({ file: run.name, line, column: r.headerOf(f), message, hint });
  if (hasPartnerRows) {
    // a row naming a partner and a location: the count goes to the location's partner, so they agree
    for (const d of db
      .prepare(
        `SELECT s.line, s.loc, s.partner_code, n.code AS named, p.code AS holder, p.name AS holder_name
           FROM temp.stage_counts s JOIN partners n ON n.id = s.partner_id
           LEFT JOIN locations l ON l.vestigingscode = s.loc LEFT JOIN partners p ON p.id = l.partner_id
          WHERE s.loc IS NOT NULL AND (p.id IS NULL OR p.id <> s.partner_id) ORDER BY s.line`,
      )
      .iterate() as Iterable<{
      line: number;
      loc: string;
      named: string;
      holder: string | null;
      holder_name: string | null;
    }>) {
      add(
        d.line,
        'partner',
        d.holder
          ? `partner ${d.named} and location ${d.loc} disagree: ${d.loc} belongs to ${d.holder} (${d.holder_name}), so the count would go to ${d.holder}`
          : `partner ${d.named} and location ${d.loc} disagree: ${d.loc} belongs to no partner, so the count would go to no one`,
        d.holder
          ? `correct the partner or the location; if ${d.loc} now belongs to ${d.named}: lato partners edit ${d.named} --add-location ${d.loc} --move`
          : `link it first: lato partners edit ${d.named} --add-location ${d.loc}`,
      );
    }
  }
  for (const u of db
    .prepare(
      'SELECT line, partner_code FROM temp.stage_counts WHERE partner_code IS NOT NULL AND partner_id IS NULL ORDER BY line',
    )
    .iterate() as Iterable<{ line: number; partner_code: string }>) {
    add(
      u.line,
      'partner',
      `unknown partner "${u.partner_code}"`,
      'import the partner first (lato import partners), or correct the code; `lato partners list` shows the codes',
    );
  }
  // a place counted twice in one year: found with one aggregate; the lines only when there are any
  const dupKeys = db
    .prepare(
      `SELECT year, coalesce(loc, upper(partner_code)) AS place, min(line) AS first FROM temp.stage_counts
       GROUP BY year, loc IS NULL, coalesce(loc, upper(partner_code)) HAVING count(*) > 1`,
    )
    .all() as { year: string; place: string; first: number }[];
  const linesOf = db.prepare(
    `SELECT line, loc IS NOT NULL AS by_location FROM temp.stage_counts
     WHERE year = ? AND coalesce(loc, upper(partner_code)) = ? AND line > ? ORDER BY line`,
  );
  for (const d of dupKeys) {
    if (run.problems.length > 1000) break;
    for (const l of linesOf.all(d.year, d.place, d.first) as { line: number; by_location: number }[]) {
      add(
        l.line,
        l.by_location ? 'location' : 'partner',
        `duplicate count for ${d.place} in ${d.year} (also on line ${d.first})`,
        'keep one row per school year and location or partner',
      );
    }
  }
  // problems found here belong in file order with those found while reading
  run.problems.items.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** What a count says (beyond where and when): a file that says the same changes nothing. */
const COUNT_VALUES = ['quantity', 'masked', 'unit', 'count_date'] as const;

/** SQL: the count `a` differs from `b` in what it says (the one comparison for update and undo record). */
const countDiffers = (a: string, b: string) =>
  COUNT_VALUES.map((c) => `${a}.${c} IS NOT ${b}.${c}`).join(' OR ');

/** Does any staged row bring a count the store does not hold, or holds with other values? */
function bringsCounts(db: Db): boolean {
  const differs = countDiffers('c', 's');
  return !!db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM temp.stage_counts s LEFT JOIN locations l ON l.vestigingscode = s.loc
                        LEFT JOIN counts c ON c.school_year = s.year AND c.location_id = l.id
                       WHERE s.loc IS NOT NULL AND (c.id IS NULL OR ${differs}))
           OR EXISTS (SELECT 1 FROM temp.stage_counts s
                        LEFT JOIN counts c ON c.school_year = s.year AND c.partner_id = s.partner_id
                       WHERE s.loc IS NULL AND (c.id IS NULL OR ${differs}))`,
    )
    .pluck()
    .get();
}

/**
 * Upserts locations and counts; counts new, changed and unchanged rows. Records for `lato import
 * undo` the rows it is about to change (set-based, in import_changes); the rows it inserts carry
 * this batch's import_id.
 */
function merge(run: ImportRun, years: Set<string>): void {
  const { db } = run;
  if (db.prepare('SELECT EXISTS (SELECT 1 FROM locations)').pluck().get()) {
    db.prepare(
      `INSERT INTO import_changes (import_id, tbl, row_key, before)
       SELECT ?, 'locations', l.id, ${rowJson(tableColumns(db, 'locations'), 'l')} FROM locations l
       WHERE l.id IN (SELECT l2.id FROM temp.stage_counts s JOIN locations l2 ON l2.vestigingscode = s.loc
                      WHERE s.name IS NOT l2.name OR s.city IS NOT l2.city OR s.municipality IS NOT l2.municipality)`,
    ).run(run.importId);
  }
  db.prepare(
    `INSERT INTO locations (instellingscode, vestigingscode, name, city, municipality, import_id)
      SELECT substr(loc, 1, 4), loc, name, city, municipality, ? FROM temp.stage_counts WHERE loc IS NOT NULL
    ON CONFLICT (vestigingscode) DO UPDATE SET
      name = coalesce(excluded.name, name), city = coalesce(excluded.city, city),
      municipality = coalesce(excluded.municipality, municipality)
    WHERE excluded.name IS NOT name OR excluded.city IS NOT city OR excluded.municipality IS NOT municipality`,
  ).run(run.importId);
  const yearList = [...years];
  const countsOfTheseYears = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM counts WHERE school_year IN (${yearList.map(() => '?').join(', ')}))`,
    )
    .pluck()
    .get(...yearList);
  if (countsOfTheseYears) {
    const differs = countDiffers('c', 's');
    // a place is counted once per year in the file (checked above), so each count is touched once
    const before = rowJson(tableColumns(db, 'counts'), 'c');
    db.prepare(
      `INSERT INTO import_changes (import_id, tbl, row_key, before)
       SELECT @id, 'counts', c.id, ${before} FROM temp.stage_counts s JOIN locations l ON l.vestigingscode = s.loc
         JOIN counts c ON c.school_year = s.year AND c.location_id = l.id WHERE ${differs}
       UNION ALL
       SELECT @id, 'counts', c.id, ${before} FROM temp.stage_counts s
         JOIN counts c ON c.school_year = s.year AND c.partner_id = s.partner_id
        WHERE s.loc IS NULL AND (${differs})`,
    ).run({ id: run.importId });
  }
  // new rows get ids above the highest before; changed rows keep theirs; both carry this batch
  const maxIdBefore = (db.prepare('SELECT coalesce(max(id), 0) FROM counts').pluck().get() as number) ?? 0;
  const set = `SET ${COUNT_VALUES.map((c) => `${c} = excluded.${c}`).join(', ')}, import_id = excluded.import_id
               WHERE ${countDiffers('counts', 'excluded')}`;
  db.prepare(
    `INSERT INTO counts (school_year, location_id, quantity, masked, unit, count_date, import_id)
       SELECT l.year, l.id, l.quantity, l.masked, l.unit, l.count_date, ?
       FROM (SELECT s.*, l.id FROM temp.stage_counts s JOIN locations l ON l.vestigingscode = s.loc) l WHERE true
     ON CONFLICT (school_year, location_id) WHERE location_id IS NOT NULL DO UPDATE ${set}`,
  ).run(run.importId);
  db.prepare(
    `INSERT INTO counts (school_year, partner_id, quantity, masked, unit, count_date, import_id)
       SELECT year, partner_id, quantity, masked, unit, count_date, ? FROM temp.stage_counts WHERE loc IS NULL
     ON CONFLICT (school_year, partner_id) WHERE partner_id IS NOT NULL DO UPDATE ${set}`,
  ).run(run.importId);
  const written = db
    .prepare('SELECT count(*) AS n, coalesce(sum(id > ?), 0) AS new FROM counts WHERE import_id = ?')
    .get(maxIdBefore, run.importId) as { n: number; new: number };
  run.rows.new = written.new;
  run.rows.changed = written.n - written.new;
  run.rows.unchanged = run.rows.total - written.n;
}

/** What the user should know: masked values, which partners the locations count for, and which locations no partner has. */
function describe(run: ImportRun, seen: Seen): void {
  if (seen.maskedCount > 0) {
    run.notes.push(
      `${seen.maskedCount} count${seen.maskedCount === 1 ? ' is' : 's are'} masked by the source (such as "<5"): stored as masked, not as a number; a fee that needs one says so. ${seen.maskedExamples.join('; ')}`,
    );
  }
  if (seen.linked.size > 0) {
    run.notes.push(
      `Linked to partners: ${[...seen.linked].map(([code, n]) => `${code} (${n})`).join(', ')}.`,
    );
  }
  const n = seen.unlinkedCount;
  if (n > 0) {
    run.notes.push(
      `${n} location${n === 1 ? '' : 's'} belong${n === 1 ? 's' : ''} to no partner; their counts are stored and count as soon as a partner is linked.` +
        (seen.inArea.length
          ? ` In the LATO area: ${seen.inArea.map((u) => `${u.location} ${u.name} (${u.municipality}, ${u.quantity})`).join('; ')}.`
          : ''),
    );
    run.notes.push('Link a location with: lato partners edit CODE --add-location VESTIGINGSCODE');
    run.details = { unlinked_count: n, unlinked_in_area: seen.inArea };
  }
  run.extra = {
    unlinked_count: n,
    unlinked_in_area: seen.inArea,
    unlinked: seen.unlinked,
    masked_count: seen.maskedCount,
  };
}
