// The documents as sent: rendered once when an invoice, credit note or reminder is issued (before
// the write transaction, so that the lock is not held while Typst works), stored with their sha256
// inside it, and linked into the hash chain of their series. Also what `lato check` verifies of
// them: the chain, the stored bytes, and the rows the chain recorded.

import type { Db } from '../db/connection.js';
import {
  canonicalJson,
  differences,
  GENESIS,
  invoiceContent,
  reminderContent,
  type ChainSeries,
  type DocumentHashes,
} from '../domain/chain.js';
import { chainHash, sha256 } from './hash.js';
import type { Invoice } from '../domain/invoice.js';
import type { InvoiceTexts } from '../domain/invoice-settings.js';
import { findInvoices } from '../db/invoices.js';
import {
  allDocuments,
  appendChainEntry,
  chainEntries,
  chainHead,
  documentHashes,
  insertDocument,
  keepsDocuments,
  unchainedInvoiceIds,
  unchainedReminders,
} from '../db/documents.js';
import { fileNameOf } from '../io/files.js';

/** The bytes of one issued document as rendered at issue. */
export interface RenderedDocument {
  pdf: Buffer;
  /** null when the document cannot be a valid e-invoice (e.g. a buyer without KvK or OIN) */
  ubl: Buffer | null;
}

/**
 * Renders the PDF and (when valid) the UBL of issued invoices or credit notes, as they are to be
 * stored; nothing is written. Keyed by number.
 */
export async function renderIssuedDocuments(
  invoices: readonly Invoice[],
  opts: { texts: InvoiceTexts; customization: 'nlcius' | 'peppol'; templatesDir?: string | undefined },
): Promise<Map<string, RenderedDocument>> {
  const { renderPdfBytes } = await import('../render/pdf-batch.js');
  const { ublXml, ublProblems } = await import('../render/ubl.js');
  const { checkUbl } = await import('../render/ubl-rules.js');
  const pdfs = await renderPdfBytes(
    invoices.map((inv) => ({ doc: inv.kind, invoice: inv, texts: opts.texts })),
    { templatesDir: opts.templatesDir },
  );
  const out = new Map<string, RenderedDocument>();
  for (const [i, inv] of invoices.entries()) {
    let ubl: Buffer | null = null;
    if (ublProblems(inv).length === 0) {
      const xml = ublXml(inv, { customization: opts.customization });
      if (checkUbl(xml, { customization: opts.customization }).length === 0) ubl = Buffer.from(xml, 'utf8');
    }
    out.set(inv.number!, { pdf: pdfs[i]!, ubl });
  }
  return out;
}

/** The file names a stored document has (and an archive or `invoices pdf` gives it). */
export function documentFileName(number: string, format: 'pdf' | 'ubl', reminderLevel?: number): string {
  const base = reminderLevel ? `${number}-herinnering-${reminderLevel}` : number;
  return fileNameOf(base, format === 'pdf' ? 'pdf' : 'xml');
}

/**
 * Issued documents that have no chain entry yet (issued before lato kept documents, version 14)
 * are entered first, in number order, recording their data without document hashes: from then on
 * a change to them is found too.
 */
export function sealUnchained(db: Db, series: ChainSeries): void {
  if (series === 'reminder') {
    for (const r of unchainedReminders(db)) {
      appendEntry(db, series, {
        invoiceId: r.invoice_id,
        reminderId: r.id,
        number: r.number,
        content: reminderContent(
          { number: r.number, level: r.level, sentOn: r.sent_on, openCents: r.open_cents },
          { pdf: null, ubl: null },
        ),
      });
    }
    return;
  }
  chainWithoutDocuments(db, series, unchainedInvoiceIds(db, series));
}

/** Issued invoices (or credit notes) of before lato kept documents, entered into their chain. */
function chainWithoutDocuments(db: Db, series: 'invoice' | 'credit_note', ids: readonly number[]): void {
  if (ids.length === 0) return;
  const byId = new Map(findInvoices(db, { ids: [...ids] }).map((i) => [i.id, i]));
  for (const id of ids) {
    const inv = byId.get(id)!;
    appendEntry(db, series, {
      invoiceId: id,
      reminderId: null,
      number: inv.number!,
      content: invoiceContent(inv, { pdf: null, ubl: null }),
    });
  }
}

/** Every issued document and reminder not yet in its chain, entered (see sealUnchained). */
export function sealUnchainedAll(db: Db): void {
  if (!keepsDocuments(db)) return;
  for (const series of ['invoice', 'credit_note', 'reminder'] as const) sealUnchained(db, series);
}

