// SEPA direct debit (automatische incasso, SDD Core): the creditor identifier (incassant-ID) and its
// check digits, mandates and the sequence type of their next collection, the bank's business days
// (TARGET2), and the settings that hold the rulebook's numbers. Pure: no I/O.

import { electronicFormatIBAN, isSEPACountry, isValidBIC, isValidIBAN } from 'ibantools';
import { addDays, daysBetween, isoDate } from './dates.js';
import type { Problem } from './errors.js';

/** The `direct_debit` setting (data/reference.json). */
export interface DirectDebitSettings {
  /** incassant-ID, `NL..ZZZ............`; empty until set */
  creditor_id: string;
  /** the name on the collections; empty: the issuer's name */
  creditor_name: string;
  /** the collecting account; empty: the issuer's IBAN */
  iban: string;
  /** the collecting bank's BIC; empty: the issuer's BIC, else none (IBAN-only) */
  bic: string;
  /** business days between the day the file is made and the collection date (SDD Core: D-1) */
  lead_business_days: number;
  /** calendar days between the invoice (the pre-notification) and the collection (rulebook: 14) */
  prenotification_days: number;
  /** a mandate not used for this many months has expired (rulebook: 36) */
  expiry_months: number;
  /** IBAN countries whose debtor bank must be named by BIC (SEPA countries outside the EEA) */
  bic_required_countries: string[];
  /** closing days of TARGET2 besides weekends: MM-DD, or good_friday, easter_monday */
  closing_days: string[];
  /** the prefix of the message id of a collection file */
  message_prefix: string;
  /** ISO 20022 return reason codes and what they mean */
  return_reasons: Record<string, string>;
  /** return reasons after which the mandate is probably no good (MD01 no mandate, AC04 closed …) */
  mandate_reasons: string[];
}

export type MandateKind = 'recurring' | 'one_off';
export type MandateStatus = 'active' | 'revoked';
export type SequenceState = 'first' | 'following';
export type SequenceType = 'FRST' | 'RCUR' | 'OOFF' | 'FNAL';

export interface Mandate {
  id: number;
  partnerId: number;
  partner: string;
  partnerName: string;
  reference: string;
  signedOn: string;
  iban: string;
  bic: string | null;
  accountHolder: string | null;
  kind: MandateKind;
  status: MandateStatus;
  sequence: SequenceState;
  revokedOn: string | null;
  /** the last collection date under it, if any */
  lastCollectedOn: string | null;
}

/** The direct debit an issued invoice announces (its pre-notification). */
export interface InvoiceDirectDebit {
  mandateId: number;
  mandateReference: string;
  iban: string;
  creditorId: string;
  collectOn: string;
}

const str = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Letters to numbers as ISO 7064 wants them (A = 10 … Z = 35), then mod 97 piece by piece. */
function mod97(s: string): number {
  const digits = s.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let r = 0;
  for (const ch of digits) r = (r * 10 + Number(ch)) % 97;
  return r;
}

/** `nl 98 zzz 999999999999` → `NL98ZZZ999999999999` */
export function normaliseCreditorId(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/**
 * Checks a creditor identifier (EPC262-08): country, two check digits (ISO 7064 mod 97-10 over the
 * national identifier followed by the country and 00; the business code is skipped), a business
 * code of 3 characters (ZZZ when none), and the national identifier. A Dutch one is 19 long: the
 * KvK number (8 digits) and 4 more digits.
 */
export function creditorIdProblem(raw: string): string | null {
  const id = normaliseCreditorId(raw);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$/.test(id))
    return `"${raw}" is not a creditor identifier (country, 2 check digits, business code, national id, like NL98ZZZ999999999999)`;
  if (id.startsWith('NL') && !/^NL[0-9]{2}[A-Z0-9]{3}[0-9]{12}$/.test(id))
    return `"${raw}" is not a Dutch creditor identifier: NL, 2 check digits, a business code (ZZZ) and 12 digits`;
  const check = 98 - mod97(`${id.slice(7)}${id.slice(0, 2)}00`);
  if (String(check).padStart(2, '0') !== id.slice(2, 4))
    return `"${raw}" has wrong check digits (${id.slice(2, 4)}; the rest of it gives ${String(check).padStart(2, '0')}): a typing error?`;
  return null;
}

