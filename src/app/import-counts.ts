// `lato import counts FILE [--year Y]`: pupil / childcare-place counts per school location (DUO
// vestiging) or per partner. Recognises DUO open-data files by their header. Streams the file, so
// a million rows take flat memory; one transaction, so a bad row or a crash leaves nothing behind.

import type { Db } from '../db/connection.js';
import { openCsv, type CsvRecord } from '../io/csv.js';
import { mapColumns, type ColumnMap, type FieldSpec } from '../io/table.js';
import { DUO_FIELDS, fullLocationCode, isDuoHeader, type DuoField } from '../io/duo.js';
import { parseQuantity } from '../domain/quantity.js';
import { defaultCountDate, parseSchoolYear, schoolYearStarting } from '../domain/school-year.js';
import { parseDate } from '../domain/dates.js';
import type { Problem } from '../domain/errors.js';
import { runImport, type ImportRun } from './import-run.js';
import type { ImportOptions, ImportSummary } from './importers.js';

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
  | 'countDate';

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

/** The same question asked of a DUO file or a plain count list. */
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
  };
  return {
    get: (rec, f) => (to[f] ? map.get(rec, to[f]) : ''),
    headerOf: (f) => (to[f] ? map.headerOf(to[f]) : f),
    has: (f) => !!to[f] && map.has(to[f]),
  };
}

const UNLINKED_LISTED = 1000;

export async function importCounts(db: Db, file: string, opts: ImportOptions): Promise<ImportSummary> {
  return runImport(db, 'counts', file, opts, async (run) => {
    const src = await openCsv(file, opts);
    const duo = isDuoHeader(src.header);
    let reader: RowReader;
    if (duo) {
      const { map, problems } = mapColumns(src, DUO_FIELDS);
      problems.forEach((p) => run.problems.add(p));
      reader = duoReader(map);
      run.notes.push(`Recognised a DUO open-data file (pupils per school location).`);
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
      if (!y.ok) {
        run.problems.add({ message: `--year: ${y.error}` });
        return;
      }
      fileYear = y.year.label;
    }
    if (duo && !fileYear) {
      run.problems.add({
        file: run.name,
        message: 'a DUO file does not say which school year it counts',
        hint: 'give --year, e.g. --year 2025-2026 for the counts of 1 October 2025',
      });
      return;
    }
    await importRows(run, src.records(), reader, fileYear);
  });
}

