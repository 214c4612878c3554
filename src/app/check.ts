// `lato check`: everything that can be checked about the database, as a list of small checks. Each
// check reads the store and returns problem values (nothing is printed or thrown here), in the way
// beancount's validations do; the command prints them grouped per check and exits 1 when any
// check found something. Each check reuses the one place where its rule lives: the budget check
// of `lato budget check`, the numbering of the invoice series, the drafts the fees would make.

import type { Db } from '../db/connection.js';
import { LatoError } from '../domain/errors.js';
import { formatEuro, MAX_AMOUNT_CENTS } from '../domain/money.js';
import { MAX_COUNT } from '../domain/quantity.js';
import { findOutOfBounds } from '../db/bounds.js';
import { findParentLoops } from '../db/partners.js';
import { BUDGET_KINDS, type BudgetKind } from '../domain/budget.js';
import { findInvoices } from '../db/invoices.js';
import { budgetReport } from './budget.js';
import { currentDrafts, issuedThatDiffer, numberingGaps, staleDrafts, type StaleDraft } from './invoices.js';
import { yearsWithInvoices } from '../db/invoices.js';
import { schemaDifferences } from './schema.js';
import { verifyDocuments } from './documents.js';

/** One thing found wrong: a sentence, plus the facts behind it for --json. */
export interface CheckProblem {
  message: string;
  [fact: string]: unknown;
}

export interface Check {
  /** short name, stable for --json */
  name: string;
  /** what the check asserts, for the text output */
  title: string;
  run(db: Db): CheckProblem[];
}

export interface CheckResult {
  name: string;
  title: string;
  ok: boolean;
  problems: CheckProblem[];
}

/** PRAGMA integrity_check: the file's pages, indexes and constraints are sound. */
export function integrity(db: Db): CheckProblem[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.filter((r) => r.integrity_check !== 'ok').map((r) => ({ message: r.integrity_check }));
}

/** PRAGMA foreign_key_check: every reference points at a row that exists. */
export function foreignKeys(db: Db): CheckProblem[] {
  const rows = db.pragma('foreign_key_check') as {
    table: string;
    rowid: number | null;
    parent: string;
    fkid: number;
  }[];
  return rows.map((r) => {
    const fk = (
      db.pragma(`foreign_key_list("${r.table.replace(/"/g, '""')}")`) as {
        id: number;
        from: string;
      }[]
    ).find((f) => f.id === r.fkid);
    return {
      message: `${r.table} row ${r.rowid ?? '?'}: ${fk ? `${fk.from} ` : ''}points to a ${r.parent} row that does not exist`,
      table: r.table,
      rowid: r.rowid,
      parent: r.parent,
      column: fk?.from ?? null,
    };
  });
}

/** The budget (and realisation) of every school year that has one, by `lato budget check`. */
export function budgets(db: Db): CheckProblem[] {
  const years = db
    .prepare('SELECT DISTINCT school_year AS year, kind FROM budget_lines ORDER BY school_year, kind')
    .all() as { year: string; kind: BudgetKind }[];
  const out: CheckProblem[] = [];
  for (const { year, kind } of years) {
    if (!BUDGET_KINDS.includes(kind)) continue;
    try {
      for (const p of budgetReport(db, year, { kind }).summary.problems)
        out.push({ message: `${year} ${kind}: ${p.message}`, year, kind, code: p.code });
    } catch (e) {
      if (!(e instanceof LatoError)) throw e;
      out.push({ message: `${year} ${kind}: ${e.message}`, year, kind, code: 'error' });
    }
  }
  return out;
}

/** Every number of each invoice series given out once, none skipped. */
export function numbering(db: Db): CheckProblem[] {
  return numberingGaps(db).map((g) => ({
    message: `${g.series === 'invoice' ? 'invoice' : 'credit note'} series${g.year ? ` ${g.year}` : ''}: number${g.missing.length === 1 ? '' : 's'} ${g.missing.join(', ')} missing`,
    series: g.series,
    year: g.year,
    missing: g.missing,
  }));
}

