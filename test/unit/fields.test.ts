// The field validators and the text policy (src/domain/fields.ts, src/domain/text.ts): each says
// what is wrong with the value given, and what it stores passes it again unchanged.
import { describe, expect, it } from 'vitest';
import {
  bic,
  countryCode,
  emailAddress,
  iban,
  kvkNumber,
  oinNumber,
  phoneNumber,
  postalCode,
  vatNumber,
  website,
  type FieldResult,
} from '../../src/domain/fields.js';
import { normaliseText, printProblem, textProblem } from '../../src/domain/text.js';

const error = (r: FieldResult) => (r.ok ? undefined : r.error);

describe('field validators', () => {
  it('name what is wrong with the value given', () => {
    expect(error(kvkNumber('123'))).toBe('KvK number must have 8 digits, got 3');
    expect(error(kvkNumber('1234567a'))).toMatch(
      /KvK number may hold digits only, got "1234567a" \(with "a"\)/,
    );
    expect(error(oinNumber('12'))).toBe('OIN must have 20 digits, got 2');
    expect(error(postalCode('XYZ'))).toMatch(/postal code "XYZ" is not Dutch/);
    expect(error(emailAddress('bad'))).toMatch(/has no @/);
    expect(error(emailAddress('a@@b.nl'))).toMatch(/more than one @/);
    expect(error(emailAddress('a b@c.nl'))).toMatch(/has a space/);
    expect(error(emailAddress('a@b'))).toMatch(/needs a domain/);
    expect(error(iban('NL91ABNA041716430'))).toMatch(/an NL IBAN has 18 characters, got 17/);
    expect(error(iban('NL91ABNA0417164301'))).toMatch(/check digits do not match/);
    expect(error(bic('ABN'))).toBe('BIC must have 8 or 11 characters, got 3');
    expect(error(vatNumber('NL123'))).toMatch(/Dutch VAT number must be NL, 9 digits, B and 2 digits/);
    expect(error(phoneNumber('071-abc'))).toMatch(/phone number may hold digits/);
    expect(error(phoneNumber('12'))).toBe('phone number must have 6 to 15 digits, got 2');
    expect(error(countryCode('Nederland'))).toMatch(/two-letter code/);
    expect(error(website('not a site'))).toMatch(/not a web address/);
  });

  it('store a normal form that passes again unchanged', () => {
    const cases: [(raw: string) => FieldResult, string, string][] = [
      [kvkNumber, ' 6000.4052 ', '60004052'],
      [oinNumber, '00000001 002220647000', '00000001002220647000'],
      [postalCode, '2311ej', '2311 EJ'],
      [emailAddress, ' info@school.example ', 'info@school.example'],
      [iban, 'nl91 abna 0417 1643 00', 'NL91ABNA0417164300'],
      [bic, 'abna nl 2a', 'ABNANL2A'],
      [vatNumber, 'nl001234567b01', 'NL001234567B01'],
      [phoneNumber, '071  000 00 00', '071 000 00 00'],
      [countryCode, 'nl', 'NL'],
    ];
    for (const [check, raw, stored] of cases) {
      expect(check(raw)).toEqual({ ok: true, value: stored });
      expect(check(stored)).toEqual({ ok: true, value: stored });
    }
  });
});

describe('text policy', () => {
  it('normalises to NFC, trimmed, whitespace collapsed; notes keep their lines', () => {
    expect(normaliseText('  Er-Rise\u0300le\u0300h \t B.V.  ')).toBe('Er-Ris\u00e8l\u00e8h B.V.');
    expect(normaliseText(' a \r\n\n  b  c ', { multiline: true })).toBe('a\nb c');
  });

  it('accepts Latin, Greek, Cyrillic and common signs; refuses what cannot be printed, naming it', () => {
    expect(textProblem('Ærø Ŋ ẞ Ελλάδα Привет € ‘’ “” – — … ½ →', 'name')).toBeUndefined();
    expect(textProblem('x🎓', 'name')).toBe(
      'character 2 (U+1F393 "🎓") is an emoji, which the fonts of the documents cannot print',
    );
    expect(textProblem('a\u200bb', 'name')).toMatch(
      /character 2 \(U\+200B\) is an invisible formatting character/,
    );
    expect(textProblem('\u202egnp', 'name')).toMatch(/U\+202E/);
    expect(textProblem('\ue000', 'name')).toMatch(/private-use/);
    expect(textProblem('\u05d0', 'name')).toMatch(/Hebrew script/);
    expect(textProblem('中', 'name')).toMatch(/Chinese characters/);
    expect(textProblem('x'.repeat(201), 'name')).toBe('is 201 characters long; at most 200 are allowed');
    expect(printProblem('a\nb')).toBeUndefined();
    expect(printProblem('x'.repeat(32_768))).toMatch(/at most 32,767/);
  });
});
