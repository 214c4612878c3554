// The figures and programme repository: the yearly figures of the report (figures) and the
// programme of a school year (programme). Writes audit every change.

import type { Db } from './connection.js';
import { audit } from './audit.js';
import type { Figure, ProgrammeItem } from '../domain/figures.js';
import type { Tally } from './budget.js';

export type { ProgrammeItem };

export function listFigures(db: Db): Figure[] {
  return db
    .prepare('SELECT metric, period, sector, value, note FROM figures ORDER BY metric, period, sector')
    .all() as Figure[];
}

/** Inserts or updates one figure; says whether it was new, changed or unchanged. */
export function upsertFigure(db: Db, f: Figure, importId: number): 'new' | 'changed' | 'unchanged' {
  const before = db
    .prepare(
      'SELECT metric, period, sector, value, note FROM figures WHERE metric = ? AND period = ? AND sector = ?',
    )
    .get(f.metric, f.period, f.sector) as Figure | undefined;
  if (before && before.value === f.value && before.note === f.note) return 'unchanged';
  db.prepare(
    `INSERT INTO figures (metric, period, sector, value, note, import_id) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (metric, period, sector) DO UPDATE SET value = excluded.value, note = excluded.note,
       import_id = excluded.import_id`,
  ).run(f.metric, f.period, f.sector, f.value, f.note, importId);
  audit(db, {
    entity: 'figure',
    entityId: `${f.metric}/${f.period}${f.sector ? `/${f.sector}` : ''}`,
    action: before ? 'update' : 'create',
    before: before ?? null,
    after: f,
  });
  return before ? 'changed' : 'new';
}

export function listProgramme(db: Db, year: string): ProgrammeItem[] {
  return (
    db
      .prepare(
        `SELECT p.school_year AS year, p.kind, p.sector, p.activity FROM programme p
           LEFT JOIN sectors s ON s.code = p.sector
          WHERE p.school_year = ? ORDER BY p.kind, s.position, p.position, p.id`,
      )
      .all(year) as ProgrammeItem[]
  ).map((r) => ({ ...r }));
}

export function programmeYears(db: Db): string[] {
  return (
    db.prepare('SELECT DISTINCT school_year FROM programme ORDER BY school_year').all() as {
      school_year: string;
    }[]
  ).map((r) => r.school_year);
}

/** Replaces the programme of one school year with `items` (in their order). */
export function replaceProgramme(
  db: Db,
  year: string,
  items: readonly ProgrammeItem[],
  importId: number,
): Tally {
  const key = (i: { kind: string; sector: string | null; activity: string }) =>
    `${i.kind}\u0000${i.sector ?? ''}\u0000${i.activity}`;
  const existing = db
    .prepare('SELECT id, kind, sector, activity, position FROM programme WHERE school_year = ?')
    .all(year) as { id: number; kind: string; sector: string | null; activity: string; position: number }[];
  const byKey = new Map(existing.map((e) => [key(e), e]));
  const tally: Tally = { new: 0, changed: 0, unchanged: 0, removed: 0 };
  const keep = new Set<number>();
  items.forEach((item, position) => {
    const e = byKey.get(key(item));
    if (e) {
      keep.add(e.id);
      if (e.position === position) tally.unchanged++;
      else {
        db.prepare('UPDATE programme SET position = ?, import_id = ? WHERE id = ?').run(
          position,
          importId,
          e.id,
        );
        tally.changed++;
      }
      return;
    }
    db.prepare(
      'INSERT INTO programme (school_year, kind, sector, activity, position, import_id) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(year, item.kind, item.sector, item.activity, position, importId);
    audit(db, { entity: 'programme', entityId: year, action: 'create', after: item });
    tally.new++;
  });
  for (const e of existing) {
    if (keep.has(e.id)) continue;
    db.prepare('DELETE FROM programme WHERE id = ?').run(e.id);
    audit(db, {
      entity: 'programme',
      entityId: year,
      action: 'delete',
      before: { kind: e.kind, sector: e.sector, activity: e.activity },
    });
    tally.removed++;
  }
  return tally;
}
