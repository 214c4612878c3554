// The bookkeeping export: one row per invoice or credit note (a journal entry: debtor, amount
// excluding VAT, VAT, total), or with --lines one row per invoice line (revenue per sector).
// Written by the shared Dutch Excel writer (src/io/csv-write.ts). Headers are Dutch.

import type { CsvCell } from '../io/csv-write.js';
import type { Invoice } from '../domain/invoice.js';
import { formatRate } from '../domain/invoice.js';
import { DOCUMENT_KIND_WORD } from '../domain/vocabulary.js';

const VAT_NL = { outside_scope: 'buiten reikwijdte btw', exempt: 'vrijgesteld', standard: 'belast' } as const;

export const DOCUMENT_HEADER = [
  'Factuurnummer',
  'Soort',
  'Factuurdatum',
  'Vervaldatum',
  'Schooljaar',
  'Debiteurcode',
  'Debiteur',
  'KvK-nummer',
  'OIN',
  'Bedrag excl. btw',
  'Btw-behandeling',
  'Btw-tarief',
  'Btw-bedrag',
  'Bedrag incl. btw',
  'Betreft factuur',
  'Reden',
  'Betaald',
  'Gecrediteerd door',
];

export function documentRows(docs: readonly Invoice[]): CsvCell[][] {
  return docs.map((d) => [
    d.number,
    DOCUMENT_KIND_WORD[d.kind],
    d.issuedOn,
    d.dueOn,
    d.schoolYear,
    d.buyer!.code,
    d.buyer!.name,
    d.buyer!.kvk,
    d.buyer!.oin,
    { cents: d.netCents },
    VAT_NL[d.vat!.treatment],
    d.vat!.rate_bp === null ? '' : `${formatRate(d.vat!.rate_bp)}%`,
    { cents: d.vatCents },
    { cents: d.totalCents },
    d.credits?.number ?? '',
    d.reason ?? '',
    d.kind === 'invoice' ? { cents: d.paidCents } : '',
    d.creditedBy?.number ?? '',
  ]);
}

export const LINE_HEADER = [
  'Factuurnummer',
  'Soort',
  'Factuurdatum',
  'Schooljaar',
  'Debiteurcode',
  'Debiteur',
  'Regel',
  'Omschrijving',
  'Sector',
  'Categorie',
  'Aantal',
  'Prijs',
  'Bedrag excl. btw',
  'Btw-behandeling',
];

export function lineRows(docs: readonly Invoice[]): CsvCell[][] {
  return docs.flatMap((d) =>
    d.lines.map((l) => [
      d.number,
      DOCUMENT_KIND_WORD[d.kind],
      d.issuedOn,
      d.schoolYear,
      d.buyer!.code,
      d.buyer!.name,
      l.position,
      l.description,
      l.sector,
      l.category,
      l.quantity,
      { cents: l.unitPriceCents },
      { cents: l.amountCents },
      VAT_NL[d.vat!.treatment],
    ]),
  );
}
