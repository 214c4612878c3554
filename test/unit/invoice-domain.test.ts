import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  applyVat,
  buildDrafts,
  displayStatus,
  formatRate,
  lineDescription,
  openCents,
  type FeeLineInput,
} from '../../src/domain/invoice.js';
import {
  checkForIssue,
  checkIssuer,
  checkSeries,
  formatIban,
  parseVatRate,
  type InvoiceSettings,
  type InvoiceTexts,
  type VatSettings,
} from '../../src/domain/invoice-settings.js';
import { formatNumber, gapsIn, seriesYear } from '../../src/domain/numbering.js';
import { invoiceNumberMatcher } from '../../src/domain/payment-match.js';
import { epcPayload } from '../../src/domain/epc-qr.js';
import { ROOT } from '../helpers.js';
import { EXAMPLE_ISSUER, feeLine } from '../invoice-fixtures.js';

const REF = JSON.parse(readFileSync(join(ROOT, 'data', 'reference.json'), 'utf8')).settings;
const TEXTS = REF.invoice_texts as InvoiceTexts;
const VAT = REF.vat as VatSettings;

describe('invoice lines', () => {
  it('reads as the issue asks: "… 2019-2020: 1.234 leerlingen PO à € 2,50"', () => {
    expect(lineDescription(TEXTS, '2019-2020', feeLine(1, 'A'))).toBe(
      'Abonnementsgeld De Leidse Aanpak 2019-2020: 1.234 leerlingen PO à € 2,50',
    );
    const vse = feeLine(1, 'K', {
      sector: 'VSE',
      category: 'VSE',
      basis: 'place',
      quantity: 56,
      rateCents: 150,
    });
    expect(lineDescription(TEXTS, '2019-2020', vse)).toBe(
      'Abonnementsgeld De Leidse Aanpak 2019-2020: 56 kindplaatsen VSE à € 1,50',
    );
    const basis = feeLine(1, 'M', { category: 'BASIS', basis: 'fixed', quantity: null, rateCents: 15000 });
    expect(lineDescription(TEXTS, '2019-2020', basis)).toBe(
      'Abonnementsgeld De Leidse Aanpak 2019-2020: basislidmaatschap',
    );
  });

  it('gives a partner with a missing count or a PM rate no draft, and says why', () => {
    const fees: FeeLineInput[] = [
      feeLine(1, 'A'),
      feeLine(2, 'MBO', { category: 'MBO', rateCents: null, amountCents: null, pm: true, status: 'pm_rate' }),
      feeLine(3, 'NOCOUNT', { quantity: null, amountCents: null, pm: true, status: 'missing_count' }),
      feeLine(4, 'ZERO', { quantity: 0, amountCents: 0 }),
    ];
    const { drafts, notInvoiced } = buildDrafts('2019-2020', fees, TEXTS);
    expect(drafts.map((d) => d.partner)).toEqual(['A']);
    expect(notInvoiced).toEqual([
      { partner: 'MBO', name: 'Stichting MBO', reason: 'the MBO rate is PM (not yet set)' },
      { partner: 'NOCOUNT', name: 'Stichting NOCOUNT', reason: 'no pupil count for the year' },
      { partner: 'ZERO', name: 'Stichting ZERO', reason: 'the fee is € 0,00: nothing to invoice' },
    ]);
  });

  it('puts all lines of one partner on one draft; the total is their sum', () => {
    const fees = [
      feeLine(1, 'BOARD'),
      feeLine(1, 'BOARD', { sector: 'VO', category: 'VO', quantity: 10, rateCents: 300, amountCents: 3000 }),
    ];
    const [d] = buildDrafts('2019-2020', fees, TEXTS).drafts;
    expect(d!.lines.map((l) => l.position)).toEqual([1, 2]);
    expect(d!.netCents).toBe(308_500 + 3000);
  });

  it('makes a pro-rata fee one unit at the computed amount, so quantity × price = amount', () => {
    const f = feeLine(1, 'NEW', { quantity: 100, rateCents: 250, amountCents: 14_583, months: 7 });
    const [d] = buildDrafts('2019-2020', [f], TEXTS).drafts;
    expect(d!.lines[0]).toMatchObject({ quantity: 1, unitPriceCents: 14_583, amountCents: 14_583 });
    expect(d!.lines[0]!.description).toContain('(naar rato: 7 van 12 maanden van € 250,00)');
  });
});

