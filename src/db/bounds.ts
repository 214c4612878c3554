// Stored amounts and counts beyond the bounds lato holds every input to (MAX_AMOUNT_CENTS,
// MAX_COUNT): none can come in through lato; `lato check` finds those written another way (older
// versions, direct SQL), before a sum over them fails.

import type { Db } from './connection.js';

export interface OutOfBounds {
  table: string;
  column: string;
  rowid: number;
  value: number;
  /** what the row is, in words (an invoice number, a school year and category, …) */
  what: string;
}

const AMOUNT_COLUMNS: readonly { table: string; column: string; what: string }[] = [
  { table: 'rates', column: 'amount_cents', what: "'rate ' || school_year || ' ' || category" },
  { table: 'budget_lines', column: 'amount_cents', what: "'budget line ' || school_year || ' ' || label" },
  {
    table: 'budget_stated_totals',
    column: 'amount_cents',
    what: "'stated total ' || school_year || ' ' || kind || ' ' || what",
  },
  { table: 'in_kind', column: 'amount_cents', what: "'in-kind line ' || school_year || ' ' || label" },
  { table: 'in_kind', column: 'hourly_rate_cents', what: "'in-kind line ' || school_year || ' ' || label" },
  { table: 'invoices', column: 'total_cents', what: "coalesce(number, 'draft ' || id)" },
  {
    table: 'invoice_lines',
    column: 'amount_cents',
    what: "(SELECT coalesce(number, 'draft ' || id) FROM invoices i WHERE i.id = invoice_id) || ' line ' || position",
  },
  {
    table: 'payments',
    column: 'amount_cents',
    what: "'payment on ' || (SELECT coalesce(number, 'draft ' || id) FROM invoices i WHERE i.id = invoice_id) || ' of ' || paid_on",
  },
];

/** Every stored amount above maxCents (either sign) and count above maxCount. */
export function findOutOfBounds(db: Db, maxCents: number, maxCount: number): OutOfBounds[] {
  const out: OutOfBounds[] = [];
  const tables = new Set(
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
  );
  for (const c of AMOUNT_COLUMNS) {
    if (!tables.has(c.table)) continue;
    const rows = db
      .prepare(
        `SELECT rowid, ${c.column} AS value, ${c.what} AS what FROM ${c.table}
          WHERE ${c.column} > ? OR ${c.column} < -? ORDER BY rowid`,
      )
      .all(maxCents, maxCents) as { rowid: number; value: number; what: string }[];
    for (const r of rows) out.push({ table: c.table, column: c.column, ...r });
  }
  const counts = db
    .prepare(
      `SELECT c.rowid, c.quantity AS value,
              'count ' || c.school_year || ' ' || coalesce(l.vestigingscode, p.code, '?') AS what
         FROM counts c LEFT JOIN locations l ON l.id = c.location_id LEFT JOIN partners p ON p.id = c.partner_id
        WHERE c.quantity > ? ORDER BY c.rowid`,
    )
    .all(maxCount) as { rowid: number; value: number; what: string }[];
  for (const r of counts) out.push({ table: 'counts', column: 'quantity', ...r });
  return out;
}
