// The fuzz harness of the importers: one example database built once through the real importers,
// serialised; every case runs an importer on a fresh copy of it (better-sqlite3 opens a serialised
// image in memory) and checks the three promises: no crash (only LatoError), no partial write (the
// database image is byte-for-byte what it was when the import is rejected), the defect named.

import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../src/db/connection.js';
import { loadReference } from '../../src/app/init.js';
import { IMPORTERS, type ImportOptions, type ImportSummary } from '../../src/app/importers.js';
import { importStatement } from '../../src/app/payments.js';
import { issueInvoices, runInvoices } from '../../src/app/invoices.js';
import { LatoError } from '../../src/domain/errors.js';
import { ROOT } from '../helpers.js';

export const EXAMPLE = join(ROOT, 'data', 'example');

/** The kinds fuzzed: every `lato import` kind that reads a table, plus bank statements. */
export type Kind =
  'partners' | 'counts' | 'rates' | 'budget' | 'in-kind' | 'figures' | 'projectgroup' | 'payments';

export const KINDS: readonly Kind[] = [
  'partners',
  'counts',
  'rates',
  'budget',
  'in-kind',
  'figures',
  'projectgroup',
  'payments',
];

/** Options each kind needs on the command line (the year of a budget, …). */
export const KIND_OPTS: Record<Kind, ImportOptions> = {
  partners: {},
  counts: { year: '2019-2020' },
  rates: { year: '2019-2020' },
  budget: { year: '2019-2020' },
  'in-kind': { year: '2019-2020' },
  figures: {},
  projectgroup: {},
  payments: {},
};

let image: Buffer | undefined;

/** The example database (every manifest step) with the example year's invoices issued, serialised. */
export async function baseImage(): Promise<Buffer> {
  if (image) return image;
  const db = openDb(':memory:', { create: true });
  loadReference(db);
  const steps = JSON.parse(readFileSync(join(EXAMPLE, 'manifest.json'), 'utf8')).steps as ({
    import: string;
    file: string;
  } & ImportOptions)[];
  for (const { import: kind, file, ...opts } of steps)
    await (
      await IMPORTERS[kind]!()
    )(db, join(EXAMPLE, file), opts);
  // the example year invoiced, so that bank statements have invoice numbers to match
  await runInvoices(db, '2018-2019');
  issueInvoices(db, '2018-2019', { date: '2018-11-01' });
  image = db.serialize();
  db.close();
  return image;
}

export function openImage(buf: Buffer): Db {
  const db = new Database(buf);
  db.pragma('foreign_keys = ON');
  return db;
}

export async function runImporter(
  db: Db,
  kind: Kind,
  file: string,
  opts: ImportOptions,
): Promise<ImportSummary> {
  if (kind === 'payments') return importStatement(db, file, opts);
  return (await IMPORTERS[kind]!())(db, file, opts);
}

export type Outcome = { ok: true; summary: ImportSummary } | { ok: false; error: LatoError };

/** What went wrong with a case, or null when the promises held. */
export class FuzzFailure extends Error {}

export interface Case {
  kind: Kind;
  bytes: Uint8Array;
  /** file name (its extension matters for projectgroup JSON) */
  name?: string;
  opts?: ImportOptions;
  /** run this instead of the kind's importer (the harness's own tests) */
  importer?: (db: Db, file: string, opts: ImportOptions) => Promise<ImportSummary>;
}

/**
 * A reusable runner: one database copy kept while cases leave it unchanged (every rejected case
 * must), reopened from the image after a case that imported something.
 */
export class Runner {
  private db: Db;
  private readonly dir = mkdtempSync(join(tmpdir(), 'lato-fuzz-'));
  private n = 0;
  cases = 0;
  constructor(private readonly img: Buffer) {
    this.db = openImage(img);
  }

  async run(c: Case): Promise<Outcome> {
    this.cases++;
    const file = join(this.dir, c.name ?? `case-${++this.n}.csv`);
    writeFileSync(file, c.bytes);
    let outcome: Outcome;
    try {
      const opts = { ...KIND_OPTS[c.kind], ...c.opts };
      outcome = {
        ok: true,
        summary: await (c.importer ?? ((db, f, o) => runImporter(db, c.kind, f, o)))(this.db, file, opts),
      };
    } catch (e) {
      if (!(e instanceof LatoError)) {
        throw new FuzzFailure(`${c.kind}: not a LatoError: ${(e as Error)?.stack ?? String(e)}`);
      }
      outcome = { ok: false, error: e };
    } finally {
      rmSync(file, { force: true });
    }
    if (this.db.inTransaction) throw new FuzzFailure(`${c.kind}: a transaction was left open`);
    if (outcome.ok && outcome.summary.batch !== null) {
      // imported: start the next case from the image again
      this.reset();
      return outcome;
    }
    const after = this.db.serialize();
    if (!outcome.ok && !after.equals(this.img)) {
      throw new FuzzFailure(`${c.kind}: rejected (${outcome.error.message}) but the database changed`);
    }
    if (outcome.ok && outcome.summary.batch === null && !after.equals(this.img)) {
      throw new FuzzFailure(`${c.kind}: nothing imported (dry run or unchanged) but the database changed`);
    }
    return outcome;
  }

  /** A fresh copy of the image (after an import, or a failed case). */
  reset(): void {
    this.db.close();
    this.db = openImage(this.img);
  }

  close(): void {
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Every problem and the message as one text, for "is the defect named" checks. */
export function problemText(e: LatoError): string {
  return [e.message, ...e.problems.map((p) => JSON.stringify(p))].join('\n');
}
