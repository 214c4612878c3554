// The invoice store: drafts, issued invoices and credit notes with their lines, the number series
// counters, payments and reminders. Returns domain types. Writes happen inside the caller's
// transaction; the triggers of migration 002 refuse whatever would break numbering or immutability.

import type { Db } from './connection.js';
import type { Buyer, Draft, Invoice, InvoiceKind, InvoiceLine, VatApplied } from '../domain/invoice.js';
import type { Issuer } from '../domain/invoice-settings.js';

interface InvoiceRow {
  id: number;
  kind: InvoiceKind;
  status: 'draft' | 'issued';
  school_year: string;
  partner_id: number;
  partner: string;
  number: string | null;
  issued_on: string | null;
  due_on: string | null;
  payment_term_days: number | null;
  credits_id: number | null;
  reason: string | null;
  net_cents: number;
  vat_cents: number;
  total_cents: number;
  vat: string | null;
  seller: string | null;
  buyer: string | null;
  paid_cents: number;
  credits_number: string | null;
  credits_issued_on: string | null;
  credited_by_id: number | null;
  credited_by_number: string | null;
  credited_by_issued_on: string | null;
  dd_mandate_id: number | null;
  dd_mandate_reference: string | null;
  dd_iban: string | null;
  dd_creditor_id: string | null;
  dd_collect_on: string | null;
}

interface LineRow {
  invoice_id: number;
  position: number;
  description: string;
  basis: InvoiceLine['basis'];
  sector: string;
  category: string;
  quantity: number;
  unit_price_cents: number;
  amount_cents: number;
  count_date: string | null;
  sources: string | null;
}

const SELECT_INVOICE = `
  SELECT i.id, i.kind, i.status, i.school_year, i.partner_id, p.code AS partner, i.number, i.issued_on,
         i.due_on, i.payment_term_days, i.credits_id, i.reason, i.net_cents, i.vat_cents, i.total_cents,
         i.vat, i.seller, i.buyer,
         coalesce((SELECT sum(amount_cents) FROM payments WHERE invoice_id = i.id), 0) AS paid_cents,
         o.number AS credits_number, o.issued_on AS credits_issued_on,
         c.id AS credited_by_id, c.number AS credited_by_number, c.issued_on AS credited_by_issued_on,
         dd.mandate_id AS dd_mandate_id, dd.mandate_reference AS dd_mandate_reference, dd.iban AS dd_iban,
         dd.creditor_id AS dd_creditor_id, dd.collect_on AS dd_collect_on
  FROM invoices i
  JOIN partners p ON p.id = i.partner_id
  LEFT JOIN invoices o ON o.id = i.credits_id
  LEFT JOIN invoices c ON c.credits_id = i.id
  LEFT JOIN invoice_direct_debits dd ON dd.invoice_id = i.id`;

function toLine(r: LineRow): InvoiceLine {
  return {
    position: r.position,
    description: r.description,
    basis: r.basis,
    sector: r.sector,
    category: r.category,
    quantity: r.quantity,
    unitPriceCents: r.unit_price_cents,
    amountCents: r.amount_cents,
    countDate: r.count_date,
    sources: r.sources === null ? null : JSON.parse(r.sources),
  };
}

function toInvoice(r: InvoiceRow, lines: InvoiceLine[]): Invoice {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    schoolYear: r.school_year,
    partnerId: r.partner_id,
    partner: r.partner,
    number: r.number,
    issuedOn: r.issued_on,
    dueOn: r.due_on,
    netCents: r.net_cents,
    vatCents: r.vat_cents,
    totalCents: r.total_cents,
    vat: r.vat === null ? null : (JSON.parse(r.vat) as VatApplied),
    seller: r.seller === null ? null : (JSON.parse(r.seller) as Issuer),
    buyer: r.buyer === null ? null : (JSON.parse(r.buyer) as Buyer),
    paymentTermDays: r.payment_term_days,
    credits:
      r.credits_id === null
        ? null
        : { id: r.credits_id, number: r.credits_number!, issuedOn: r.credits_issued_on! },
    creditedBy:
      r.credited_by_id === null
        ? null
        : { id: r.credited_by_id, number: r.credited_by_number!, issuedOn: r.credited_by_issued_on! },
    reason: r.reason,
    paidCents: r.paid_cents,
    lines,
    directDebit:
      r.dd_mandate_id === null
        ? null
        : {
            mandateId: r.dd_mandate_id,
            mandateReference: r.dd_mandate_reference!,
            iban: r.dd_iban!,
            creditorId: r.dd_creditor_id!,
            collectOn: r.dd_collect_on!,
          },
  };
}