function appendEntry(
  db: Db,
  series: ChainSeries,
  e: { invoiceId: number; reminderId: number | null; number: string; content: unknown },
): string {
  const head = chainHead(db, series);
  const content = canonicalJson(e.content);
  const contentHash = sha256(content);
  const prev = head?.hash ?? GENESIS;
  const hash = chainHash(prev, contentHash);
  appendChainEntry(db, {
    series,
    position: (head?.position ?? 0) + 1,
    entry: 'document',
    invoice_id: e.invoiceId,
    reminder_id: e.reminderId,
    number: e.number,
    series_year: null,
    seq: null,
    content,
    content_hash: contentHash,
    prev_hash: prev,
    hash,
  });
  return hash;
}

function storeBytes(
  db: Db,
  invoiceId: number,
  reminderId: number | null,
  number: string,
  docs: RenderedDocument,
  level?: number,
): DocumentHashes {
  const hashes: DocumentHashes = { pdf: sha256(docs.pdf), ubl: docs.ubl ? sha256(docs.ubl) : null };
  insertDocument(db, {
    invoiceId,
    reminderId,
    format: 'pdf',
    fileName: documentFileName(number, 'pdf', level),
    bytes: docs.pdf,
    sha256: hashes.pdf!,
  });
  if (docs.ubl) {
    insertDocument(db, {
      invoiceId,
      reminderId,
      format: 'ubl',
      fileName: documentFileName(number, 'ubl'),
      bytes: docs.ubl,
      sha256: hashes.ubl!,
    });
  }
  return hashes;
}

/**
 * Inside the issuing transaction: stores the rendered documents of these issued invoices (or
 * credit notes) and appends them to their series' chain. `rendered` must have been made from
 * exactly these rows: when a row differs from what was rendered (the data changed while the
 * documents were being made), nothing is stored and the transaction is refused.
 */
export function storeIssuedDocuments(
  db: Db,
  issued: readonly Invoice[],
  rendered: Map<string, RenderedDocument>,
  renderedFrom: readonly Invoice[],
): void {
  const was = new Map(renderedFrom.map((i) => [i.number!, canonicalJson(invoiceContent(i, NO_DOCS))]));
  for (const kind of new Set(issued.map((i) => i.kind))) sealUnchainedExcept(db, kind, issued);
  for (const inv of issued) {
    const docs = rendered.get(inv.number!);
    if (!docs || was.get(inv.number!) !== canonicalJson(invoiceContent(inv, NO_DOCS))) {
      throw new DocumentsOutdated(inv.number!);
    }
    const hashes = storeBytes(db, inv.id, null, inv.number!, docs);
    appendEntry(db, inv.kind, {
      invoiceId: inv.id,
      reminderId: null,
      number: inv.number!,
      content: invoiceContent(inv, hashes),
    });
  }
}

const NO_DOCS: DocumentHashes = { pdf: null, ubl: null };

/** The legacy documents of a series, without the ones being issued now. */
function sealUnchainedExcept(db: Db, series: ChainSeries, now: readonly Invoice[]): void {
  const skip = new Set(now.map((i) => i.id));
  const legacy = series as 'invoice' | 'credit_note';
  chainWithoutDocuments(
    db,
    legacy,
    unchainedInvoiceIds(db, legacy).filter((id) => !skip.has(id)),
  );
}

/** Inside the reminding transaction: stores a reminder's PDF and appends it to the reminder chain. */
export function storeReminderDocument(
  db: Db,
  r: {
    invoiceId: number;
    reminderId: number;
    number: string;
    level: number;
    sentOn: string;
    openCents: number;
  },
  pdf: Buffer,
): void {
  sealUnchainedRemindersExcept(db, r.reminderId);
  const hashes = storeBytes(db, r.invoiceId, r.reminderId, r.number, { pdf, ubl: null }, r.level);
  appendEntry(db, 'reminder', {
    invoiceId: r.invoiceId,
    reminderId: r.reminderId,
    number: r.number,
    content: reminderContent(
      { number: r.number, level: r.level, sentOn: r.sentOn, openCents: r.openCents },
      hashes,
    ),
  });
}

function sealUnchainedRemindersExcept(db: Db, reminderId: number): void {
  for (const r of unchainedReminders(db)) {
    if (r.id === reminderId) continue;
    appendEntry(db, 'reminder', {
      invoiceId: r.invoice_id,
      reminderId: r.id,
      number: r.number,
      content: reminderContent(
        { number: r.number, level: r.level, sentOn: r.sent_on, openCents: r.open_cents },
        NO_DOCS,
      ),
    });
  }
}

/** The data changed between rendering the documents and writing them: nothing was issued. */
export class DocumentsOutdated extends Error {
  constructor(readonly number: string) {
    super(`the data of ${number} changed while its documents were made`);
  }
}

// ---------------------------------------------------------------------------------------------
// verifying (lato check)

export interface DocumentProblem {
  message: string;
  series: ChainSeries;
  number: string;
  position?: number;
  fields?: string[];
}

