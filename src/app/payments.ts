// Payments on issued invoices: entered by hand (`lato payments add`) or matched from a bank
// statement (`lato payments import`) on the invoice number in the transfer's description.
// A statement is one import batch: imported twice, it adds nothing; unmatched lines are listed.

import { optionText } from '../domain/text.js';
import { createHash } from 'node:crypto';
import { LatoError, UsageError } from '../domain/errors.js';
import { formatEuro, parseEuro } from '../domain/money.js';
import { openCents } from '../domain/invoice.js';
import { invoiceNumberMatcher } from '../domain/payment-match.js';
import { audit } from '../db/audit.js';
import type { Db } from '../db/connection.js';
import { findInvoices, insertPayment, paymentExists } from '../db/invoices.js';
import type { Invoice } from '../domain/invoice.js';
import { readStatement, type BankLine } from '../io/bank-statement.js';
import { requireInvoice } from './invoices.js';
import { requireDate } from './options.js';
import { runImport } from './import-run.js';
import type { ImportOptions, ImportSummary } from './import-types.js';
import { writeTransaction } from '../db/transaction.js';
import { markItemPaid } from '../db/direct-debit.js';
import { collectionMatcher, collectionPaid, collectionReturned } from './direct-debit.js';

export interface PaymentResult {
  number: string;
  amount_cents: number;
  paid_on: string;
  paid_cents: number;
  open_cents: number;
  warnings: string[];
}

function warningsFor(inv: Invoice, after: number): string[] {
  const w: string[] = [];
  if (inv.creditedBy) {
    w.push(
      `invoice ${inv.number} was credited by ${inv.creditedBy.number}: this payment is to be refunded or moved`,
    );
  } else if (after > inv.totalCents) {
    w.push(`invoice ${inv.number} is now overpaid by ${formatEuro(after - inv.totalCents)}`);
  }
  return w;
}

/**
 * Why a payment by hand does not fit the invoice (more than is open, or a correction of more than
 * was paid), or null when it fits. Such a payment needs `--force --reason`.
 */
function paymentMisfit(inv: Invoice, amount: number): string | null {
  const open = openCents(inv);
  if (amount > open) {
    const state = inv.creditedBy
      ? `${inv.number} was credited by ${inv.creditedBy.number}: nothing is open`
      : `only ${formatEuro(open)} is open on ${inv.number} (total ${formatEuro(inv.totalCents)}, paid ${formatEuro(inv.paidCents)})`;
    return `${formatEuro(amount)} is more than is open: ${state}`;
  }
  if (amount < 0 && -amount > inv.paidCents)
    return `a correction of ${formatEuro(amount)} is more than the ${formatEuro(inv.paidCents)} paid on ${inv.number}`;
  return null;
}

/** `lato payments add NUMBER --amount X --date D [--force --reason TEXT]`. */
export function addPayment(
  db: Db,
  number: string,
  rawAmount: string,
  rawDate: string | undefined,
  opts: { force?: boolean; reason?: string } = {},
): PaymentResult {
  const parsed = parseEuro(rawAmount);
  if (!parsed.ok) throw new UsageError(`--amount: ${parsed.error}`);
  if (parsed.cents === null || parsed.cents === 0)
    throw new UsageError('--amount must be an amount other than zero');
  const reason = opts.reason === undefined ? null : optionText(opts.reason, 'long', '--reason');
  if (opts.force && !reason)
    throw new UsageError('--force needs --reason "…": why this payment is booked as it is');
  const amount = parsed.cents;
  const date = requireDate(rawDate);
  return writeTransaction(db, () => {
    const inv = requireInvoice(db, number);
    if (inv.kind !== 'invoice') {
      throw new LatoError(`${inv.number} is a credit note; payments are booked on invoices`);
    }
    const misfit = paymentMisfit(inv, amount);
    if (misfit && !opts.force)
      throw new LatoError(`${misfit}; nothing was booked`, {
        hint: 'check the amount; if it is right (an overpayment to refund, say), add --force --reason "…"',
      });
    insertPayment(db, {
      invoiceId: inv.id,
      amountCents: amount,
      paidOn: date,
      source: 'manual',
      description: reason,
    });
    const after = inv.paidCents + amount;
    audit(db, {
      entity: 'payment',
      entityId: inv.number,
      action: 'add',
      before: { paid_cents: inv.paidCents },
      after: {
        amount_cents: amount,
        paid_on: date,
        paid_cents: after,
        ...(misfit ? { forced: misfit, reason } : {}),
      },
    });
    return {
      number: inv.number!,
      amount_cents: amount,
      paid_on: date,
      paid_cents: after,
      open_cents: openCents({ ...inv, paidCents: after }),
      warnings: warningsFor(inv, after),
    };
  });
}