/**
 * In a school year with issued invoices, every partner the fees would invoice (an active partner
 * with a fee above zero) has an issued invoice that is not credited.
 */
export function partnersInvoiced(db: Db): CheckProblem[] {
  const years = yearsWithInvoices(db, 'issued');
  if (years.length === 0) return [];
  const out: CheckProblem[] = [];
  for (const year of years) {
    const issued = findInvoices(db, { year, kind: 'invoice', status: 'issued' });
    const live = new Set(issued.filter((i) => !i.creditedBy).map((i) => i.partnerId));
    const credited = new Map(issued.filter((i) => i.creditedBy).map((i) => [i.partnerId, i.number]));
    let drafts;
    try {
      drafts = currentDrafts(db, year).drafts;
    } catch (e) {
      if (!(e instanceof LatoError)) throw e;
      out.push({ message: `${year}: the fees cannot be computed: ${e.message}`, year });
      continue;
    }
    for (const d of drafts) {
      if (live.has(d.partnerId)) continue;
      const was = credited.get(d.partnerId);
      out.push({
        message: `${year}: ${d.partner} (${d.name}) owes ${formatEuro(d.netCents)} but has no issued invoice${was ? ` (${was} was credited and not replaced)` : ''}`,
        year,
        partner: d.partner,
        fee_cents: d.netCents,
      });
    }
  }
  return out;
}

/** The school years that have invoices of this status, each with what `find` reports for it. */
function perYear(
  db: Db,
  status: 'draft' | 'issued',
  find: (db: Db, year: string) => StaleDraft[],
  say: (year: string, s: StaleDraft) => string,
): CheckProblem[] {
  const out: CheckProblem[] = [];
  for (const year of yearsWithInvoices(db, status)) {
    let found: StaleDraft[];
    try {
      found = find(db, year);
    } catch (e) {
      if (!(e instanceof LatoError)) throw e;
      out.push({ message: `${year}: the fees cannot be computed: ${e.message}`, year });
      continue;
    }
    for (const s of found) out.push({ message: say(year, s), year, ...s });
  }
  return out;
}

const amountNow = (s: StaleDraft) => (s.current_cents === null ? 'no invoice' : formatEuro(s.current_cents));

/** Every draft is what `invoices run` would make from the current data (else issue refuses it). */
export function draftsCurrent(db: Db): CheckProblem[] {
  return perYear(
    db,
    'draft',
    staleDrafts,
    (year, s) =>
      `${year}: the draft of ${s.partner} (${s.name}) is ${formatEuro(s.amount_cents)}, the current data gives ${amountNow(s)}: ${s.why}; lato invoices run --year ${year}`,
  );
}

/**
 * Every issued invoice (not credited) matches the fees of the current data. One that does not
 * stays as it was sent; listed so that it can be corrected by a credit note, or the data put back.
 */
export function issuedMatchFees(db: Db): CheckProblem[] {
  return perYear(
    db,
    'issued',
    issuedThatDiffer,
    (year, s) =>
      `${year}: ${s.number} to ${s.partner} (${s.name}) is ${formatEuro(s.amount_cents)}, the current data gives ${amountNow(s)}: ${s.why}`,
  );
}

/** Each invoice's stored totals equal the sum of its lines (net) and net + VAT (total). */
export function invoiceTotals(db: Db): CheckProblem[] {
  const rows = db
    .prepare(
      `SELECT i.id, i.number, i.status, i.net_cents AS net, i.vat_cents AS vat, i.total_cents AS total,
              (SELECT sum(l.amount_cents) FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines
       FROM invoices i ORDER BY i.id`,
    )
    .all() as {
    id: number;
    number: string | null;
    status: string;
    net: number;
    vat: number;
    total: number;
    lines: number | null;
  }[];
  const out: CheckProblem[] = [];
  for (const r of rows) {
    const name = r.number ?? `draft ${r.id}`;
    if (r.lines === null) out.push({ message: `${name} has no lines`, invoice: name });
    else if (r.lines !== r.net)
      out.push({
        message: `${name}: the stored net amount ${formatEuro(r.net)} differs from its lines, ${formatEuro(r.lines)}`,
        invoice: name,
        stored_cents: r.net,
        lines_cents: r.lines,
      });
    if (r.total !== r.net + r.vat)
      out.push({
        message: `${name}: the stored total ${formatEuro(r.total)} is not net ${formatEuro(r.net)} + VAT ${formatEuro(r.vat)}`,
        invoice: name,
        stored_cents: r.total,
        expected_cents: r.net + r.vat,
      });
  }
  return out;
}