describe('VAT treatment', () => {
  it('outside the scope of VAT by default: no VAT, category O, the reason printed', () => {
    const { vatCents, vat } = applyVat(308_500, VAT);
    expect(vatCents).toBe(0);
    expect(vat).toMatchObject({ treatment: 'outside_scope', category: 'O', rate_bp: null });
    expect(vat.text).toMatch(/buiten de reikwijdte van de omzetbelasting/);
  });

  it('exempt: category E at 0 %, with the configured legal reference in the text', () => {
    const { vatCents, vat } = applyVat(1000, {
      ...VAT,
      treatment: 'exempt',
      exempt_reference: 'artikel 11, eerste lid, onderdeel o, Wet OB 1968',
    });
    expect(vatCents).toBe(0);
    expect(vat.category).toBe('E');
    expect(vat.text).toBe(
      'Vrijgesteld van btw op grond van artikel 11, eerste lid, onderdeel o, Wet OB 1968.',
    );
  });

  it('a rate: once on the total, rounded half away from zero (BR-CO-17)', () => {
    const v = { ...VAT, treatment: 'standard' as const, rate: '21' };
    expect(applyVat(250, v).vatCents).toBe(53); // 52,5 → 53
    expect(applyVat(308_500, v).vatCents).toBe(64_785);
    expect(applyVat(1000, { ...v, rate: '9' }).vat.text).toBe('Btw 9%');
    expect(formatRate(950)).toBe('9,5');
    expect(parseVatRate('21')).toBe(2100);
    expect(parseVatRate('9,5')).toBe(950);
    expect(parseVatRate('abc')).toBeNull();
  });
});

describe('number series', () => {
  const series = REF.invoice_series;
  it('formats the default series as LATO-2019-0001', () => {
    expect(formatNumber(series, '2019-10-01', 1)).toBe('LATO-2019-0001');
    expect(formatNumber({ ...series, padding: 6 }, '2020-01-02', 42)).toBe('LATO-2020-000042');
    expect(formatNumber(REF.credit_note_series, '2019-11-05', 3)).toBe('LATO-C-2019-0003');
  });
  it('resets per calendar year of the issue date, or never', () => {
    expect(seriesYear(series, '2019-12-31')).toBe(2019);
    expect(seriesYear({ ...series, yearly_reset: false }, '2019-12-31')).toBe(0);
  });
  it('rejects a format without {number}, an unknown placeholder, a start below 1', () => {
    expect(checkSeries({ ...series, format: '{prefix}-{year}' }, 'invoice_series')[0]?.column).toBe(
      'invoice_series.format',
    );
    expect(
      checkSeries({ ...series, format: '{prefix}-{yr}-{number}' }, 's').map((p) => p.message),
    ).toContainEqual(expect.stringMatching(/\{yr\}/));
    expect(checkSeries({ ...series, start_number: 0 }, 's')[0]?.column).toBe('s.start_number');
    expect(checkSeries(series, 's')).toEqual([]);
  });
  it('finds gaps', () => {
    expect(gapsIn([1, 2, 3], 1)).toEqual([]);
    expect(gapsIn([1, 2, 5], 1)).toEqual([3, 4]);
    expect(gapsIn([3, 4], 1)).toEqual([1, 2]);
  });
});

