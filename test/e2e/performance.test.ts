// End-to-end: what keeps lato fast at 10,000 partners (issue 19), checked by what it does rather
// than by timings (those are in `npm run bench`): lookups through indexes, imports that behave
// the same at size, re-imports that skip.
import { describe, expect, it, beforeAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { lato, ROOT, tempDir } from '../helpers.js';
import { writePartnersFile } from '../../bench/partners-file.mjs';
import { bigDatabase } from '../../bench/generate.mjs';

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

  it('checks at issue that a partner has no other issued invoice of the year by partner, not by year', () => {
    // the query of trigger invoices_issue_once (migration 007), run for every invoice issued
    const p = plan(
      db,
      `SELECT 1 FROM invoices i WHERE i.kind = 'invoice' AND i.status = 'issued' AND i.id <> ?
          AND i.partner_id = ? AND i.school_year = ?`,
      1,
      2,
      '2018-2019',
    );
    expect(p).toMatch(/invoices_partner_year \(partner_id=\?/);
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
    expect(school).toMatchObject({ code: 'P7', name: 'School 7 (1)', parent_code: 'P6', sector: 'PO' });
    const board = JSON.parse(run('partners', 'show', 'stichting 6 (1)', '--json').stdout);
    expect(board).toMatchObject({ code: 'P6', kvk: '10000006', membership: 'convenant', parent_code: null });
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

describe('counts at size', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  const run = (...args: string[]) => lato([...args, '--db', db]);
  const file = join(dir, 'counts.csv');
  /** 3,000 counts over two school years, each with its own count dates and units. */
  const write = (changeLast: boolean) => {
    const lines = ['Schooljaar;Vestiging;Aantal;Eenheid;Teldatum'];
    for (let i = 0; i < 3000; i++) {
      const year = i % 3 === 0 ? '2024-2025' : '2025-2026';
      const date = i % 3 === 0 ? '2024-10-01' : i % 2 ? '2025-10-01' : '2026-01-15';
      const unit = i % 5 === 0 ? 'kindplaatsen' : 'leerlingen';
      const quantity = changeLast && i === 2999 ? 1 : i % 97 === 0 ? '<5' : String(10 + (i % 400));
      lines.push(
        `${year};${String(1000 + Math.floor(i / 100)).padStart(4, '0')}${String(i % 100).padStart(2, '0')};${quantity};${unit};${date}`,
      );
    }
    writeFileSync(file, lines.join('\n') + '\n');
  };
  const stored = () => {
    const d = new Database(db, { readonly: true });
    try {
      return d
        .prepare(
          `SELECT c.school_year, l.vestigingscode, c.quantity, c.masked, c.unit, c.count_date FROM counts c
             JOIN locations l ON l.id = c.location_id ORDER BY l.vestigingscode, c.school_year`,
        )
        .raw()
        .all() as unknown[][];
    } finally {
      d.close();
    }
  };
  beforeAll(() => {
    expect(run('init').code).toBe(0);
  });

  it('stores each row with its own school year, unit and count date', () => {
    write(false);
    const r = run('import', 'counts', file, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rows).toMatchObject({ total: 3000, new: 3000 });
    const rows = stored();
    expect(rows).toHaveLength(3000);
    expect(rows.find((x) => x[1] === '100000')).toEqual([
      '2024-2025',
      '100000',
      null,
      '<5',
      'places',
      '2024-10-01',
    ]);
    expect(rows.find((x) => x[1] === '100001')).toEqual([
      '2025-2026',
      '100001',
      11,
      null,
      'pupils',
      '2025-10-01',
    ]);
    expect(rows.find((x) => x[1] === '100002')).toEqual([
      '2025-2026',
      '100002',
      12,
      null,
      'pupils',
      '2026-01-15',
    ]);
    expect(rows.find((x) => x[1] === '100005')).toEqual([
      '2025-2026',
      '100005',
      15,
      null,
      'places',
      '2025-10-01',
    ]);
  });

  it('finds an unchanged file unchanged, and one changed count in it', () => {
    const before = stored();
    const same = run('import', 'counts', file, '--json');
    expect(same.code, same.stderr).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({
      batch: null,
      rows: { total: 3000, new: 0, changed: 0, unchanged: 3000 },
    });
    expect(stored()).toEqual(before);
    write(true);
    const one = run('import', 'counts', file, '--json');
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout).rows).toMatchObject({ total: 3000, new: 0, changed: 1, unchanged: 2999 });
    expect(stored().find((x) => x[1] === '102999')).toEqual([
      '2025-2026',
      '102999',
      1,
      null,
      'pupils',
      '2025-10-01',
    ]);
  });
});

describe('fees at size', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  beforeAll(() => {
    bigDatabase(lato, ROOT, db, 1000, 3000);
  });

  it('prints one warning line per cause, naming its partners; JSON keeps one per partner', () => {
    const text = lato(['fees', 'compute', '--year', '2018-2019', '--db', db]);
    expect(text.code, text.stderr).toBe(0);
    const json = JSON.parse(lato(['fees', 'compute', '--year', '2018-2019', '--json', '--db', db]).stdout);
    const masked = (json.warnings as string[]).filter((w) => w.includes('masked count'));
    expect(masked.length).toBeGreaterThan(2);
    const lines = text.stderr.split('\n').filter((l) => l.startsWith('Warning:'));
    const maskedLines = lines.filter((l) => l.includes('masked count'));
    expect(maskedLines).toHaveLength(1);
    expect(maskedLines[0]).toMatch(
      new RegExp(`^Warning: ${masked.length} partners have masked counts for 2018-2019`),
    );
    // --verbose names every partner with a masked count, one line each
    const verbose = lato(['fees', 'compute', '--year', '2018-2019', '--verbose', '--db', db]);
    const named = verbose.stderr.split('\n').filter((l) => l.includes('masked count'));
    expect(named).toHaveLength(masked.length);
    expect(lines.length).toBeLessThan((json.warnings as string[]).length);
  });
});
