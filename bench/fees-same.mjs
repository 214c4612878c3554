// Keeps behaviour: `lato fees compute --json` (with and without --sources) and `--csv` of this
// checkout against another lato (e.g. a build of main) on the same generated 10,000-partner
// database, byte for byte. Usage: node bench/fees-same.mjs /path/to/other/bin/lato
// (not part of `npm run bench`).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, ROOT, run } from './lib.mjs';
import { bigDatabase } from './generate.mjs';

const other = process.argv[2];
if (!other) {
  console.error('usage: node bench/fees-same.mjs /path/to/other/bin/lato');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'lato-fees-same-'));
let differ = 0;
try {
  // made by the other lato, which runs first: this one may migrate it to a newer schema
  const db = bigDatabase((args) => run(process.execPath, [other, ...args]), ROOT, join(dir, 'big.db'));
  const runOne = (bin, i, args, csv) => {
    const extra = csv ? ['--csv', join(dir, `fees-${i}.csv`)] : [];
    const r = spawnSync(process.execPath, [bin, ...args, ...extra, '--db', db], {
      encoding: 'utf8',
      maxBuffer: 512 << 20,
      env: { ...process.env, NO_COLOR: '1' },
    });
    if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')}: ${r.stderr}`);
    return csv ? readFileSync(join(dir, `fees-${i}.csv`), 'utf8') : r.stdout;
  };
  const cases = [
    ['fees compute --json', ['fees', 'compute', '--year', '2018-2019', '--json'], false],
    [
      'fees compute --json --sources',
      ['fees', 'compute', '--year', '2018-2019', '--json', '--sources'],
      false,
    ],
    ['fees compute --csv', ['fees', 'compute', '--year', '2018-2019'], true],
  ];
  const theirs = cases.map(([, args, csv], i) => runOne(other, `other-${i}`, args, csv));
  const mine = cases.map(([, args, csv], i) => runOne(BIN, `mine-${i}`, args, csv));
  cases.forEach(([what], i) => {
    const same = mine[i] === theirs[i];
    if (!same) differ++;
    console.log(
      `${what}: ${same ? 'identical' : 'DIFFERENT'} (${mine[i].length.toLocaleString('en')} characters)`,
    );
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(differ ? 1 : 0);
