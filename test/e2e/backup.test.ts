// Backups and restore through the built binary: a consistent copy while another process writes,
// owner-only files, automatic backups before imports, issue and credit pruned to backups.keep,
// restore giving back exactly the backup, and bad paths refused before anything is written.
import { describe, expect, it, beforeAll } from 'vitest';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DUO_FILE, lato, tempDir } from '../helpers.js';
import { runLato, writeCountsFile } from './fault-helpers.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const mode = (file: string) => statSync(file).mode & 0o777;

/** Every row of every table but the audit log, for comparing two databases. */
function contents(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[];
    return Object.fromEntries(tables.map((t) => [t.name, db.prepare(`SELECT * FROM "${t.name}"`).all()]));
  } finally {
    db.close();
  }
}

const autoBackups = (db: string) =>
  existsSync(`${db}.backups`) ? readdirSync(`${db}.backups`).filter((f) => f.includes('-auto-')) : [];

describe('lato backup and restore (built binary)', () => {
  const dir = tempDir('lato-backup-');
  const db = join(dir, 'lato.db');
  const run = (...args: string[]) => lato([...args, '--db', db]);

  beforeAll(() => {
    expect(run('init', '--example').code).toBe(0);
  });

  it('the database, the backup folder and every backup are readable by the owner only', () => {
    expect(mode(db)).toBe(0o600);
    const r = run('backup', '--json');
    expect(r.code, r.stderr).toBe(0);
    const { file } = JSON.parse(r.stdout) as { file: string };
    expect(file.startsWith(join(dir, 'lato.db.backups', 'lato-'))).toBe(true);
    expect(mode(file)).toBe(0o600);
    expect(mode(join(dir, 'lato.db.backups'))).toBe(0o700);
    expect(contents(file)).toEqual(contents(db));
  });

  it('backs up consistently while another process imports', async () => {
    const big = join(dir, 'big.csv');
    await writeCountsFile(big, 20_000);
    const importing = runLato(['import', 'counts', big, '--db', db]);
    const copies: string[] = [];
    for (let i = 0; i < 4; i++) {
      const file = join(dir, `during-${i}.db`);
      const r = lato(['backup', file, '--db', db]);
      expect(r.code, r.stderr).toBe(0);
      copies.push(file);
    }
    expect((await importing).code).toBe(0);
    for (const file of copies) {
      const copy = new Database(file, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        const batch = copy.prepare("SELECT id FROM imports WHERE file_name = 'big.csv'").get() as
          { id: number } | undefined;
        const n = (
          copy.prepare('SELECT count(*) AS n FROM counts WHERE school_year = ?').get('2025-2026') as {
            n: number;
          }
        ).n;
        // the import wholly or not at all, never part of it
        expect(n).toBe(batch ? 20_000 : 0);
      } finally {
        copy.close();
      }
      expect(mode(file)).toBe(0o600);
    }
  });

  it('makes an automatic backup before imports, issue and credit; keeps backups.keep of them', () => {
    expect(run('settings', 'set', 'backups.keep', '3').code).toBe(0);
    const before = autoBackups(db).length;
    expect(run('import', 'counts', DUO_FILE, '--year', '2025-2026').code).toBe(0);
    expect(autoBackups(db).length).toBe(Math.min(3, before + 1));
    expect(run('invoices', 'run', '--year', '2018-2019').code).toBe(0);
    expect(run('invoices', 'issue', '--yes', '--year', '2018-2019', '--date', '2018-10-15').code).toBe(0);
    expect(
      run('invoices', 'credit', '--yes', 'LATO-2018-0001', '--reason', 'test', '--date', '2018-10-16').code,
    ).toBe(0);
    let names = autoBackups(db).sort();
    expect(names).toHaveLength(3);
    expect(names[1]).toContain('-auto-invoices-issue');
    expect(names[2]).toContain('-auto-invoices-credit');
    // the backup before the issue holds the drafts, unnumbered
    const beforeIssue = new Database(join(`${db}.backups`, names[1]!), { readonly: true });
    expect(beforeIssue.prepare("SELECT count(*) AS n FROM invoices WHERE status = 'issued'").get()).toEqual({
      n: 0,
    });
    beforeIssue.close();
    // a dry run makes none; more imports push the oldest out
    expect(run('import', 'counts', DUO_FILE, '--year', '2025-2026', '--dry-run').code).toBe(0);
    expect(autoBackups(db).sort()).toEqual(names);
    expect(run('import', 'counts', DUO_FILE, '--year', '2025-2026').code).toBe(0);
    names = autoBackups(db).sort();
    expect(names).toHaveLength(3);
    expect(names[0]).toContain('-auto-invoices-issue');
    // 0 turns them off
    expect(run('settings', 'set', 'backups.keep', '0').code).toBe(0);
    expect(run('import', 'counts', DUO_FILE, '--year', '2025-2026').code).toBe(0);
    expect(autoBackups(db).sort()).toEqual(names);
    expect(run('settings', 'set', 'backups.keep', '-1').code).toBe(1);
    expect(run('settings', 'set', 'backups.keep', '10').code).toBe(0);
  });

  it('a change tried again on the same state makes no second backup of it', () => {
    const bad = join(dir, 'bad-counts.csv');
    writeFileSync(bad, 'Schooljaar;Vestiging;Aantal\n2025-2026;00AA00;veel\n');
    const before = autoBackups(db).sort();
    expect(run('import', 'counts', bad).code).toBe(1);
    const once = autoBackups(db).sort();
    expect(once).toHaveLength(before.length + 1);
    for (let i = 0; i < 3; i++) expect(run('import', 'counts', bad).code).toBe(1);
    expect(autoBackups(db).sort()).toEqual(once);
    // after a change, the next one is backed up again
    expect(run('partners', 'edit', 'SCOL', '--email', 'backup-test@scol.example').code).toBe(0);
    expect(run('import', 'counts', bad).code).toBe(1);
    expect(autoBackups(db)).toHaveLength(once.length + 1);
  });

  it('an automatic backup that cannot be made stops the change; nothing is written', () => {
    const other = join(dir, 'other.db');
    copyFileSync(db, other);
    writeFileSync(`${other}.backups`, 'not a folder');
    const before = sha(other);
    const r = lato(['import', 'counts', DUO_FILE, '--year', '2026-2027', '--db', other]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the automatic backup before this change failed; nothing was written');
    expect(r.stderr).toContain('backups.keep 0');
    expect(sha(other)).toBe(before);
  });

  it('restore gives back exactly the backup, after backing up the current database', () => {
    const saved = join(dir, 'saved.db');
    expect(run('backup', saved).code).toBe(0);
    const want = contents(saved);
    expect(run('partners', 'leave', 'UL', '--date', '2019-07-31').code).toBe(0);
    expect(contents(db)).not.toEqual(want);
    const r = run('restore', saved, '--json');
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { previous: string };
    expect(contents(db)).toEqual(want);
    expect(mode(db)).toBe(0o600);
    expect(existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0).toBe(0);
    // the database as it was (UL left) is kept
    const previous = new Database(result.previous, { readonly: true });
    expect(previous.prepare("SELECT left_on FROM partners WHERE code = 'UL'").get()).toEqual({
      left_on: '2019-07-31',
    });
    previous.close();
    expect(mode(result.previous)).toBe(0o600);
    // and lato goes on with it
    expect(run('partners', 'show', 'UL').code).toBe(0);
    expect(run('invoices', 'list', '--json').code).toBe(0);
  });

  it('refuses bad paths and bad files with a clear error, before anything is written', () => {
    const before = sha(db);
    const backupsBefore = readdirSync(`${db}.backups`).length;
    const cases: [string[], string][] = [
      [['backup', join(dir, 'no-such-folder', 'x.db')], 'does not exist'],
      [['backup', join(dir, 'saved.db')], 'already exists; a backup never overwrites a file'],
      [['backup', db], 'is the database itself'],
      [['restore', join(dir, 'missing.db')], 'no such file'],
      [['restore', dir], 'not a file'],
      [['restore', DUO_FILE], 'not a SQLite database'],
      [['restore', db], 'it is the database itself'],
    ];
    const empty = join(dir, 'empty.db');
    new Database(empty).close();
    cases.push([['restore', empty], 'not a lato database']);
    const newer = join(dir, 'newer.db');
    copyFileSync(join(dir, 'saved.db'), newer);
    const n = new Database(newer);
    n.pragma('user_version = 99');
    n.close();
    cases.push([['restore', newer], 'written by a newer lato']);
    const damaged = join(dir, 'damaged.db');
    const bytes = readFileSync(join(dir, 'saved.db'));
    writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length / 2)));
    cases.push([['restore', damaged], 'cannot restore']);
    for (const [args, message] of cases) {
      const r = run(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toContain(message);
      expect(r.stderr).not.toMatch(/unexpected|at .*\.js/);
    }
    expect(sha(db)).toBe(before);
    expect(readdirSync(`${db}.backups`)).toHaveLength(backupsBefore);
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });

  it('restores over a database damaged beyond opening, keeping its bytes', () => {
    const broken = join(dir, 'broken.db');
    writeFileSync(broken, 'this was a database');
    writeFileSync(`${broken}-wal`, 'and this its log');
    const r = lato(['restore', join(dir, 'saved.db'), '--db', broken, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { previous } = JSON.parse(r.stdout) as { previous: string };
    expect(readFileSync(previous, 'utf8')).toBe('this was a database');
    expect(existsSync(`${broken}-wal`)).toBe(false);
    expect(contents(broken)).toEqual(contents(join(dir, 'saved.db')));
    expect(lato(['partners', 'show', 'UL', '--db', broken]).code).toBe(0);
  });
});
