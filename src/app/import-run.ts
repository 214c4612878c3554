// The one way an import runs: one immediate transaction around the whole file, a row in
// `imports` (batch id, file name, sha256, counts), every problem collected, and then either
// commit, or roll back so that the database is exactly what it was (on any problem, on
// --dry-run, and when the file changes nothing).

import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { LatoError } from '../domain/errors.js';
import type { Db } from '../db/connection.js';
import { audit, auditUser } from '../db/audit.js';
import { recordChanges } from '../db/import-changes.js';
import { writeTransactionAsync } from '../db/transaction.js';
import { autoBackup } from './backup.js';
import { ProblemList } from '../io/table.js';
import type { ImportOptions, ImportSummary } from './import-types.js';

export interface ImportRun {
  readonly db: Db;
  /** imports.id of this batch, for the rows it brings */
  readonly importId: number;
  readonly batch: string;
  readonly file: string;
  /** the file's base name, for messages */
  readonly name: string;
  readonly opts: ImportOptions;
  readonly problems: ProblemList;
  readonly notes: string[];
  readonly rows: ImportSummary['rows'];
  /** extra facts stored with the batch (JSON), e.g. unlinked locations */
  details: Record<string, unknown>;
  /** extra facts for the summary (JSON output), e.g. the unlinked locations */
  extra: Record<string, unknown>;
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Runs `body` inside one transaction. `body` reads the file, validates every row, writes, and
 * records problems in `run.problems` (it does not throw for bad rows). Throws a LatoError listing
 * every problem when there are any; nothing is written then.
 */
export async function runImport(
  db: Db,
  kind: string,
  file: string,
  opts: ImportOptions,
  body: (run: ImportRun) => Promise<void>,
  how: { recordsItsOwnChanges?: boolean } = {},
): Promise<ImportSummary> {
  const name = basename(file);
  const sha256 = await sha256File(file).catch((e: NodeJS.ErrnoException) => {
    throw new LatoError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  const batch = `${kind}-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`;
  if (!opts.dryRun) autoBackup(db, kind);
  return writeTransactionAsync(db, async () => {
    const info = db
      .prepare(
        `INSERT INTO imports (batch, kind, file_name, sha256, school_year, imported_at, os_user,
           illustrative, illustrative_note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        batch,
        kind,
        name,
        sha256,
        opts.year ?? null,
        new Date().toISOString(),
        auditUser(),
        opts.illustrative ? 1 : 0,
        typeof opts.illustrative === 'string' && opts.illustrative.trim() ? opts.illustrative.trim() : null,
      );
    const importId = Number(info.lastInsertRowid);
    // what the batch changes, for `lato import undo`; the counts import records set-based itself
    const stopRecording = how.recordsItsOwnChanges ? () => {} : recordChanges(db, importId);
    const run: ImportRun = {
      db,
      importId,
      batch,
      file,
      name,
      opts,
      problems: new ProblemList(),
      notes: [],
      rows: { total: 0, new: 0, changed: 0, unchanged: 0, skipped: 0 },
      details: {},
      extra: {},
    };
    await body(run);
    if (run.problems.length > 0) {
      const n = run.problems.length;
      throw new LatoError(`${name}: ${n} problem${n === 1 ? '' : 's'}; nothing was imported`, {
        problems: run.problems.list(),
      });
    }
    const summary: ImportSummary = {
      kind,
      file: name,
      batch: null,
      dryRun: !!opts.dryRun,
      rows: run.rows,
      notes: run.notes,
      ...run.extra,
    };
    if (opts.dryRun || run.rows.new + run.rows.changed === 0) return { commit: false, result: summary };
    stopRecording();
    db.prepare(
      `UPDATE imports SET rows_total = ?, rows_new = ?, rows_changed = ?, rows_unchanged = ?, rows_skipped = ?,
       details = ?, tracked = 1 WHERE id = ?`,
    ).run(
      run.rows.total,
      run.rows.new,
      run.rows.changed,
      run.rows.unchanged,
      run.rows.skipped,
      JSON.stringify(run.details),
      run.importId,
    );
    audit(db, {
      entity: 'import',
      entityId: batch,
      action: 'import',
      after: { kind, file: name, sha256, rows: run.rows },
    });
    return { commit: true, result: { ...summary, batch } };
  });
}
