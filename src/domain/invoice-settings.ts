// The invoice settings as data (stored in the `settings` table, seeded from data/reference.json):
// the issuer, the payment term, the number series, the VAT treatment and the printed texts.
// Their shapes, and the checks that keep a bad IBAN or an empty name off an invoice.

import { electronicFormatIBAN } from 'ibantools';
import type { Problem } from './errors.js';
import {
  bic as bicField,
  countryCode,
  emailAddress,
  iban as ibanField,
  kvkNumber,
  oinNumber,
  phoneNumber,
  postalCode,
  text as textField,
  vatNumber,
  website,
  type FieldResult,
} from './fields.js';

/** The party that sends the invoices (SWV VO 2801 administers LATO's money). */
export interface Issuer {
  name: string;
  street: string;
  postal_code: string;
  city: string;
  /** ISO 3166-1 alpha-2, `NL` */
  country: string;
  /** Kamer van Koophandel number, 8 digits */
  kvk?: string;
  /** Organisatie-identificatienummer (public bodies), 20 digits */
  oin?: string;
  /** btw-identificatienummer, needed when VAT is charged or exempt (not for outside-scope fees) */
  vat_number?: string;
  iban: string;
  bic?: string;
  contact_name?: string;
  email: string;
  phone?: string;
  website?: string;
}

/** A number series: `{prefix}-{year}-{number}` → `LATO-2019-0001`. */
export interface NumberSeries {
  prefix: string;
  /** placeholders {prefix}, {year} and {number} (required) */
  format: string;
  /** digits of {number}, zero-padded */
  padding: number;
  /** numbering restarts every calendar year (of the issue date) */
  yearly_reset: boolean;
  /** the first number this database gives in a series (to continue a series begun elsewhere) */
  start_number: number;
}

export type VatTreatment = 'outside_scope' | 'exempt' | 'standard';

export interface VatSettings {
  /** a tax adviser's decision; default: outside the scope of VAT */
  treatment: VatTreatment;
  /** percent for `standard`, as text: "21", "9" */
  rate: string;
  /** the legal ground printed for `exempt` */
  exempt_reference: string;
  /** the wording printed on the invoice; {reference} and {rate} are filled in */
  texts: Record<VatTreatment, string>;
}

export interface InvoicingSettings {
  payment_term_days: number;
  /** EN 16931 specification identifier for the UBL files: the Dutch NLCIUS or plain Peppol BIS */
  ubl_customization: 'nlcius' | 'peppol';
}

/** Texts on the documents, with placeholders; Dutch. */
export interface InvoiceTexts {
  subject: string;
  line_pupil: string;
  line_place: string;
  line_fixed: string;
  pro_rata: string;
  category_labels: Record<string, string>;
  payment: string;
  credit_payment: string;
  reminder: string;
  /** the payment text of an invoice collected by direct debit */
  direct_debit: string;
}

export interface InvoiceSettings {
  issuer: Issuer | undefined;
  invoicing: InvoicingSettings;
  invoiceSeries: NumberSeries;
  creditSeries: NumberSeries;
  vat: VatSettings;
  texts: InvoiceTexts;
}

/** The settings keys, as `lato settings list` shows them. */
export const INVOICE_SETTING_KEYS = [
  'issuer',
  'invoicing',
  'invoice_series',
  'credit_note_series',
  'vat',
  'invoice_texts',
] as const;

const str = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** The validator of each issuer field (domain/fields.ts): what `settings set issuer.X` stores. */
const ISSUER_FIELDS: Record<keyof Issuer, (raw: string) => FieldResult> = {
  name: (r) => textField(r, 'name', 'the issuer name'),
  street: (r) => textField(r, 'line', 'the street'),
  postal_code: postalCode,
  city: (r) => textField(r, 'line', 'the city'),
  country: countryCode,
  kvk: kvkNumber,
  oin: oinNumber,
  vat_number: vatNumber,
  iban: ibanField,
  bic: bicField,
  contact_name: (r) => textField(r, 'line', 'the contact name'),
  email: emailAddress,
  phone: phoneNumber,
  website,
};

