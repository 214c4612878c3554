// Concurrency: several `lato` processes writing the same database at once, 20 rounds. Each round
// starts, together, two imports of different counts files, two `invoices issue` of the same year,
// and a payment or (every other round) a credit note on an invoice that the issue may or may not
// have numbered yet. No
// process may say "locked"; each exits 0, or 1 with a genuine refusal (an invoice not issued yet);
// afterwards the imports are both there and the numbering is unique and without gaps.
import { describe, expect, it, beforeAll } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { lato, tempDir } from '../helpers.js';
import { copyDb, runLato, writeCountsFile, type Outcome } from './fault-helpers.js';

const ROUNDS = 20;
const ROWS = 2_000;
const AT_ONCE = 5;
const Y = '2018-2019';

describe('concurrency: lato processes writing at once (built binary)', () => {
  const dir = tempDir('lato-concurrent-');
  const base = join(dir, 'base.db');
  const fileA = join(dir, 'counts-a.csv');
  const fileB = join(dir, 'counts-b.csv');
  let drafts = 0;

  beforeAll(async () => {
    await writeCountsFile(fileA, ROWS, 0);
    await writeCountsFile(fileB, ROWS, 1_000_000);
    expect(lato(['init', '--example', '--db', base]).code).toBe(0);
    const r = lato(['invoices', 'run', '--year', Y, '--json', '--db', base]);
    expect(r.code, r.stderr).toBe(0);
    drafts = JSON.parse(r.stdout).created as number;
  });

  it(`${ROUNDS} rounds of ${AT_ONCE} processes: no "locked", no broken numbering, nothing lost`, async () => {
    let processes = 0;
    let refused = 0;
    let locked = 0;
    const started = performance.now();
    for (let round = 0; round < ROUNDS; round++) {
      const db = join(dir, `round-${round}.db`);
      copyDb(base, db);
      const at = (...args: string[]) => runLato([...args, '--db', db]);
      const jobs: [string, Promise<Outcome>][] = [
        ['import a', at('import', 'counts', fileA)],
        ['import b', at('import', 'counts', fileB)],
        ['issue 1', at('invoices', 'issue', '--yes', '--year', Y, '--date', '2018-10-15')],
        ['issue 2', at('invoices', 'issue', '--yes', '--year', Y, '--date', '2018-10-15')],
        round % 2 === 0
          ? ['payment', at('payments', 'add', 'LATO-2018-0003', '--amount', '100,00', '--date', '2018-10-20')]
          : [
              'credit',
              at('invoices', 'credit', '--yes', 'LATO-2018-0002', '--reason', 'test', '--date', '2018-10-16'),
            ],
      ];
      const results = await Promise.all(jobs.map(([, p]) => p));
      for (const [k, r] of results.entries()) {
        const what = `round ${round}, ${jobs[k]![0]}: ${r.stderr}`;
        processes++;
        if (/locked/i.test(r.stdout + r.stderr)) locked++;
        expect(r.stdout + r.stderr, what).not.toMatch(/locked|SQLITE|unexpected/i);
        if (r.code === 1) {
          // the only refusal allowed: the invoice was not issued yet when the payment or credit came
          refused++;
          expect(['payment', 'credit'], what).toContain(jobs[k]![0]);
          expect(r.stderr, what).toMatch(/not issued|no invoice|is a draft/i);
        } else expect(r.code, what).toBe(0);
      }
      const sql = new Database(db, { readonly: true });
      try {
        const seqs = (series: string) =>
          (
            sql
              .prepare('SELECT seq FROM invoices WHERE kind = ? AND seq IS NOT NULL ORDER BY seq')
              .all(series) as {
              seq: number;
            }[]
          ).map((r) => r.seq);
        const invoices = seqs('invoice');
        expect(invoices, `round ${round}`).toEqual(Array.from({ length: drafts }, (_, i) => i + 1));
        const credits = seqs('credit_note');
        expect(credits, `round ${round}`).toEqual(Array.from({ length: credits.length }, (_, i) => i + 1));
        const last = results[4]!.code === 0 ? 1 : 0;
        expect(credits.length).toBe(round % 2 === 1 ? last : 0);
        const counts = (
          sql.prepare('SELECT count(*) AS n FROM counts WHERE school_year = ?').get('2025-2026') as {
            n: number;
          }
        ).n;
        expect(counts, `round ${round}`).toBe(2 * ROWS);
        const payments = (sql.prepare('SELECT count(*) AS n FROM payments').get() as { n: number }).n;
        expect(payments, `round ${round}`).toBe(round % 2 === 0 ? last : 0);
        expect((sql.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check).toBe(
          'ok',
        );
      } finally {
        sql.close();
      }
    }
    console.log(
      `concurrency: ${ROUNDS} rounds, ${processes} processes (${AT_ONCE} at once) in ${Math.round(performance.now() - started)} ms; ` +
        `${locked} said "locked", ${refused} refused as not issued yet`,
    );
    expect(locked).toBe(0);
    // each issue and credit note renders its documents before writing (issue 13)
  }, 600_000);
});
