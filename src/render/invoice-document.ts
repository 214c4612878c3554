// The data an invoice, credit-note or reminder template receives: every text Dutch and formatted
// here (amounts, dates, IBAN), so that a template only places it. Holds every field a Dutch
// invoice must carry (art. 35a Wet OB 1968, Handelsregisterwet): both parties' names and
// addresses, the issuer's KvK (and VAT number when VAT applies), number, dates, the service and
// its period, amounts, the VAT or the reason for its absence; plus payment term and IBAN.

import { darkRects } from '../domain/qr.js';
import { epcPayload, epcQr } from '../domain/epc-qr.js';
import { formatDateNl } from '../domain/dates.js';
import { fill, formatRate, openCents, type Invoice } from '../domain/invoice.js';
import { formatIban, type Issuer, type InvoiceTexts } from '../domain/invoice-settings.js';
import { maskIban } from '../domain/direct-debit.js';
import { formatEuro, formatInteger } from '../domain/money.js';
import { parseSchoolYear } from '../domain/school-year.js';

export interface DocumentData {
  kind: 'invoice' | 'credit_note' | 'reminder';
  title: string;
  /** the document's number, date and total, for templates that want them directly */
  number: string;
  date: string;
  total: string;
  meta: { title: string; author: string; date: { year: number; month: number; day: number } };
  seller: { name: string; address_lines: string[]; contact_lines: string[] };
  buyer_heading: string;
  buyer: { name: string; address_lines: string[] };
  facts: [string, string][];
  lines: { description: string; quantity: string; unit_price: string; amount: string }[];
  totals: [string, string, boolean?][];
  payment_heading: string;
  payment_text: string;
  payment_facts: [string, string][];
  qr: { size: number; rects: [number, number, number, number][] } | null;
  qr_caption: string;
  notes: string[];
  footer: string[];
  credit?: { heading: string; reason: string };
  reminder?: { salutation: string; body: string };
}

