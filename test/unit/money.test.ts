import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatDecimal,
  formatEuro,
  MAX_AMOUNT_CENTS,
  mulDivRound,
  parseEuro,
  sumCents,
  sumKnown,
} from '../../src/domain/money.js';

describe('formatEuro', () => {
  it('writes nl-NL amounts', () => {
    expect(formatEuro(195300)).toBe('€ 1.953,00');
    expect(formatEuro(14508600)).toBe('€ 145.086,00');
    expect(formatEuro(5)).toBe('€ 0,05');
    expect(formatEuro(-250)).toBe('-€ 2,50');
    expect(formatEuro(null)).toBe('PM');
  });
});

describe('parseEuro: the Dutch rule for human amounts', () => {
  it.each([
    ['1.953,00', 195300],
    ['1.953', 195300],
    ['1953', 195300],
    ['1953,5', 195350],
    ['€ 1.953,-', 195300],
    ['2,50', 250],
    ['0,5', 50],
    ['-12,50', -1250],
    ['€ -12,50', -1250],
    ['145.086', 14508600],
    ['1.234.567,89', 123456789],
    ['10.000.000,00', MAX_AMOUNT_CENTS],
  ])('reads %s', (raw, cents) => {
    expect(parseEuro(raw)).toEqual({ ok: true, cents });
  });
  it('keeps PM as null', () => expect(parseEuro('PM')).toEqual({ ok: true, cents: null }));
  it.each([
    ['2,505', 'has three decimals; did you mean 2,50 or 2.505,00?'],
    ['1,005', 'did you mean 1,00 or 1.005,00?'],
    ['1953.50', 'did you mean 1.953,50?'],
    ['0.5', 'did you mean 0,50?'],
    ['1,953.00', 'did you mean 1.953,00?'],
    ['1,2345', 'has 4 decimals'],
    ['1.2345,00', 'does not group thousands in threes'],
    ['12,345,6', 'more than one decimal comma'],
    ['abc', 'is not an amount'],
    ['10.000.000,01', 'above the largest amount lato takes (€ 10.000.000,00)'],
    ['90.071.992.547.409,91', 'above the largest amount'],
  ])('refuses %s, spelling out the reading', (raw, message) => {
    const r = parseEuro(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
  it('reads back every amount lato formats (within the bound)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_AMOUNT_CENTS, max: MAX_AMOUNT_CENTS }), (c) => {
        expect(parseEuro(formatEuro(c))).toEqual({ ok: true, cents: c });
        expect(parseEuro(formatEuro(c, { nbsp: true }))).toEqual({ ok: true, cents: c });
        expect(parseEuro(formatDecimal(c))).toEqual({ ok: true, cents: c });
      }),
      { numRuns: 2000 },
    );
  });
  it('refuses every string with more than two decimals after the comma', () => {
    fc.assert(
      fc.property(fc.nat(99_999), fc.stringMatching(/^\d{3,6}$/), (euros, decimals) => {
        expect(parseEuro(`${euros},${decimals}`).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
  it('refuses a dot that is not followed by a group of three digits', () => {
    fc.assert(
      fc.property(fc.nat(9_999_999), fc.stringMatching(/^(\d{1,2}|\d{4,6})$/), (euros, after) => {
        expect(parseEuro(`${euros}.${after}`).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
  it('refuses English notation (a comma before the decimal dot)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999 }),
        fc.stringMatching(/^\d{3}$/),
        fc.stringMatching(/^\d{2}$/),
        (a, b, c) => {
          expect(parseEuro(`${a},${b}.${c}`).ok).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('sums', () => {
  it('a PM term makes the sum PM, sumKnown counts it', () => {
    expect(sumCents([100, null, 5])).toBeNull();
    expect(sumKnown([100, null, 5])).toEqual({ cents: 105, pmCount: 1 });
  });
  it('rounds half away from zero', () => {
    expect(mulDivRound(100, 1, 3)).toBe(33);
    expect(mulDivRound(150, 1, 4)).toBe(38);
    expect(mulDivRound(-150, 1, 4)).toBe(-38);
    expect(mulDivRound(15000, 7, 12)).toBe(8750);
  });
});