/** No partner is (through its boards) its own parent: such partners drop out of the fees. */
export function partnerLoops(db: Db): CheckProblem[] {
  return findParentLoops(db).map((loop) => ({
    message: `the boards ${loop.join(' → ')} → ${loop[0]} form a loop: they drop out of the fees and invoices (fix with lato partners edit ${loop[0]} --parent "")`,
    partners: loop,
  }));
}

/**
 * Every stored amount within MAX_AMOUNT_CENTS and every count within MAX_COUNT (what lato takes
 * in): one written around lato (direct SQL, an older version) is named before a sum fails on it.
 */
export function amountBounds(db: Db): CheckProblem[] {
  return findOutOfBounds(db, MAX_AMOUNT_CENTS, MAX_COUNT).map((r) => ({
    message:
      r.table === 'counts'
        ? `${r.what}: ${r.value} is above ${MAX_COUNT}, the largest count lato takes`
        : `${r.what}: ${r.table}.${r.column} ${formatEuro(r.value)} is above ${formatEuro(MAX_AMOUNT_CENTS)}, the largest amount lato takes`,
    table: r.table,
    column: r.column,
    rowid: r.rowid,
    value: r.value,
  }));
}

/** Tables, indexes and triggers exactly as lato creates them: none dropped, changed or added. */
export function schema(db: Db): CheckProblem[] {
  return schemaDifferences(db).map((d) => ({ ...d }));
}

/**
 * The documents as sent and their hash chain: every stored PDF and UBL has its sha256, every
 * chain entry links to the one before it, and every issued document is still what the chain
 * recorded. The first problem names the first document where the chain breaks.
 */
export function documents(db: Db): CheckProblem[] {
  return verifyDocuments(db).map((p) => ({ ...p }));
}

/** The checks of `lato check`, in the order they are shown. */
export const CHECKS: readonly Check[] = [
  { name: 'integrity', title: 'database integrity (PRAGMA integrity_check)', run: integrity },
  { name: 'foreign-keys', title: 'references between rows (PRAGMA foreign_key_check)', run: foreignKeys },
  {
    name: 'schema',
    title: 'tables and triggers as lato creates them (none dropped or changed)',
    run: schema,
  },
  { name: 'budget', title: 'budget balance and stated totals per school year', run: budgets },
  { name: 'numbering', title: 'invoice numbers without gaps per series', run: numbering },
  {
    name: 'partners-invoiced',
    title: 'every partner with a fee invoiced in a billed year',
    run: partnersInvoiced,
  },
  { name: 'invoice-totals', title: 'invoice totals equal to their lines', run: invoiceTotals },
  { name: 'partner-loops', title: 'no school board under itself (parent loops)', run: partnerLoops },
  { name: 'amount-bounds', title: 'amounts and counts within what lato takes in', run: amountBounds },
  { name: 'drafts-current', title: 'draft invoices as the current data gives them', run: draftsCurrent },
  {
    name: 'issued-match-fees',
    title: 'issued invoices equal to the fees of the current data (a credit note corrects one)',
    run: issuedMatchFees,
  },
  {
    name: 'documents',
    title: 'issued documents as sent: stored bytes and the hash chain per series',
    run: documents,
  },
];

/** Runs every check; a check that fails unexpectedly becomes a problem of that check. */
export function runChecks(db: Db, checks: readonly Check[] = CHECKS): CheckResult[] {
  return checks.map((c) => {
    let problems: CheckProblem[];
    try {
      problems = c.run(db);
    } catch (e) {
      problems = [{ message: `the check could not run: ${(e as Error).message}` }];
    }
    return { name: c.name, title: c.title, ok: problems.length === 0, problems };
  });
}
