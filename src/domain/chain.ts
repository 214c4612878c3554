// The hash chain over issued documents: each issued invoice, credit note and payment reminder is
// written down as canonical JSON (its number, dates, parties, lines, totals and the sha256 of the
// stored PDF and UBL), hashed, and linked to the entry before it in its series:
//   content_hash = sha256(canonical JSON), hash = sha256(prev_hash + content_hash) (hex text).
// Anyone can check an entry with `sha256sum` and `printf '%s%s' PREV CONTENT | sha256sum`.
// Pure: the hashing itself is in src/app/hash.ts (node:crypto).

import type { Invoice } from './invoice.js';

export type ChainSeries = 'invoice' | 'credit_note' | 'reminder';

/** The prev_hash of the first entry of a series. */
export const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level and no spaces: the same value gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (value === undefined) return 'null';
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('not a finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** The sha256 of the stored documents an entry names (null: none stored, e.g. no valid UBL). */
export interface DocumentHashes {
  pdf: string | null;
  ubl: string | null;
}

/**
 * What the chain records of an issued invoice or credit note: what it says, as issued (the
 * partner by the buyer snapshot's code, since a partner's code may be edited later).
 */
export function invoiceContent(inv: Invoice, docs: DocumentHashes): Record<string, unknown> {
  return {
    kind: inv.kind,
    number: inv.number,
    school_year: inv.schoolYear,
    issued_on: inv.issuedOn,
    due_on: inv.dueOn,
    payment_term_days: inv.paymentTermDays,
    credits: inv.credits?.number ?? null,
    reason: inv.reason,
    seller: inv.seller,
    buyer: inv.buyer,
    vat: inv.vat,
    lines: inv.lines.map((l) => ({
      position: l.position,
      description: l.description,
      basis: l.basis,
      sector: l.sector,
      category: l.category,
      quantity: l.quantity,
      unit_price_cents: l.unitPriceCents,
      amount_cents: l.amountCents,
      count_date: l.countDate,
    })),
    net_cents: inv.netCents,
    vat_cents: inv.vatCents,
    total_cents: inv.totalCents,
    direct_debit: inv.directDebit
      ? {
          mandate_reference: inv.directDebit.mandateReference,
          iban: inv.directDebit.iban,
          creditor_id: inv.directDebit.creditorId,
          collect_on: inv.directDebit.collectOn,
        }
      : null,
    documents: docs,
  };
}

/** What the chain records of a payment reminder. */
export function reminderContent(
  r: { number: string; level: number; sentOn: string; openCents: number },
  docs: DocumentHashes,
): Record<string, unknown> {
  return {
    kind: 'reminder',
    number: r.number,
    level: r.level,
    sent_on: r.sentOn,
    open_cents: r.openCents,
    documents: docs,
  };
}

/** What the chain records of a number a forced restore took back (never to be given again). */
export function lostContent(l: {
  series: 'invoice' | 'credit_note';
  number: string;
  seriesYear: number;
  seq: number;
  contentHash: string | null;
  restoredFrom: string;
  on: string;
}): Record<string, unknown> {
  return {
    kind: 'lost',
    series: l.series,
    number: l.number,
    series_year: l.seriesYear,
    seq: l.seq,
    content_hash: l.contentHash,
    restored_from: l.restoredFrom,
    on: l.on,
  };
}

/** The fields where two canonical contents differ (top-level keys, and buyer.name style). */
export function differences(was: unknown, now: unknown, path = ''): string[] {
  if (canonicalJson(was) === canonicalJson(now)) return [];
  if (
    was &&
    now &&
    typeof was === 'object' &&
    typeof now === 'object' &&
    !Array.isArray(was) &&
    !Array.isArray(now)
  ) {
    const a = was as Record<string, unknown>;
    const b = now as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => differences(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return [path || '(all)'];
}