function withLines(db: Db, rows: InvoiceRow[]): Invoice[] {
  if (rows.length === 0) return [];
  const byId = new Map<number, InvoiceLine[]>(rows.map((r) => [r.id, []]));
  // one query for all lines (the ids are integers from the database itself)
  const lines = db
    .prepare(
      `SELECT * FROM invoice_lines WHERE invoice_id IN (${rows.map((r) => r.id).join(',')}) ORDER BY invoice_id, position`,
    )
    .all() as LineRow[];
  for (const l of lines) byId.get(l.invoice_id)?.push(toLine(l));
  return rows.map((r) => toInvoice(r, byId.get(r.id)!));
}

export interface InvoiceFilter {
  year?: string | undefined;
  kind?: InvoiceKind | undefined;
  status?: 'draft' | 'issued' | undefined;
  partnerId?: number | undefined;
  ids?: number[] | undefined;
}

export function findInvoices(db: Db, f: InvoiceFilter = {}): Invoice[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.year) {
    where.push('i.school_year = ?');
    args.push(f.year);
  }
  if (f.kind) {
    where.push('i.kind = ?');
    args.push(f.kind);
  }
  if (f.status) {
    where.push('i.status = ?');
    args.push(f.status);
  }
  if (f.partnerId !== undefined) {
    where.push('i.partner_id = ?');
    args.push(f.partnerId);
  }
  if (f.ids) where.push(`i.id IN (${f.ids.map(Number).join(',') || 'NULL'})`);
  const sql = `${SELECT_INVOICE} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY i.status DESC, CASE i.kind WHEN 'invoice' THEN 0 ELSE 1 END, i.series_year, i.seq, p.code`;
  return withLines(db, db.prepare(sql).all(...args) as InvoiceRow[]);
}

export function invoiceByNumber(db: Db, number: string): Invoice | undefined {
  const row = db.prepare(`${SELECT_INVOICE} WHERE i.number = ? COLLATE NOCASE`).get(number) as
    InvoiceRow | undefined;
  return row ? withLines(db, [row])[0] : undefined;
}

export function invoiceById(db: Db, id: number): Invoice | undefined {
  const row = db.prepare(`${SELECT_INVOICE} WHERE i.id = ?`).get(id) as InvoiceRow | undefined;
  return row ? withLines(db, [row])[0] : undefined;
}

/** Inserts a draft and its lines; returns its id. */
export function insertDraft(
  db: Db,
  d: Draft,
  kind: InvoiceKind = 'invoice',
  extra: { creditsId?: number; reason?: string; vatCents?: number } = {},
): number {
  const vatCents = extra.vatCents ?? 0;
  const info = db
    .prepare(
      `INSERT INTO invoices (kind, status, school_year, partner_id, credits_id, reason, net_cents, vat_cents,
         total_cents, created_at)
       VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      kind,
      d.schoolYear,
      d.partnerId,
      extra.creditsId ?? null,
      extra.reason ?? null,
      d.netCents,
      vatCents,
      d.netCents + vatCents,
      new Date().toISOString(),
    );
  const id = Number(info.lastInsertRowid);
  const line = db.prepare(
    `INSERT INTO invoice_lines (invoice_id, position, description, basis, sector, category, quantity,
       unit_price_cents, amount_cents, count_date, sources)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const l of d.lines) {
    line.run(
      id,
      l.position,
      l.description,
      l.basis,
      l.sector,
      l.category,
      l.quantity,
      l.unitPriceCents,
      l.amountCents,
      l.countDate,
      l.sources === null || l.sources === undefined ? null : JSON.stringify(l.sources),
    );
  }
  return id;
}

export function deleteDraft(db: Db, id: number): void {
  db.prepare("DELETE FROM invoices WHERE id = ? AND status = 'draft'").run(id);
}

