// Invoices (facturen) and credit notes (creditnota's): drafts built from the computed fees, the
// VAT treatment, totals and payment state. Pure: the database keeps them, the renderers print them.

import type { Issuer, InvoiceTexts, VatSettings, VatTreatment } from './invoice-settings.js';
import { parseVatRate } from './invoice-settings.js';
import { formatDecimal, formatEuro, formatInteger, mulDivRound, sumCents } from './money.js';
import { addDays, daysBetween } from './dates.js';
import type { InvoiceDirectDebit } from './direct-debit.js';

export type InvoiceKind = 'invoice' | 'credit_note';
export type Basis = 'pupil' | 'place' | 'fixed';

/**
 * The part of a fee line (src/app/fees.ts, `FeeLine`) an invoice is made of. `amountCents` null:
 * the fee cannot be computed (a missing count, or a PM rate), so the partner gets no invoice.
 */
export interface FeeLineInput {
  partnerId: number;
  partner: string;
  name: string;
  sector: string;
  membership?: string;
  category: string;
  basis: Basis;
  quantity: number | null;
  rateCents: number | null;
  amountCents: number | null;
  pm: boolean;
  status?: string;
  countDate?: string | null;
  /** months billed, when the fee is pro rata */
  months?: number;
  sources?: unknown;
}

export interface InvoiceLine {
  position: number;
  description: string;
  basis: Basis;
  sector: string;
  category: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
  countDate: string | null;
  sources: unknown;
}

export interface Draft {
  partnerId: number;
  partner: string;
  name: string;
  schoolYear: string;
  lines: InvoiceLine[];
  netCents: number;
}

export interface NotInvoiced {
  partner: string;
  name: string;
  reason: string;
}

/** The buyer as printed on the invoice: a snapshot taken at issue. */
export interface Buyer {
  code: string;
  name: string;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  country: string;
  kvk: string | null;
  oin: string | null;
  contact_name: string | null;
  email: string | null;
  buyer_reference: string | null;
}

/** The VAT as applied at issue: treatment, rate, the printed text, and its EN 16931 category. */
export interface VatApplied {
  treatment: VatTreatment;
  /** basis points (2100 = 21 %); null outside the scope of VAT */
  rate_bp: number | null;
  /** UNCL5305 category: O (not subject to VAT), E (exempt), S (standard rate) */
  category: 'O' | 'E' | 'S';
  text: string;
}

export interface Invoice {
  id: number;
  kind: InvoiceKind;
  status: 'draft' | 'issued';
  schoolYear: string;
  partnerId: number;
  partner: string;
  number: string | null;
  issuedOn: string | null;
  dueOn: string | null;
  netCents: number;
  vatCents: number;
  totalCents: number;
  vat: VatApplied | null;
  seller: Issuer | null;
  buyer: Buyer | null;
  paymentTermDays: number | null;
  /** for a credit note: the invoice it cancels */
  credits: { id: number; number: string; issuedOn: string } | null;
  /** for an invoice: the credit note that cancelled it */
  creditedBy: { id: number; number: string; issuedOn: string } | null;
  reason: string | null;
  paidCents: number;
  lines: InvoiceLine[];
  /** the SEPA direct debit the invoice announces (collected from the partner's account), if any */
  directDebit?: InvoiceDirectDebit | null;
}

/** A line's text, such as "Abonnementsgeld De Leidse Aanpak 2019-2020: 1.234 leerlingen PO à € 2,50". */
export function lineDescription(texts: InvoiceTexts, year: string, f: FeeLineInput): string {
  const template =
    f.basis === 'pupil' ? texts.line_pupil : f.basis === 'place' ? texts.line_place : texts.line_fixed;
  return fill(template, {
    subject: texts.subject,
    year,
    quantity: f.quantity === null ? '' : formatInteger(f.quantity),
    sector: f.sector,
    rate: formatEuro(f.rateCents),
    category: texts.category_labels[f.category] ?? texts.category_labels[f.sector] ?? f.category,
  });
}

/** Fills `{name}` placeholders; unknown ones stay as written. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-z_]+)\}/g, (m, k: string) => values[k] ?? m);
}

/**
 * One draft per partner from the fee lines of a school year. A partner with any line that has no
 * amount (missing count, PM rate) gets no draft and is listed with the reason, as is a partner
 * whose fee is € 0,00.
 */
export function buildDrafts(
  year: string,
  fees: readonly FeeLineInput[],
  texts: InvoiceTexts,
): { drafts: Draft[]; notInvoiced: NotInvoiced[] } {
  const byPartner = new Map<number, FeeLineInput[]>();
  for (const f of fees) {
    const list = byPartner.get(f.partnerId) ?? [];
    list.push(f);
    byPartner.set(f.partnerId, list);
  }
  const drafts: Draft[] = [];
  const notInvoiced: NotInvoiced[] = [];
  for (const lines of byPartner.values()) {
    const first = lines[0]!;
    const missing = lines.filter((l) => l.amountCents === null);
    if (missing.length > 0) {
      notInvoiced.push({
        partner: first.partner,
        name: first.name,
        reason: missing.map(whyNoAmount).join('; '),
      });
      continue;
    }
    const invoiceLines = lines
      .filter((f) => f.amountCents !== 0)
      .map((f, i) => toInvoiceLine(f, i + 1, year, texts));
    const net = sumCents(invoiceLines.map((l) => l.amountCents))!;
    if (net <= 0) {
      notInvoiced.push({
        partner: first.partner,
        name: first.name,
        reason: 'the fee is € 0,00: nothing to invoice',
      });
      continue;
    }
    drafts.push({
      partnerId: first.partnerId,
      partner: first.partner,
      name: first.name,
      schoolYear: year,
      lines: invoiceLines,
      netCents: net,
    });
  }
  drafts.sort((a, b) => a.partner.localeCompare(b.partner));
  notInvoiced.sort((a, b) => a.partner.localeCompare(b.partner));
  return { drafts, notInvoiced };
}

