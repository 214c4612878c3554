// The ordered list of schema migrations. The schema version (PRAGMA user_version) is the number
// of migrations applied. Append new files at the end; never edit or reorder a released one.
export const MIGRATIONS: readonly string[] = [
  '001-initial.sql',
  '002-project-group-compensation.sql',
  '003-eligibility.sql',
  '004-invoices.sql',
  '005-programme.sql',
  '006-import-undo.sql',
  '007-final-in-every-path.sql',
  '012-direct-debit.sql',
  '013-covenant.sql',
  '016-covenant-promises.sql',
  '017-partner-lookups.sql',
  '014-documents.sql',
];