async function importRows(
  run: ImportRun,
  records: AsyncIterable<CsvRecord>,
  r: RowReader,
  fileYear: string | undefined,
) {
  const { db } = run;
  const stmt = {
    location: db.prepare(
      `INSERT INTO locations (instellingscode, vestigingscode, name, city, municipality) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (vestigingscode) DO UPDATE SET
         name = coalesce(excluded.name, name), city = coalesce(excluded.city, city),
         municipality = coalesce(excluded.municipality, municipality)
       RETURNING id, partner_id`,
    ),
    partner: db.prepare(
      `SELECT p.id, s.unit FROM partners p JOIN sectors s ON s.code = p.sector WHERE p.code = ? COLLATE NOCASE`,
    ),
    byLocation: db.prepare(
      'SELECT id, quantity, masked, unit, count_date FROM counts WHERE school_year = ? AND location_id = ?',
    ),
    byPartner: db.prepare(
      'SELECT id, quantity, masked, unit, count_date FROM counts WHERE school_year = ? AND partner_id = ?',
    ),
    insert: db.prepare(
      `INSERT INTO counts (school_year, location_id, partner_id, quantity, masked, unit, count_date, import_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    update: db.prepare(
      'UPDATE counts SET quantity = ?, masked = ?, unit = ?, count_date = ?, import_id = ? WHERE id = ?',
    ),
  };
  const partnerCache = new Map<string, { id: number; unit: string | null } | null>();
  const seen = new Map<string, Set<number>>();
  type Unlinked = { location: string; name: string; municipality: string; quantity: number | string };
  const unlinked: Unlinked[] = [];
  const nearby: Unlinked[] = [];
  const area = new Set(db.prepare('SELECT municipality FROM areas').pluck().all() as string[]);
  let unlinkedCount = 0;
  const linkedByPartner = new Map<number, number>();
  const maskedExamples: string[] = [];
  let maskedCount = 0;

  for await (const rec of records) {
    if (rec.cells.length === 1 && rec.cells[0]!.trim() === '') continue;
    run.rows.total++;
    const problem = (f: Field | null, message: string, hint?: string) => {
      const p: Problem = { file: run.name, line: rec.line, message };
      if (f) p.column = r.headerOf(f);
      if (hint) p.hint = hint;
      run.problems.add(p);
    };
    // school year
    let year = fileYear;
    const yearCell = r.get(rec, 'year');
    if (yearCell) {
      const y = parseSchoolYear(yearCell);
      if (!y.ok) {
        problem('year', y.error);
        continue;
      }
      year = y.year.label;
    }
    if (!year) {
      problem('year', 'no school year', 'fill the column "schooljaar", or give --year for the whole file');
      continue;
    }
    // quantity
    const q = parseQuantity(r.get(rec, 'quantity'));
    if (!q.ok) {
      problem('quantity', `the count ${q.error}`, 'a count is a whole number of pupils or places, 0 or more');
      continue;
    }
    // unit and count date
    let unit: 'pupils' | 'places' | undefined;
    const unitCell = r.get(rec, 'unit');
    if (unitCell) {
      unit = UNITS[unitCell.toLowerCase()];
      if (!unit) {
        problem('unit', `unknown unit "${unitCell}"`, 'use leerlingen (pupils) or kindplaatsen (places)');
        continue;
      }
    }
    let countDate = defaultCountDate(schoolYearStarting(Number(year.slice(0, 4))));
    const dateCell = r.get(rec, 'countDate');
    if (dateCell) {
      const d = parseDate(dateCell);
      if (!d.ok) {
        problem('countDate', d.error);
        continue;
      }
      countDate = d.date;
    }
    // where: a DUO location, or a partner
    const locCell = r.get(rec, 'location');
    const partnerCell = r.get(rec, 'partner');
    let locationId: number | null = null;
    let partnerId: number | null = null;
    let linkedPartner: number | null = null;
    if (locCell) {
      const inst = r.get(rec, 'instellingscode') || locCell.slice(0, 4);
      const code = fullLocationCode(inst, locCell);
      if (!code) {
        problem(
          'location',
          `"${locCell}" is not a DUO vestigingscode`,
          'a vestigingscode is the instellingscode (4 characters) plus 2 digits, like 20DP00',
        );
        continue;
      }
      const loc = stmt.location.get(
        code.slice(0, 4),
        code,
        r.get(rec, 'name') || null,
        r.get(rec, 'city') || null,
        r.get(rec, 'municipality') || null,
      ) as {
        id: number;
        partner_id: number | null;
      };
      locationId = loc.id;
      linkedPartner = loc.partner_id;
      if (linkedPartner === null) {
        unlinkedCount++;
        const u = {
          location: code,
          name: r.get(rec, 'name'),
          municipality: r.get(rec, 'municipality'),
          quantity: q.value ?? (q as { masked: string }).masked,
        };
        if (unlinked.length < UNLINKED_LISTED) unlinked.push(u);
        if (area.has(u.municipality) && nearby.length < UNLINKED_LISTED) nearby.push(u);
      } else linkedByPartner.set(linkedPartner, (linkedByPartner.get(linkedPartner) ?? 0) + 1);
    } else if (partnerCell) {
      let p = partnerCache.get(partnerCell.toUpperCase());
      if (p === undefined) {
        const row = stmt.partner.get(partnerCell) as { id: number; unit: string | null } | undefined;
        p = row ?? null;
        partnerCache.set(partnerCell.toUpperCase(), p);
      }
      if (!p) {
        problem(
          'partner',
          `unknown partner "${partnerCell}"`,
          'import the partner first (lato import partners), or correct the code; `lato partners list` shows the codes',
        );
        continue;
      }
      partnerId = p.id;
      unit ??= p.unit === 'places' ? 'places' : undefined;
    } else {
      problem(r.has('location') ? 'location' : 'partner', 'neither a partner nor a school location is given');
      continue;
    }
    unit ??= 'pupils';
    // one count per school year and place in a file
    const key = `${year}|${locationId === null ? 'p' : 'l'}`;
    let set = seen.get(key);
    if (!set) seen.set(key, (set = new Set()));
    const id = (locationId ?? partnerId)!;
    if (set.has(id)) {
      problem(
        locationId === null ? 'partner' : 'location',
        `duplicate count for ${locCell || partnerCell} in ${year}`,
        'keep one row per school year and location or partner',
      );
      continue;
    }
    set.add(id);
    const quantity = q.value;
    const maskedValue = q.value === null ? (q as { masked: string }).masked : null;
    if (maskedValue !== null) {
      maskedCount++;
      if (maskedExamples.length < 5)
        maskedExamples.push(`line ${rec.line} (${locCell || partnerCell}): "${maskedValue}"`);
    }
    const existing = (
      locationId !== null ? stmt.byLocation.get(year, locationId) : stmt.byPartner.get(year, partnerId)
    ) as
      | { id: number; quantity: number | null; masked: string | null; unit: string; count_date: string }
      | undefined;
    if (!existing) {
      stmt.insert.run(year, locationId, partnerId, quantity, maskedValue, unit, countDate, run.importId);
      run.rows.new++;
    } else if (
      existing.quantity === quantity &&
      existing.masked === maskedValue &&
      existing.unit === unit &&
      existing.count_date === countDate
    ) {
      run.rows.unchanged++;
    } else {
      stmt.update.run(quantity, maskedValue, unit, countDate, run.importId, existing.id);
      run.rows.changed++;
    }
  }
  if (run.rows.total === 0)
    run.problems.add({ file: run.name, line: 2, message: 'the file has a header but no counts' });

  if (maskedCount > 0) {
    run.notes.push(
      `${maskedCount} count${maskedCount === 1 ? ' is' : 's are'} masked by the source (such as "<5"): stored as masked, not as a number; a fee that needs one says so. ${maskedExamples.join('; ')}`,
    );
  }
  if (linkedByPartner.size > 0) {
    const names = db.prepare('SELECT code FROM partners WHERE id = ?').pluck();
    const list = [...linkedByPartner].map(([id, n]) => `${names.get(id) as string} (${n})`).join(', ');
    run.notes.push(`Linked to partners: ${list}.`);
  }
  if (unlinkedCount > 0) {
    run.notes.push(
      `${unlinkedCount} location${unlinkedCount === 1 ? '' : 's'} belong${unlinkedCount === 1 ? 's' : ''} to no partner; their counts are stored and count as soon as a partner is linked.` +
        (nearby.length
          ? ` In the LATO area: ${nearby.map((u) => `${u.location} ${u.name} (${u.municipality}, ${u.quantity})`).join('; ')}.`
          : ''),
    );
    run.notes.push('Link a location with: lato partners edit CODE --add-location VESTIGINGSCODE');
    run.details = { unlinked_count: unlinkedCount, unlinked_in_area: nearby };
  }
  run.extra = {
    unlinked_count: unlinkedCount,
    unlinked_in_area: nearby,
    unlinked,
    masked_count: maskedCount,
  };
}
