// `lato fees compute --year Y --json` against `node -e 0` in the same run:
// - on the example data (target: within 4× of `node -e 0`);
// - on a generated database of 10,000 partners with 30,000 location counts (target: within 0.5 s).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { lato, median, report, run, ROOT } from './lib.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

const N = 11;
const dir = mkdtempSync(join(tmpdir(), 'lato-bench-fees-'));
try {
  const example = join(dir, 'example.db');
  lato(['init', '--example', '--db', example]);
  const big = join(dir, 'big.db');
  lato(['init', '--db', big]);
  lato(['import', 'rates', `${ROOT}data/example/rates-2018-2019.csv`, '--db', big]);
  generate(big, 10_000, 30_000);

  const base = [];
  const ex = [];
  const large = [];
  const withSources = [];
  let out = '';
  for (let i = 0; i < N; i++) {
    base.push(run(process.execPath, ['-e', '0']).ms);
    ex.push(lato(['fees', 'compute', '--year', '2018-2019', '--json', '--db', example]).ms);
    const r = lato(['fees', 'compute', '--year', '2018-2019', '--json', '--db', big]);
    large.push(r.ms);
    out = r.stdout;
    withSources.push(lato(['fees', 'compute', '--year', '2018-2019', '--json', '--sources', '--db', big]).ms);
  }
  const lines = JSON.parse(out).lines.length;
  const b = median(base);
  const e = median(ex);
  const l = median(large);
  report('fees compute: example data', { node_e0_ms: b, lato_ms: e, ratio: e / b, target: '<= 4.00' });
  report('fees compute: 10k partners/30k counts', {
    node_e0_ms: b,
    lato_ms: l,
    ratio: l / b,
    lines,
    target_ms: '<= 500',
  });
  const s = median(withSources);
  report('  the same with --sources', { lato_ms: s, ratio: s / b });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Boards (covenant) with schools under them, independent covenant partners, partners without pupils,
 * funders; every location count belongs to a board, a school or an independent partner, 1% masked.
 */
function generate(file, partners, counts) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const now = '2018-09-01T00:00:00Z';
  const insert = db.prepare(
    `INSERT INTO partners (id, code, name, sector, membership, parent_id, joined_on, left_on, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const location = db.prepare(
    'INSERT INTO locations (id, instellingscode, vestigingscode, name, partner_id) VALUES (?, ?, ?, ?, ?)',
  );
  const count = db.prepare(
    `INSERT INTO counts (school_year, location_id, quantity, masked, unit, count_date) VALUES ('2018-2019', ?, ?, ?, ?, '2018-10-01')`,
  );
  let seed = 42;
  const rnd = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const sectors = ['VSE', 'PO', 'VO', 'MBO'];
  db.transaction(() => {
    const withCounts = [];
    for (let id = 1; id <= partners; id++) {
      const kind = id % 10;
      let sector = sectors[rnd(4)];
      let membership = 'covenant';
      let parent = null;
      if (kind < 2) {
        // a board
      } else if (kind < 7) {
        parent = id - (kind - 1); // a school under the board just before it
        sector = null;
        membership = 'none';
      } else if (kind === 7) {
        sector = 'OVERIG';
        membership = rnd(2) ? 'basis' : 'extended';
      } else if (kind === 8) {
        sector = ['HO', 'WO', 'OVERIG'][rnd(3)];
        membership = sector === 'OVERIG' ? 'funder' : 'covenant';
      }
      if (sector === null) {
        const board = db.prepare('SELECT sector FROM partners WHERE id = ?').get(parent);
        sector = board.sector;
      }
      const joined = rnd(20) === 0 ? '2019-01-15' : null;
      const left = joined === null && rnd(50) === 0 ? '2017-12-31' : null;
      insert.run(id, `P${id}`, `Partner ${id}`, sector, membership, parent, joined, left, now, now);
      if (['VSE', 'PO', 'VO', 'MBO'].includes(sector) && membership !== 'funder')
        withCounts.push([id, sector]);
    }
    for (let i = 0; i < counts; i++) {
      const [pid, sector] = withCounts[i % withCounts.length];
      const inst = String(1000 + Math.floor(i / 100)).padStart(4, '0');
      const code = `${inst}${String(i % 100).padStart(2, '0')}`;
      location.run(i + 1, inst, code, `School ${code}`, pid);
      const masked = rnd(100) === 0;
      count.run(
        i + 1,
        masked ? null : 20 + rnd(900),
        masked ? '<5' : null,
        sector === 'VSE' ? 'places' : 'pupils',
      );
    }
  })();
  db.close();
}