function dateParts(iso: string): { year: number; month: number; day: number } {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

function sellerBlock(s: Issuer): DocumentData['seller'] {
  return {
    name: s.name,
    address_lines: [s.street, `${s.postal_code}  ${s.city}`, s.country === 'NL' ? '' : s.country],
    contact_lines: [
      s.contact_name ?? '',
      s.email,
      s.phone ?? '',
      s.website ?? '',
      s.kvk ? `KvK ${s.kvk}` : '',
      s.oin ? `OIN ${s.oin}` : '',
      s.vat_number ? `Btw-id ${s.vat_number}` : '',
    ].filter((x) => x !== ''),
  };
}

function footer(s: Issuer): string[] {
  return [
    s.name,
    s.kvk ? `KvK ${s.kvk}` : s.oin ? `OIN ${s.oin}` : '',
    `IBAN ${formatIban(s.iban)}`,
    s.email,
  ].filter((x) => x !== '');
}

function buyerBlock(inv: Invoice): DocumentData['buyer'] {
  const b = inv.buyer!;
  return {
    name: b.name,
    address_lines: [
      b.contact_name ? `t.a.v. ${b.contact_name}` : '',
      b.street ?? '',
      [b.postal_code, b.city].filter(Boolean).join('  '),
    ].filter((x) => x !== ''),
  };
}

/** The period of the service (the school year), as `1 aug. 2019 t/m 31 jul. 2020`. */
function period(schoolYear: string): [string, string][] {
  const y = parseSchoolYear(schoolYear);
  if (!y.ok) return [['Schooljaar', schoolYear]];
  const short = (iso: string) => formatDateNl(iso).replace(/ ([a-z]{3})[a-z]* /, ' $1. ');
  return [
    ['Schooljaar', schoolYear],
    ['Periode', `${short(y.year.start)} t/m ${short(y.year.end)}`],
  ];
}

function lineRows(inv: Invoice, sign: 1 | -1 = 1): DocumentData['lines'] {
  return inv.lines.map((l) => ({
    description: l.description,
    quantity: formatInteger(l.quantity),
    unit_price: formatEuro(l.unitPriceCents),
    amount: formatEuro(sign * l.amountCents),
  }));
}

function totalRows(inv: Invoice, totalLabel: string): DocumentData['totals'] {
  const v = inv.vat!;
  const rows: DocumentData['totals'] = [['Subtotaal (excl. btw)', formatEuro(inv.netCents)]];
  if (v.treatment === 'standard') rows.push([`Btw ${formatRate(v.rate_bp!)}%`, formatEuro(inv.vatCents)]);
  else
    rows.push([v.treatment === 'exempt' ? 'Btw (vrijgesteld)' : 'Btw (niet van toepassing)', formatEuro(0)]);
  rows.push([totalLabel, formatEuro(inv.totalCents), true]);
  return rows;
}

/** How a document is built: `qr: false` checks the QR code's payload but does not draw it (the
 * print check before issuing, which would otherwise spend most of its time on QR codes). */
export interface DocumentOptions {
  qr?: boolean;
}

function qrOf(s: Issuer, cents: number, reference: string, opts: DocumentOptions = {}): DocumentData['qr'] {
  if (cents <= 0) return null;
  if (opts.qr === false) {
    epcPayload({ name: s.name, iban: s.iban, bic: s.bic, amountCents: cents, text: reference });
    return null;
  }
  const qr = epcQr({ name: s.name, iban: s.iban, bic: s.bic, amountCents: cents, text: reference });
  return { size: qr.size, rects: darkRects(qr) };
}

function base(
  inv: Invoice,
  title: string,
  dateIso: string,
): Omit<DocumentData, 'lines' | 'totals' | 'payment_text' | 'facts' | 'payment_facts' | 'qr' | 'notes'> {
  const s = inv.seller!;
  return {
    kind: inv.kind,
    title,
    number: inv.number ?? '',
    date: formatDateNl(dateIso),
    total: formatEuro(inv.totalCents),
    meta: { title: `${title} ${inv.number ?? ''}`.trim(), author: s.name, date: dateParts(dateIso) },
    seller: sellerBlock(s),
    buyer_heading: 'Factuuradres',
    buyer: buyerBlock(inv),
    payment_heading: 'Betaling',
    qr_caption: 'Scan met uw bank-app',
    footer: footer(s),
  };
}

function buyerFacts(inv: Invoice): [string, string][] {
  const b = inv.buyer!;
  const facts: [string, string][] = [['Debiteurnummer', b.code]];
  if (b.buyer_reference) facts.push(['Uw referentie', b.buyer_reference]);
  if (b.kvk) facts.push(['Uw KvK-nummer', b.kvk]);
  else if (b.oin) facts.push(['Uw OIN', b.oin]);
  return facts;
}

/** The data of an issued invoice. */
export function invoiceDocument(inv: Invoice, texts: InvoiceTexts, opts: DocumentOptions = {}): DocumentData {
  const number = inv.number!;
  return {
    ...base(inv, 'Factuur', inv.issuedOn!),
    facts: [
      ['Factuurnummer', number],
      ['Factuurdatum', formatDateNl(inv.issuedOn!)],
      ['Vervaldatum', formatDateNl(inv.dueOn!)],
      ...period(inv.schoolYear),
      ...buyerFacts(inv),
    ],
    lines: lineRows(inv),
    totals: totalRows(inv, 'Totaal te betalen'),
    ...(inv.directDebit ? directDebitPayment(inv, texts) : transferPayment(inv, texts, opts)),
    notes: [inv.vat!.text],
  };
}

type Payment = Pick<DocumentData, 'payment_text' | 'payment_facts' | 'qr'>;

function transferPayment(inv: Invoice, texts: InvoiceTexts, opts: DocumentOptions): Payment {
  const s = inv.seller!;
  const number = inv.number!;
  return {
    payment_text: fill(texts.payment, {
      amount: formatEuro(inv.totalCents),
      due_date: formatDateNl(inv.dueOn!),
      iban: formatIban(s.iban),
      name: s.name,
      number,
    }),
    payment_facts: [
      ['Betalingstermijn', `${inv.paymentTermDays} dagen`],
      ['IBAN', formatIban(s.iban) + (s.bic ? ` (BIC ${s.bic})` : '')],
      ['Ten name van', s.name],
      ['Kenmerk', number],
    ],
    qr: qrOf(s, inv.totalCents, number, opts),
  };
}

/** An invoice collected by direct debit: when, from which account (shortened), under which mandate; no QR code. */
function directDebitPayment(inv: Invoice, texts: InvoiceTexts): Payment {
  const dd = inv.directDebit!;
  const values = {
    amount: formatEuro(inv.totalCents),
    date: formatDateNl(dd.collectOn),
    iban: maskIban(dd.iban),
    mandate: dd.mandateReference,
    creditor_id: dd.creditorId,
    name: inv.seller!.name,
    number: inv.number!,
  };
  return {
    payment_text: fill(texts.direct_debit, values),
    payment_facts: [
      ['Betaalwijze', 'Automatische incasso'],
      ['Incassodatum', values.date],
      ['Van rekening', values.iban],
      ['Machtigingskenmerk', values.mandate],
      ['Incassant-ID', values.creditor_id],
      ['Kenmerk', values.number],
    ],
    qr: null,
  };
}

/** The data of an issued credit note. */
export function creditNoteDocument(cn: Invoice, texts: InvoiceTexts): DocumentData {
  const ref = cn.credits!;
  return {
    ...base(cn, 'Creditnota', cn.issuedOn!),
    facts: [
      ['Creditnotanummer', cn.number!],
      ['Datum', formatDateNl(cn.issuedOn!)],
      ['Betreft factuur', ref.number],
      ['Factuurdatum', formatDateNl(ref.issuedOn)],
      ...period(cn.schoolYear),
      ...buyerFacts(cn),
    ],
    credit: {
      heading: `Creditering van factuur ${ref.number} van ${formatDateNl(ref.issuedOn)}`,
      reason: cn.reason ?? '',
    },
    lines: lineRows(cn),
    totals: totalRows(cn, 'Totaal creditnota'),
    payment_heading: 'Verrekening',
    payment_text: fill(texts.credit_payment, {
      invoice: ref.number,
      invoice_date: formatDateNl(ref.issuedOn),
    }),
    payment_facts: [],
    qr: null,
    notes: [cn.vat!.text],
  };
}

/** The data of a payment reminder for an overdue invoice. */
export function reminderDocument(
  inv: Invoice,
  texts: InvoiceTexts,
  r: { date: string; level: number; daysOverdue: number },
  opts: DocumentOptions = {},
): DocumentData {
  const s = inv.seller!;
  const number = inv.number!;
  const open = openCents(inv);
  const title = r.level > 1 ? `${r.level}e betalingsherinnering` : 'Betalingsherinnering';
  return {
    ...base(inv, title, r.date),
    kind: 'reminder',
    total: formatEuro(open),
    meta: { title: `${title} ${number}`, author: s.name, date: dateParts(r.date) },
    facts: [
      ['Datum', formatDateNl(r.date)],
      ['Factuurnummer', number],
      ['Factuurdatum', formatDateNl(inv.issuedOn!)],
      ['Vervaldatum', formatDateNl(inv.dueOn!)],
      ['Dagen over tijd', String(r.daysOverdue)],
      ...buyerFacts(inv),
    ],
    reminder: {
      salutation: inv.buyer!.contact_name ? `Geachte ${inv.buyer!.contact_name},` : 'Geachte heer, mevrouw,',
      body: fill(texts.reminder, {
        number,
        issue_date: formatDateNl(inv.issuedOn!),
        due_date: formatDateNl(inv.dueOn!),
        amount: formatEuro(open),
        iban: formatIban(s.iban),
        name: s.name,
      }),
    },
    lines: lineRows(inv),
    totals: [
      ['Factuurbedrag', formatEuro(inv.totalCents)],
      ['Ontvangen', formatEuro(inv.paidCents)],
      ['Openstaand', formatEuro(open), true],
    ],
    payment_text: `Graag ontvangen wij ${formatEuro(open)} op rekening ${formatIban(s.iban)} ten name van ${s.name}, onder vermelding van ${number}.`,
    payment_facts: [],
    qr: qrOf(s, open, number, opts),
    notes: [inv.vat!.text],
  };
}
