// What the fee computation reads from the store: partners (as FeePartners), the counts of a school
// year with their location and import.

import type { Db } from './connection.js';
import type { CountUnit, FeeCount, FeePartner, Membership } from '../domain/fees.js';

interface PartnerRow {
  id: number;
  code: string;
  name: string;
  sector: string;
  membership: Membership;
  parent_id: number | null;
  joined_on: string | null;
  left_on: string | null;
}

const PARTNER_COLUMNS = 'id, code, name, sector, membership, parent_id, joined_on, left_on';

function toFeePartner(r: PartnerRow): FeePartner {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    sector: r.sector,
    membership: r.membership,
    parentId: r.parent_id,
    joinedOn: r.joined_on,
    leftOn: r.left_on,
  };
}

export function loadFeePartners(db: Db): FeePartner[] {
  return (db.prepare(`SELECT ${PARTNER_COLUMNS} FROM partners ORDER BY code`).all() as PartnerRow[]).map(
    toFeePartner,
  );
}

type CountRow = [
  partnerId: number,
  locationId: number | null,
  vestigingscode: string | null,
  locationName: string | null,
  quantity: number | null,
  masked: string | null,
  unit: CountUnit,
  countDate: string,
  importId: number | null,
];

/**
 * The counts of a school year that belong to a partner (location counts of unlinked locations are
 * not). Rows come as arrays and the import of a batch is shared, which keeps large years fast.
 * `sources: false`: what a fee line needs when it lists no sources (no location names, no
 * imports; the location code of masked counts only, which their line names).
 */
export function loadFeeCounts(db: Db, year: string, opts: { sources?: boolean } = {}): FeeCount[] {
  const full = opts.sources !== false;
  const imports = new Map<number, { batch: string; file: string }>();
  if (full)
    for (const [id, batch, file] of db
      .prepare(
        `SELECT id, batch, file_name FROM imports
          WHERE id IN (SELECT DISTINCT import_id FROM counts WHERE school_year = ?)`,
      )
      .raw()
      .all(year) as [number, string, string][])
      imports.set(id, { batch, file });
  const rows = db
    .prepare(
      `SELECT coalesce(c.partner_id, l.partner_id), c.location_id,
              ${full ? 'l.vestigingscode, l.name' : 'CASE WHEN c.quantity IS NULL THEN l.vestigingscode END, NULL'},
              c.quantity, c.masked, c.unit, c.count_date, ${full ? 'c.import_id' : 'NULL'}
         FROM counts c LEFT JOIN locations l ON l.id = c.location_id
        WHERE c.school_year = ? AND coalesce(c.partner_id, l.partner_id) IS NOT NULL ORDER BY c.id`,
    )
    .raw()
    .all(year) as CountRow[];
  return rows.map(
    ([partnerId, locationId, locationCode, locationName, quantity, masked, unit, countDate, importId]) => {
      const imp = importId === null ? undefined : imports.get(importId);
      return {
        partnerId,
        locationId,
        locationCode,
        locationName,
        quantity,
        masked,
        unit,
        countDate,
        importId,
        importBatch: imp?.batch ?? null,
        importFile: imp?.file ?? null,
      };
    },
  );
}