/**
 * One issuer field as typed (a number counts as its digits): the value to store, or what is wrong
 * with it; undefined for a field the issuer does not have. Empty text clears the field.
 */
export function issuerField(key: string, raw: unknown): FieldResult | undefined {
  if (!Object.hasOwn(ISSUER_FIELDS, key)) return undefined;
  if (typeof raw === 'number') raw = String(raw);
  if (typeof raw !== 'string')
    return { ok: false, error: `issuer.${key} must be text, got ${JSON.stringify(raw)}` };
  if (raw.trim() === '') return { ok: true, value: '' };
  return ISSUER_FIELDS[key as keyof Issuer](raw);
}

/** Everything wrong with the issuer, each with the setting to fix. Empty when it can issue. */
export function checkIssuer(given: Partial<Issuer> | undefined): Problem[] {
  if (!given || typeof given !== 'object') {
    return [
      {
        message: 'the issuer (name, address, KvK, IBAN, e-mail) is not set',
        hint: 'set it with `lato settings set issuer.name "..."` and the other issuer.* keys, or `lato import settings FILE.json`',
      },
    ];
  }
  // numbers (as an older lato stored `settings set issuer.kvk 12345678`) count as their digits
  const issuer = Object.fromEntries(
    Object.entries(given).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]),
  ) as Partial<Issuer>;
  const problems: Problem[] = [];
  const need = (key: keyof Issuer, what: string) => {
    if (!str(issuer[key])) {
      problems.push({
        column: `issuer.${key}`,
        message: `${what} is missing`,
        hint: `lato settings set issuer.${key} VALUE`,
      });
    }
  };
  need('name', 'the issuer name');
  need('street', 'the street and number');
  need('postal_code', 'the postal code');
  need('city', 'the city');
  need('email', 'the e-mail address');
  need('iban', 'the IBAN');
  if (!str(issuer.country)) {
    problems.push({ column: 'issuer.country', message: 'the country is missing', hint: 'NL' });
  }
  if (!str(issuer.kvk) && !str(issuer.oin)) {
    problems.push({
      column: 'issuer.kvk',
      message: 'the KvK number is missing (a Dutch invoice must carry it; a public body may give its OIN)',
      hint: 'lato settings set issuer.kvk 12345678',
    });
  }
  for (const [key, value] of Object.entries(issuer)) {
    if (value === undefined || value === '') continue;
    // a foreign issuer's postal code is not Dutch
    if (key === 'postal_code' && issuer.country !== undefined && issuer.country !== 'NL') {
      const r = textField(String(value), 'line', 'the postal code');
      if (!r.ok) problems.push({ column: 'issuer.postal_code', message: r.error });
      continue;
    }
    const r = issuerField(key, value);
    if (r && !r.ok) problems.push({ column: `issuer.${key}`, message: r.error });
  }
  return problems;
}

export function checkSeries(s: NumberSeries, key: string): Problem[] {
  const problems: Problem[] = [];
  if (typeof s.prefix !== 'string' || !/^[A-Za-z0-9._/-]*$/.test(s.prefix)) {
    problems.push({
      column: `${key}.prefix`,
      message: `"${String(s.prefix)}" may hold letters, digits and . _ / - only`,
    });
  }
  if (typeof s.format !== 'string' || !s.format.includes('{number}')) {
    problems.push({ column: `${key}.format`, message: 'the format must contain {number}' });
  } else if (/\{(?!prefix\}|year\}|number\})[^}]*\}/.test(s.format)) {
    problems.push({
      column: `${key}.format`,
      message: `"${s.format}" has a placeholder other than {prefix}, {year}, {number}`,
    });
  }
  if (
    s.yearly_reset === true &&
    typeof s.format === 'string' &&
    s.format.includes('{number}') &&
    !s.format.includes('{year}')
  ) {
    problems.push({
      column: `${key}.format`,
      message: `"${s.format}" has no {year}, but the numbering restarts every year (yearly_reset): next year's numbers would repeat this year's`,
      hint: `put {year} in the format, like "{prefix}-{year}-{number}", or set ${key}.yearly_reset false`,
    });
  }
  if (!Number.isInteger(s.padding) || s.padding < 1 || s.padding > 10) {
    problems.push({ column: `${key}.padding`, message: 'the padding must be a whole number from 1 to 10' });
  }
  if (!Number.isInteger(s.start_number) || s.start_number < 1) {
    problems.push({ column: `${key}.start_number`, message: 'the starting number must be 1 or more' });
  }
  if (typeof s.yearly_reset !== 'boolean') {
    problems.push({ column: `${key}.yearly_reset`, message: 'yearly_reset must be true or false' });
  }
  return problems;
}