/** Advances the counter of a series and returns the new sequence number. */
/** The number a series' counter would give next, without moving it. */
export function peekSeq(db: Db, series: InvoiceKind, year: number, startNumber: number): number {
  const row = db
    .prepare('SELECT last_seq FROM number_series WHERE series = ? AND year = ?')
    .get(series, year) as { last_seq: number } | undefined;
  if (row) return row.last_seq + 1;
  // the starting number applies to the first counter of a series only (continuing a series
  // begun elsewhere); a new year of a yearly-reset series starts at 1
  return seriesStarted(db, series) ? 1 : startNumber;
}

/** Moves a series' counter one number on and returns that number. */
export function nextSeq(db: Db, series: InvoiceKind, year: number, startNumber: number): number {
  const seq = peekSeq(db, series, year, startNumber);
  if (!db.prepare('SELECT 1 FROM number_series WHERE series = ? AND year = ?').get(series, year)) {
    db.prepare('INSERT INTO number_series (series, year, last_seq) VALUES (?, ?, ?)').run(series, year, seq);
  } else {
    db.prepare('UPDATE number_series SET last_seq = last_seq + 1 WHERE series = ? AND year = ?').run(
      series,
      year,
    );
  }
  return seq;
}

/** Of these numbers, the ones an invoice or credit note already carries, or a restore lost. */
export function takenNumbers(db: Db, numbers: readonly string[]): string[] {
  const stmt = db
    .prepare(
      "SELECT 1 FROM invoices WHERE number = @n UNION ALL SELECT 1 FROM document_chain WHERE entry = 'lost' AND number = @n",
    )
    .pluck();
  return numbers.filter((n) => stmt.get({ n }) !== undefined);
}

export interface IssueFields {
  number: string;
  seriesYear: number;
  seq: number;
  issuedOn: string;
  dueOn: string;
  paymentTermDays: number;
  vatCents: number;
  vat: VatApplied;
  seller: Issuer;
  buyer: Buyer;
}

export function markIssued(db: Db, id: number, f: IssueFields): void {
  db.prepare(
    `UPDATE invoices SET status = 'issued', number = ?, series_year = ?, seq = ?, issued_on = ?, due_on = ?,
       payment_term_days = ?, vat_cents = ?, total_cents = net_cents + ?, vat = ?, seller = ?, buyer = ?
     WHERE id = ? AND status = 'draft'`,
  ).run(
    f.number,
    f.seriesYear,
    f.seq,
    f.issuedOn,
    f.dueOn,
    f.paymentTermDays,
    f.vatCents,
    f.vatCents,
    JSON.stringify(f.vat),
    JSON.stringify(f.seller),
    JSON.stringify(f.buyer),
    id,
  );
}

/** The last issue date of a series counter (issue dates must not go back in a series). */
/** The latest issue date in a series (invoices or credit notes), over all its counter years. */
export function lastIssueDate(db: Db, kind: InvoiceKind): string | null {
  const row = db
    .prepare("SELECT max(issued_on) AS d FROM invoices WHERE kind = ? AND status = 'issued'")
    .get(kind) as { d: string | null };
  return row.d;
}

/** Whether a series (invoices or credit notes) has given any number. */
export function seriesStarted(db: Db, kind: InvoiceKind): boolean {
  return db.prepare('SELECT 1 FROM number_series WHERE series = ? LIMIT 1').get(kind) !== undefined;
}

/** The counters of every series: the last number given per series and counter year. */
export function seriesCounters(db: Db): { kind: InvoiceKind; seriesYear: number; lastSeq: number }[] {
  return db
    .prepare(
      'SELECT series AS kind, year AS seriesYear, last_seq AS lastSeq FROM number_series ORDER BY series, year',
    )
    .all() as { kind: InvoiceKind; seriesYear: number; lastSeq: number }[];
}

