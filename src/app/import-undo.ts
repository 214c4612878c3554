// `lato import list` and `lato import undo BATCH`: the import batches, and undoing exactly one of
// them. An undo deletes the rows the batch inserted and puts back the rows it changed or deleted
// as they were (from import_changes), in one transaction with an audit entry; the batch stays in
// the history, marked undone. It is refused, with the reason, when later work depends on the
// batch: an issued invoice computed from its counts or rates, a later batch that changed the same
// rows, later data that refers to rows it brought; and for kinds that cannot be undone exactly.

import type { Db } from '../db/connection.js';
import { writeTransaction } from '../db/transaction.js';
import { autoBackup } from './backup.js';
import { audit, auditUser } from '../db/audit.js';
import { changedSince, tableColumns } from '../db/import-changes.js';
import { LatoError } from '../domain/errors.js';

export interface ImportBatch {
  id: number;
  /** the batch holds invented (illustrative) data */
  illustrative: boolean;
  batch: string;
  kind: string;
  file: string;
  sha256: string;
  year: string | null;
  at: string;
  user: string | null;
  rows: { total: number; new: number; changed: number; unchanged: number; skipped: number };
  /** the batch recorded its changes, so it can be undone exactly */
  undoable: boolean;
  undone: boolean;
  undoneAt: string | null;
  undoneBy: string | null;
}

interface ImportRow {
  id: number;
  batch: string;
  kind: string;
  file_name: string;
  sha256: string;
  school_year: string | null;
  imported_at: string;
  os_user: string | null;
  rows_total: number;
  rows_new: number;
  rows_changed: number;
  rows_unchanged: number;
  rows_skipped: number;
  tracked: number;
  undone_at: string | null;
  undone_by: string | null;
  illustrative?: number;
}

function toBatch(r: ImportRow): ImportBatch {
  return {
    id: r.id,
    batch: r.batch,
    kind: r.kind,
    file: r.file_name,
    sha256: r.sha256,
    year: r.school_year,
    at: r.imported_at,
    user: r.os_user,
    rows: {
      total: r.rows_total,
      new: r.rows_new,
      changed: r.rows_changed,
      unchanged: r.rows_unchanged,
      skipped: r.rows_skipped,
    },
    undoable: r.tracked === 1 && r.undone_at === null && !NOT_UNDOABLE[r.kind],
    undone: r.undone_at !== null,
    undoneAt: r.undone_at,
    undoneBy: r.undone_by,
    illustrative: r.illustrative === 1,
  };
}

/** Every import batch, oldest first. */
export function listImports(db: Db): ImportBatch[] {
  return (db.prepare('SELECT * FROM imports ORDER BY id').all() as ImportRow[]).map(toBatch);
}

/** Kinds that cannot be undone exactly, and why. */
const NOT_UNDOABLE: Record<string, string> = {
  payments:
    'payments are append-only (they may already be on a reminder or in the books); book a correction with `lato payments add NUMBER --amount -AMOUNT` instead',
};

/** A batch by its id, or by a prefix of it that names exactly one batch. */
export function findBatch(db: Db, ref: string): ImportBatch {
  const exact = db.prepare('SELECT * FROM imports WHERE batch = ?').get(ref) as ImportRow | undefined;
  if (exact) return toBatch(exact);
  const like = ref.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = db
    .prepare(`SELECT * FROM imports WHERE batch LIKE ? ESCAPE '\\' ORDER BY id`)
    .all(`${like}%`) as ImportRow[];
  if (rows.length === 1) return toBatch(rows[0]!);
  if (rows.length > 1) {
    throw new LatoError(
      `"${ref}" names ${rows.length} import batches: ${rows.map((r) => r.batch).join(', ')}`,
      {
        hint: 'give the whole batch id',
      },
    );
  }
  throw new LatoError(`no import batch "${ref}"`, {
    hint: '`lato import list` shows the batches and their ids',
  });
}

