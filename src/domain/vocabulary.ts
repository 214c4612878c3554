// One vocabulary: the words users read and type for lato's internal values. Internally (database,
// code) values are short English identifiers; what people see (tables, JSON values where named
// below, Dutch documents and CSVs) uses these words. Pure data.

import type { Membership } from './partner.js';

/** Membership as the network names it, and as users type it (`--membership uitgebreid`). */
export const MEMBERSHIP_WORD: Readonly<Record<Membership, string>> = {
  covenant: 'convenant',
  basis: 'basis',
  extended: 'uitgebreid',
  funder: 'financier',
  none: 'geen',
};

/** The Dutch word of a membership; an unknown value is shown as it is. */
export function membershipWord(m: string | null | undefined): string {
  if (m === null || m === undefined) return '';
  return (MEMBERSHIP_WORD as Record<string, string>)[m] ?? m;
}

/** Invoice statuses in Dutch documents and CSVs. */
export const INVOICE_STATUS_WORD: Readonly<Record<string, string>> = {
  draft: 'concept',
  issued: 'openstaand',
  open: 'openstaand',
  partially_paid: 'deels betaald',
  paid: 'betaald',
  overdue: 'vervallen',
  credited: 'gecrediteerd',
  credit_note: 'creditnota',
};

/** Kinds of document in Dutch. */
export const DOCUMENT_KIND_WORD = {
  invoice: 'factuur',
  credit_note: 'creditnota',
  reminder: 'herinnering',
} as const satisfies Readonly<Record<string, string>>;

/** The basis of a fee in Dutch. */
export const BASIS_WORD: Readonly<Record<string, string>> = {
  pupil: 'per leerling',
  place: 'per kindplaats',
  fixed: 'vast bedrag',
};

/** Why a fee line has no amount, in Dutch. */
export const FEE_STATUS_WORD: Readonly<Record<string, string>> = {
  ok: 'ok',
  no_rate: 'geen tarief',
  pm_rate: 'tarief PM',
  missing_count: 'telling ontbreekt',
  masked_count: 'telling afgeschermd',
  too_large: 'bedrag te groot',
};

/** A word from one of the tables above, or the value itself when the table does not know it. */
export function wordOf(table: Readonly<Record<string, string>>, value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return table[value] ?? value;
}

/**
 * JSON fields whose values are shown in the users' words (the values users type), by field name.
 * Other values (statuses scripts filter on, codes) stay as they are.
 */
export const JSON_VALUE_WORDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  membership: MEMBERSHIP_WORD,
  recorded_membership: MEMBERSHIP_WORD,
};
