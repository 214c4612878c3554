// Crash safety, proven: `lato import counts` of a large file and `lato invoices issue` are killed
// with SIGKILL at random moments (seeded, logged; uniform over the command's measured run time),
// 20 times each: an import of 30,000 rows, and the issue of 546 drafts (the example year and 500
// generated members). After every kill the database must open, pass `PRAGMA integrity_check`, and
// hold the operation wholly or not at all. LATO_TRACE_TRANSACTIONS tells which kills landed mid-write
// (after BEGIN IMMEDIATE, before COMMIT returned).
import { describe, expect, it, beforeAll } from 'vitest';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { lato, tempDir } from '../helpers.js';
import {
  copyDb,
  faultSeed,
  openAfterCrash,
  runLato,
  seededRandom,
  writeCountsFile,
  writePartnersFile,
} from './fault-helpers.js';

const RUNS = 20;
const ROWS = 30_000;
const Y = '2018-2019';

interface Tally {
  kills: number;
  midWrite: number;
  whole: number;
  absent: number;
  partial: number;
}

type State = 'whole' | 'absent' | 'partial';

/**
 * Runs the command (`args(db)`) on a copy of `base` to its end to measure its run time, then
 * `RUNS` times on fresh copies killed after a seeded random delay within that time; after each
 * kill `inspect` must find the database intact and the operation whole or absent.
 */
async function killRuns(
  what: string,
  dir: string,
  base: string,
  args: (db: string) => string[],
  inspect: (db: string) => { state: State; integrity: string },
  after?: (db: string, run: number) => void,
): Promise<Tally> {
  const full = join(dir, `${what}-full.db`);
  copyDb(base, full);
  const calibration = await runLato(args(full));
  expect(calibration.code, calibration.stderr).toBe(0);
  expect(calibration.committed).toBe(true);
  expect(inspect(full)).toEqual({ state: 'whole', integrity: 'ok' });

  const random = seededRandom(faultSeed(`crash: ${what}`));
  const t: Tally = { kills: 0, midWrite: 0, whole: 0, absent: 0, partial: 0 };
  for (let i = 0; i < RUNS; i++) {
    const db = join(dir, `${what}-${i}.db`);
    copyDb(base, db);
    const delay = Math.round(random() * calibration.ms);
    const r = await runLato(args(db), delay);
    if (r.signal === 'SIGKILL') t.kills++;
    if (r.signal === 'SIGKILL' && r.began && !r.committed) t.midWrite++;
    const { state, integrity } = inspect(db);
    t[state]++;
    const where = `${what} run ${i}, killed after ${delay} ms`;
    expect(integrity, where).toBe('ok');
    expect(state, where).not.toBe('partial');
    // a COMMIT that returned is durable; a kill before BEGIN leaves nothing
    if (r.committed) expect(state, where).toBe('whole');
    if (!r.began) expect(state, where).toBe('absent');
    after?.(db, i);
  }
  console.log(
    `crash: ${what}: ${RUNS} runs of ${Math.round(calibration.ms)} ms, ${t.kills} killed, ${t.midWrite} of them mid-write; ` +
      `${t.whole} left it whole, ${t.absent} left nothing, ${t.partial} partial`,
  );
  expect(t.partial).toBe(0);
  expect(t.kills).toBeGreaterThan(RUNS / 2);
  return t;
}

