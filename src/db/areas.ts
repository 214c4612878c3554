// Municipalities and the areas (gebieden) they belong to: LATO's own area for rule 1, the areas of
// the samenwerkingsverbanden PPO Leiden and SWV VO 2801 for rules 4 and 5. Every change is audited.

import type { Area } from '../domain/eligibility.js';
import { municipalityKey } from '../domain/eligibility.js';
import type { Db } from './connection.js';
import { audit } from './audit.js';

export interface Municipality {
  name: string;
  cbsCode: string | null;
}

export function listMunicipalities(db: Db): Municipality[] {
  return (
    db.prepare('SELECT name, cbs_code FROM municipalities ORDER BY name').all() as {
      name: string;
      cbs_code: string | null;
    }[]
  ).map((r) => ({ name: r.name, cbsCode: r.cbs_code }));
}

/** The registered name of a municipality as people write it (`kaag&braassem`), or undefined. */
export function resolveMunicipality(db: Db, raw: string): string | undefined {
  const key = municipalityKey(raw);
  if (key === '') return undefined;
  return listMunicipalities(db).find((m) => municipalityKey(m.name) === key)?.name;
}

export function addMunicipality(db: Db, name: string, cbsCode: string | null): void {
  db.prepare('INSERT INTO municipalities (name, cbs_code) VALUES (?, ?)').run(name, cbsCode);
  audit(db, { entity: 'municipality', entityId: name, action: 'create', after: { name, cbs_code: cbsCode } });
}

interface AreaRow {
  area: string;
  municipality: string;
  except_postcodes: string | null;
}

export function listAreas(db: Db): Area[] {
  const rows = db
    .prepare('SELECT area, municipality, except_postcodes FROM areas ORDER BY area, rowid')
    .all() as AreaRow[];
  const byCode = new Map<string, Area & { municipalities: Area['municipalities'][number][] }>();
  for (const r of rows) {
    let a = byCode.get(r.area);
    if (!a) byCode.set(r.area, (a = { code: r.area, municipalities: [] }));
    a.municipalities.push({
      name: r.municipality,
      exceptPostcodes: r.except_postcodes ? (JSON.parse(r.except_postcodes) as string[]) : [],
    });
  }
  return [...byCode.values()];
}

/** An area by code; one without municipalities when there is none by that code. */
export function getArea(db: Db, code: string): Area {
  return listAreas(db).find((a) => a.code === code) ?? { code, municipalities: [] };
}

/** Adds a municipality to an area, or changes its postcode exceptions; says what happened. */
export function putAreaMunicipality(
  db: Db,
  area: string,
  municipality: string,
  exceptPostcodes: string[] | null,
): 'added' | 'changed' | 'unchanged' {
  const before = db
    .prepare('SELECT except_postcodes FROM areas WHERE area = ? AND municipality = ?')
    .get(area, municipality) as { except_postcodes: string | null } | undefined;
  const value = exceptPostcodes && exceptPostcodes.length > 0 ? JSON.stringify(exceptPostcodes) : null;
  if (before && before.except_postcodes === value) return 'unchanged';
  db.prepare(
    `INSERT INTO areas (area, municipality, except_postcodes) VALUES (?, ?, ?)
     ON CONFLICT (area, municipality) DO UPDATE SET except_postcodes = excluded.except_postcodes`,
  ).run(area, municipality, value);
  audit(db, {
    entity: 'area',
    entityId: `${area}/${municipality}`,
    action: before ? 'update' : 'create',
    before: before ? { area, municipality, except_postcodes: before.except_postcodes } : undefined,
    after: { area, municipality, except_postcodes: value },
  });
  return before ? 'changed' : 'added';
}

export function removeAreaMunicipality(db: Db, area: string, municipality: string): boolean {
  const before = db
    .prepare('SELECT except_postcodes FROM areas WHERE area = ? AND municipality = ?')
    .get(area, municipality) as { except_postcodes: string | null } | undefined;
  if (!before) return false;
  db.prepare('DELETE FROM areas WHERE area = ? AND municipality = ?').run(area, municipality);
  audit(db, {
    entity: 'area',
    entityId: `${area}/${municipality}`,
    action: 'delete',
    before: { area, municipality, except_postcodes: before.except_postcodes },
  });
  return true;
}
