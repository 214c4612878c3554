-- lato's store, version 6: what each import changed, so that one batch can be undone exactly, and
-- the audit log kept append-only.

-- Whether a batch records its changes (batches imported before this version do not, and cannot
-- be undone exactly), and when and by whom it was undone. An undone batch stays in the history.
ALTER TABLE imports ADD COLUMN tracked INTEGER NOT NULL DEFAULT 0 CHECK (tracked IN (0, 1));
ALTER TABLE imports ADD COLUMN undone_at TEXT;
ALTER TABLE imports ADD COLUMN undone_by TEXT;

-- The batch that first brought a location (a counts import creates the DUO locations it names).
ALTER TABLE locations ADD COLUMN import_id INTEGER REFERENCES imports(id);

-- The rows an import touched, with their values before it: before NULL = the batch inserted the
-- row; otherwise the whole row as it was (JSON object of its columns) before the batch changed or
-- deleted it. Only the first touch per row and batch is kept. row_key is the row's rowid.
-- A counts import records the counts and locations it changed here; the ones it inserted carry
-- its import_id instead (one row per count would double the work of a large import).
CREATE TABLE import_changes (
  import_id INTEGER NOT NULL REFERENCES imports(id),
  tbl       TEXT NOT NULL,
  row_key   INTEGER NOT NULL,
  -- written by json_object() only (no json_valid check: a large import writes many of these)
  before    TEXT,
  PRIMARY KEY (import_id, tbl, row_key)
) STRICT, WITHOUT ROWID;

-- The rows as the batch left them (after NULL: the batch deleted the row), for the imports that
-- record through triggers: an undo compares them with the rows as they are now, and refuses when a
-- row was changed since by something that is not an import (a `partners edit`, a `rates set`),
-- rather than silently putting back what was there before the batch.
CREATE TABLE import_results (
  import_id INTEGER NOT NULL REFERENCES imports(id),
  tbl       TEXT NOT NULL,
  row_key   INTEGER NOT NULL,
  after     TEXT,
  PRIMARY KEY (import_id, tbl, row_key)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER import_results_no_update BEFORE UPDATE ON import_results
BEGIN SELECT RAISE(ABORT, 'the record of an import is append-only'); END;
CREATE TRIGGER import_results_no_delete BEFORE DELETE ON import_results
BEGIN SELECT RAISE(ABORT, 'the record of an import is append-only'); END;

-- The history of changes is evidence: append-only, like the audit log (whose triggers are in
-- version 1). Recreated here so that a database whose triggers were dropped gets them back.
DROP TRIGGER IF EXISTS audit_log_no_update;
DROP TRIGGER IF EXISTS audit_log_no_delete;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER import_changes_no_update BEFORE UPDATE ON import_changes
BEGIN SELECT RAISE(ABORT, 'the record of an import is append-only'); END;
CREATE TRIGGER import_changes_no_delete BEFORE DELETE ON import_changes
BEGIN SELECT RAISE(ABORT, 'the record of an import is append-only'); END;

-- A batch is marked undone once, and its identity never changes.
CREATE TRIGGER imports_undone_once BEFORE UPDATE ON imports
WHEN OLD.undone_at IS NOT NULL
  OR NEW.batch IS NOT OLD.batch OR NEW.kind IS NOT OLD.kind OR NEW.sha256 IS NOT OLD.sha256
  OR NEW.imported_at IS NOT OLD.imported_at
BEGIN SELECT RAISE(ABORT, 'an import batch is history: it can be marked undone once, nothing else'); END;
CREATE TRIGGER imports_no_delete BEFORE DELETE ON imports
BEGIN SELECT RAISE(ABORT, 'an import batch is history and is never deleted'); END;
