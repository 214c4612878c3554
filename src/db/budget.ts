// The budget repository: budget and realisation lines (budget_lines), the totals a source states
// (budget_stated_totals), and the in-kind contributions (in_kind), per school year and kind.
// Replacing a year's lines upserts on the natural key, removes what the new file no longer has,
// and audits every change.

import type { Db } from './connection.js';
import { audit } from './audit.js';
import type { BudgetKind, BudgetLine, InKindLine, Side, StatedTotals, StatedWhat } from '../domain/budget.js';

export interface Tally {
  new: number;
  changed: number;
  unchanged: number;
  removed: number;
}

interface LineRow {
  id: number;
  side: Side;
  category: string | null;
  label: string;
  fee_category: string | null;
  amount_cents: number | null;
  position: number;
}

export function loadBudgetLines(db: Db, year: string, kind: BudgetKind): BudgetLine[] {
  return (
    db
      .prepare(
        `SELECT side, category, label, fee_category, amount_cents FROM budget_lines
          WHERE school_year = ? AND kind = ? ORDER BY side = 'costs', position, id`,
      )
      .all(year, kind) as LineRow[]
  ).map((r) => ({
    side: r.side,
    category: r.category,
    label: r.label,
    feeCategory: r.fee_category,
    amountCents: r.amount_cents,
  }));
}

export function loadStatedTotals(db: Db, year: string, kind: BudgetKind): StatedTotals {
  const out: StatedTotals = {};
  const rows = db
    .prepare('SELECT what, amount_cents FROM budget_stated_totals WHERE school_year = ? AND kind = ?')
    .all(year, kind) as { what: StatedWhat; amount_cents: number }[];
  for (const r of rows) out[r.what] = r.amount_cents;
  return out;
}

interface InKindRow {
  label: string;
  code: string | null;
  hours_centi: number | null;
  hourly_rate_cents: number | null;
  amount_cents: number | null;
}

export function loadInKind(db: Db, year: string, kind: BudgetKind = 'begroting'): InKindLine[] {
  return (
    db
      .prepare(
        `SELECT k.label, p.code, k.hours_centi, k.hourly_rate_cents, k.amount_cents FROM in_kind k
           LEFT JOIN partners p ON p.id = k.partner_id
          WHERE k.school_year = ? AND k.kind = ? ORDER BY k.position, k.id`,
      )
      .all(year, kind) as InKindRow[]
  ).map((r) => ({
    label: r.label,
    partner: r.code,
    hoursCenti: r.hours_centi,
    hourlyRateCents: r.hourly_rate_cents,
    amountCents: r.amount_cents,
  }));
}

/** The school years that have lines of a kind, ascending. */
export function budgetYearsWithLines(db: Db, kind: BudgetKind): string[] {
  return (
    db
      .prepare('SELECT DISTINCT school_year FROM budget_lines WHERE kind = ? ORDER BY school_year')
      .all(kind) as {
      school_year: string;
    }[]
  ).map((r) => r.school_year);
}

function tally(): Tally {
  return { new: 0, changed: 0, unchanged: 0, removed: 0 };
}

/** Makes the year's lines of a kind exactly `lines` (in file order), with its stated totals. */
export function replaceBudget(
  db: Db,
  year: string,
  kind: BudgetKind,
  lines: readonly BudgetLine[],
  stated: StatedTotals,
  importId: number | null,
): Tally {
  const t = tally();
  const existing = db
    .prepare(
      `SELECT id, side, category, label, fee_category, amount_cents, position FROM budget_lines
        WHERE school_year = ? AND kind = ?`,
    )
    .all(year, kind) as LineRow[];
  const byKey = new Map(existing.map((r) => [`${r.side}\u0000${r.label}`, r]));
  const insert = db.prepare(
    `INSERT INTO budget_lines (school_year, kind, side, category, label, fee_category, amount_cents, pm, position, import_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE budget_lines SET category = ?, fee_category = ?, amount_cents = ?, pm = ?, position = ?, import_id = ?
      WHERE id = ?`,
  );
  const entity = (l: { side: string; label: string }) => `${year}/${kind}/${l.side}/${l.label}`;
  lines.forEach((l, position) => {
    const key = `${l.side}\u0000${l.label}`;
    const before = byKey.get(key);
    byKey.delete(key);
    const pm = l.amountCents === null ? 1 : 0;
    if (!before) {
      insert.run(
        year,
        kind,
        l.side,
        l.category,
        l.label,
        l.feeCategory,
        l.amountCents,
        pm,
        position,
        importId,
      );
      audit(db, { entity: 'budget_line', entityId: entity(l), action: 'create', after: l });
      t.new++;
    } else if (
      before.category === l.category &&
      before.fee_category === l.feeCategory &&
      before.amount_cents === l.amountCents &&
      before.position === position
    ) {
      t.unchanged++;
    } else {
      update.run(l.category, l.feeCategory, l.amountCents, pm, position, importId, before.id);
      audit(db, { entity: 'budget_line', entityId: entity(l), action: 'update', before, after: l });
      t.changed++;
    }
  });
  const remove = db.prepare('DELETE FROM budget_lines WHERE id = ?');
  for (const r of byKey.values()) {
    remove.run(r.id);
    audit(db, { entity: 'budget_line', entityId: entity(r), action: 'delete', before: r });
    t.removed++;
  }
  replaceStated(db, year, kind, ['income', 'costs', 'result'], stated, importId, t);
  return t;
}

