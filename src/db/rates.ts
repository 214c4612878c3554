// The rates repository: fee rates per school year and category (table `rates`), as domain Rates.

import type { Db } from './connection.js';
import { audit } from './audit.js';
import type { Basis, Rate } from '../domain/fees.js';

interface RateRow {
  school_year: string;
  category: string;
  basis: Basis;
  amount_cents: number | null;
  note: string | null;
}

function toRate(r: RateRow): Rate {
  return {
    year: r.school_year,
    category: r.category,
    basis: r.basis,
    amountCents: r.amount_cents,
    note: r.note,
  };
}

/** The latest school year before `year` that has rates, if any. */
export function ratesYearBefore(db: Db, year: string): string | undefined {
  const y = db.prepare('SELECT MAX(school_year) FROM rates WHERE school_year < ?').pluck().get(year);
  return typeof y === 'string' ? y : undefined;
}

/** The rates of one year, or of every year (ordered by year, then category). */
export function listRates(db: Db, year?: string): Rate[] {
  const rows = (
    year === undefined
      ? db.prepare('SELECT * FROM rates ORDER BY school_year, category')
      : db.prepare('SELECT * FROM rates WHERE school_year = ? ORDER BY category')
  ).all(...(year === undefined ? [] : [year])) as RateRow[];
  return rows.map(toRate);
}

export function getRate(db: Db, year: string, category: string): Rate | undefined {
  const row = db.prepare('SELECT * FROM rates WHERE school_year = ? AND category = ?').get(year, category) as
    RateRow | undefined;
  return row ? toRate(row) : undefined;
}

export type Upserted = 'new' | 'changed' | 'unchanged';

/** Inserts or updates one rate, with an audit entry for a change. */
export function upsertRate(db: Db, rate: Rate): Upserted {
  const before = getRate(db, rate.year, rate.category);
  if (
    before &&
    before.basis === rate.basis &&
    before.amountCents === rate.amountCents &&
    (before.note ?? null) === (rate.note ?? null)
  ) {
    return 'unchanged';
  }
  db.prepare(
    `INSERT INTO rates (school_year, category, basis, amount_cents, pm, note) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (school_year, category) DO UPDATE SET basis = excluded.basis,
       amount_cents = excluded.amount_cents, pm = excluded.pm, note = excluded.note`,
  ).run(rate.year, rate.category, rate.basis, rate.amountCents, rate.amountCents === null ? 1 : 0, rate.note);
  audit(db, {
    entity: 'rate',
    entityId: `${rate.year}/${rate.category}`,
    action: before ? 'update' : 'create',
    before,
    after: rate,
  });
  return before ? 'changed' : 'new';
}

export function deleteRates(db: Db, year: string): number {
  const before = listRates(db, year);
  for (const r of before) {
    audit(db, { entity: 'rate', entityId: `${r.year}/${r.category}`, action: 'delete', before: r });
  }
  return db.prepare('DELETE FROM rates WHERE school_year = ?').run(year).changes;
}