const SERIES_NAME: Record<ChainSeries, string> = {
  invoice: 'invoice series',
  credit_note: 'credit note series',
  reminder: 'reminders',
};

/**
 * Every chain entry is linked to the one before it and hashes to what it says; every stored
 * document's bytes have their sha256; every issued document (and reminder) recorded in the chain
 * is still what was recorded; no issued document of a chained series is missing from the chain.
 * Problems in chain order, so that the first one names the first document where the chain breaks.
 */
export function verifyDocuments(db: Db): DocumentProblem[] {
  if (!keepsDocuments(db)) return [];
  const out: DocumentProblem[] = [];
  // the stored bytes
  const badBytes = new Map<string, string[]>();
  for (const d of allDocuments(db)) {
    const ok = d.bytes.length === d.size && sha256(d.bytes) === d.sha256;
    if (!ok) {
      const k = `${d.invoice_id}/${d.reminder_id ?? 0}`;
      badBytes.set(k, [...(badBytes.get(k) ?? []), d.format === 'pdf' ? 'PDF' : 'UBL']);
    }
  }
  const hashes = documentHashes(db);
  const invoices = new Map(findInvoices(db, { status: 'issued' }).map((i) => [i.id, i]));
  const reminders = new Map(
    (
      db.prepare('SELECT id, invoice_id, level, sent_on, open_cents FROM invoice_reminders').all() as {
        id: number;
        invoice_id: number;
        level: number;
        sent_on: string;
        open_cents: number;
      }[]
    ).map((r) => [r.id, r]),
  );
  for (const series of ['invoice', 'credit_note', 'reminder'] as const) {
    const entries = chainEntries(db, series);
    let prev = GENESIS;
    const seen = new Set<string>();
    for (const [i, e] of entries.entries()) {
      const at = { series, number: e.number, position: e.position };
      const where = `${SERIES_NAME[series]}, entry ${e.position} (${e.number})`;
      if (e.position !== i + 1)
        out.push({
          ...at,
          message: `${where}: out of place (expected entry ${i + 1}); an entry was removed`,
        });
      if (e.prev_hash !== prev)
        out.push({ ...at, message: `${where}: does not link to the entry before it; the chain was altered` });
      if (sha256(e.content) !== e.content_hash || chainHash(e.prev_hash, e.content_hash) !== e.hash)
        out.push({ ...at, message: `${where}: its hash does not match its content; the chain was altered` });
      prev = e.hash;
      if (e.entry !== 'document') continue;
      seen.add(`${e.invoice_id}/${e.reminder_id ?? 0}`);
      const k = `${e.invoice_id}/${e.reminder_id ?? 0}`;
      const bad = badBytes.get(k);
      if (bad) {
        out.push({
          ...at,
          message: `${e.number}${e.reminder_id ? ' (reminder)' : ''}: the stored ${bad.join(' and ')} no longer match${bad.length === 1 ? 'es' : ''} ${bad.length === 1 ? 'its' : 'their'} sha256; the document as sent was altered`,
        });
      }
      const h = hashes.get(k) ?? {};
      const docs: DocumentHashes = { pdf: h.pdf ?? null, ubl: h.ubl ?? null };
      let now: unknown;
      if (series === 'reminder') {
        const r = e.reminder_id === null ? undefined : reminders.get(e.reminder_id);
        now = r
          ? reminderContent(
              { number: e.number, level: r.level, sentOn: r.sent_on, openCents: r.open_cents },
              docs,
            )
          : undefined;
      } else {
        const inv = e.invoice_id === null ? undefined : invoices.get(e.invoice_id);
        now = inv ? invoiceContent(inv, docs) : undefined;
      }
      if (now === undefined) {
        out.push({ ...at, message: `${e.number}: recorded in the chain, but no longer in the database` });
        continue;
      }
      const was = JSON.parse(e.content) as unknown;
      const fields = differences(was, now);
      if (fields.length) {
        out.push({
          ...at,
          fields,
          message: `${e.number}${series === 'reminder' ? ' (reminder)' : ''}: changed after it was issued (${fields.join(', ')}); the chain recorded it otherwise`,
        });
      }
    }
    if (entries.length === 0) continue;
    // a series with a chain: every issued document is in it
    const missing =
      series === 'reminder'
        ? [...reminders.values()]
            .filter((r) => !seen.has(`${r.invoice_id}/${r.id}`))
            .map(
              (r) => `${invoices.get(r.invoice_id)?.number ?? `invoice ${r.invoice_id}`} reminder ${r.level}`,
            )
        : [...invoices.values()]
            .filter((inv) => inv.kind === series && !seen.has(`${inv.id}/0`))
            .map((inv) => inv.number!);
    for (const number of missing)
      out.push({
        series,
        number,
        message: `${number}: issued, but not in the chain of the ${SERIES_NAME[series]}; written around lato`,
      });
  }
  return out;
}
