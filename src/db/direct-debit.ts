// The direct-debit store: mandates, the direct debit each issued invoice announces, and the
// collection runs with their items. Returns domain types; writes happen inside the caller's
// transaction; the triggers of the direct-debit migration refuse a second collection of an invoice,
// a change to a revoked mandate, and any rewriting of history.

import type { Db } from './connection.js';
import { prepared } from './statements.js';
import type {
  CheckedMandate,
  InvoiceDirectDebit,
  Mandate,
  MandateStatus,
  SequenceState,
  SequenceType,
} from '../domain/direct-debit.js';

interface MandateRow {
  id: number;
  partner_id: number;
  partner: string;
  partner_name: string;
  reference: string;
  signed_on: string;
  iban: string;
  bic: string | null;
  account_holder: string | null;
  kind: Mandate['kind'];
  status: MandateStatus;
  sequence: SequenceState;
  revoked_on: string | null;
  last_collected_on: string | null;
}

const SELECT_MANDATE = `
  SELECT m.id, m.partner_id, p.code AS partner, p.name AS partner_name, m.reference, m.signed_on, m.iban,
         m.bic, m.account_holder, m.kind, m.status, m.sequence, m.revoked_on,
         (SELECT max(c.collect_on) FROM collection_items ci JOIN collections c ON c.id = ci.collection_id
           WHERE ci.mandate_id = m.id AND ci.status <> 'returned') AS last_collected_on
  FROM mandates m JOIN partners p ON p.id = m.partner_id`;

function toMandate(r: MandateRow): Mandate {
  return {
    id: r.id,
    partnerId: r.partner_id,
    partner: r.partner,
    partnerName: r.partner_name,
    reference: r.reference,
    signedOn: r.signed_on,
    iban: r.iban,
    bic: r.bic,
    accountHolder: r.account_holder,
    kind: r.kind,
    status: r.status,
    sequence: r.sequence,
    revokedOn: r.revoked_on,
    lastCollectedOn: r.last_collected_on,
  };
}

export function findMandates(db: Db, f: { status?: MandateStatus; partnerId?: number } = {}): Mandate[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.status) {
    where.push('m.status = ?');
    args.push(f.status);
  }
  if (f.partnerId !== undefined) {
    where.push('m.partner_id = ?');
    args.push(f.partnerId);
  }
  const sql = `${SELECT_MANDATE}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY p.code, m.signed_on, m.id`;
  // prepared once per connection: issuing asks for the mandate of every invoice
  return (prepared(db, sql).all(...args) as MandateRow[]).map(toMandate);
}

export function mandateByReference(db: Db, reference: string): Mandate | undefined {
  const r = db.prepare(`${SELECT_MANDATE} WHERE m.reference = ?`).get(reference) as MandateRow | undefined;
  return r && toMandate(r);
}

export function mandateById(db: Db, id: number): Mandate | undefined {
  const r = db.prepare(`${SELECT_MANDATE} WHERE m.id = ?`).get(id) as MandateRow | undefined;
  return r && toMandate(r);
}

export function activeMandateOf(db: Db, partnerId: number): Mandate | undefined {
  return findMandates(db, { status: 'active', partnerId })[0];
}