describe('crash safety: SIGKILL at random moments (built binary)', () => {
  const dir = tempDir('lato-crash-');

  describe('import counts', () => {
    const file = join(dir, 'counts.csv');
    const base = join(dir, 'import-base.db');
    beforeAll(async () => {
      await writeCountsFile(file, ROWS);
      expect(lato(['init', '--db', base]).code).toBe(0);
    });

    /** The import is wholly there (one batch with every row) or wholly absent. */
    function inspect(db: string): { state: State; integrity: string } {
      const { db: sql, integrity } = openAfterCrash(db);
      try {
        const one = (q: string) => (sql.prepare(q).get() as { n: number }).n;
        const batches = sql.prepare("SELECT id, rows_new FROM imports WHERE kind = 'counts'").all() as {
          id: number;
          rows_new: number;
        }[];
        const counts = one('SELECT count(*) AS n FROM counts');
        const locations = one('SELECT count(*) AS n FROM locations');
        const audits = one("SELECT count(*) AS n FROM audit_log WHERE entity = 'import'");
        if (batches.length === 0 && counts === 0 && locations === 0 && audits === 0)
          return { state: 'absent', integrity };
        const b = batches[0];
        const whole =
          batches.length === 1 &&
          b!.rows_new === ROWS &&
          counts === ROWS &&
          locations === ROWS &&
          audits === 1 &&
          one(`SELECT count(*) AS n FROM counts WHERE import_id = ${b!.id}`) === ROWS;
        return { state: whole ? 'whole' : 'partial', integrity };
      } finally {
        sql.close();
      }
    }

    it(`${RUNS} runs killed at random: the database opens, is intact, and has the import wholly or not at all`, async () => {
      await killRuns(
        'import-counts',
        dir,
        base,
        (db) => ['import', 'counts', file, '--db', db],
        inspect,
        // and lato opens what was left and goes on: the same import afterwards completes it
        (db, run) => {
          if (run % 5 !== 0) return;
          const again = lato(['import', 'counts', file, '--db', db, '--json']);
          expect(again.code, again.stderr).toBe(0);
          expect(inspect(db).state).toBe('whole');
        },
      );
    }, 180_000);
  });

  describe('invoices issue', () => {
    const base = join(dir, 'issue-base.db');
    let drafts = 0;
    beforeAll(() => {
      // issue renders every PDF before its transaction: a one-line template keeps that short, so
      // that the issue transaction is still a good part of the run (the children inherit it)
      const templates = join(dir, 'templates');
      mkdirSync(templates);
      const typ = '#set page(width: 3cm, height: 2cm)\n#json(bytes(sys.inputs.data)).number\n';
      writeFileSync(join(templates, 'invoice.typ'), typ);
      process.env.LATO_TEMPLATES = templates;
      // the example year and 500 more members, so that the issue transaction is a good part of the run
      expect(lato(['init', '--example', '--db', base]).code).toBe(0);
      writePartnersFile(join(dir, 'partners.csv'), 500);
      expect(lato(['import', 'partners', join(dir, 'partners.csv'), '--db', base]).code).toBe(0);
      const r = lato(['invoices', 'run', '--year', Y, '--json', '--db', base]);
      expect(r.code, r.stderr).toBe(0);
      drafts = JSON.parse(r.stdout).created as number;
      expect(drafts).toBeGreaterThan(500);
    });

    /** All drafts numbered 1..N without gaps and the counter at N, or none and no counter. */
    function inspect(db: string): { state: State; integrity: string } {
      const { db: sql, integrity } = openAfterCrash(db);
      try {
        const rows = sql
          .prepare("SELECT status, seq FROM invoices WHERE kind = 'invoice' AND school_year = ? ORDER BY seq")
          .all(Y) as { status: string; seq: number | null }[];
        const counter = sql.prepare("SELECT last_seq FROM number_series WHERE series = 'invoice'").all() as {
          last_seq: number;
        }[];
        const issued = rows.filter((r) => r.status === 'issued');
        const audits = (
          sql
            .prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'invoice' AND action = 'issue'")
            .get() as {
            n: number;
          }
        ).n;
        // each issued invoice has its PDF stored and its chain entry, in the same transaction
        const documents = (
          sql.prepare("SELECT count(*) AS n FROM documents WHERE format = 'pdf'").get() as { n: number }
        ).n;
        const chained = (sql.prepare('SELECT count(*) AS n FROM document_chain').get() as { n: number }).n;
        if (rows.length !== drafts) return { state: 'partial', integrity };
        if (issued.length === 0 && counter.length === 0 && audits === 0 && documents === 0 && chained === 0)
          return { state: 'absent', integrity };
        const gapless = issued.every((r, k) => r.seq === k + 1);
        const whole =
          issued.length === drafts &&
          gapless &&
          counter.length === 1 &&
          counter[0]!.last_seq === drafts &&
          audits === drafts &&
          documents === drafts &&
          chained === drafts;
        return { state: whole ? 'whole' : 'partial', integrity };
      } finally {
        sql.close();
      }
    }

    it(`${RUNS} runs killed at random: every draft numbered without gaps and the counter advanced, or nothing`, async () => {
      await killRuns(
        'invoices-issue',
        dir,
        base,
        (db) => ['invoices', 'issue', '--yes', '--year', Y, '--date', '2018-10-15', '--db', db],
        inspect,
      );
    }, 600_000);
  });
});
