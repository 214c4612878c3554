// The documents as sent (PDF and UBL bytes of each issued invoice, credit note and reminder) and
// the hash chain over them (migration 014). Writes happen inside the caller's transaction; the
// triggers refuse any change to a stored document or chain entry.

import type { Db } from './connection.js';
import type { ChainSeries } from '../domain/chain.js';

export type DocumentFormat = 'pdf' | 'ubl';

export interface StoredDocument {
  id: number;
  invoice_id: number;
  reminder_id: number | null;
  format: DocumentFormat;
  file_name: string;
  bytes: Buffer;
  size: number;
  sha256: string;
}

export interface ChainEntry {
  id: number;
  series: ChainSeries;
  position: number;
  entry: 'document' | 'lost';
  invoice_id: number | null;
  reminder_id: number | null;
  number: string;
  series_year: number | null;
  seq: number | null;
  content: string;
  content_hash: string;
  prev_hash: string;
  hash: string;
  created_at: string;
}

/** Whether this database keeps documents (schema version 14 or later). */
export function keepsDocuments(db: Db): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'document_chain'").get() !==
    undefined
  );
}

export function insertDocument(
  db: Db,
  d: {
    invoiceId: number;
    reminderId?: number | null;
    format: DocumentFormat;
    fileName: string;
    bytes: Buffer;
    sha256: string;
  },
): void {
  db.prepare(
    `INSERT INTO documents (invoice_id, reminder_id, format, file_name, bytes, size, sha256, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    d.invoiceId,
    d.reminderId ?? null,
    d.format,
    d.fileName,
    d.bytes,
    d.bytes.length,
    d.sha256,
    new Date().toISOString(),
  );
}

/** The stored document of an invoice or credit note (reminderId null) or of one of its reminders. */
export function storedDocument(
  db: Db,
  invoiceId: number,
  format: DocumentFormat,
  reminderId: number | null = null,
): StoredDocument | undefined {
  return db
    .prepare(
      `SELECT id, invoice_id, reminder_id, format, file_name, bytes, size, sha256 FROM documents
       WHERE invoice_id = ? AND coalesce(reminder_id, 0) = ? AND format = ?`,
    )
    .get(invoiceId, reminderId ?? 0, format) as StoredDocument | undefined;
}

/** Every stored document, one at a time (for the check). */
export function* allDocuments(db: Db): Generator<StoredDocument> {
  yield* db
    .prepare(
      'SELECT id, invoice_id, reminder_id, format, file_name, bytes, size, sha256 FROM documents ORDER BY id',
    )
    .iterate() as IterableIterator<StoredDocument>;
}

/** The documents' hashes per invoice (and reminder): `${invoice_id}/${reminder_id ?? 0}` → format → sha256. */
export function documentHashes(db: Db): Map<string, Partial<Record<DocumentFormat, string>>> {
  const out = new Map<string, Partial<Record<DocumentFormat, string>>>();
  const rows = db.prepare('SELECT invoice_id, reminder_id, format, sha256 FROM documents').all() as {
    invoice_id: number;
    reminder_id: number | null;
    format: DocumentFormat;
    sha256: string;
  }[];
  for (const r of rows) {
    const k = `${r.invoice_id}/${r.reminder_id ?? 0}`;
    if (!out.has(k)) out.set(k, {});
    out.get(k)![r.format] = r.sha256;
  }
  return out;
}

export function chainHead(db: Db, series: ChainSeries): { position: number; hash: string } | undefined {
  return db
    .prepare('SELECT position, hash FROM document_chain WHERE series = ? ORDER BY position DESC LIMIT 1')
    .get(series) as { position: number; hash: string } | undefined;
}

export function appendChainEntry(db: Db, e: Omit<ChainEntry, 'id' | 'created_at'>): void {
  db.prepare(
    `INSERT INTO document_chain (series, position, entry, invoice_id, reminder_id, number, series_year, seq,
       content, content_hash, prev_hash, hash, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    e.series,
    e.position,
    e.entry,
    e.invoice_id,
    e.reminder_id,
    e.number,
    e.series_year,
    e.seq,
    e.content,
    e.content_hash,
    e.prev_hash,
    e.hash,
    new Date().toISOString(),
  );
}

/** The entries of a series (or of all), in order. */
export function chainEntries(db: Db, series?: ChainSeries): ChainEntry[] {
  return (
    series
      ? db.prepare('SELECT * FROM document_chain WHERE series = ? ORDER BY position').all(series)
      : db.prepare('SELECT * FROM document_chain ORDER BY series, position').all()
  ) as ChainEntry[];
}

/** Issued invoices or credit notes of a kind with no chain entry, in number order. */
export function unchainedInvoiceIds(db: Db, kind: 'invoice' | 'credit_note'): number[] {
  return db
    .prepare(
      `SELECT i.id FROM invoices i
       WHERE i.kind = ? AND i.status = 'issued'
         AND NOT EXISTS (SELECT 1 FROM document_chain c WHERE c.invoice_id = i.id AND c.series = i.kind)
       ORDER BY i.series_year, i.seq`,
    )
    .pluck()
    .all(kind) as number[];
}

/** Reminders with no chain entry, oldest first. */
export function unchainedReminders(
  db: Db,
): { id: number; invoice_id: number; number: string; level: number; sent_on: string; open_cents: number }[] {
  return db
    .prepare(
      `SELECT r.id, r.invoice_id, i.number, r.level, r.sent_on, r.open_cents FROM invoice_reminders r
       JOIN invoices i ON i.id = r.invoice_id
       WHERE NOT EXISTS (SELECT 1 FROM document_chain c WHERE c.series = 'reminder' AND c.reminder_id = r.id)
       ORDER BY r.id`,
    )
    .all() as {
    id: number;
    invoice_id: number;
    number: string;
    level: number;
    sent_on: string;
    open_cents: number;
  }[];
}

/** The numbers a forced restore took back: counted as given, never given again. */
export function lostNumbers(
  db: Db,
): { series: 'invoice' | 'credit_note'; number: string; series_year: number; seq: number }[] {
  if (!keepsDocuments(db)) return [];
  return db
    .prepare(
      "SELECT series, number, series_year, seq FROM document_chain WHERE entry = 'lost' ORDER BY series, position",
    )
    .all() as { series: 'invoice' | 'credit_note'; number: string; series_year: number; seq: number }[];
}