/** The buyer as the partner registry has it now. */
export function buyerOf(db: Db, partnerId: number): Buyer | undefined {
  const r = db
    .prepare(
      `SELECT code, name, street, postal_code, city, invoice_street, invoice_postal_code, invoice_city, kvk, oin,
              contact_name, contact_email, invoice_email, buyer_reference
       FROM partners WHERE id = ?`,
    )
    .get(partnerId) as Record<string, string | null> | undefined;
  if (!r) return undefined;
  // the invoice address when the partner gave one, else the visiting address
  const useInvoice = !!(r.invoice_street || r.invoice_postal_code || r.invoice_city);
  return {
    code: r.code!,
    name: r.name!,
    street: (useInvoice ? r.invoice_street : r.street) ?? null,
    postal_code: (useInvoice ? r.invoice_postal_code : r.postal_code) ?? null,
    city: (useInvoice ? r.invoice_city : r.city) ?? null,
    country: 'NL',
    kvk: r.kvk ?? null,
    oin: r.oin ?? null,
    contact_name: r.contact_name ?? null,
    email: r.invoice_email ?? r.contact_email ?? null,
    buyer_reference: r.buyer_reference ?? null,
  };
}

export interface PaymentRow {
  id: number;
  invoice_id: number;
  number: string;
  amount_cents: number;
  paid_on: string;
  source: 'manual' | 'bank';
  description: string | null;
  counterparty: string | null;
}

export function insertPayment(
  db: Db,
  p: {
    invoiceId: number;
    amountCents: number;
    paidOn: string;
    source: 'manual' | 'bank';
    description?: string | null;
    counterparty?: string | null;
    counterpartyIban?: string | null;
    bankReference?: string | null;
    fingerprint?: string | null;
    importId?: number | null;
  },
): number {
  const info = db
    .prepare(
      `INSERT INTO payments (invoice_id, amount_cents, paid_on, source, description, counterparty, counterparty_iban,
         bank_reference, fingerprint, import_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      p.invoiceId,
      p.amountCents,
      p.paidOn,
      p.source,
      p.description ?? null,
      p.counterparty ?? null,
      p.counterpartyIban ?? null,
      p.bankReference ?? null,
      p.fingerprint ?? null,
      p.importId ?? null,
      new Date().toISOString(),
    );
  return Number(info.lastInsertRowid);
}

export function paymentExists(db: Db, fingerprint: string): boolean {
  return !!db.prepare('SELECT 1 FROM payments WHERE fingerprint = ?').get(fingerprint);
}

export function paymentsOf(db: Db, invoiceId: number): PaymentRow[] {
  return db
    .prepare(
      `SELECT p.id, p.invoice_id, i.number, p.amount_cents, p.paid_on, p.source, p.description, p.counterparty
       FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.invoice_id = ? ORDER BY p.paid_on, p.id`,
    )
    .all(invoiceId) as PaymentRow[];
}

export function reminderLevel(db: Db, invoiceId: number): number {
  const r = db
    .prepare('SELECT max(level) AS l FROM invoice_reminders WHERE invoice_id = ?')
    .get(invoiceId) as {
    l: number | null;
  };
  return r.l ?? 0;
}

export function insertReminder(
  db: Db,
  invoiceId: number,
  level: number,
  sentOn: string,
  openCents: number,
): number {
  const info = db
    .prepare(
      'INSERT INTO invoice_reminders (invoice_id, level, sent_on, open_cents, created_at) VALUES (?, ?, ?, ?, ?)',
    )
    .run(invoiceId, level, sentOn, openCents, new Date().toISOString());
  return Number(info.lastInsertRowid);
}

/** Sequence numbers per series counter, for the gap check. */
export function issuedSequences(db: Db): { kind: InvoiceKind; seriesYear: number; seqs: number[] }[] {
  const rows = db
    .prepare(
      "SELECT kind, series_year, seq FROM invoices WHERE status = 'issued' ORDER BY kind, series_year, seq",
    )
    .all() as { kind: InvoiceKind; series_year: number; seq: number }[];
  const out = new Map<string, { kind: InvoiceKind; seriesYear: number; seqs: number[] }>();
  for (const r of rows) {
    const k = `${r.kind}/${r.series_year}`;
    if (!out.has(k)) out.set(k, { kind: r.kind, seriesYear: r.series_year, seqs: [] });
    out.get(k)!.seqs.push(r.seq);
  }
  return [...out.values()];
}

/** The school years that have invoices (kind invoice) of this status. */
export function yearsWithInvoices(db: Db, status: 'draft' | 'issued'): string[] {
  return db
    .prepare("SELECT DISTINCT school_year FROM invoices WHERE kind = 'invoice' AND status = ? ORDER BY 1")
    .pluck()
    .all(status) as string[];
}
