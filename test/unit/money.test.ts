import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatEuro, mulDivRound, parseEuro, sumCents, sumKnown } from '../../src/domain/money.js';

describe('formatEuro', () => {
  it('writes nl-NL amounts', () => {
    expect(formatEuro(195300)).toBe('€ 1.953,00');
    expect(formatEuro(14508600)).toBe('€ 145.086,00');
    expect(formatEuro(5)).toBe('€ 0,05');
    expect(formatEuro(-250)).toBe('-€ 2,50');
    expect(formatEuro(null)).toBe('PM');
  });
});

describe('parseEuro', () => {
  it.each([
    ['1.953,00', 195300],
    ['1.953', 195300],
    ['1953', 195300],
    ['1953,5', 195350],
    ['€ 1.953,-', 195300],
    ['1,953.00', 195300],
    ['2,50', 250],
    ['0.5', 50],
    ['-12,50', -1250],
    ['145.086', 14508600],
    ['1.234.567,89', 123456789],
  ])('reads %s', (raw, cents) => {
    expect(parseEuro(raw)).toEqual({ ok: true, cents });
  });
  it('keeps PM as null', () => expect(parseEuro('PM')).toEqual({ ok: true, cents: null }));
  it.each(['abc', '1,2,3,4', '12,345,6', '1.2345,00', '1,005'])('rejects %s', (raw) => {
    const r = parseEuro(raw);
    if (raw === '1,005') expect(r).toEqual({ ok: true, cents: 100500 });
    else expect(r.ok).toBe(false);
  });
  it('round-trips every formatted amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (c) => {
        const s = formatEuro(c).replace('€ ', '');
        expect(parseEuro(s)).toEqual({ ok: true, cents: c });
      }),
      { numRuns: 2000 },
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
