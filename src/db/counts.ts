// Counts in the store, summarised per school year and sector.

import type { Db } from './connection.js';

export interface CountSummary {
  year: string;
  sector: string | null;
  unit: string;
  /** counts linked to a partner (directly or through a location) */
  linked: number;
  quantity: number;
  masked: number;
  /** counts of locations that belong to no partner */
  unlinked: number;
}

export function summariseCounts(db: Db): CountSummary[] {
  return db
    .prepare(
      `SELECT c.school_year AS year, p.sector AS sector, c.unit AS unit,
              count(p.id) AS linked, coalesce(sum(CASE WHEN p.id IS NOT NULL THEN c.quantity END), 0) AS quantity,
              sum(CASE WHEN p.id IS NOT NULL AND c.masked IS NOT NULL THEN 1 ELSE 0 END) AS masked,
              sum(CASE WHEN p.id IS NULL THEN 1 ELSE 0 END) AS unlinked
       FROM counts c
       LEFT JOIN locations l ON l.id = c.location_id
       LEFT JOIN partners p ON p.id = coalesce(c.partner_id, l.partner_id)
       GROUP BY c.school_year, p.sector, c.unit
       ORDER BY c.school_year, p.sector IS NULL, p.sector`,
    )
    .all() as CountSummary[];
}