export interface UnmatchedLine {
  line: number;
  date: string;
  amount_cents: number;
  counterparty: string | null;
  description: string;
  reason: string;
}

function fingerprint(account: string | null, l: BankLine, occurrence: number): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        account,
        l.date,
        l.amountCents,
        l.bankReference,
        l.counterpartyIban,
        l.description,
        occurrence,
      ]),
    )
    .digest('hex');
}

/**
 * `lato payments import FILE`: every incoming transfer whose description names exactly one issued
 * invoice becomes a payment on it; the rest is listed as unmatched (outgoing transfers skipped).
 */
export async function importStatement(
  db: Db,
  file: string,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  return runImport(db, 'payments', file, opts, async (run) => {
    const statement = readStatement(file);
    const invoices = findInvoices(db, { status: 'issued' });
    const byNumber = new Map(invoices.map((i) => [i.number!, i]));
    const byId = new Map(invoices.map((i) => [i.id, i]));
    const match = invoiceNumberMatcher([...byNumber.keys()]);
    const collections = collectionMatcher(db);
    const namedInvoice = (text: string): number | undefined => {
      const found = match(text);
      const inv = found.length === 1 ? byNumber.get(found[0]!) : undefined;
      return inv && inv.kind === 'invoice' ? inv.id : undefined;
    };
    const unmatched: UnmatchedLine[] = [];
    const matched: { line: number; number: string; amount_cents: number; date: string }[] = [];
    const paidCollections: string[] = [];
    const returned: { number: string; reason: string; amount_cents: number }[] = [];
    const seen = new Map<string, number>();
    const skipped: UnmatchedLine[] = [];
    let outgoing = 0;
    // credits first, so that a collection credited and returned in the same statement is paid, then returned
    const ordered = [
      ...statement.lines.filter((l) => l.skip || l.amountCents > 0),
      ...statement.lines.filter((l) => !l.skip && l.amountCents <= 0),
    ];
    const book = (
      inv: Invoice,
      l: BankLine,
      amount: number,
      fp: string,
      extra: Record<string, unknown> = {},
    ): void => {
      insertPayment(db, {
        invoiceId: inv.id,
        amountCents: amount,
        paidOn: l.date,
        source: 'bank',
        description: l.description,
        counterparty: l.counterparty,
        counterpartyIban: l.counterpartyIban,
        bankReference: l.bankReference,
        fingerprint: fp,
        importId: run.importId,
      });
      inv.paidCents += amount;
      audit(db, {
        entity: 'payment',
        entityId: inv.number,
        action: 'import',
        after: { amount_cents: amount, paid_on: l.date, batch: run.batch, line: l.line, ...extra },
      });
      matched.push({ line: l.line, number: inv.number!, amount_cents: amount, date: l.date });
    };
    for (const l of ordered) {
      run.rows.total++;
      if (l.skip) {
        run.rows.skipped++;
        skipped.push({
          line: l.line,
          date: l.date,
          amount_cents: l.amountCents,
          counterparty: l.counterparty,
          description: l.description,
          reason: l.skip,
        });
        continue;
      }
      const key = JSON.stringify([l.date, l.amountCents, l.description]);
      const occurrence = (seen.get(key) ?? 0) + 1;
      seen.set(key, occurrence);
      const fp = fingerprint(statement.account, l, occurrence);
      if (paymentExists(db, fp)) {
        run.rows.unchanged++;
        continue;
      }
      const unmatchedBecause = (reason: string) => {
        run.rows.skipped++;
        unmatched.push({
          line: l.line,
          date: l.date,
          amount_cents: l.amountCents,
          counterparty: l.counterparty,
          description: l.description,
          reason,
        });
      };
      const dd = collections.classify(l, namedInvoice);
      if (dd?.kind === 'return') {
        const inv = byId.get(dd.item.invoiceId)!;
        // the money of a paid collection goes back: a negative payment; one never credited needs none
        if (dd.item.status === 'paid') book(inv, l, l.amountCents, fp, { returned: dd.reason });
        for (const n of collectionReturned(db, dd.item, dd.reason, l.date))
          run.notes.push(`line ${l.line}: ${n}`);
        returned.push({ number: dd.item.number, reason: dd.reason, amount_cents: dd.item.amountCents });
        run.rows.new++;
        continue;
      }
      if (l.amountCents <= 0) {
        outgoing++;
        run.rows.skipped++;
        continue;
      }
      if (dd?.kind === 'batch-misfit') {
        unmatchedBecause(dd.reason);
        continue;
      }
      if (dd?.kind === 'batch') {
        // one payment per collection; the first carries the line's fingerprint, so that the line is
        // known as imported, the others one derived from it
        dd.items.forEach((item, k) => {
          const inv = byId.get(item.invoiceId)!;
          book(inv, l, item.amountCents, k === 0 ? fp : `${fp}/${item.endToEndId}`, { collection: dd.id });
          markItemPaid(db, item.id);
          paidCollections.push(item.number);
        });
        if (dd.items.length > 1)
          run.notes.push(
            `line ${l.line}: collection batch ${dd.id} credited: ${dd.items.length} collections paid (${formatEuro(l.amountCents)})`,
          );
        run.rows.new++;
        continue;
      }
      const found = match(`${l.description} ${l.bankReference ?? ''} ${l.endToEndId ?? ''}`);
      if (found.length === 0) {
        unmatchedBecause('no invoice number in the description');
        continue;
      }
      if (found.length > 1) {
        unmatchedBecause(`names several invoices (${found.join(', ')}); book it with \`lato payments add\``);
        continue;
      }
      const inv = byNumber.get(found[0]!)!;
      if (inv.kind !== 'invoice') {
        unmatchedBecause(`names credit note ${inv.number}, not an invoice`);
        continue;
      }
      book(inv, l, l.amountCents, fp);
      if (collectionPaid(db, inv.id)) paidCollections.push(inv.number!);
      for (const w of warningsFor(inv, inv.paidCents)) run.notes.push(`line ${l.line}: ${w}`);
      run.rows.new++;
    }
    if (outgoing) run.notes.push(`${outgoing} outgoing transfer(s) skipped`);
    for (const u of skipped) {
      run.notes.push(
        `skipped, entry ${u.line}: ${u.date} ${formatEuro(u.amount_cents)} ${u.counterparty ?? ''} "${u.description.slice(0, 80)}": ${u.reason}`,
      );
    }
    for (const u of unmatched) {
      run.notes.push(
        `unmatched, line ${u.line}: ${u.date} ${formatEuro(u.amount_cents)} ${u.counterparty ?? ''} "${u.description.slice(0, 80)}": ${u.reason}`,
      );
    }
    const collectionsDone = { paid: [...paidCollections].sort(), returned };
    run.details = {
      format: statement.format,
      account: statement.account,
      matched,
      unmatched,
      skipped,
      collections: collectionsDone,
    };
    run.extra = { format: statement.format, matched, unmatched, skipped, collections: collectionsDone };
  });
}
