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
 * The largest amount lato takes in, per amount: € 10.000.000,00. Far above any fee, budget line or
 * payment of the network, and far below where sums of many amounts could leave exact integers.
 * Every amount that comes in (typed, imported, read from a bank statement) is held to it.
 */
export const MAX_AMOUNT_CENTS: Cents = 1_000_000_000;

export type AmountReading = { ok: true; cents: MaybeCents } | { ok: false; error: string };

/** An error when |cents| is above MAX_AMOUNT_CENTS, else null. */
export function amountBoundError(cents: Cents, shown: string): string | null {
  if (Math.abs(cents) <= MAX_AMOUNT_CENTS) return null;
  return `"${shown}" is above the largest amount lato takes (${formatEuro(MAX_AMOUNT_CENTS)})`;
}

/**
 * Reads an amount in euros as people write it in Dutch; the one rule for every amount typed or
 * imported (docs/money.md, "Reading amounts"):
 * - the decimal mark is a comma, with one or two decimals: `1953,5`, `1953,50`, `€ 1.953,-`;
 * - a dot groups thousands, in groups of three: `1.953`, `1.953,00`, `1.234.567,89`;
 * - `-` in front (or brackets around) makes it negative; `€`/`EUR` in front and spaces are ignored;
 * - `PM` (pro memorie) is null.
 * Anything else is refused with the reading spelled out: `2,505` (three decimals: 2,50 or
 * 2.505,00?), `1953.50` (a dot is no decimal mark: 1953,50?), `1,953.00` (1.953,00?).
 * Amounts above MAX_AMOUNT_CENTS are refused too.
 */
export function parseEuro(raw: string): AmountReading {
  const shown = raw.trim();
  let s = shown.replace(/[\s\u00a0]/g, '');
  if (/^pm$/i.test(s)) return { ok: true, cents: null };
  const bad = (why: string): AmountReading => ({ ok: false, error: `"${shown}" ${why}` });
  let neg = false;
  if (s.startsWith('-')) {
    neg = true;
    s = s.slice(1);
  } else if (s.startsWith('(') && s.endsWith(')')) {
    neg = true;
    s = s.slice(1, -1);
  }
  s = s.replace(/^(€|eur)/i, '').replace(/,-$/, '');
  if (!neg && s.startsWith('-')) {
    neg = true;
    s = s.slice(1);
  }
  if (!/^[0-9.,]+$/.test(s) || !/[0-9]/.test(s)) return bad('is not an amount');
  const sign = neg ? '-' : '';
  const commas = s.split(',').length - 1;
  if (commas > 1) return bad('is not an amount: it has more than one decimal comma');
  const [intRaw = '', frac = ''] = s.split(',');
  if (commas === 1 && intRaw.includes('.') === false && /^\d+$/.test(intRaw) && /^\d{3}$/.test(frac)) {
    // `2,505`: a comma is the decimal mark, and cents have two decimals
    const wholeEuros = `${intRaw}${frac}`;
    return bad(
      `has three decimals; did you mean ${sign}${groupThousands(stripZeros(intRaw))},${frac.slice(0, 2)} or ${sign}${groupThousands(stripZeros(wholeEuros))},00? (a comma is the decimal mark, a dot groups thousands)`,
    );
  }
  if (commas === 1 && frac.includes('.')) {
    // `1,953.00`: English notation
    const euros = intRaw.replace(/,/g, '');
    const dec = frac.split('.');
    if (/^\d{3}$/.test(dec[0] ?? '') && dec.length === 2 && /^\d{1,2}$/.test(dec[1] ?? ''))
      return bad(
        `is written the English way; did you mean ${sign}${groupThousands(stripZeros(euros + dec[0]))},${(dec[1] + '0').slice(0, 2)}? (a comma is the decimal mark, a dot groups thousands)`,
      );
    return bad('is not an amount (a comma is the decimal mark, a dot groups thousands)');
  }
  if (frac.length > 2 || (commas === 1 && frac.length === 0))
    return bad(
      `has ${frac.length === 0 ? 'no' : frac.length} decimals; amounts are whole cents: write one or two decimals after the comma`,
    );
  if (!/^\d*$/.test(frac)) return bad('is not an amount');
  let digits: string;
  if (intRaw.includes('.')) {
    const groups = intRaw.split('.');
    const [first = '', ...rest] = groups;
    if (!/^\d{1,3}$/.test(first) || !rest.every((g) => /^\d{3}$/.test(g))) {
      const last = rest[rest.length - 1] ?? '';
      if (groups.length === 2 && commas === 0 && /^\d+$/.test(first) && /^\d{1,2}$/.test(last))
        return bad(
          `has a dot before ${last.length === 1 ? 'one digit' : 'two digits'}; did you mean ${sign}${groupThousands(stripZeros(first))},${(last + '0').slice(0, 2)}? (a comma is the decimal mark, a dot groups thousands in threes)`,
        );
      return bad('has a dot that does not group thousands in threes (write 1.953 or 1.953,00)');
    }
    digits = groups.join('');
  } else {
    digits = intRaw;
  }
  if (digits === '') digits = '0';
  if (!/^\d+$/.test(digits)) return bad('is not an amount');
  const big = BigInt(digits) * 100n + BigInt((frac + '00').slice(0, 2));
  if (big > BigInt(MAX_AMOUNT_CENTS))
    return { ok: false, error: amountBoundError(MAX_AMOUNT_CENTS + 1, shown)! };
  const n = Number(big);
  return { ok: true, cents: neg && n !== 0 ? -n : n };
}

function stripZeros(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '');
}
