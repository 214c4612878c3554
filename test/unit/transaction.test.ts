// The one write path: immediate transactions, dry runs and savepoints, and the message users get
// when another process holds the database longer than the busy timeout.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../src/db/connection.js';
import { writeTransaction } from '../../src/db/transaction.js';
import { reportError } from '../../src/cli/run.js';
import type { Output } from '../../src/cli/output.js';

const settingOf = (db: ReturnType<typeof openDb>) =>
  db.prepare("SELECT value FROM settings WHERE key = 'test.x'").get() as { value: string } | undefined;
const put = (db: ReturnType<typeof openDb>, v: number) =>
  db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('test.x', ?)").run(String(v));

describe('writeTransaction', () => {
  it('commits, rolls back on error and on a dry run; inside another it is a savepoint', () => {
    const db = openDb(':memory:');
    writeTransaction(db, () => put(db, 1));
    expect(settingOf(db)).toEqual({ value: '1' });
    expect(() =>
      writeTransaction(db, () => {
        put(db, 2);
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(writeTransaction(db, () => (put(db, 3), 'r'), { dryRun: true })).toBe('r');
    expect(settingOf(db)).toEqual({ value: '1' });
    writeTransaction(db, () => {
      put(db, 4);
      expect(() =>
        writeTransaction(db, () => {
          put(db, 5);
          throw new Error('inner');
        }),
      ).toThrow('inner');
    });
    expect(settingOf(db)).toEqual({ value: '4' });
    expect(db.inTransaction).toBe(false);
  });

  it('says another lato process holds the database, never "database is locked"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lato-tx-'));
    try {
      const file = join(dir, 'lato.db');
      const a = openDb(file, { create: true });
      const b = openDb(file);
      b.pragma('busy_timeout = 50');
      a.exec('BEGIN IMMEDIATE');
      let thrown: unknown;
      try {
        writeTransaction(b, () => put(b, 1));
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toMatchObject({
        name: 'LatoError',
        message: 'another lato process has held the database for 30 s; nothing was written',
      });
      expect(b.inTransaction).toBe(false);
      // a raw SQLITE_BUSY that escaped gets the same message at the command boundary
      const lines: string[] = [];
      const out = {
        error: (m: string) => lines.push(m),
        info: (m: string) => lines.push(m),
      } as unknown as Output;
      expect(reportError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }), out)).toBe(
        1,
      );
      expect(lines.join('\n')).toContain('another lato process has held the database for 30 s');
      expect(lines.join('\n')).not.toContain('locked');
      a.exec('ROLLBACK');
      writeTransaction(b, () => put(b, 2));
      expect(settingOf(a)).toEqual({ value: '2' });
      a.close();
      b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
