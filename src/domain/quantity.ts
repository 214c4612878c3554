// Whole-number quantities as people type them in Dutch files: `1234`, `1.234`, `1 234`.
// DUO masks small numbers (`<5`): that is reported as masked, never read as 0 or 5.

export type ParsedQuantity =
  { ok: true; value: number } | { ok: true; value: null; masked: string } | { ok: false; error: string };

/**
 * The largest count lato takes for one school, location or partner: 1.000.000 pupils or places
 * (the largest Dutch school boards count tens of thousands). A count above it is a typing error.
 */
export const MAX_COUNT = 1_000_000;

export function parseQuantity(raw: string): ParsedQuantity {
  const s = raw.trim().replace(/[\s\u00a0]/g, '');
  if (s === '') return { ok: false, error: 'is empty' };
  if (/^<\s*\d+$/.test(s)) return { ok: true, value: null, masked: s };
  if (s.startsWith('-')) return { ok: false, error: `"${raw.trim()}" is negative` };
  let digits: string;
  if (/^\d{1,3}(\.\d{3})+$/.test(s)) digits = s.replace(/\./g, '');
  else if (/^\d+$/.test(s)) digits = s;
  else if (/^\d+[.,]0+$/.test(s)) digits = s.replace(/[.,]0+$/, '');
  else return { ok: false, error: `"${raw.trim()}" is not a whole number` };
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) return { ok: false, error: `"${raw.trim()}" is too large` };
  return { ok: true, value };
}
