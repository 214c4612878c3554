// `lato invoices run` (drafts from the fees) and `lato invoices issue` (numbers, snapshots) for the
// 10,000-partner database of bench/generate.mjs (3,621 paying partners with an address, the
// example issuer). Targets (issue 19): each under 2 s and linear; peak memory under 200 MB.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { lato, limitRow, paired, ROOT, stat } from './lib.mjs';
import { bigDatabase } from './generate.mjs';

const Database = createRequire(import.meta.url)('better-sqlite3');
const dir = mkdtempSync(join(tmpdir(), 'lato-bench-invoices-run-'));
try {
  const base = bigDatabase(lato, ROOT, join(dir, 'base.db'));
  lato(['import', 'settings', `${ROOT}data/example/settings.json`, '--db', base]);
  const db = new Database(base);
  db.prepare(
    `UPDATE partners SET street = 'Breestraat 1', postal_code = '2311 CS', city = 'Leiden', kvk = NULL`,
  ).run();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const r = paired({
    run: (i) => {
      const file = join(dir, `round-${i}.db`);
      copyFileSync(base, file);
      return lato(['invoices', 'run', '--year', '2018-2019', '--db', file]);
    },
    issue: (i) =>
      lato([
        'invoices',
        'issue',
        '--yes',
        '--year',
        '2018-2019',
        '--date',
        '2019-10-01',
        '--db',
        join(dir, `round-${i}.db`),
      ]),
  });
  limitRow('invoices run, 10k partners (wall)', stat(r.run), 2000);
  limitRow('  the same, CPU time', stat(r.run, 'cpuMs'), 2000);
  limitRow('  peak memory', stat(r.run, 'rssMB'), 200, { unit: 'MB' });
  limitRow('invoices issue, the drafts of 10k partners (wall)', stat(r.issue), 2000);
  limitRow('  the same, CPU time', stat(r.issue, 'cpuMs'), 2000);
  limitRow('  peak memory', stat(r.issue, 'rssMB'), 200, { unit: 'MB' });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