export interface UndoSummary {
  batch: string;
  kind: string;
  file: string;
  dryRun: boolean;
  /** rows deleted per table (the rows the batch inserted) */
  removed: Record<string, number>;
  /** rows put back as they were per table (the rows the batch changed or deleted) */
  restored: Record<string, number>;
  notes: string[];
}

/** Undoes one import batch (see the head of this file). */
export function undoImport(db: Db, ref: string, opts: { dryRun?: boolean } = {}): UndoSummary {
  // Foreign keys are checked once at the end, for the tables the undo touched (checking each
  // deleted row would scan the tables that refer to it); the switch only works outside a transaction.
  if (!opts.dryRun) autoBackup(db, 'undo');
  db.pragma('foreign_keys = OFF');
  try {
    return writeTransaction(db, () => undoInTransaction(db, ref, opts), { dryRun: opts.dryRun });
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (typeof err.code === 'string' && err.code.startsWith('SQLITE_CONSTRAINT')) {
      throw new LatoError(`batch ${ref} cannot be undone exactly: ${err.message}`, {
        hint: 'a later change conflicts with the rows as they were; nothing was changed',
      });
    }
    throw e;
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

function undoInTransaction(db: Db, ref: string, opts: { dryRun?: boolean }): UndoSummary {
  // checked inside the transaction, so that no invoice is issued and no batch imported between
  const b = findBatch(db, ref);
  if (b.undone) {
    throw new LatoError(`batch ${b.batch} is already undone (${b.undoneAt} by ${b.undoneBy ?? 'unknown'})`);
  }
  const reason = NOT_UNDOABLE[b.kind];
  if (reason) throw new LatoError(`a ${b.kind} import cannot be undone: ${reason}`);
  if (!b.undoable) {
    throw new LatoError(
      `batch ${b.batch} cannot be undone exactly: it was imported before lato recorded what an import changes`,
      { hint: 'correct the data with a new import or the edit commands instead' },
    );
  }
  refuseWhenDependedOn(db, b);
  const summary: UndoSummary = {
    batch: b.batch,
    kind: b.kind,
    file: b.file,
    dryRun: !!opts.dryRun,
    removed: {},
    restored: {},
    notes: [],
  };
  const add = (into: Record<string, number>, table: string, n: number) => {
    if (n > 0) into[table] = (into[table] ?? 0) + n;
  };
  const recorded = (table: string, inserted: boolean) =>
    `SELECT row_key FROM import_changes WHERE import_id = ${b.id} AND tbl = '${table}' AND before IS ${inserted ? '' : 'NOT '}NULL`;

  if (b.kind === 'counts') {
    // the counts and locations the batch inserted carry its import_id (see import-counts.ts)
    add(
      summary.removed,
      'counts',
      db
        .prepare(`DELETE FROM counts WHERE import_id = ? AND id NOT IN (${recorded('counts', false)})`)
        .run(b.id).changes,
    );
    const linked = db
      .prepare(
        'SELECT vestigingscode FROM locations WHERE import_id = ? AND partner_id IS NOT NULL ORDER BY 1',
      )
      .pluck()
      .all(b.id) as string[];
    add(
      summary.removed,
      'locations',
      db.prepare('DELETE FROM locations WHERE import_id = ? AND partner_id IS NULL').run(b.id).changes,
    );
    if (linked.length > 0) {
      summary.notes.push(
        `Kept ${linked.length} location${linked.length === 1 ? '' : 's'} the batch brought, linked to a partner since: ${linked.join(', ')}.`,
      );
    }
  }
  const tables = db
    .prepare('SELECT DISTINCT tbl FROM import_changes WHERE import_id = ? ORDER BY tbl')
    .pluck()
    .all(b.id) as string[];
  for (const table of tables) {
    const cols = tableColumns(db, table);
    const t = `"${table}"`;
    const value = (c: string) => `json_extract(ch.before, '$."${c}"')`;
    add(
      summary.removed,
      table,
      db.prepare(`DELETE FROM ${t} WHERE rowid IN (${recorded(table, true)})`).run().changes,
    );
    const changed = `(SELECT row_key, before FROM import_changes WHERE import_id = ${b.id} AND tbl = '${table}' AND before IS NOT NULL)`;
    let n = db
      .prepare(
        `UPDATE ${t} SET ${cols.map((c) => `"${c.name}" = ${value(c.name)}`).join(', ')}
           FROM ${changed} AS ch WHERE ${t}.rowid = ch.row_key`,
      )
      .run().changes;
    const hasRowid = cols.some((c) => c.rowid);
    n += db
      .prepare(
        `INSERT INTO ${t} (${hasRowid ? '' : 'rowid, '}${cols.map((c) => `"${c.name}"`).join(', ')})
           SELECT ${hasRowid ? '' : 'ch.row_key, '}${cols.map((c) => value(c.name)).join(', ')} FROM ${changed} AS ch
           WHERE ch.row_key NOT IN (SELECT rowid FROM ${t})`,
      )
      .run().changes;
    add(summary.restored, table, n);
  }
  checkReferences(db, b, [...new Set([...Object.keys(summary.removed), ...tables])]);

  const drafts = draftsUsing(db, b.batch);
  if (drafts.length > 0) {
    summary.notes.push(
      `${drafts.length} draft invoice${drafts.length === 1 ? '' : 's'} used counts of this batch; compute them again with \`lato invoices run --year ${[...new Set(drafts)].join('` and `--year ')}\`.`,
    );
  }
  if (opts.dryRun) return summary;
  db.prepare('UPDATE imports SET undone_at = ?, undone_by = ? WHERE id = ?').run(
    new Date().toISOString(),
    auditUser(),
    b.id,
  );
  const was = { kind: b.kind, file: b.file, sha256: b.sha256, rows: b.rows, undone: false };
  audit(db, {
    entity: 'import',
    entityId: b.batch,
    action: 'undo',
    before: was,
    after: { ...was, undone: true, removed: summary.removed, restored: summary.restored },
  });
  return summary;
}

/** Refuses when later work depends on the batch: later batches on the same rows, issued invoices. */
function refuseWhenDependedOn(db: Db, b: ImportBatch): void {
  const later = db
    .prepare(
      `SELECT DISTINCT i.batch FROM import_changes c JOIN imports i ON i.id = c.import_id
       WHERE c.import_id > @id AND i.undone_at IS NULL AND (
         EXISTS (SELECT 1 FROM import_changes x WHERE x.import_id = @id AND x.tbl = c.tbl AND x.row_key = c.row_key)
         OR (c.tbl IN ('counts', 'locations') AND json_extract(c.before, '$.import_id') = @id))
       ORDER BY i.id DESC`,
    )
    .pluck()
    .all({ id: b.id }) as string[];
  if (later.length > 0) {
    throw new LatoError(
      `batch ${b.batch} cannot be undone: later import${later.length === 1 ? '' : 's'} changed the same rows: ${later.join(', ')}`,
      {
        hint: `undo ${later.length === 1 ? 'that one' : 'those'} first (newest first): lato import undo ${later[0]}`,
      },
    );
  }
  let invoices: string[] = [];
  if (b.kind === 'counts') {
    // the invoice lines name the batch of every count they were computed from
    invoices = db
      .prepare(
        `SELECT DISTINCT i.number FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
         WHERE i.status = 'issued' AND instr(l.sources, ?) > 0 ORDER BY i.number`,
      )
      .pluck()
      .all(`"${b.batch}"`) as string[];
  } else if (b.kind === 'rates') {
    invoices = db
      .prepare(
        `WITH touched (y, c) AS (
           SELECT json_extract(before, '$.school_year'), json_extract(before, '$.category') FROM import_changes
            WHERE import_id = @id AND tbl = 'rates' AND before IS NOT NULL
           UNION SELECT r.school_year, r.category FROM import_changes ch JOIN rates r ON r.rowid = ch.row_key
            WHERE ch.import_id = @id AND ch.tbl = 'rates' AND ch.before IS NULL)
         SELECT DISTINCT i.number FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
           JOIN touched t ON t.y = i.school_year AND t.c = l.category
         WHERE i.status = 'issued' ORDER BY i.number`,
      )
      .pluck()
      .all({ id: b.id }) as string[];
  }
  const changed = changedSince(db, b.id);
  if (b.kind === 'counts') {
    // the counts import records set-based and never links a location: a location it changed that
    // was linked or unlinked since would lose that link if put back as it was
    const relinked = db
      .prepare(
        `SELECT c.row_key AS rowKey, l.vestigingscode AS label FROM import_changes c JOIN locations l ON l.rowid = c.row_key
         WHERE c.import_id = ? AND c.tbl = 'locations' AND c.before IS NOT NULL
           AND l.partner_id IS NOT json_extract(c.before, '$.partner_id') ORDER BY l.vestigingscode`,
      )
      .all(b.id) as { rowKey: number; label: string }[];
    changed.push(...relinked.map((r) => ({ tbl: 'locations', ...r })));
  }
  if (changed.length > 0) {
    const shown =
      changed
        .slice(0, 20)
        .map((c) => `${c.tbl} ${c.label}`)
        .join(', ') + (changed.length > 20 ? `, … (${changed.length} in all)` : '');
    throw new LatoError(
      `batch ${b.batch} cannot be undone: rows it wrote were changed since, not by an import: ${shown}`,
      {
        hint: 'an undo would put back the values from before the batch and lose those changes; `lato log` shows who changed what; change them back first, or correct the data with a new import',
      },
    );
  }
  if (invoices.length > 0) {
    const shown =
      invoices.slice(0, 20).join(', ') + (invoices.length > 20 ? `, … (${invoices.length} in all)` : '');
    throw new LatoError(
      `batch ${b.batch} cannot be undone: issued invoice${invoices.length === 1 ? '' : 's'} ${shown} ${invoices.length === 1 ? 'was' : 'were'} computed from its ${b.kind}`,
      {
        hint: 'an issued invoice is final; credit the invoices first (lato invoices credit NUMBER --reason …), or correct the data with a new import',
      },
    );
  }
}

/** After the undo, inside its transaction: nothing may refer to a row that is gone. */
function checkReferences(db: Db, b: ImportBatch, touched: string[]): void {
  const all = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all() as string[];
  const toCheck = all.filter(
    (t) =>
      touched.includes(t) ||
      (db.prepare('SELECT "table" FROM pragma_foreign_key_list(?)').pluck().all(t) as string[]).some((p) =>
        touched.includes(p),
      ),
  );
  const broken = new Map<string, number>();
  for (const t of toCheck) {
    for (const v of db.prepare(`SELECT "table" AS t FROM pragma_foreign_key_check(?)`).all(t) as {
      t: string;
    }[])
      broken.set(v.t, (broken.get(v.t) ?? 0) + 1);
  }
  if (broken.size > 0) {
    throw new LatoError(
      `batch ${b.batch} cannot be undone: later data refers to rows it brought (${[...broken].map(([t, n]) => `${n} row${n === 1 ? '' : 's'} in ${t}`).join(', ')})`,
      { hint: 'undo or change that later data first; nothing was changed' },
    );
  }
}

/** The school years of draft invoices whose lines used counts of the batch. */
function draftsUsing(db: Db, batch: string): string[] {
  return db
    .prepare(
      `SELECT i.school_year FROM invoices i WHERE i.status = 'draft'
         AND EXISTS (SELECT 1 FROM invoice_lines l WHERE l.invoice_id = i.id AND instr(l.sources, ?) > 0)`,
    )
    .pluck()
    .all(`"${batch}"`) as string[];
}
