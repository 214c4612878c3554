// One validator per kind of field, used wherever the value comes in (imports, `partners add/edit`,
// `settings set`, `import settings`): each reads what people type, returns the stored form, or
// says what is wrong with the value given ("KvK number must have 8 digits, got 3"). Pure.

import { countrySpecs, electronicFormatIBAN, isValidBIC, validateIBAN } from 'ibantools';
import { enterText, normaliseText, type TextKind } from './text.js';

export type FieldResult = { ok: true; value: string } | { ok: false; error: string };

const ok = (value: string): FieldResult => ({ ok: true, value });
const bad = (error: string): FieldResult => ({ ok: false, error });

/** `3 digits`, `1 digit` */
const digits = (n: number) => `${n} digit${n === 1 ? '' : 's'}`;
const quote = (s: string) => `"${s.length > 60 ? `${s.slice(0, 57)}...` : s}"`;

/** Only digits after removing spaces, dots and dashes: `expected` digits, else what is wrong. */
function digitsField(raw: string, what: string, expected: number): FieldResult {
  const v = normaliseText(raw).replace(/[\s.-]/g, '');
  const other = /[^0-9]/u.exec(v);
  if (other) return bad(`${what} may hold digits only, got ${quote(raw.trim())} (with "${other[0]}")`);
  if (v.length !== expected) return bad(`${what} must have ${digits(expected)}, got ${v.length}`);
  return ok(v);
}

/** KvK number (Kamer van Koophandel): 8 digits; spaces and dots are dropped. */
export function kvkNumber(raw: string): FieldResult {
  return digitsField(raw, 'KvK number', 8);
}

/** OIN (organisatie-identificatienummer of a public body): 20 digits. */
export function oinNumber(raw: string): FieldResult {
  return digitsField(raw, 'OIN', 20);
}

/** Dutch postal code `2311 EJ` (4 digits, the first not 0, and 2 letters). */
export function postalCode(raw: string): FieldResult {
  const v = normaliseText(raw);
  const m = /^([1-9]\d{3})\s?([A-Za-z]{2})$/.exec(v);
  if (m) return ok(`${m[1]} ${m[2]!.toUpperCase()}`);
  return bad(`postal code ${quote(v)} is not Dutch: it must be 4 digits and 2 letters, like 2311 EJ`);
}

