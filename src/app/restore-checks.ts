// What `lato restore` checks of a backup beyond its being a sound lato database (issue 13): its
// schema is exactly what lato creates (no trigger dropped or changed), and it does not silently
// lose issued documents the live database has. After a forced restore that loses some, their
// numbers are recorded in the restored database as lost: counted as given by their series and
// appended to its chain, so that they are never given out a second time.

import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { LatoError } from '../domain/errors.js';
import { lostContent, canonicalJson } from '../domain/chain.js';
import { openDb, type Db } from '../db/connection.js';
import { appendChainEntry, chainHead, keepsDocuments } from '../db/documents.js';
import { writeTransaction } from '../db/transaction.js';
import { audit } from '../db/audit.js';
import { GENESIS } from '../domain/chain.js';
import { chainHash, sha256 } from './hash.js';
import { schemaDifferences } from './schema.js';

/** A number the live database gave that the backup does not have. */
export interface LostNumber {
  series: 'invoice' | 'credit_note';
  number: string;
  series_year: number;
  seq: number;
  /** the content hash the live chain recorded for it, when it had one */
  content_hash: string | null;
}

export interface RestoreChecks {
  /** issued numbers (and numbers lost before) of the live database that the backup lacks */
  lost: LostNumber[];
}

function given(db: Db): Map<string, LostNumber> {
  const out = new Map<string, LostNumber>();
  const chained = keepsDocuments(db);
  const rows = db
    .prepare(
      `SELECT i.kind AS series, i.number, i.series_year, i.seq,
              ${chained ? "(SELECT c.content_hash FROM document_chain c WHERE c.invoice_id = i.id AND c.entry = 'document' AND c.series = i.kind)" : 'NULL'} AS content_hash
       FROM invoices i WHERE i.status = 'issued' ORDER BY i.kind, i.series_year, i.seq`,
    )
    .all() as LostNumber[];
  for (const r of rows) out.set(`${r.series}/${r.number}`, r);
  if (chained) {
    const lost = db
      .prepare(
        `SELECT series, number, series_year, seq, json_extract(content, '$.content_hash') AS content_hash
         FROM document_chain WHERE entry = 'lost' ORDER BY series, position`,
      )
      .all() as LostNumber[];
    for (const r of lost) out.set(`${r.series}/${r.number}`, r);
  }
  return out;
}

/**
 * Checks `file` before it replaces the database at `dbPath`: refuses a backup whose schema differs
 * from what lato creates, and (unless `force`) one that lacks issued documents the live database
 * has, naming their numbers. Returns what a forced restore must record as lost.
 */
export function checkRestore(dbPath: string, file: string, opts: { force?: boolean } = {}): RestoreChecks {
  const src = new Database(file, { readonly: true, fileMustExist: true });
  let backup: Map<string, LostNumber>;
  try {
    const diff = schemaDifferences(src);
    if (diff.length > 0) {
      throw new LatoError(
        `cannot restore ${file}: its schema differs from what lato creates (a trigger or table was dropped or changed)`,
        {
          problems: diff.map((d) => ({ message: d.message })),
          hint: 'an issued invoice in it may have been changed behind lato; restore another backup',
        },
      );
    }
    backup = given(src);
  } finally {
    src.close();
  }
  if (!existsSync(dbPath)) return { lost: [] };
  let live: Map<string, LostNumber>;
  let db: Database.Database | undefined;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
    live = given(db);
  } catch {
    // a live database that cannot be read: nothing to compare (it is backed up before the restore)
    return { lost: [] };
  } finally {
    db?.close();
  }
  const lost = [...live.entries()].filter(([k]) => !backup.has(k)).map(([, v]) => v);
  if (lost.length > 0 && !opts.force) {
    const numbers = lost.map((l) => l.number);
    throw new LatoError(
      `cannot restore ${file}: it lacks ${lost.length} issued document(s) the database has: ${numbers.join(', ')}`,
      {
        hint: 'they were issued after this backup was made; restore a newer backup, or add --force to restore it anyway (their numbers are then recorded as lost and never given out again)',
      },
    );
  }
  return { lost };
}

/**
 * In the restored copy at `path` (before it replaces the database): the lost numbers counted as
 * given by their series' counters and appended to its chain as `lost` entries.
 */
export function recordLostNumbers(path: string, lost: readonly LostNumber[], restoredFrom: string): void {
  if (lost.length === 0) return;
  const db = openDb(path);
  try {
    writeTransaction(db, () => {
      const on = new Date().toISOString().slice(0, 10);
      const ordered = [...lost].sort(
        (a, b) => a.series.localeCompare(b.series) || a.series_year - b.series_year || a.seq - b.seq,
      );
      for (const l of ordered) {
        const counter = db
          .prepare('SELECT last_seq FROM number_series WHERE series = ? AND year = ?')
          .pluck()
          .get(l.series, l.series_year) as number | undefined;
        if (counter === undefined) {
          db.prepare('INSERT INTO number_series (series, year, last_seq) VALUES (?, ?, ?)').run(
            l.series,
            l.series_year,
            l.seq,
          );
        } else {
          const step = db.prepare(
            'UPDATE number_series SET last_seq = last_seq + 1 WHERE series = ? AND year = ?',
          );
          for (let n = counter; n < l.seq; n++) step.run(l.series, l.series_year);
        }
        const head = chainHead(db, l.series);
        const content = canonicalJson(
          lostContent({
            series: l.series,
            number: l.number,
            seriesYear: l.series_year,
            seq: l.seq,
            contentHash: l.content_hash,
            restoredFrom,
            on,
          }),
        );
        const contentHash = sha256(content);
        const prev = head?.hash ?? GENESIS;
        appendChainEntry(db, {
          series: l.series,
          position: (head?.position ?? 0) + 1,
          entry: 'lost',
          invoice_id: null,
          reminder_id: null,
          number: l.number,
          series_year: l.series_year,
          seq: l.seq,
          content,
          content_hash: contentHash,
          prev_hash: prev,
          hash: chainHash(prev, contentHash),
        });
      }
      audit(db, {
        entity: 'restore',
        entityId: restoredFrom,
        action: 'lost-numbers',
        after: { restored_from: restoredFrom, lost: ordered.map((l) => l.number) },
      });
    });
  } finally {
    db.close();
  }
}
