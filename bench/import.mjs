// `lato import counts` of generated files (250k, 500k, 1M rows) against `sqlite3 .import` of the
// same file in the same run, and against sqlite3 doing the same load into lato's schema (target:
// within 2.0× at 1M rows; peak memory under 150 MB and flat as the file grows).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lato, report, run } from './lib.mjs';
import { writeCountsFile } from './counts-file.mjs';

const dir = mkdtempSync(join(tmpdir(), 'lato-bench-'));
try {
  for (const rows of [250_000, 500_000, 1_000_000]) {
    const file = join(dir, `counts-${rows}.csv`);
    await writeCountsFile(file, rows);
    // reference 1: the plain `.import` the issue names (a table without keys)
    const ref = run('sqlite3', [
      join(dir, `ref-${rows}.db`),
      '.mode csv',
      '.separator ;',
      `.import ${file} counts`,
    ]);
    // reference 2: sqlite3 doing the same load into lato's schema (locations and counts with their keys)
    const same = join(dir, `same-${rows}.db`);
    lato(['init', '--db', same]);
    const sameRef = run('sqlite3', [
      same,
      'BEGIN',
      '.mode csv',
      '.separator ;',
      `.import ${file} temp_stage`,
      `INSERT INTO locations (instellingscode, vestigingscode) SELECT substr(Vestiging, 1, 4), Vestiging FROM temp_stage WHERE true ON CONFLICT DO NOTHING`,
      `INSERT INTO counts (school_year, location_id, quantity, unit, count_date) SELECT Schooljaar, l.id, CAST(Aantal AS INTEGER), 'pupils', '2025-10-01' FROM temp_stage s JOIN locations l ON l.vestigingscode = s.Vestiging`,
      'COMMIT',
    ]);
    const db = join(dir, `lato-${rows}.db`);
    lato(['init', '--db', db]);
    const imp = lato(['import', 'counts', file, '--db', db]);
    report(`import counts ${rows.toLocaleString('en')} rows`, {
      sqlite3_import_s: ref.ms / 1000,
      sqlite3_same_load_s: sameRef.ms / 1000,
      lato_s: imp.ms / 1000,
      ratio_vs_import: imp.ms / ref.ms,
      ratio_vs_same_load: imp.ms / sameRef.ms,
      peak_MB: imp.rssMB ?? NaN,
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