/** Makes the stated totals `whats` of a year and kind exactly those in `stated`. */
function replaceStated(
  db: Db,
  year: string,
  kind: BudgetKind,
  whats: readonly StatedWhat[],
  stated: StatedTotals,
  importId: number | null,
  t: Tally,
): void {
  const before = loadStatedTotals(db, year, kind);
  for (const what of whats) {
    const old = before[what];
    const now = stated[what];
    if (old === now) {
      if (now !== undefined) t.unchanged++;
      continue;
    }
    const id = `${year}/${kind}/${what}`;
    if (now === undefined) {
      db.prepare('DELETE FROM budget_stated_totals WHERE school_year = ? AND kind = ? AND what = ?').run(
        year,
        kind,
        what,
      );
      t.removed++;
    } else {
      db.prepare(
        `INSERT INTO budget_stated_totals (school_year, kind, what, amount_cents, import_id) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (school_year, kind, what) DO UPDATE SET amount_cents = excluded.amount_cents, import_id = excluded.import_id`,
      ).run(year, kind, what, now, importId);
      if (old === undefined) t.new++;
      else t.changed++;
    }
    audit(db, {
      entity: 'budget_stated_total',
      entityId: id,
      action: now === undefined ? 'delete' : old === undefined ? 'create' : 'update',
      before: old,
      after: now,
    });
  }
}

/** An in-kind line to store: partner by id. */
export interface InKindRecord extends InKindLine {
  partnerId: number | null;
}

/** Makes the year's in-kind lines of a kind exactly `lines`, with the stated in-kind total. */
export function replaceInKind(
  db: Db,
  year: string,
  kind: BudgetKind,
  lines: readonly InKindRecord[],
  statedTotal: number | undefined,
  importId: number | null,
): Tally {
  const t = tally();
  const existing = db
    .prepare(
      `SELECT id, label, partner_id, hours_centi, hourly_rate_cents, amount_cents, position FROM in_kind
        WHERE school_year = ? AND kind = ?`,
    )
    .all(year, kind) as {
    id: number;
    label: string;
    partner_id: number | null;
    hours_centi: number | null;
    hourly_rate_cents: number | null;
    amount_cents: number | null;
    position: number;
  }[];
  const byLabel = new Map(existing.map((r) => [r.label, r]));
  const entity = (label: string) => `${year}/${kind}/${label}`;
  lines.forEach((l, position) => {
    const before = byLabel.get(l.label);
    byLabel.delete(l.label);
    const values = [
      l.partnerId,
      l.hoursCenti,
      l.hourlyRateCents,
      l.amountCents,
      l.amountCents === null ? 1 : 0,
      position,
    ];
    if (!before) {
      db.prepare(
        `INSERT INTO in_kind (school_year, kind, label, partner_id, hours_centi, hourly_rate_cents, amount_cents, pm, position, import_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(year, kind, l.label, ...values, importId);
      audit(db, { entity: 'in_kind', entityId: entity(l.label), action: 'create', after: l });
      t.new++;
    } else if (
      before.partner_id === l.partnerId &&
      before.hours_centi === l.hoursCenti &&
      before.hourly_rate_cents === l.hourlyRateCents &&
      before.amount_cents === l.amountCents &&
      before.position === position
    ) {
      t.unchanged++;
    } else {
      db.prepare(
        `UPDATE in_kind SET partner_id = ?, hours_centi = ?, hourly_rate_cents = ?, amount_cents = ?, pm = ?, position = ?,
           import_id = ? WHERE id = ?`,
      ).run(...values, importId, before.id);
      audit(db, { entity: 'in_kind', entityId: entity(l.label), action: 'update', before, after: l });
      t.changed++;
    }
  });
  for (const r of byLabel.values()) {
    db.prepare('DELETE FROM in_kind WHERE id = ?').run(r.id);
    audit(db, { entity: 'in_kind', entityId: entity(r.label), action: 'delete', before: r });
    t.removed++;
  }
  replaceStated(
    db,
    year,
    kind,
    ['in_kind'],
    statedTotal === undefined ? {} : { in_kind: statedTotal },
    importId,
    t,
  );
  return t;
}