describe('issuer settings', () => {
  it('accepts the example issuer (illustrative test IBAN NL91ABNA0417164300)', () => {
    expect(checkIssuer(EXAMPLE_ISSUER)).toEqual([]);
    expect(formatIban(EXAMPLE_ISSUER.iban!)).toBe('NL91 ABNA 0417 1643 00');
  });
  it('names every missing or wrong field', () => {
    expect(checkIssuer(undefined)[0]?.message).toMatch(/issuer .* is not set/);
    const bad = checkIssuer({ ...EXAMPLE_ISSUER, iban: 'NL91ABNA0417164301', bic: 'XX', kvk: '123' });
    expect(bad.map((p) => p.column).sort()).toEqual(['issuer.bic', 'issuer.iban', 'issuer.kvk']);
    expect(bad.find((p) => p.column === 'issuer.iban')!.message).toMatch(/IBAN .* is not valid/);
    expect(bad.find((p) => p.column === 'issuer.kvk')!.message).toBe('KvK number must have 8 digits, got 3');
    const missing = checkIssuer({ name: 'X' });
    expect(missing.map((p) => p.column)).toContain('issuer.iban');
    expect(missing.map((p) => p.column)).toContain('issuer.kvk');
  });
  it('asks for the VAT number once VAT applies (BR-S-02 / BR-E-02)', () => {
    const s: InvoiceSettings = {
      issuer: EXAMPLE_ISSUER as never,
      invoicing: REF.invoicing,
      invoiceSeries: REF.invoice_series,
      creditSeries: REF.credit_note_series,
      vat: { ...VAT, treatment: 'standard' },
      texts: TEXTS,
    };
    expect(checkForIssue(s).map((p) => p.column)).toEqual(['issuer.vat_number']);
    expect(checkForIssue({ ...s, vat: VAT })).toEqual([]);
    expect(checkForIssue({ ...s, vat: VAT, creditSeries: REF.invoice_series }).map((p) => p.column)).toEqual([
      'credit_note_series.prefix',
    ]);
  });
});

describe('payment state', () => {
  const inv = {
    kind: 'invoice' as const,
    status: 'issued' as const,
    totalCents: 1000,
    paidCents: 0,
    creditedBy: null,
  };
  it('is open until paid, and nothing is open once credited', () => {
    expect(openCents(inv)).toBe(1000);
    expect(displayStatus(inv)).toBe('issued');
    expect(displayStatus({ ...inv, paidCents: 400 })).toBe('partially_paid');
    expect(openCents({ ...inv, paidCents: 400 })).toBe(600);
    expect(displayStatus({ ...inv, paidCents: 1000 })).toBe('paid');
    const credited = { ...inv, creditedBy: { id: 2, number: 'LATO-C-2019-0001', issuedOn: '2019-11-01' } };
    expect(openCents(credited)).toBe(0);
    expect(displayStatus(credited)).toBe('credited');
  });
});

describe('finding invoice numbers in a transfer description', () => {
  const match = invoiceNumberMatcher(['LATO-2019-0001', 'LATO-2019-0012', 'LATO-C-2019-0001']);
  it('finds them however the payer typed them', () => {
    expect(match('Factuur LATO-2019-0001 SCOL')).toEqual(['LATO-2019-0001']);
    expect(match('lato 2019 0001')).toEqual(['LATO-2019-0001']);
    expect(match('/REMI/LATO20190012/EREF/')).toEqual(['LATO-2019-0012']);
    expect(match('LATO-2019-0001 en LATO-2019-0012')).toEqual(['LATO-2019-0001', 'LATO-2019-0012']);
  });
  it('matches whole numbers only', () => {
    expect(match('LATO-2019-00012')).toEqual([]);
    expect(match('XLATO-2019-0001')).toEqual([]);
    expect(match('abonnement 2019')).toEqual([]);
    expect(match('LATO-C-2019-0001')).toEqual(['LATO-C-2019-0001']);
  });
  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (s) => Array.isArray(match(s))));
  });
});

describe('EPC QR payload (EPC069-12)', () => {
  it('lists the elements in order, version 002, UTF-8, amount with a decimal point', () => {
    const p = epcPayload({
      name: 'Samenwerkingsverband Passend Onderwijs VO 2801',
      iban: 'NL91 ABNA 0417 1643 00',
      bic: 'ABNANL2A',
      amountCents: 308_550,
      text: 'LATO-2019-0001',
    });
    expect(p.split('\n')).toEqual([
      'BCD',
      '002',
      '1',
      'SCT',
      'ABNANL2A',
      'Samenwerkingsverband Passend Onderwijs VO 2801',
      'NL91ABNA0417164300',
      'EUR3085.50',
      '',
      '',
      'LATO-2019-0001',
    ]);
  });
  it('refuses amounts outside € 0,01 … € 999.999.999,99', () => {
    expect(() => epcPayload({ name: 'X', iban: 'NL91ABNA0417164300', amountCents: 0, text: 'x' })).toThrow(
      /0,01/,
    );
    expect(() =>
      epcPayload({ name: 'X', iban: 'NL91ABNA0417164300', amountCents: 100_000_000_000, text: 'x' }),
    ).toThrow();
  });
});
