import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../src/domain/quantity.js';
import { parseSchoolYear, schoolYearOf } from '../../src/domain/school-year.js';
import { formatDateNl, parseDate } from '../../src/domain/dates.js';
import { fullLocationCode, isDuoHeader } from '../../src/io/duo.js';

describe('parseQuantity', () => {
  it('reads Dutch whole numbers', () => {
    expect(parseQuantity('1.234')).toEqual({ ok: true, value: 1234 });
    expect(parseQuantity(' 11200 ')).toEqual({ ok: true, value: 11200 });
    expect(parseQuantity('0')).toEqual({ ok: true, value: 0 });
  });
  it('keeps a masked value masked, never 0 or 5', () => {
    expect(parseQuantity('<5')).toEqual({ ok: true, value: null, masked: '<5' });
  });
  it('rejects negative, fractional and text', () => {
    for (const s of ['-3', '12,5', 'veel', '', '1.23']) expect(parseQuantity(s).ok).toBe(false);
  });
});

describe('school years and dates', () => {
  it('accepts two consecutive years only', () => {
    expect(parseSchoolYear('2018-2019')).toMatchObject({
      ok: true,
      year: { label: '2018-2019', start: '2018-08-01', end: '2019-07-31' },
    });
    expect(parseSchoolYear('2018-2020').ok).toBe(false);
    expect(parseSchoolYear('2018').ok).toBe(false);
    expect(schoolYearOf('2019-07-31').label).toBe('2018-2019');
    expect(schoolYearOf('2019-08-01').label).toBe('2019-2020');
  });
  it('reads ISO and Dutch dates and writes Dutch ones', () => {
    expect(parseDate('1-10-2025')).toEqual({ ok: true, date: '2025-10-01' });
    expect(parseDate('2025-02-30').ok).toBe(false);
    expect(formatDateNl('2025-10-01')).toBe('1 oktober 2025');
  });
});

describe('DUO', () => {
  it('recognises current and older headers', () => {
    expect(
      isDuoHeader(['BEVOEGD GEZAG NUMMER', 'INSTELLINGSCODE', 'VESTIGINGSCODE', 'AANTAL LEERLINGEN']),
    ).toBe(true);
    expect(isDuoHeader(['BRIN NUMMER', 'VESTIGINGSNUMMER', 'AANTAL LEERLINGEN'])).toBe(true);
    expect(isDuoHeader(['Schooljaar', 'Partner', 'Aantal'])).toBe(false);
  });
  it('builds full location codes', () => {
    expect(fullLocationCode('20DP', '20DP00')).toBe('20DP00');
    expect(fullLocationCode('20DP', '0')).toBe('20DP00');
    expect(fullLocationCode('20DP', '21GW00')).toBeUndefined();
  });
});
