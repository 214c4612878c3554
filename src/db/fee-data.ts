// What the fee computation reads from the store: partners (as FeePartners), the counts of a school
// year with their location and import, and a partner looked up by a reference.

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

/**
 * A partner by reference: its code (case-insensitive), its id (`#12` or `12` when no code matches),
 * or its exact name (case-insensitive). Undefined when nothing, or more than one name, matches.
 */
export function findFeePartner(db: Db, ref: string): FeePartner | undefined {
  const r = ref.trim();
  const byCode = db
    .prepare(`SELECT ${PARTNER_COLUMNS} FROM partners WHERE code = ? COLLATE NOCASE`)
    .get(r) as PartnerRow | undefined;
  if (byCode) return toFeePartner(byCode);
  const id = /^#?(\d+)$/.exec(r);
  if (id) {
    const row = db.prepare(`SELECT ${PARTNER_COLUMNS} FROM partners WHERE id = ?`).get(Number(id[1])) as
      PartnerRow | undefined;
    if (row) return toFeePartner(row);
  }
  const byName = db
    .prepare(`SELECT ${PARTNER_COLUMNS} FROM partners WHERE name = ? COLLATE NOCASE LIMIT 2`)
    .all(r) as PartnerRow[];
  return byName.length === 1 ? toFeePartner(byName[0]!) : undefined;
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
