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

interface CountRow {
  partner_id: number;
  location_id: number | null;
  vestigingscode: string | null;
  location_name: string | null;
  quantity: number | null;
  masked: string | null;
  unit: CountUnit;
  count_date: string;
  import_id: number | null;
  batch: string | null;
  file_name: string | null;
}

/** The counts of a school year that belong to a partner (location counts of unlinked locations are not). */
export function loadFeeCounts(db: Db, year: string): FeeCount[] {
  const rows = db
    .prepare(
      `SELECT coalesce(c.partner_id, l.partner_id) AS partner_id, c.location_id, l.vestigingscode,
              l.name AS location_name, c.quantity, c.masked, c.unit, c.count_date, c.import_id,
              i.batch, i.file_name
         FROM counts c
         LEFT JOIN locations l ON l.id = c.location_id
         LEFT JOIN imports i ON i.id = c.import_id
        WHERE c.school_year = ? AND coalesce(c.partner_id, l.partner_id) IS NOT NULL`,
    )
    .all(year) as CountRow[];
  return rows.map((r) => ({
    partnerId: r.partner_id,
    locationId: r.location_id,
    locationCode: r.vestigingscode,
    locationName: r.location_name,
    quantity: r.quantity,
    masked: r.masked,
    unit: r.unit,
    countDate: r.count_date,
    importId: r.import_id,
    importBatch: r.batch,
    importFile: r.file_name,
  }));
}
