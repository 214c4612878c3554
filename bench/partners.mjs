// `lato import partners` of 10,000 new partners, and of the same 10,000 with every name changed,
// against sqlite3 doing the same load (bench/sql/partners-load.sql) in paired runs; and 1,000 new
// partners, to see that the import is linear. Target (issue 19): 10,000 within 1 s, linear.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lato, paired, ratioRow, row, sqlite, stat } from './lib.mjs';
import { writePartnersFile } from './partners-file.mjs';

const N = 10_000;
const dir = mkdtempSync(join(tmpdir(), 'lato-bench-partners-'));
try {
  const small = join(dir, 'partners-1000.csv');
  const first = join(dir, 'partners.csv');
  const renamed = join(dir, 'partners-renamed.csv');
  writePartnersFile(small, 1000);
  writePartnersFile(first, N);
  writePartnersFile(renamed, N, 1);
  const fresh = (name) => {
    const db = join(dir, name);
    for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}.backups`])
      rmSync(f, { force: true, recursive: true });
    lato(['init', '--db', db]);
    return db;
  };
  const r = paired({
    small: (i) => lato(['import', 'partners', small, '--db', fresh(`small-${i}.db`)]),
    ref: (i) => sqlite(fresh(`ref-${i}.db`), 'partners-load', { file: first }),
    refUpdate: (i) => sqlite(join(dir, `ref-${i}.db`), 'partners-load', { file: renamed }),
    lato: (i) => lato(['import', 'partners', first, '--db', fresh(`lato-${i}.db`)]),
    update: (i) => lato(['import', 'partners', renamed, '--db', join(dir, `lato-${i}.db`)]),
  });
  const n = N.toLocaleString('en');
  ratioRow(`import partners, ${n} new`, stat(r.lato), stat(r.ref), null, {
    referenceName: 'sqlite3 same load',
  });
  ratioRow(`import partners, ${n} updated`, stat(r.update), stat(r.refUpdate), null, {
    referenceName: 'sqlite3 same load',
  });
  for (const [what, s] of [
    [`  ${n} new, CPU time`, stat(r.lato, 'cpuMs')],
    [`  ${n} updated, CPU time`, stat(r.update, 'cpuMs')],
  ])
    row({
      what,
      lato: s,
      reference: null,
      referenceName: '',
      unit: 'ms',
      ratio: null,
      target: '≤ 1000 ms',
      holds: s.median <= 1000,
    });
  // linear: ten times the partners, at most about ten times the time (start-up counted in both)
  ratioRow(`  linear: ${n} new against 1,000 new`, stat(r.lato, 'cpuMs'), stat(r.small, 'cpuMs'), 10, {
    referenceName: 'lato, 1,000 new (CPU)',
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
