// Money: integer euro cents, everywhere. No floats touch an amount.
// Rounding rule (the only one): round half away from zero to whole cents, once, where a
// fraction arises (pro rata fees, hours × hourly rate, VAT), never on intermediate sums.

import { LatoError } from './errors.js';

/** An amount in euro cents (integer). `null` means PM (pro memorie: known item, amount not yet set). */
export type Cents = number;
export type MaybeCents = Cents | null;

export function assertCents(n: number, what = 'amount'): Cents {
  if (!Number.isSafeInteger(n)) throw new LatoError(`${what} is not a whole number of cents: ${n}`);
  return n;
}

/** Sums amounts exactly; any PM term makes the sum PM (null). */
export function sumCents(amounts: readonly MaybeCents[]): MaybeCents {
  let total = 0n;
  for (const a of amounts) {
    if (a === null) return null;
    total += BigInt(a);
  }
  return toSafe(total);
}

/** Sums the known amounts only, and says how many PM terms were left out. */
export function sumKnown(amounts: readonly MaybeCents[]): { cents: Cents; pmCount: number } {
  let total = 0n;
  let pmCount = 0;
  for (const a of amounts) {
    if (a === null) pmCount++;
    else total += BigInt(a);
  }
  return { cents: toSafe(total), pmCount };
}

function toSafe(v: bigint): Cents {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new LatoError('amount out of range');
  }
  return Number(v);
}

/** a × numerator / denominator in cents, rounded half away from zero (integer arithmetic only). */
export function mulDivRound(cents: Cents, numerator: number, denominator: number): Cents {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator === 0) {
    throw new LatoError(`invalid ratio ${numerator}/${denominator}`);
  }
  const n = BigInt(cents) * BigInt(numerator);
  const d = BigInt(denominator);
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  if ((an % ad) * 2n >= ad) q += 1n;
  return toSafe(neg ? -q : q);
}

/** quantity × rate, exact. */
export function multiply(rateCents: Cents, quantity: number): Cents {
  if (!Number.isSafeInteger(quantity)) throw new LatoError(`quantity is not a whole number: ${quantity}`);
  return toSafe(BigInt(rateCents) * BigInt(quantity));
}

const NBSP = '\u00a0';

/** nl-NL: `€ 1.953,00`, negative `-€ 1.953,00`. `null` → `PM`. Uses a plain space unless `nbsp`. */
export function formatEuro(cents: MaybeCents, opts: { nbsp?: boolean } = {}): string {
  if (cents === null) return 'PM';
  const sp = opts.nbsp ? NBSP : ' ';
  return `${cents < 0 ? '-' : ''}€${sp}${formatDecimal(Math.abs(cents))}`;
}

/** nl-NL number without currency: `1.953,00`. */
export function formatDecimal(cents: Cents): string {
  const neg = cents < 0;
  const abs = BigInt(Math.abs(cents));
  const euros = (abs / 100n).toString();
  const rest = (abs % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${groupThousands(euros)},${rest}`;
}

/** nl-NL whole number with thousands dots: `11.200`. */
export function formatInteger(n: number): string {
  const neg = n < 0;
  return `${neg ? '-' : ''}${groupThousands(String(Math.abs(Math.trunc(n))))}`;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/**
 * Reads an amount in euros as people write it: `1953`, `1.953`, `1.953,00`, `1953,5`, `1,953.00`,
 * `€ 1.953,-`, `-12,50`. Returns cents, `null` for PM, or an error message.
 * A single separator followed by exactly three digits (`1.953`, `1,953`) is a thousands separator,
 * as Dutch Excel writes it; with two separators the last one is the decimal mark.
 */
export function parseEuro(raw: string): { ok: true; cents: MaybeCents } | { ok: false; error: string } {
  let s = raw.trim().replace(/[\s\u00a0]/g, '');
  if (/^pm$/i.test(s)) return { ok: true, cents: null };
  s = s.replace(/^€|^eur/i, '').replace(/,-$|\.-$/, '');
  let neg = false;
  if (s.startsWith('-')) {
    neg = true;
    s = s.slice(1);
  } else if (s.startsWith('(') && s.endsWith(')')) {
    neg = true;
    s = s.slice(1, -1);
  }
  s = s.replace(/^€/, '');
  if (!/^[0-9.,]+$/.test(s) || !/[0-9]/.test(s))
    return { ok: false, error: `"${raw.trim()}" is not an amount` };
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let intPart: string;
  let frac = '';
  if (lastDot >= 0 && lastComma >= 0) {
    const dec = lastDot > lastComma ? '.' : ',';
    const thou = dec === '.' ? ',' : '.';
    const [i, f] = splitOnce(s, dec);
    if (!validGrouping(i, thou))
      return { ok: false, error: `"${raw.trim()}" has misplaced thousands separators` };
    intPart = i.split(thou).join('');
    frac = f;
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const parts = s.split(sep);
    const last = parts[parts.length - 1] ?? '';
    if (parts.length > 2 || (last.length === 3 && parts[0] !== '' && parts[0] !== '0')) {
      if (!validGrouping(s, sep))
        return { ok: false, error: `"${raw.trim()}" has misplaced thousands separators` };
      intPart = parts.join('');
    } else {
      intPart = parts[0] ?? '';
      frac = last;
    }
  } else {
    intPart = s;
  }
  if (intPart === '') intPart = '0';
  if (!/^\d+$/.test(intPart) || !/^\d*$/.test(frac))
    return { ok: false, error: `"${raw.trim()}" is not an amount` };
  if (frac.length > 2) {
    return { ok: false, error: `"${raw.trim()}" has more than two decimals (amounts are whole cents)` };
  }
  const cents = BigInt(intPart) * 100n + BigInt((frac + '00').slice(0, 2));
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, error: `"${raw.trim()}" is too large` };
  const n = Number(cents);
  return { ok: true, cents: neg ? -n : n };
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.lastIndexOf(sep);
  return [s.slice(0, i), s.slice(i + 1)];
}

function validGrouping(intPart: string, sep: string): boolean {
  const groups = intPart.split(sep);
  if (groups.length === 1) return true;
  const [first, ...rest] = groups;
  return !!first && first.length <= 3 && rest.every((g) => g.length === 3);
}
