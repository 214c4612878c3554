// The rates use cases: set one rate, copy a year's rates to another year (lato rates set / copy).

import { optionText } from '../domain/text.js';
import type { Db } from '../db/connection.js';
import { deleteRates, getRate, listRates, upsertRate, type Upserted } from '../db/rates.js';
import { LatoError } from '../domain/errors.js';
import type { Basis, Rate } from '../domain/fees.js';
import { parseEuro } from '../domain/money.js';
import { requireSchoolYear } from './fees.js';
import { loadCategories } from './import-cells.js';
import { basisMismatch, defaultBasis, parseBasis } from './import-rates.js';
import { writeTransaction } from '../db/transaction.js';
import { invoicesAffected, type Affected } from './invoices.js';

// read as they are stored, for the commands that list them
export { listRates } from '../db/rates.js';

export function setRate(
  db: Db,
  opts: { year: string; sector: string; amount: string; basis?: string; note?: string },
): { rate: Rate; result: Upserted; affected: Affected } {
  const year = requireSchoolYear(opts.year).label;
  const categories = loadCategories(db);
  const category = categories.resolve(opts.sector);
  if (!category) {
    throw new LatoError(`unknown sector or category "${opts.sector}"`, {
      hint: `use one of ${categories.codes.join(', ')}`,
    });
  }
  const amount = parseEuro(opts.amount);
  if (!amount.ok) throw new LatoError(amount.error, { hint: 'write euros like 2,50 or 1.953,00, or PM' });
  if (amount.cents !== null && amount.cents < 0) throw new LatoError(`the rate "${opts.amount}" is negative`);
  const before = getRate(db, year, category);
  const unit = categories.unitOf(category);
  let basis: Basis;
  if (opts.basis !== undefined) {
    const b = parseBasis(opts.basis);
    if (!b) throw new LatoError(`unknown basis "${opts.basis}"`, { hint: 'use pupil, place or fixed' });
    basis = b;
  } else basis = before?.basis ?? defaultBasis(unit);
  const why = basisMismatch(category, basis, unit);
  if (why) throw new LatoError(why);
  const rate: Rate = {
    year,
    category,
    basis,
    amountCents: amount.cents,
    note: opts.note !== undefined ? optionText(opts.note, 'long', '--note') : (before?.note ?? null),
  };
  const result = writeTransaction(db, () => upsertRate(db, rate));
  return { rate, result, affected: invoicesAffected(db, year) };
}

export function copyRates(
  db: Db,
  fromRaw: string,
  toRaw: string,
  replace: boolean,
): { rates: Rate[]; affected: Affected } {
  const from = requireSchoolYear(fromRaw).label;
  const to = requireSchoolYear(toRaw).label;
  if (from === to) throw new LatoError('--from and --to are the same school year');
  const source = listRates(db, from);
  if (source.length === 0) {
    throw new LatoError(`there are no rates for ${from} to copy`, {
      hint: '`lato rates list` shows the years that have rates',
    });
  }
  const existing = listRates(db, to);
  if (existing.length > 0 && !replace) {
    throw new LatoError(`${to} already has ${existing.length} rates`, {
      hint: 'add --replace to replace them with those of ' + from,
    });
  }
  const rates = writeTransaction(db, () => {
    deleteRates(db, to);
    return source.map((r) => {
      const copy = { ...r, year: to };
      upsertRate(db, copy);
      return copy;
    });
  });
  return { rates, affected: invoicesAffected(db, to) };
}