/**
 * A mandate reference (machtigingskenmerk): at most 35 characters of the SEPA set without spaces,
 * not starting or ending with `/`, no `//` (EPC rulebook, AT-01).
 */
export function mandateReferenceProblem(ref: string): string | null {
  if (ref === '') return 'the mandate reference is empty';
  if (ref.length > 35) return `the mandate reference "${ref}" is longer than 35 characters`;
  if (!/^[A-Za-z0-9+?/:().,'-]+$/.test(ref))
    return `the mandate reference "${ref}" may hold only letters, digits and + ? / - : ( ) . , ' (no spaces)`;
  if (ref.startsWith('/') || ref.endsWith('/') || ref.includes('//'))
    return `the mandate reference "${ref}" may not start or end with / nor contain //`;
  return null;
}

export interface MandateInput {
  partner: string;
  reference: string;
  signedOn: string;
  iban: string;
  bic: string;
  accountHolder: string;
  kind: string;
  sequence: string;
}

export interface CheckedMandate {
  reference: string;
  signedOn: string;
  iban: string;
  bic: string | null;
  accountHolder: string | null;
  kind: MandateKind;
  sequence: SequenceState;
}

const KIND_WORDS: Record<string, MandateKind> = {
  recurring: 'recurring',
  doorlopend: 'recurring',
  terugkerend: 'recurring',
  rcur: 'recurring',
  'one-off': 'one_off',
  one_off: 'one_off',
  oneoff: 'one_off',
  eenmalig: 'one_off',
  ooff: 'one_off',
};
const SEQUENCE_WORDS: Record<string, SequenceState> = {
  first: 'first',
  eerste: 'first',
  frst: 'first',
  following: 'following',
  volgende: 'following',
  vervolg: 'following',
  rcur: 'following',
};

/**
 * Checks a mandate as typed or imported. `today` bounds the signature date. Returns the mandate,
 * or the problems (column: the field) — every one at once.
 */
export function checkMandate(
  m: MandateInput,
  opts: { today: string; bicRequired: readonly string[]; parseDate: (s: string) => string | null },
): { ok: true; mandate: CheckedMandate } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const refProblem = mandateReferenceProblem(m.reference.trim());
  if (refProblem) problems.push({ column: 'reference', message: refProblem });
  let signedOn: string | null = null;
  if (!str(m.signedOn))
    problems.push({
      column: 'signed_on',
      message: `the date of signature is missing`,
      hint: 'a mandate counts from the day it was signed: write it as YYYY-MM-DD',
    });
  else {
    signedOn = opts.parseDate(m.signedOn);
    if (!signedOn) problems.push({ column: 'signed_on', message: `"${m.signedOn}" is not a date` });
    else if (signedOn > opts.today)
      problems.push({
        column: 'signed_on',
        message: `the date of signature ${signedOn} lies in the future`,
      });
  }
  const iban = electronicFormatIBAN(m.iban) ?? '';
  if (!str(m.iban)) problems.push({ column: 'iban', message: `the IBAN is missing` });
  else if (!isValidIBAN(iban))
    problems.push({
      column: 'iban',
      message: `"${m.iban}" is not a valid IBAN (country, check digits or length are wrong)`,
      hint: 'copy it from the signed mandate, like NL91 ABNA 0417 1643 00',
    });
  else if (!isSEPACountry(iban.slice(0, 2)))
    problems.push({ column: 'iban', message: `"${m.iban}" is not an account in a SEPA country` });
  const bic = m.bic.replace(/\s+/g, '').toUpperCase();
  if (bic !== '' && !isValidBIC(bic))
    problems.push({ column: 'bic', message: `"${m.bic}" is not a valid BIC`, hint: 'like ABNANL2A' });
  if (bic === '' && isValidIBAN(iban) && opts.bicRequired.includes(iban.slice(0, 2)))
    problems.push({
      column: 'bic',
      message: `an account in ${iban.slice(0, 2)} needs the BIC of its bank (outside the EEA, IBAN alone is not enough)`,
    });
  const kind = KIND_WORDS[(m.kind.trim() || 'recurring').toLowerCase()];
  if (!kind)
    problems.push({
      column: 'type',
      message: `"${m.kind}" is not a mandate type`,
      hint: 'recurring or one-off',
    });
  const sequence = SEQUENCE_WORDS[(m.sequence.trim() || 'first').toLowerCase()];
  if (!sequence)
    problems.push({
      column: 'sequence',
      message: `"${m.sequence}" is not a sequence state`,
      hint: 'first (never collected under this mandate) or following (collected before, also by another system)',
    });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    mandate: {
      reference: m.reference.trim(),
      signedOn: signedOn!,
      iban,
      bic: bic || null,
      accountHolder: m.accountHolder.trim() || null,
      kind: kind!,
      sequence: sequence!,
    },
  };
}