function whyNoAmount(f: FeeLineInput): string {
  const unit = f.basis === 'place' ? 'childcare-place' : 'pupil';
  switch (f.status) {
    case 'pm_rate':
      return `the ${f.category} rate is PM (not yet set)`;
    case 'no_rate':
      return `there is no ${f.category} rate for the year`;
    case 'missing_count':
      return `no ${unit} count for the year`;
    case 'masked_count':
      return `the ${unit} count is masked in the source (like <5)`;
    case 'too_large':
      return `the fee would be above the largest amount lato takes; check the counts and the rate`;
    default:
      return f.status ? `no amount (${f.status})` : 'no amount could be computed';
  }
}

function toInvoiceLine(f: FeeLineInput, position: number, year: string, texts: InvoiceTexts): InvoiceLine {
  const amount = f.amountCents!;
  const quantity = f.quantity ?? 1;
  const rate = f.rateCents ?? amount;
  const exact = quantity * rate === amount;
  // A pro-rata fee (a partner that joined during the year) is one unit at the computed amount, so
  // that quantity × price = amount holds on the invoice and in the e-invoice (PEPPOL-EN16931-R120).
  const description = exact
    ? lineDescription(texts, year, f)
    : `${lineDescription(texts, year, f)} ${fill(texts.pro_rata, { months: String(f.months ?? ''), full: formatEuro(quantity * rate) })}`;
  return {
    position,
    description,
    basis: f.basis,
    sector: f.sector,
    category: f.category,
    quantity: exact ? quantity : 1,
    unitPriceCents: exact ? rate : amount,
    amountCents: amount,
    countDate: f.countDate ?? null,
    sources: f.sources ?? null,
  };
}

/**
 * The VAT of an invoice: one category per invoice, the amount computed once on the taxable total
 * (EN 16931 BR-CO-17: taxable amount × rate / 100, rounded half away from zero to cents).
 */
export function applyVat(netCents: number, v: VatSettings): { vatCents: number; vat: VatApplied } {
  if (v.treatment === 'standard') {
    const bp = parseVatRate(v.rate)!;
    return {
      vatCents: mulDivRound(netCents, bp, 10_000),
      vat: {
        treatment: 'standard',
        rate_bp: bp,
        category: 'S',
        text: fill(v.texts.standard, { rate: formatRate(bp) }),
      },
    };
  }
  if (v.treatment === 'exempt') {
    return {
      vatCents: 0,
      vat: {
        treatment: 'exempt',
        rate_bp: 0,
        category: 'E',
        text: fill(v.texts.exempt, { reference: v.exempt_reference }),
      },
    };
  }
  return {
    vatCents: 0,
    vat: { treatment: 'outside_scope', rate_bp: null, category: 'O', text: v.texts.outside_scope },
  };
}

/** 2100 → "21", 950 → "9,5" (Dutch) */
export function formatRate(bp: number): string {
  return formatDecimal(bp)
    .replace(/,00$/, '')
    .replace(/(,\d)0$/, '$1');
}

export function dueDate(issuedOn: string, termDays: number): string {
  return addDays(issuedOn, termDays);
}

/** What is still to be paid on an invoice (0 once credited: the credit note cancels the claim). */
export function openCents(
  inv: Pick<Invoice, 'kind' | 'totalCents' | 'paidCents' | 'creditedBy' | 'status'>,
): number {
  if (inv.kind !== 'invoice' || inv.status !== 'issued' || inv.creditedBy) return 0;
  return Math.max(0, inv.totalCents - inv.paidCents);
}

/** Status as `invoices list` shows it. */
export type DisplayStatus = 'draft' | 'issued' | 'partially_paid' | 'paid' | 'credited' | 'credit_note';

export function displayStatus(
  inv: Pick<Invoice, 'kind' | 'status' | 'totalCents' | 'paidCents' | 'creditedBy'>,
): DisplayStatus {
  if (inv.status === 'draft') return 'draft';
  if (inv.kind === 'credit_note') return 'credit_note';
  if (inv.creditedBy) return 'credited';
  if (inv.paidCents >= inv.totalCents) return 'paid';
  if (inv.paidCents > 0) return 'partially_paid';
  return 'issued';
}

export function daysOverdue(dueOn: string, asOf: string): number {
  return Math.max(0, daysBetween(dueOn, asOf));
}

/** A credit note's lines: the invoice's lines with opposite amounts. */
export function creditLines(lines: readonly InvoiceLine[]): InvoiceLine[] {
  return lines.map((l) => ({ ...l, amountCents: -l.amountCents }));
}