/** An e-mail address: one @, a name before it, a domain with a dot after it, no spaces. */
export function emailAddress(raw: string): FieldResult {
  const v = normaliseText(raw);
  const what = `e-mail address ${quote(v)}`;
  if (/\s/.test(v)) return bad(`${what} has a space in it`);
  const at = v.split('@').length - 1;
  if (at === 0) return bad(`${what} has no @`);
  if (at > 1) return bad(`${what} has more than one @`);
  const [local, domain] = v.split('@') as [string, string];
  if (!local) return bad(`${what} has nothing before the @`);
  if (!/^[^.]+(\.[^.]+)+$/.test(domain)) return bad(`${what} needs a domain like example.nl after the @`);
  if (/[<>()[\]\\,;:"]/.test(v)) return bad(`${what} holds a character addresses cannot have (<>()[]\\,;:")`);
  const text = enterText(v, 'line');
  if (!text.ok) return bad(`${what}: ${text.error}`);
  if (v.length > 254) return bad(`${what} is longer than 254 characters`);
  return ok(v);
}

const IBAN_ERRORS: Record<number, string> = {
  1: 'its country code is not one that has IBANs',
  2: 'its length is wrong for its country',
  3: "its account part does not have its country's form",
  4: 'its check digits (3rd and 4th character) are not digits',
  5: 'its check digits do not match (a typing error?)',
  6: "its bank's own check fails",
  7: 'it is a QR-IBAN',
};

/** An IBAN as on a bank statement, spaces allowed: stored without spaces, upper case. */
export function iban(raw: string): FieldResult {
  const v = normaliseText(raw);
  const e = electronicFormatIBAN(v) ?? v.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z0-9]+$/.test(e)) return bad(`IBAN ${quote(v)} may hold letters, digits and spaces only`);
  const r = validateIBAN(e);
  if (r.valid) return ok(e);
  const spec = countrySpecs[e.slice(0, 2)];
  const first = r.errorCodes.find((c) => c === 1 || c === 2);
  const why = (first !== undefined ? [first] : r.errorCodes)
    .map((c) =>
      c === 2 && spec?.chars
        ? `an ${e.slice(0, 2)} IBAN has ${spec.chars} characters, got ${e.length}`
        : IBAN_ERRORS[c],
    )
    .filter(Boolean)
    .join('; ');
  return bad(`IBAN ${quote(v)} is not valid: ${why || 'it is malformed'}`);
}

/** A BIC (SWIFT code): 8 or 11 characters, like ABNANL2A. */
export function bic(raw: string): FieldResult {
  const v = normaliseText(raw).replace(/\s+/g, '').toUpperCase();
  if (v.length !== 8 && v.length !== 11) return bad(`BIC must have 8 or 11 characters, got ${v.length}`);
  if (!isValidBIC(v))
    return bad(
      `BIC ${quote(v)} is not valid: 4 letters (bank), 2 letters (country), then 2 and optionally 3 letters or digits`,
    );
  return ok(v);
}

/** A VAT identification number (btw-id): a Dutch one is NL, 9 digits, B, 2 digits. */
export function vatNumber(raw: string): FieldResult {
  const v = normaliseText(raw).replace(/[\s.]/g, '').toUpperCase();
  if (v.startsWith('NL')) {
    if (!/^NL\d{9}B\d{2}$/.test(v))
      return bad(
        `Dutch VAT number must be NL, 9 digits, B and 2 digits (like NL001234567B01), got ${quote(v)}`,
      );
    return ok(v);
  }
  if (!/^[A-Z]{2}[0-9A-Z+*]{2,12}$/.test(v))
    return bad(`VAT number must be a 2-letter country code and 2 to 12 letters or digits, got ${quote(v)}`);
  return ok(v);
}

/** A phone number: digits, spaces, + - ( ) and between 6 and 15 digits. */
export function phoneNumber(raw: string): FieldResult {
  const v = normaliseText(raw);
  const other = /[^0-9\s+\-().]/.exec(v);
  if (other)
    return bad(`phone number may hold digits, spaces and + - ( ) only, got ${quote(v)} (with "${other[0]}")`);
  const n = v.replace(/\D/g, '').length;
  if (n < 6 || n > 15) return bad(`phone number must have 6 to 15 digits, got ${n}`);
  return ok(v);
}

/** A web address, like www.example.nl or https://example.nl/. */
export function website(raw: string): FieldResult {
  const v = normaliseText(raw);
  if (/\s/.test(v) || !/^(https?:\/\/)?[^/\s.]+(\.[^/\s.]+)+(\/\S*)?$/i.test(v))
    return bad(`website ${quote(v)} is not a web address like www.example.nl`);
  const text = enterText(v, 'line');
  return text.ok ? ok(v) : bad(`website: ${text.error}`);
}

/** A two-letter country code (ISO 3166-1), like NL. */
export function countryCode(raw: string): FieldResult {
  const v = normaliseText(raw).toUpperCase();
  return /^[A-Z]{2}$/.test(v) ? ok(v) : bad(`country must be a two-letter code like NL, got ${quote(v)}`);
}

/** Free text of a kind (name, address line, notes): normalised, printable, within its length. */
export function text(
  raw: string,
  kind: TextKind,
  what: string,
  opts: { multiline?: boolean } = {},
): FieldResult {
  const r = enterText(raw, kind, opts);
  return r.ok ? r : bad(`${what}: ${r.error}`);
}