/** The sequence type of the next collection under a mandate, or why there can be none. */
export function nextSequenceType(
  m: Pick<Mandate, 'kind' | 'sequence' | 'status' | 'reference'>,
): { ok: true; type: SequenceType } | { ok: false; reason: string } {
  if (m.status === 'revoked') return { ok: false, reason: `mandate ${m.reference} is revoked` };
  if (m.kind === 'one_off')
    return m.sequence === 'first'
      ? { ok: true, type: 'OOFF' }
      : { ok: false, reason: `mandate ${m.reference} is one-off and has been used` };
  return { ok: true, type: m.sequence === 'first' ? 'FRST' : 'RCUR' };
}

/**
 * Return reasons that come after the collection was settled: the debtor asked the money back
 * (MD06, a refund within 8 weeks, no questions asked). The collection did go through, so the
 * mandate has been used.
 */
export const REFUND_REASONS: readonly string[] = ['MD06'];

/**
 * The state after a collection was returned (storno). A first (or one-off) collection that was
 * rejected or returned before it was settled (AM04 insufficient funds, MS02 refused by the debtor,
 * AC04 account closed …) did not go through: the mandate is unused, so the next collection is a
 * first again. A refund after settlement (MD06) leaves it used: the next one is a following
 * collection (a one-off mandate stays used up). A returned following collection changes nothing.
 */
export function sequenceAfterReturn(
  type: SequenceType,
  current: SequenceState,
  reason: string,
): SequenceState {
  if (type !== 'FRST' && type !== 'OOFF') return current;
  return REFUND_REASONS.includes(reason) ? 'following' : 'first';
}

/** Whether the mandate has expired: not used for `months` months (from its last use, else its signature). */
export function mandateExpired(
  m: Pick<Mandate, 'signedOn' | 'lastCollectedOn'>,
  on: string,
  months: number,
): boolean {
  const from = m.lastCollectedOn ?? m.signedOn;
  const [y, mo, d] = from.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, mo - 1 + months, d));
  const limit = isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  return on > limit;
}