/** Parses a VAT percentage ("21", "9", "21,5") into basis points (2100). */
export function parseVatRate(raw: string | number): number | null {
  const s = String(raw).trim().replace(',', '.').replace(/%$/, '');
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(s)) return null;
  const [i, f = ''] = s.split('.');
  return Number(i) * 100 + Number((f + '00').slice(0, 2));
}

export function checkVat(v: VatSettings): Problem[] {
  const problems: Problem[] = [];
  if (!['outside_scope', 'exempt', 'standard'].includes(v.treatment)) {
    problems.push({
      column: 'vat.treatment',
      message: `"${String(v.treatment)}" is not a VAT treatment`,
      hint: 'outside_scope, exempt or standard',
    });
  }
  if (v.treatment === 'standard') {
    const bp = parseVatRate(v.rate);
    if (bp === null || bp <= 0) {
      problems.push({
        column: 'vat.rate',
        message: `"${String(v.rate)}" is not a VAT percentage above 0`,
        hint: 'lato settings set vat.rate 21',
      });
    }
  }
  if (v.treatment === 'exempt' && !str(v.exempt_reference)) {
    problems.push({
      column: 'vat.exempt_reference',
      message: 'an exemption needs its legal ground printed on the invoice',
      hint: 'lato settings set vat.exempt_reference "artikel 11, eerste lid, onderdeel ..., Wet OB 1968"',
    });
  }
  for (const t of ['outside_scope', 'exempt', 'standard'] as const) {
    if (!str(v.texts?.[t]))
      problems.push({ column: `vat.texts.${t}`, message: 'the printed VAT wording is empty' });
  }
  return problems;
}

/** A series' numbers with the prefix filled in and {year}/{number} left open: two series whose
 * patterns are equal give the same numbers. */
function seriesPattern(s: NumberSeries): string {
  return String(s.format).replace(/\{prefix\}/g, String(s.prefix));
}

/** Checks everything an issue needs; the issuer's VAT number when VAT applies (BR-S-02, BR-E-02). */
export function checkForIssue(s: InvoiceSettings): Problem[] {
  const problems = [
    ...checkIssuer(s.issuer),
    ...checkSeries(s.invoiceSeries, 'invoice_series'),
    ...checkSeries(s.creditSeries, 'credit_note_series'),
    ...checkVat(s.vat),
  ];
  if (s.vat.treatment !== 'outside_scope' && s.issuer && !str(s.issuer.vat_number)) {
    problems.push({
      column: 'issuer.vat_number',
      message: `with VAT treatment "${s.vat.treatment}" the invoice must carry the issuer's VAT number`,
      hint: 'lato settings set issuer.vat_number NL...B01',
    });
  }
  if (seriesPattern(s.invoiceSeries) === seriesPattern(s.creditSeries)) {
    problems.push({
      column: 'credit_note_series.prefix',
      message:
        'invoices and credit notes need different prefixes (or formats), or their numbers would collide',
    });
  }
  if (!Number.isInteger(s.invoicing.payment_term_days) || s.invoicing.payment_term_days < 0) {
    problems.push({
      column: 'invoicing.payment_term_days',
      message: 'the payment term must be a whole number of days',
    });
  }
  return problems;
}

/** `NL91ABNA0417164300` → `NL91 ABNA 0417 1643 00` */
export function formatIban(iban: string): string {
  const e = electronicFormatIBAN(iban) ?? iban;
  return e.replace(/(.{4})(?=.)/g, '$1 ');
}

export function normaliseIban(iban: string): string {
  return electronicFormatIBAN(iban) ?? iban.replace(/\s+/g, '').toUpperCase();
}
