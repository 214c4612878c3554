// The 10,000-partner database the fee and invoice benchmarks use (and the byte-for-byte check of
// `fees compute --json`, bench/fees-same.mjs): boards with schools under them, independent
// covenant partners, partners without pupils, funders; 30,000 location counts of 2018-2019.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

/**
 * Boards (covenant) with schools under them, independent covenant partners, partners without pupils,
 * funders; every location count belongs to a board, a school or an independent partner, 1% masked.
 */
export function generate(file, partners, counts) {
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
  const sectorOf = db.prepare('SELECT sector FROM partners WHERE id = ?');
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
        const board = sectorOf.get(parent);
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

/** A fresh lato database at `file` (via `lato init`, run by `lato`) with the rates of 2018-2019 and the generated data. */
export function bigDatabase(lato, root, file, partners = 10_000, counts = 30_000) {
  lato(['init', '--db', file]);
  lato(['import', 'rates', `${root}data/example/rates-2018-2019.csv`, '--db', file]);
  generate(file, partners, counts);
  return file;
}
