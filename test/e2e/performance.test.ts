// End-to-end: what keeps lato fast at 10,000 partners (issue 19), checked by what it does rather
// than by timings (those are in `npm run bench`): lookups through indexes, imports that behave
// the same at size, re-imports that skip.
import { describe, expect, it, beforeAll } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { lato, tempDir } from '../helpers.js';
import { writePartnersFile } from '../../bench/partners-file.mjs';

/** The query plan of `sql` on the database file, one line per step. */
function plan(file: string, sql: string, ...params: unknown[]): string {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
  } finally {
    db.close();
  }
}

describe('partners at size', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  const run = (...args: string[]) => lato([...args, '--db', db]);
  beforeAll(() => {
    expect(run('init').code).toBe(0);
  });

  it('finds a partner by code or name, in any case, through an index', () => {
    for (const column of ['code', 'name']) {
      const p = plan(db, `SELECT id FROM partners WHERE ${column} = ? COLLATE NOCASE`, 'x');
      expect(p).toMatch(/USING (COVERING )?INDEX/);
      expect(p).not.toMatch(/^SCAN/m);
    }
  });

  it('imports 3,000 partners, updates them all, and skips an unchanged file', () => {
    const first = join(dir, 'partners.csv');
    const second = join(dir, 'partners-renamed.csv');
    writePartnersFile(first, 3000);
    writePartnersFile(second, 3000, 1);
    const a = run('import', 'partners', first, '--json');
    expect(a.code, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout).rows).toMatchObject({ total: 3000, new: 3000, changed: 0 });
    const b = run('import', 'partners', second, '--json');
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout).rows).toMatchObject({ total: 3000, new: 0, changed: 3000 });
    const c = run('import', 'partners', second, '--json');
    expect(JSON.parse(c.stdout).rows).toMatchObject({ total: 3000, unchanged: 3000, changed: 0 });
    // the schools keep their boards, the new names are in, and only the names changed
    const school = JSON.parse(run('partners', 'show', 'p7', '--json').stdout);
    expect(school).toMatchObject({ code: 'P7', name: 'School 7 (1)', parentCode: 'P6', sector: 'PO' });
    const board = JSON.parse(run('partners', 'show', 'stichting 6 (1)', '--json').stdout);
    expect(board).toMatchObject({ code: 'P6', kvk: '10000006', membership: 'covenant', parentCode: null });
    // one audit entry per changed partner, naming the fields before and after
    const log = new Database(db, { readonly: true });
    const updates = log
      .prepare(`SELECT count(*) FROM audit_log WHERE entity = 'partner' AND action = 'update'`)
      .pluck()
      .get();
    log.close();
    expect(updates).toBe(3000);
  });
});