/** `NL91ABNA0417164300` → `NL91 ABNA **** **43 00`: enough to recognise, not to copy. */
export function maskIban(iban: string): string {
  const e = electronicFormatIBAN(iban) ?? iban;
  const masked = e.slice(0, 8) + '*'.repeat(Math.max(0, e.length - 12)) + e.slice(-4);
  return masked.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Easter Sunday (Gregorian; anonymous algorithm of Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

/** Problems with the closing-day list itself. */
export function closingDayProblems(days: readonly string[]): string[] {
  return days.flatMap((d) =>
    /^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/.test(d) || d === 'good_friday' || d === 'easter_monday'
      ? []
      : [`"${d}" is not a closing day (MM-DD, good_friday or easter_monday)`],
  );
}

/** Whether the payment system settles on this date: not a weekend, not a closing day. */
export function isBusinessDay(iso: string, closing: readonly string[]): boolean {
  const weekday = new Date(`${iso}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  const year = Number(iso.slice(0, 4));
  for (const c of closing) {
    if (c === 'good_friday' && iso === addDays(easterSunday(year), -2)) return false;
    if (c === 'easter_monday' && iso === addDays(easterSunday(year), 1)) return false;
    if (iso.slice(5) === c) return false;
  }
  return true;
}

/** The business day `n` business days after `iso` (n = 0: `iso` itself when it is one, else the next). */
export function addBusinessDays(iso: string, n: number, closing: readonly string[]): string {
  let d = iso;
  while (!isBusinessDay(d, closing)) d = addDays(d, 1);
  for (let left = n; left > 0;) {
    d = addDays(d, 1);
    if (isBusinessDay(d, closing)) left--;
  }
  return d;
}

/**
 * The earliest collection date allowed on `today`: the `lead`-th business day after it (SDD Core
 * since November 2016: the file must be at the bank one business day before, D-1, for every
 * sequence type; a bank's cut-off time may ask for more, hence the setting).
 */
export function earliestCollectionDate(
  today: string,
  s: Pick<DirectDebitSettings, 'lead_business_days' | 'closing_days'>,
): string {
  if (s.lead_business_days <= 0) return addBusinessDays(today, 0, s.closing_days);
  let d = today;
  for (let left = s.lead_business_days; left > 0;) {
    d = addDays(d, 1);
    if (isBusinessDay(d, s.closing_days)) left--;
  }
  return d;
}

/**
 * The collection date an invoice announces: its due date, but not before the pre-notification
 * period has passed, moved to the next business day.
 */
export function plannedCollectionDate(
  issuedOn: string,
  dueOn: string,
  s: Pick<DirectDebitSettings, 'prenotification_days' | 'closing_days'>,
): string {
  const earliest = addDays(issuedOn, s.prenotification_days);
  return addBusinessDays(daysBetween(earliest, dueOn) >= 0 ? dueOn : earliest, 0, s.closing_days);
}

/** Everything wrong with the direct-debit settings for collecting (empty: it can collect). */
export function checkDirectDebitSettings(
  s: DirectDebitSettings,
  fallback: { name?: string; iban?: string; bic?: string },
): Problem[] {
  const problems: Problem[] = [];
  if (!str(s.creditor_id))
    problems.push({
      column: 'direct_debit.creditor_id',
      message: 'the creditor identifier (incassant-ID) is not set',
      hint: 'your bank or the KvK gives it: lato settings set direct_debit.creditor_id NL..ZZZ............',
    });
  else {
    const p = creditorIdProblem(s.creditor_id);
    if (p) problems.push({ column: 'direct_debit.creditor_id', message: p });
  }
  const iban = electronicFormatIBAN(str(s.iban) ? s.iban : (fallback.iban ?? '')) ?? '';
  if (!isValidIBAN(iban))
    problems.push({
      column: 'direct_debit.iban',
      message: 'the collecting account is not a valid IBAN',
      hint: 'lato settings set direct_debit.iban NL.. (empty: the issuer IBAN)',
    });
  const bic = str(s.bic) ? s.bic : '';
  if (bic && !isValidBIC(bic))
    problems.push({ column: 'direct_debit.bic', message: `"${bic}" is not a valid BIC` });
  if (!str(s.creditor_name) && !str(fallback.name))
    problems.push({
      column: 'direct_debit.creditor_name',
      message: 'the creditor name is not set (nor the issuer)',
    });
  if (!Number.isInteger(s.lead_business_days) || s.lead_business_days < 0)
    problems.push({
      column: 'direct_debit.lead_business_days',
      message: 'must be a whole number of business days',
    });
  if (!Number.isInteger(s.prenotification_days) || s.prenotification_days < 0)
    problems.push({ column: 'direct_debit.prenotification_days', message: 'must be a whole number of days' });
  if (!Number.isInteger(s.expiry_months) || s.expiry_months < 1)
    problems.push({ column: 'direct_debit.expiry_months', message: 'must be a whole number of months' });
  for (const m of closingDayProblems(s.closing_days ?? []))
    problems.push({ column: 'direct_debit.closing_days', message: m });
  if (!/^[A-Za-z0-9-]{1,12}$/.test(s.message_prefix ?? ''))
    problems.push({ column: 'direct_debit.message_prefix', message: 'must be 1 to 12 letters, digits or -' });
  return problems;
}

/**
 * Text for a pain.008 field: the SEPA character set (Latin letters, digits, / - ? : ( ) . , ' +
 * space); accents are dropped (è → e), anything else becomes a space, and the text is cut to `max`.
 */
export function sepaText(s: string, max: number): string {
  const out = s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/&/g, '+')
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return out.slice(0, max).trim();
}
