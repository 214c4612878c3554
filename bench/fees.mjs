// `lato fees compute --year Y --json` on a generated database of 10,000 partners with 30,000
// location counts (bench/generate.mjs), against the same computation in SQL run by sqlite3
// (bench/sql/fees.sql) in paired runs; lato's start-up (`lato --help`, measured in the same
// rounds) subtracted. Target (issue 19): at most 2× sqlite3. Also the example data against
// `node -e 0` (target: within 4×).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lato, paired, ratioRow, ROOT, run, sqlite, stat } from './lib.mjs';
import { bigDatabase } from './generate.mjs';

const YEAR = { year: '2018-2019', start: '2018-08-01', end: '2019-07-31' };
const dir = mkdtempSync(join(tmpdir(), 'lato-bench-fees-'));
try {
  const example = join(dir, 'example.db');
  lato(['init', '--example', '--db', example]);
  const big = bigDatabase(lato, ROOT, join(dir, 'big.db'));
  const compute = (db) => lato(['fees', 'compute', '--year', YEAR.year, '--json', '--db', db]);
  lato(['partners', 'list', '--json', '--db', big]); // migrated before the rounds
  const r = paired({
    node: () => run(process.execPath, ['-e', '0']),
    help: () => lato(['--help']),
    example: () => compute(example),
    big: () => compute(big),
    sql: () => sqlite(big, 'fees', YEAR),
  });
  const minus = (field) => {
    const xs = r.big.map((b, i) => b[field] - r.help[i][field]);
    return stat(xs);
  };
  ratioRow('fees compute --json, 10k partners (wall)', minus('ms'), stat(r.sql), 2, {
    referenceName: 'sqlite3 same SQL; lato minus --help',
  });
  ratioRow('  the same, CPU time', minus('cpuMs'), stat(r.sql, 'cpuMs'), 2, {
    referenceName: 'sqlite3 same SQL; lato minus --help',
  });
  ratioRow('fees compute --json, example data', stat(r.example), stat(r.node), 4, {
    referenceName: 'node -e 0',
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
