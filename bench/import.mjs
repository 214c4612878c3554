// `lato import counts` of a generated file (1M rows; `node bench/import.mjs ROWS` for another size)
// against sqlite3 loading the same file into lato's keyed tables (bench/sql/counts-keyed-load.sql),
// in paired runs. Targets (issue 19): at most 1.3× the keyed load; a re-import of the unchanged
// file at most half a fresh one; peak memory under 200 MB.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lato, limitRow, paired, ratioRow, sqlite, stat } from './lib.mjs';
import { writeCountsFile } from './counts-file.mjs';

const rows = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'lato-bench-import-'));
try {
  const file = join(dir, `counts-${rows}.csv`);
  await writeCountsFile(file, rows);
  const fresh = (name) => {
    const db = join(dir, name);
    rmSync(db, { force: true });
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}.backups`, { force: true, recursive: true });
    lato(['init', '--db', db]);
    return db;
  };
  const r = paired({
    reference: (i) => sqlite(fresh(`ref-${i}.db`), 'counts-keyed-load', { file }),
    lato: (i) => lato(['import', 'counts', file, '--db', fresh(`lato-${i}.db`)]),
    again: (i) => lato(['import', 'counts', file, '--db', join(dir, `lato-${i}.db`)]),
  });
  const n = rows.toLocaleString('en');
  ratioRow(`import counts, ${n} rows (wall)`, stat(r.lato), stat(r.reference), 1.3, {
    referenceName: 'sqlite3 keyed load',
  });
  ratioRow(`  the same, CPU time`, stat(r.lato, 'cpuMs'), stat(r.reference, 'cpuMs'), 1.3, {
    referenceName: 'sqlite3 keyed load',
  });
  ratioRow(`re-import of the unchanged file`, stat(r.again), stat(r.lato), 0.5, {
    referenceName: 'lato, fresh import',
  });
  limitRow(`  peak memory of the import`, stat(r.lato, 'rssMB'), 200, { unit: 'MB' });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