export function insertMandate(db: Db, partnerId: number, m: CheckedMandate): number {
  const now = new Date().toISOString();
  const info = db
    .prepare(
      `INSERT INTO mandates (partner_id, reference, signed_on, iban, bic, account_holder, kind, sequence,
         created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(partnerId, m.reference, m.signedOn, m.iban, m.bic, m.accountHolder, m.kind, m.sequence, now, now);
  return Number(info.lastInsertRowid);
}

export function updateMandate(db: Db, id: number, m: CheckedMandate): void {
  db.prepare(
    `UPDATE mandates SET signed_on = ?, iban = ?, bic = ?, account_holder = ?, kind = ?, sequence = ?, updated_at = ?
     WHERE id = ?`,
  ).run(m.signedOn, m.iban, m.bic, m.accountHolder, m.kind, m.sequence, new Date().toISOString(), id);
}

export function revokeMandateRow(db: Db, id: number, on: string): void {
  db.prepare(
    "UPDATE mandates SET status = 'revoked', revoked_on = ?, updated_at = ? WHERE id = ? AND status = 'active'",
  ).run(on, new Date().toISOString(), id);
}

export function setMandateSequence(db: Db, id: number, sequence: SequenceState): void {
  db.prepare(
    "UPDATE mandates SET sequence = ?, updated_at = ? WHERE id = ? AND sequence <> ? AND status = 'active'",
  ).run(sequence, new Date().toISOString(), id, sequence);
}

// ---------------------------------------------------------------------------------------------
// the direct debit an invoice announces

export function insertInvoiceDirectDebit(db: Db, invoiceId: number, d: InvoiceDirectDebit): void {
  db.prepare(
    `INSERT INTO invoice_direct_debits (invoice_id, mandate_id, mandate_reference, iban, creditor_id, collect_on)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(invoiceId, d.mandateId, d.mandateReference, d.iban, d.creditorId, d.collectOn);
}

export function invoiceDirectDebit(db: Db, invoiceId: number): InvoiceDirectDebit | undefined {
  const r = db
    .prepare(
      `SELECT mandate_id, mandate_reference, iban, creditor_id, collect_on FROM invoice_direct_debits
       WHERE invoice_id = ?`,
    )
    .get(invoiceId) as
    | { mandate_id: number; mandate_reference: string; iban: string; creditor_id: string; collect_on: string }
    | undefined;
  return (
    r && {
      mandateId: r.mandate_id,
      mandateReference: r.mandate_reference,
      iban: r.iban,
      creditorId: r.creditor_id,
      collectOn: r.collect_on,
    }
  );
}

// ---------------------------------------------------------------------------------------------
// collection runs

export type ItemStatus = 'collected' | 'paid' | 'returned';

export interface CollectionItem {
  id: number;
  collectionId: number;
  messageId: string;
  pmtInfId: string;
  invoiceId: number;
  number: string;
  mandateId: number;
  sequenceType: SequenceType;
  amountCents: number;
  endToEndId: string;
  status: ItemStatus;
  returnReason: string | null;
  returnedOn: string | null;
  collectOn: string;
}

const SELECT_ITEM = `
  SELECT ci.id, ci.collection_id, c.message_id, ci.pmt_inf_id, ci.invoice_id, i.number, ci.mandate_id,
         ci.sequence_type, ci.amount_cents, ci.end_to_end_id, ci.status, ci.return_reason, ci.returned_on,
         c.collect_on
  FROM collection_items ci JOIN collections c ON c.id = ci.collection_id JOIN invoices i ON i.id = ci.invoice_id`;

function toItem(r: Record<string, unknown>): CollectionItem {
  return {
    id: r.id as number,
    collectionId: r.collection_id as number,
    messageId: r.message_id as string,
    pmtInfId: r.pmt_inf_id as string,
    invoiceId: r.invoice_id as number,
    number: r.number as string,
    mandateId: r.mandate_id as number,
    sequenceType: r.sequence_type as SequenceType,
    amountCents: r.amount_cents as number,
    endToEndId: r.end_to_end_id as string,
    status: r.status as ItemStatus,
    returnReason: (r.return_reason as string | null) ?? null,
    returnedOn: (r.returned_on as string | null) ?? null,
    collectOn: r.collect_on as string,
  };
}

/** Every collection of an invoice, oldest first. */
export function itemsOfInvoice(db: Db, invoiceId: number): CollectionItem[] {
  return (
    db.prepare(`${SELECT_ITEM} WHERE ci.invoice_id = ? ORDER BY ci.id`).all(invoiceId) as Record<
      string,
      unknown
    >[]
  ).map(toItem);
}

/** The items of a payment information block (PmtInfId) or a whole run (MsgId). */
export function itemsOfBatch(db: Db, id: string): CollectionItem[] {
  return (
    db
      .prepare(`${SELECT_ITEM} WHERE ci.pmt_inf_id = ? OR c.message_id = ? ORDER BY ci.id`)
      .all(id, id) as Record<string, unknown>[]
  ).map(toItem);
}

/** The ids of every payment information block and run, to find them in a bank line. */
export function batchIds(db: Db): string[] {
  return db
    .prepare('SELECT DISTINCT pmt_inf_id FROM collection_items UNION SELECT message_id FROM collections')
    .pluck()
    .all() as string[];
}

export function countCollections(db: Db): number {
  return db.prepare('SELECT count(*) FROM collections').pluck().get() as number;
}

export interface NewCollection {
  messageId: string;
  format: string;
  schoolYear: string;
  collectOn: string;
  creditorId: string;
  creditorIban: string;
  transactions: number;
  controlSumCents: number;
  fileName: string | null;
  sha256: string | null;
}

export function insertCollection(db: Db, c: NewCollection): number {
  const info = db
    .prepare(
      `INSERT INTO collections (message_id, format, school_year, collect_on, creditor_id, creditor_iban,
         transactions, control_sum_cents, file_name, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      c.messageId,
      c.format,
      c.schoolYear,
      c.collectOn,
      c.creditorId,
      c.creditorIban,
      c.transactions,
      c.controlSumCents,
      c.fileName,
      c.sha256,
      new Date().toISOString(),
    );
  return Number(info.lastInsertRowid);
}

export function insertCollectionItem(
  db: Db,
  i: {
    collectionId: number;
    pmtInfId: string;
    invoiceId: number;
    mandateId: number;
    sequenceType: SequenceType;
    amountCents: number;
    endToEndId: string;
  },
): void {
  db.prepare(
    `INSERT INTO collection_items (collection_id, pmt_inf_id, invoice_id, mandate_id, sequence_type, amount_cents,
       end_to_end_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(i.collectionId, i.pmtInfId, i.invoiceId, i.mandateId, i.sequenceType, i.amountCents, i.endToEndId);
}

export function markItemPaid(db: Db, id: number): void {
  db.prepare("UPDATE collection_items SET status = 'paid' WHERE id = ? AND status = 'collected'").run(id);
}

export function markItemReturned(db: Db, id: number, reason: string, on: string): void {
  db.prepare(
    "UPDATE collection_items SET status = 'returned', return_reason = ?, returned_on = ? WHERE id = ? AND status <> 'returned'",
  ).run(reason, on, id);
}
