// The invoice use cases: drafts from the computed fees (run), numbering and locking (issue),
// credit notes, listing, what is outstanding, PDFs, the bookkeeping exports and reminders.
// Every change is one immediate transaction with an audit entry; a rejected command writes nothing.

import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LatoError, UsageError, type Problem } from '../domain/errors.js';
import {
  applyVat,
  buildDrafts,
  creditLines,
  daysOverdue,
  displayStatus,
  dueDate,
  openCents,
  type DisplayStatus,
  type Draft,
  type FeeLineInput,
  type Invoice,
  type InvoiceKind,
  type NotInvoiced,
} from '../domain/invoice.js';
import { checkForIssue, type InvoiceSettings } from '../domain/invoice-settings.js';
import { formatNumber, gapsIn, seriesYear } from '../domain/numbering.js';
import { normaliseText, textProblem } from '../domain/text.js';
import { requirePrintable } from '../render/print-check.js';
import { audit } from '../db/audit.js';
import type { Db } from '../db/connection.js';
import {
  buyerOf,
  deleteDraft,
  findInvoices,
  insertDraft,
  insertReminder,
  invoiceByNumber,
  issuedSequences,
  lastIssueDate,
  markIssued,
  nextSeq,
  peekSeq,
  reminderLevel,
  seriesCounters,
  takenNumbers,
} from '../db/invoices.js';
import { computeFees } from './fees.js';
import { formatEuro } from '../domain/money.js';
import { loadInvoiceSettings } from './invoice-settings.js';
import { checkOutputDir, checkOutputFile, ensureDir, fileNameOf, writeAtomic } from '../io/files.js';
import { writeTransaction } from '../db/transaction.js';
import { keepsDocuments, lostNumbers, storedDocument } from '../db/documents.js';
import { autoBackup } from './backup.js';
import {
  announceDirectDebit,
  planDirectDebits,
  returnedCollections,
  type DirectDebitPlan,
  type InvoiceCollectionView,
} from './direct-debit.js';
import {
  DocumentsOutdated,
  documentFileName,
  renderIssuedDocuments,
  storeIssuedDocuments,
  storeReminderDocument,
  type RenderedDocument,
} from './documents.js';
import { groupFeeWarnings, type WarningGroup } from '../domain/fee-warnings.js';
import { ratesYearBefore } from '../db/rates.js';

// today, --year and --date live in ./options.js; re-exported for the modules that import them from here
export { requireDate, requireYear, today } from './options.js';
import { requireDate, requireYear, today } from './options.js';

// read as they are stored, for the commands that show them
export { paymentsOf } from '../db/invoices.js';

// ---------------------------------------------------------------------------------------------
// run: drafts from the fees

export interface RunSummary {
  year: string;
  dry_run: boolean;
  created: number;
  replaced: number;
  unchanged: number;
  removed: number;
  drafts: {
    partner: string;
    name: string;
    total_cents: number;
    change: 'created' | 'replaced' | 'unchanged';
  }[];
  already_issued: { partner: string; name: string; number: string }[];
  not_invoiced: NotInvoiced[];
  warnings: string[];
  /** the warnings grouped by cause, one line each with its fix (runInvoices fills it) */
  warning_groups?: WarningGroup[];
}

function sameDraft(a: Invoice, lines: ReturnType<typeof buildDrafts>['drafts'][number]): boolean {
  return (
    a.netCents === lines.netCents &&
    a.lines.length === lines.lines.length &&
    a.lines.every((l, i) => {
      const b = lines.lines[i]!;
      return (
        l.description === b.description &&
        l.quantity === b.quantity &&
        l.unitPriceCents === b.unitPriceCents &&
        l.amountCents === b.amountCents &&
        l.countDate === b.countDate
      );
    })
  );
}

/**
 * Creates or replaces the draft invoices of a year from fee lines. Repeatable: an unchanged draft
 * stays as it is; a partner with an issued (and not credited) invoice for the year gets none; a
 * draft whose partner no longer owes a fee is removed.
 */
export function createDrafts(
  db: Db,
  year: string,
  fees: readonly FeeLineInput[],
  opts: { dryRun?: boolean; warnings?: string[] } = {},
): RunSummary {
  return writeTransaction(
    db,
    () => {
      const settings = loadInvoiceSettings(db);
      const { drafts, notInvoiced } = buildDrafts(year, fees, settings.texts);
      const issued = new Map<number, Invoice>();
      for (const inv of findInvoices(db, { year, kind: 'invoice', status: 'issued' }))
        if (!inv.creditedBy) issued.set(inv.partnerId, inv);
      const existing = new Map(
        findInvoices(db, { year, kind: 'invoice', status: 'draft' }).map((d) => [d.partnerId, d]),
      );
      const summary: RunSummary = {
        year,
        dry_run: !!opts.dryRun,
        created: 0,
        replaced: 0,
        unchanged: 0,
        removed: 0,
        drafts: [],
        already_issued: [],
        not_invoiced: notInvoiced,
        warnings: opts.warnings ?? [],
      };
      const keep = new Set<number>();
      for (const d of drafts) {
        const live = issued.get(d.partnerId);
        if (live) {
          summary.already_issued.push({ partner: d.partner, name: d.name, number: live.number! });
          continue;
        }
        const old = existing.get(d.partnerId);
        keep.add(d.partnerId);
        let change: 'created' | 'replaced' | 'unchanged';
        if (old && sameDraft(old, d)) change = 'unchanged';
        else {
          if (old) deleteDraft(db, old.id);
          const id = insertDraft(db, d);
          audit(db, {
            entity: 'invoice',
            entityId: id,
            action: old ? 'draft-replace' : 'draft-create',
            before: old
              ? { id: old.id, net_cents: old.netCents, lines: old.lines.map((l) => l.description) }
              : undefined,
            after: {
              partner: d.partner,
              year,
              net_cents: d.netCents,
              lines: d.lines.map((l) => l.description),
            },
          });
          change = old ? 'replaced' : 'created';
        }
        summary[change]++;
        summary.drafts.push({ partner: d.partner, name: d.name, total_cents: d.netCents, change });
      }
      for (const [partnerId, old] of existing) {
        if (keep.has(partnerId)) continue;
        deleteDraft(db, old.id);
        audit(db, {
          entity: 'invoice',
          entityId: old.id,
          action: 'draft-delete',
          before: { partner: old.partner, year, net_cents: old.netCents },
        });
        summary.removed++;
      }
      return summary;
    },
    { dryRun: !!opts.dryRun },
  );
}

/** `lato invoices run`: the fee computation of the year, made into drafts. */
export async function runInvoices(
  db: Db,
  rawYear: string,
  opts: { dryRun?: boolean } = {},
): Promise<RunSummary> {
  const year = requireYear(rawYear);
  const report = computeFees(db, year);
  const s = createDrafts(db, year, report.lines, { dryRun: !!opts.dryRun, warnings: report.warnings });
  const grouped = groupFeeWarnings(year, report.lines, report.warnings, ratesYearBefore(db, year));
  return { ...s, warning_groups: grouped.groups };
}

// ---------------------------------------------------------------------------------------------
// issue: numbers and lock

/** Refuses with every problem of the settings at once. */
export function requireIssueSettings(s: InvoiceSettings): void {
  const problems = checkForIssue(s);
  if (problems.length > 0) {
    throw new LatoError('cannot issue: the invoice settings are incomplete or wrong', {
      problems,
      hint: '`lato settings list` shows them; `lato settings set KEY VALUE` changes one',
    });
  }
}

function buyerProblems(inv: Invoice, db: Db): Problem[] {
  const b = buyerOf(db, inv.partnerId);
  const missing = [!b?.street && 'street', !b?.postal_code && 'postal code', !b?.city && 'city'].filter(
    Boolean,
  );
  return missing.length
    ? [
        {
          message: `partner ${inv.partner} has no ${missing.join(', ')} (a Dutch invoice names the buyer's address)`,
          hint: `lato partners edit ${inv.partner}`,
        },
      ]
    : [];
}

/**
 * An issue date is never in the future and never before the latest issue date of its series
 * (invoices, or credit notes): numbers follow the order of the dates.
 */
export function checkIssueDate(db: Db, kind: InvoiceKind, date: string): void {
  const what = kind === 'invoice' ? 'invoice' : 'credit note';
  const now = today();
  if (date > now) {
    throw new LatoError(`the ${what} date ${date} lies in the future (today is ${now})`, {
      hint: 'a document is dated the day it is issued: leave out --date, or give today or an earlier day',
    });
  }
  const last = lastIssueDate(db, kind);
  if (last && last > date) {
    throw new LatoError(
      `the ${what} date ${date} lies before ${last}, the date of the last ${what} in this series`,
      { hint: `numbers follow the order of issue: give --date ${last} or later` },
    );
  }
}

/** A draft that no longer matches what the current data gives (counts, rates, partner, policy). */
export interface StaleDraft {
  /** the number it would get at issue */
  number: string | null;
  partner: string;
  name: string;
  amount_cents: number;
  /** null: the current data gives this partner no invoice */
  current_cents: number | null;
  why: string;
}

/** What the current data gives for a school year: the fees made into drafts, as `invoices run` does. */
export function currentDrafts(db: Db, year: string): ReturnType<typeof buildDrafts> {
  return buildDrafts(year, computeFees(db, year).lines, loadInvoiceSettings(db).texts);
}

/** `"…260 leerlingen PO à € 2,50" → "…260 leerlingen PO à € 9,99"`: a line then and now, without the
 * description's common head (up to its colon). */
function changed(was: string, now: string): string {
  let i = 0;
  while (i < was.length && was[i] === now[i]) i++;
  const colon = was.lastIndexOf(': ', i);
  const cut = colon < 0 ? 0 : colon + 2;
  const head = cut > 0 ? '…' : '';
  return `"${head}${was.slice(cut)}" → "${head}${now.slice(cut)}"`;
}

/** In words, how a stored invoice (draft or issued) differs from what the data gives now. */
function difference(old: Invoice, now: Draft | undefined, notInvoiced: readonly NotInvoiced[]): string {
  if (!now) {
    const reason = notInvoiced.find((n) => n.partner === old.partner)?.reason;
    return reason ?? 'the partner owes no fee for the year (left, or no paying membership)';
  }
  const before = old.lines.map((l) => l.description);
  const after = now.lines.map((l) => l.description);
  const gone = before.filter((d) => !after.includes(d));
  const added = after.filter((d) => !before.includes(d));
  const parts =
    gone.length === added.length
      ? gone.map((d, i) => changed(d, added[i]!))
      : [...gone.map((d) => `was "${d}"`), ...added.map((d) => `now "${d}"`)];
  if (parts.length === 0) {
    parts.push(
      `amount ${formatEuro(old.netCents)}, now ${formatEuro(now.netCents)} (${now.lines.length} line(s))`,
    );
  }
  return parts.join('; ');
}

/**
 * The drafts of a year that differ from what `invoices run` would make from the current data:
 * counts, rates, partners, memberships and policy changed since (or an import undone).
 */
export function staleDrafts(db: Db, year: string): StaleDraft[] {
  const drafts = findInvoices(db, { year, kind: 'invoice', status: 'draft' });
  if (drafts.length === 0) return [];
  const { drafts: now, notInvoiced } = currentDrafts(db, year);
  const byPartner = new Map(now.map((d) => [d.partnerId, d]));
  return drafts
    .filter((d) => {
      const n = byPartner.get(d.partnerId);
      return !n || !sameDraft(d, n);
    })
    .map((d) => {
      const n = byPartner.get(d.partnerId);
      return {
        number: null,
        partner: d.partner,
        name: n?.name ?? notInvoiced.find((x) => x.partner === d.partner)?.name ?? d.partner,
        amount_cents: d.netCents,
        current_cents: n ? n.netCents : null,
        why: difference(d, n, notInvoiced),
      };
    });
}

/** Issued invoices (not credited) of a year whose lines differ from what the data gives now. */
export function issuedThatDiffer(db: Db, year: string): StaleDraft[] {
  const issued = findInvoices(db, { year, kind: 'invoice', status: 'issued' }).filter((i) => !i.creditedBy);
  if (issued.length === 0) return [];
  const { drafts: now, notInvoiced } = currentDrafts(db, year);
  const byPartner = new Map(now.map((d) => [d.partnerId, d]));
  return issued
    .filter((i) => {
      const n = byPartner.get(i.partnerId);
      return !n || !sameDraft(i, n);
    })
    .map((i) => {
      const n = byPartner.get(i.partnerId);
      return {
        number: i.number,
        partner: i.partner,
        name: i.buyer?.name ?? i.partner,
        amount_cents: i.netCents,
        current_cents: n ? n.netCents : null,
        why: difference(i, n, notInvoiced),
      };
    });
}

/**
 * After a change to what fees are computed from (rates, counts): the issued invoices and the
 * drafts of the year that no longer match. An issued invoice stays as it was (a credit note
 * corrects it); a draft is made again by `invoices run`. Never fails the change itself.
 */
export interface Affected {
  year: string;
  issued: StaleDraft[];
  drafts: StaleDraft[];
  /** why the comparison could not be made (the fees cannot be computed) */
  error: string | null;
}

export function invoicesAffected(db: Db, year: string): Affected {
  try {
    return { year, issued: issuedThatDiffer(db, year), drafts: staleDrafts(db, year), error: null };
  } catch (e) {
    if (!(e instanceof LatoError)) throw e;
    return { year, issued: [], drafts: [], error: e.message };
  }
}

/** What `invoices issue` will do: shown before numbering, and as the --dry-run. */
export interface IssuePlan {
  year: string;
  date: string;
  due_on: string;
  count: number;
  total_cents: number;
  first_number: string | null;
  last_number: string | null;
  invoices: { number: string; partner: string; name: string; total_cents: number }[];
}

interface PlannedInvoice {
  draft: Invoice;
  seq: number;
  number: string;
  vatCents: number;
  vat: ReturnType<typeof applyVat>['vat'];
}

/**
 * Everything issuing the drafts of a year needs checked, and the numbers each will get; writes
 * nothing. Refuses (with every case listed) when the settings are incomplete, a buyer has no
 * address, the date is in the future or before the series' last, a number is already taken, or
 * a draft no longer matches the current data.
 */
function planIssue(
  db: Db,
  year: string,
  date: string,
  checkDrafts = true,
): { plan: IssuePlan; items: PlannedInvoice[]; directDebits: DirectDebitPlan | null } {
  const settings = loadInvoiceSettings(db);
  const term = settings.invoicing.payment_term_days;
  const empty: IssuePlan = {
    year,
    date,
    due_on: dueDate(date, term),
    count: 0,
    total_cents: 0,
    first_number: null,
    last_number: null,
    invoices: [],
  };
  const drafts = findInvoices(db, { year, kind: 'invoice', status: 'draft' });
  if (drafts.length === 0) return { plan: empty, items: [], directDebits: null };
  requireIssueSettings(settings);
  const problems = drafts.flatMap((d) => buyerProblems(d, db));
  if (problems.length > 0) {
    throw new LatoError(
      `cannot issue the invoices of ${year}: ${problems.length} partner(s) lack an address`,
      {
        problems,
      },
    );
  }
  const directDebits = planDirectDebits(
    db,
    drafts.map((d) => d.partnerId),
    date,
  );
  if (directDebits.problems.length > 0) {
    throw new LatoError(`cannot issue the invoices of ${year}: they announce direct debits`, {
      problems: directDebits.problems,
    });
  }
  checkIssueDate(db, 'invoice', date);
  const series = settings.invoiceSeries;
  const sy = seriesYear(series, date);
  const first = peekSeq(db, 'invoice', sy, series.start_number);
  drafts.sort((a, b) => a.partner.localeCompare(b.partner));
  const items = drafts.map((d, i) => ({
    draft: d,
    seq: first + i,
    number: formatNumber(series, date, first + i),
    ...applyVat(d.netCents, settings.vat),
  }));
  requireFreeNumbers(
    db,
    items.map((i) => i.number),
    'invoice_series',
  );
  requireIssuePrintable(db, settings, items, year, date);
  const stale = checkDrafts ? staleDrafts(db, year) : [];
  if (stale.length > 0) {
    const numberOf = new Map(items.map((i) => [i.draft.partner, i.number]));
    throw new LatoError(
      `cannot issue the invoices of ${year}: ${stale.length} draft(s) no longer match the current data`,
      {
        problems: stale.map((s) => ({
          message: `${numberOf.get(s.partner) ?? '(no number)'} ${s.partner} (${s.name}): draft ${formatEuro(s.amount_cents)}, now ${s.current_cents === null ? 'no invoice' : formatEuro(s.current_cents)}: ${s.why}`,
        })),
        hint: `make the drafts again from the current data: lato invoices run --year ${year}`,
      },
    );
  }
  const plan: IssuePlan = {
    ...empty,
    count: items.length,
    total_cents: items.reduce((t, i) => t + i.draft.netCents + i.vatCents, 0),
    first_number: items[0]!.number,
    last_number: items[items.length - 1]!.number,
    invoices: items.map((i) => ({
      number: i.number,
      partner: i.draft.partner,
      name: i.draft.buyer?.name ?? buyerOf(db, i.draft.partnerId)?.name ?? i.draft.partner,
      total_cents: i.draft.netCents + i.vatCents,
    })),
  };
  return { plan, items, directDebits };
}

/**
 * Every invoice about to be issued, as it will be printed (its number, dates, the issuer and the
 * buyer as they will be snapshotted), checked for text the PDF cannot print: refused before
 * anything gets a number (render/print-check.ts).
 */
function requireIssuePrintable(
  db: Db,
  settings: InvoiceSettings,
  items: readonly PlannedInvoice[],
  year: string,
  date: string,
): void {
  const term = settings.invoicing.payment_term_days;
  requirePrintable(
    items.map((i) => ({
      doc: 'invoice' as const,
      texts: settings.texts,
      invoice: {
        ...i.draft,
        status: 'issued' as const,
        number: i.number,
        issuedOn: date,
        dueOn: dueDate(date, term),
        paymentTermDays: term,
        vatCents: i.vatCents,
        vat: i.vat,
        totalCents: i.draft.netCents + i.vatCents,
        seller: settings.issuer!,
        buyer: buyerOf(db, i.draft.partnerId)!,
      },
    })),
    `issue the invoices of ${year}`,
  );
}

/** Numbers a series is about to give that a document already carries: the series settings repeat them. */
function requireFreeNumbers(db: Db, numbers: readonly string[], key: string): void {
  const taken = takenNumbers(db, numbers);
  if (taken.length > 0) {
    throw new LatoError(
      `cannot number: ${taken.join(', ')} ${taken.length === 1 ? 'is' : 'are'} already given`,
      {
        hint: `the format of ${key} repeats numbers (\`lato settings list\` shows it); give it a different prefix or {year}`,
      },
    );
  }
}

/** `lato invoices issue --dry-run`, and the summary shown before numbering. Writes nothing. */
export function issuePlan(db: Db, rawYear: string, opts: { date?: string } = {}): IssuePlan {
  const year = requireYear(rawYear);
  const date = requireDate(opts.date);
  // one read snapshot: another `issue` committing meanwhile must not show half its numbers
  return db.transaction(() => planIssue(db, year, date).plan)();
}

export interface IssueSummary {
  year: string;
  date: string;
  issued: {
    number: string;
    partner: string;
    total_cents: number;
    due_on: string;
    /** the collection date the invoice announces, for a partner with a mandate */
    direct_debit_on?: string;
  }[];
  warnings: string[];
}

/**
 * The part of a plan a confirmation was given for: the date and who pays what. Not the numbers:
 * they are given out when the write lock is held, so another `issue` that commits in between
 * (another year, the same series) moves the range on without changing any invoice.
 */
function planKey(p: IssuePlan): string {
  return JSON.stringify([p.date, p.invoices.map((i) => [i.partner, i.name, i.total_cents])]);
}

/**
 * Gives the drafts of a year their numbers, in partner-code order, and locks them; all in one
 * immediate transaction, which also serialises two `issue` commands started at once: the second
 * waits for the first and then finds nothing left to issue. With `confirmed`, the plan that was
 * shown and agreed to: when the drafts changed in between, nothing is issued. With `documents`
 * (see issueInvoicesWithDocuments, what the commands use), their PDF and UBL are stored and
 * chained in the same transaction; without, only the rows are written.
 */
export function issueInvoices(
  db: Db,
  rawYear: string,
  opts: {
    date?: string;
    confirmed?: IssuePlan;
    /**
     * false only for drafts made from fee lines the caller built itself (the unit tests of
     * numbering, UBL and PDF); every command compares the drafts with the current data.
     */
    checkDrafts?: boolean;
    documents?: PreparedDocuments;
  } = {},
): IssueSummary {
  const year = requireYear(rawYear);
  const date = requireDate(opts.date);
  if (findInvoices(db, { year, kind: 'invoice', status: 'draft' }).length > 0)
    autoBackup(db, 'invoices-issue');
  return writeTransaction(db, () => {
    const { plan, items, directDebits } = planIssue(db, year, date, opts.checkDrafts);
    if (items.length === 0 || !directDebits) return { year, date, issued: [], warnings: [] };
    if (opts.confirmed && planKey(opts.confirmed) !== planKey(plan)) {
      throw new LatoError('the drafts changed since the summary was shown; nothing was issued', {
        hint: 'run the command again to see the new summary',
      });
    }
    const settings = loadInvoiceSettings(db);
    const series = settings.invoiceSeries;
    const sy = seriesYear(series, date);
    const term = settings.invoicing.payment_term_days;
    const issued: IssueSummary['issued'] = [];
    const noLegalId: string[] = [];
    for (const { draft: d, number, seq: planned, vatCents, vat } of items) {
      const seq = nextSeq(db, 'invoice', sy, series.start_number);
      if (seq !== planned) throw new Error(`numbering: planned ${planned}, counter gave ${seq}`);
      const due = plan.due_on;
      const buyer = buyerOf(db, d.partnerId)!;
      if (!buyer.kvk && !buyer.oin) noLegalId.push(d.partner);
      markIssued(db, d.id, {
        number,
        seriesYear: sy,
        seq,
        issuedOn: date,
        dueOn: due,
        paymentTermDays: term,
        vatCents,
        vat,
        seller: settings.issuer!,
        buyer,
      });
      const collectOn = announceDirectDebit(db, directDebits, d, date, due);
      audit(db, {
        entity: 'invoice',
        entityId: number,
        action: 'issue',
        before: { id: d.id, status: 'draft' },
        after: {
          number,
          partner: d.partner,
          year,
          issued_on: date,
          due_on: due,
          total_cents: d.netCents + vatCents,
          ...(collectOn ? { direct_debit_on: collectOn } : {}),
        },
      });
      issued.push({
        number,
        partner: d.partner,
        total_cents: d.netCents + vatCents,
        due_on: due,
        ...(collectOn ? { direct_debit_on: collectOn } : {}),
      });
    }
    const warnings = [...directDebits.warnings];
    if (noLegalId.length)
      warnings.push(
        `${noLegalId.length} invoice(s) go to partners without KvK number or OIN, so no UBL e-invoice can be made for them (BR-NL-10): ${noLegalId.join(', ')}`,
      );
    if (opts.documents)
      storeOrRefuse(db, issuedRows(db, 'invoice', issued), opts.documents.rendered, opts.documents.from);
    return { year, date, issued, warnings };
  });
}

/** Documents rendered before the write transaction, and the rows they were rendered from. */
export interface PreparedDocuments {
  rendered: Map<string, RenderedDocument>;
  from: readonly Invoice[];
}

/**
 * `lato invoices issue`: issues the drafts of a year (see issueInvoices) with their documents as
 * sent: each invoice's PDF and UBL rendered once, before the write transaction, and stored with
 * its sha256 and its entry in the invoice chain inside it.
 */
export async function issueInvoicesWithDocuments(
  db: Db,
  rawYear: string,
  opts: { date?: string; confirmed?: IssuePlan } & PdfOptions = {},
): Promise<IssueSummary> {
  const year = requireYear(rawYear);
  const date = requireDate(opts.date);
  // the documents as they will be: the issue done in a transaction that is rolled back (no
  // automatic backup inside one), its
  // rows rendered (outside any transaction, so others are not held up), then the issue again,
  // for real, storing the documents when the rows are exactly what was rendered
  return withFreshDocuments(async () => {
    const preview = writeTransaction(
      db,
      () => {
        const s = issueInvoices(db, year, { date, ...(opts.confirmed ? { confirmed: opts.confirmed } : {}) });
        return { s, invoices: issuedRows(db, 'invoice', s.issued) };
      },
      { dryRun: true },
    );
    if (preview.s.issued.length === 0) return preview.s;
    const rendered = await renderFor(db, preview.invoices, opts);
    return issueInvoices(db, year, {
      date,
      ...(opts.confirmed ? { confirmed: opts.confirmed } : {}),
      documents: { rendered, from: preview.invoices },
    });
  });
}

/** The issued rows of these numbers, in number order. */
function issuedRows(db: Db, kind: InvoiceKind, numbers: readonly { number: string }[]): Invoice[] {
  const wanted = new Set(numbers.map((n) => n.number));
  return findInvoices(db, { kind, status: 'issued' }).filter((i) => wanted.has(i.number!));
}

async function renderFor(
  db: Db,
  invoices: readonly Invoice[],
  opts: PdfOptions,
): Promise<Map<string, RenderedDocument>> {
  const settings = loadInvoiceSettings(db);
  return renderIssuedDocuments(invoices, {
    texts: settings.texts,
    customization: settings.invoicing.ubl_customization,
    templatesDir: opts.templatesDir,
  });
}

function storeOrRefuse(
  db: Db,
  issued: readonly Invoice[],
  rendered: Map<string, RenderedDocument>,
  renderedFrom: readonly Invoice[],
): void {
  try {
    storeIssuedDocuments(db, issued, rendered, renderedFrom);
  } catch (e) {
    if (!(e instanceof DocumentsOutdated)) throw e;
    throw new DocumentsChangedMeanwhile(`${e.message}; nothing was issued`, {
      hint: 'another command changed it meanwhile: run the command again',
    });
  }
}

/** The rows rendered were changed by another command before the real write: nothing written. */
class DocumentsChangedMeanwhile extends LatoError {}

/**
 * Renders, then writes, again when another command committed in between (another year issued in
 * the same series moves the numbers on, so the documents rendered carry the wrong ones): at most
 * three times, then the error says to run the command again.
 */
async function withFreshDocuments<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof DocumentsChangedMeanwhile) || i >= 3) throw e;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// credit notes

export function requireInvoice(db: Db, number: string): Invoice {
  const inv = invoiceByNumber(db, number.trim());
  if (!inv) {
    throw new LatoError(`no invoice numbered ${number}`, {
      hint: '`lato invoices list` shows the numbers; drafts have none until `lato invoices issue`',
    });
  }
  return inv;
}

/** What `invoices credit` will do: shown before numbering, and as the --dry-run. */
export interface CreditPlan {
  /** the credit note's number-to-be */
  number: string;
  credits: string;
  partner: string;
  name: string;
  date: string;
  due_on: string;
  total_cents: number;
  reason: string;
}

/** Everything crediting an invoice needs checked, and the number the credit note will get. */
function planCredit(
  db: Db,
  number: string,
  reason: string,
  date: string,
): { plan: CreditPlan; inv: Invoice; seq: number; sy: number } {
  const inv = requireInvoice(db, number);
  if (inv.kind === 'credit_note') {
    throw new LatoError(`${inv.number} is a credit note; only an invoice can be credited`);
  }
  if (inv.creditedBy) {
    throw new LatoError(`invoice ${inv.number} was already credited by ${inv.creditedBy.number}`, {
      hint: 'an invoice is credited once; `lato invoices show` shows both',
    });
  }
  if (date < inv.issuedOn!) {
    throw new LatoError(`the credit note date ${date} lies before the invoice date ${inv.issuedOn}`);
  }
  const settings = loadInvoiceSettings(db);
  requireIssueSettings(settings);
  checkIssueDate(db, 'credit_note', date);
  const series = settings.creditSeries;
  const sy = seriesYear(series, date);
  const seq = peekSeq(db, 'credit_note', sy, series.start_number);
  const cnNumber = formatNumber(series, date, seq);
  requireFreeNumbers(db, [cnNumber], 'credit_note_series');
  // the credit note as it will be printed: refused before it gets its number
  requirePrintable(
    [
      {
        doc: 'credit_note',
        texts: settings.texts,
        snapshotOf: inv.number!,
        invoice: {
          ...inv,
          kind: 'credit_note',
          number: cnNumber,
          issuedOn: date,
          dueOn: date,
          paymentTermDays: 0,
          credits: { id: inv.id, number: inv.number!, issuedOn: inv.issuedOn! },
          creditedBy: null,
          reason,
          lines: creditLines(inv.lines),
          netCents: -inv.netCents,
          vatCents: -inv.vatCents,
          totalCents: -inv.totalCents,
          paidCents: 0,
        },
      },
    ],
    `credit ${inv.number}`,
  );
  return {
    plan: {
      number: cnNumber,
      credits: inv.number!,
      partner: inv.partner,
      name: inv.buyer!.name,
      date,
      due_on: date,
      total_cents: -inv.totalCents,
      reason: reason.trim(),
    },
    inv,
    seq,
    sy,
  };
}

/** The reason as stored and printed (normalised, domain/text.ts); refused when empty or unprintable. */
function requireReason(raw: string): string {
  const reason = normaliseText(raw, { multiline: true });
  if (reason === '') throw new UsageError('--reason must say why the invoice is credited');
  const problem = textProblem(reason, 'long', { multiline: true });
  if (problem)
    throw new LatoError(`--reason: ${problem}`, { hint: 'the reason is printed on the credit note' });
  return reason;
}

/** `lato invoices credit --dry-run`, and the summary shown before numbering. Writes nothing. */
export function creditPlan(db: Db, number: string, given: string, opts: { date?: string } = {}): CreditPlan {
  const reason = requireReason(given);
  const date = requireDate(opts.date);
  return db.transaction(() => planCredit(db, number.trim(), reason, date).plan)();
}

/**
 * A credit note that cancels an issued invoice entirely; numbered in its own series. With
 * `documents` (see creditInvoiceWithDocuments, what the command uses) its PDF and UBL are stored.
 */
export function creditInvoice(
  db: Db,
  number: string,
  given: string,
  opts: { date?: string; confirmed?: CreditPlan; documents?: PreparedDocuments } = {},
): { number: string; credits: string; total_cents: number } {
  const reason = requireReason(given);
  const date = requireDate(opts.date);
  autoBackup(db, 'invoices-credit');
  return writeTransaction(db, () => {
    const { plan, inv, seq: planned, sy } = planCredit(db, number.trim(), reason, date);
    if (opts.confirmed && JSON.stringify(opts.confirmed) !== JSON.stringify(plan)) {
      throw new LatoError(
        'the invoice or its series changed since the summary was shown; nothing was written',
        {
          hint: 'run the command again to see the new summary',
        },
      );
    }
    const series = loadInvoiceSettings(db).creditSeries;
    const id = insertDraft(
      db,
      {
        partnerId: inv.partnerId,
        partner: inv.partner,
        name: inv.buyer!.name,
        schoolYear: inv.schoolYear,
        lines: creditLines(inv.lines),
        netCents: -inv.netCents,
      },
      'credit_note',
      { creditsId: inv.id, reason: reason.trim(), vatCents: -inv.vatCents },
    );
    const seq = nextSeq(db, 'credit_note', sy, series.start_number);
    if (seq !== planned) throw new Error(`numbering: planned ${planned}, counter gave ${seq}`);
    const cnNumber = plan.number;
    // the credit note names the parties and VAT exactly as the invoice it cancels did
    markIssued(db, id, {
      number: cnNumber,
      seriesYear: sy,
      seq,
      issuedOn: date,
      dueOn: date,
      paymentTermDays: 0,
      vatCents: -inv.vatCents,
      vat: inv.vat!,
      seller: inv.seller!,
      buyer: inv.buyer!,
    });
    audit(db, {
      entity: 'invoice',
      entityId: cnNumber,
      action: 'credit',
      before: { number: inv.number, total_cents: inv.totalCents },
      after: { number: cnNumber, credits: inv.number, reason: reason.trim(), issued_on: date },
    });
    if (opts.documents)
      storeOrRefuse(
        db,
        issuedRows(db, 'credit_note', [{ number: cnNumber }]),
        opts.documents.rendered,
        opts.documents.from,
      );
    return { number: cnNumber, credits: inv.number!, total_cents: -inv.totalCents };
  });
}

/**
 * `lato invoices credit`: the credit note (see creditInvoice) with its documents as sent, rendered
 * once before the write transaction and stored, with its chain entry, inside it.
 */
export async function creditInvoiceWithDocuments(
  db: Db,
  number: string,
  reason: string,
  opts: { date?: string; confirmed?: CreditPlan } & PdfOptions = {},
): Promise<{ number: string; credits: string; total_cents: number }> {
  requireReason(reason);
  const date = requireDate(opts.date);
  // as for issue: the credit note made in a transaction rolled back, rendered, then made for real
  return withFreshDocuments(async () => {
    const preview = writeTransaction(
      db,
      () => {
        const r = creditInvoice(db, number, reason, {
          date,
          ...(opts.confirmed ? { confirmed: opts.confirmed } : {}),
        });
        return { r, rows: issuedRows(db, 'credit_note', [r]) };
      },
      { dryRun: true },
    );
    const rendered = await renderFor(db, preview.rows, opts);
    return creditInvoice(db, number, reason, {
      date,
      ...(opts.confirmed ? { confirmed: opts.confirmed } : {}),
      documents: { rendered, from: preview.rows },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// reading

export interface InvoiceListRow {
  number: string | null;
  kind: InvoiceKind;
  partner: string;
  name: string;
  year: string;
  status: DisplayStatus;
  total_cents: number;
  issued_on: string | null;
  due_on: string | null;
  paid_cents: number;
  open_cents: number;
  days_overdue: number;
  credits: string | null;
  credited_by: string | null;
}

export const LIST_STATUSES = [
  'draft',
  'issued',
  'partially_paid',
  'paid',
  'credited',
  'credit_note',
  'open',
  'overdue',
] as const;

export function toListRow(inv: Invoice, asOf: string): InvoiceListRow {
  const open = openCents(inv);
  return {
    number: inv.number,
    kind: inv.kind,
    partner: inv.partner,
    name: inv.buyer?.name ?? inv.partner,
    year: inv.schoolYear,
    status: displayStatus(inv),
    total_cents: inv.totalCents,
    issued_on: inv.issuedOn,
    due_on: inv.dueOn,
    paid_cents: inv.paidCents,
    open_cents: open,
    days_overdue: open > 0 && inv.dueOn ? daysOverdue(inv.dueOn, asOf) : 0,
    credits: inv.credits?.number ?? null,
    credited_by: inv.creditedBy?.number ?? null,
  };
}

export function listInvoices(
  db: Db,
  opts: { year?: string | undefined; status?: string | undefined; asOf?: string } = {},
): InvoiceListRow[] {
  const year = opts.year === undefined ? undefined : requireYear(opts.year);
  if (opts.status !== undefined && !(LIST_STATUSES as readonly string[]).includes(opts.status)) {
    throw new UsageError(`--status ${opts.status} is not a status`, `one of ${LIST_STATUSES.join(', ')}`);
  }
  const asOf = opts.asOf ?? today();
  const rows = findInvoices(db, { year }).map((i) => toListRow(i, asOf));
  // drafts carry the partner's current name (they have no snapshot yet)
  const names = new Map(
    (db.prepare('SELECT code, name FROM partners').all() as { code: string; name: string }[]).map((p) => [
      p.code,
      p.name,
    ]),
  );
  for (const r of rows) if (r.status === 'draft') r.name = names.get(r.partner) ?? r.partner;
  return rows.filter((r) => {
    switch (opts.status) {
      case undefined:
        return true;
      case 'open':
        return r.open_cents > 0;
      case 'overdue':
        return r.open_cents > 0 && r.days_overdue > 0;
      default:
        return r.status === opts.status;
    }
  });
}

export interface OutstandingRow extends InvoiceListRow {
  reminders: number;
  /** the invoice's last collection, when it came back (storno): it is open again */
  returned_collection: InvoiceCollectionView | null;
}

/** Issued invoices not (fully) paid and not credited, the longest overdue first. */
export function outstanding(
  db: Db,
  opts: { asOf?: string; year?: string } = {},
): {
  as_of: string;
  invoices: OutstandingRow[];
  open_cents: number;
  overdue_cents: number;
  /** what to know about an open invoice, such as a returned collection */
  notes: string[];
} {
  const asOf = opts.asOf ?? today();
  const open = findInvoices(db, { kind: 'invoice', status: 'issued', year: opts.year }).filter(
    (inv) => openCents(inv) > 0,
  );
  const returned = returnedCollections(db, open);
  const rows = open
    .map((inv) => ({
      ...toListRow(inv, asOf),
      reminders: reminderLevel(db, inv.id),
      returned_collection: returned.byInvoice.get(inv.id) ?? null,
    }))
    .sort((a, b) => b.days_overdue - a.days_overdue || (a.number ?? '').localeCompare(b.number ?? ''));
  return {
    as_of: asOf,
    notes: returned.notes.sort(),
    invoices: rows,
    open_cents: rows.reduce((s, r) => s + r.open_cents, 0),
    overdue_cents: rows.filter((r) => r.days_overdue > 0).reduce((s, r) => s + r.open_cents, 0),
  };
}

/**
 * Numbers missing in a series (there should never be any; `lato check` reports them): counted
 * from the series' first number (the start number for the first counter of a series, 1 for each
 * later year of a yearly reset) up to the last number its counter gave.
 */
export function numberingGaps(db: Db): { series: InvoiceKind; year: number; missing: number[] }[] {
  const settings = loadInvoiceSettings(db);
  const issued = new Map(issuedSequences(db).map((s) => [`${s.kind}/${s.seriesYear}`, s.seqs]));
  // numbers a forced restore lost are given: recorded in the chain, never given again
  for (const l of lostNumbers(db)) {
    const k = `${l.series}/${l.series_year}`;
    issued.set(
      k,
      [...(issued.get(k) ?? []), l.seq].sort((a, b) => a - b),
    );
  }
  const counters = seriesCounters(db);
  const out: { series: InvoiceKind; year: number; missing: number[] }[] = [];
  for (const c of counters) {
    const firstYear = Math.min(...counters.filter((o) => o.kind === c.kind).map((o) => o.seriesYear));
    const series = c.kind === 'invoice' ? settings.invoiceSeries : settings.creditSeries;
    const first = c.seriesYear === firstYear ? series.start_number : 1;
    const seqs = issued.get(`${c.kind}/${c.seriesYear}`) ?? [];
    issued.delete(`${c.kind}/${c.seriesYear}`);
    const given = new Set(seqs);
    const missing: number[] = [];
    for (let n = Math.min(first, ...seqs); n <= c.lastSeq; n++) if (!given.has(n)) missing.push(n);
    if (missing.length) out.push({ series: c.kind, year: c.seriesYear, missing });
  }
  // issued numbers without a counter: their gaps between the lowest and highest
  for (const [k, seqs] of issued) {
    const [kind, year] = k.split('/') as [InvoiceKind, string];
    const missing = gapsIn(seqs, seqs[0]!);
    if (missing.length) out.push({ series: kind, year: Number(year), missing });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// documents: PDFs and reminders

export interface PdfOptions {
  templatesDir?: string | undefined;
}

/** Selects issued documents by number, or all of a year. */
export function selectIssued(db: Db, sel: { numbers?: string[]; year?: string }): Invoice[] {
  if (sel.numbers && sel.numbers.length > 0) return sel.numbers.map((n) => requireInvoice(db, n));
  if (sel.year) return findInvoices(db, { year: requireYear(sel.year), status: 'issued' });
  throw new UsageError('give an invoice NUMBER or --year YEAR');
}

/** The end of the file name of a document made anew (not the document as sent). */
export const FRESH_SUFFIX = '-opnieuw-opgemaakt';

/** The notice a document made anew carries under its title (Dutch, as the document). */
export function freshNotice(date: string): string {
  return `Opnieuw opgemaakt op ${date}: een kopie, niet het document zoals verzonden`;
}

/**
 * Writes the PDFs of issued invoices and credit notes into `outDir`; returns the files. Each is
 * the PDF stored when it was issued, byte for byte, named `<number>.pdf`. With `fresh` (and for
 * documents issued before lato kept them) the PDF is made anew from the stored data and the
 * current templates, named `<number>-opnieuw-opgemaakt.pdf` and saying so under its title.
 */
export async function writePdfs(
  db: Db,
  invoices: readonly Invoice[],
  outDir: string,
  opts: PdfOptions & { fresh?: boolean } = {},
): Promise<string[]> {
  const drafts = invoices.filter((i) => i.status !== 'issued');
  if (drafts.length) throw new LatoError('drafts have no PDF: issue them first (`lato invoices issue`)');
  if (invoices.length === 0) return [];
  checkOutputDir(outDir, db.name);
  const stored = new Map<number, Buffer>();
  if (!opts.fresh && keepsDocuments(db)) {
    for (const inv of invoices) {
      const doc = storedDocument(db, inv.id, 'pdf');
      if (doc) stored.set(inv.id, doc.bytes);
    }
  }
  const texts = loadInvoiceSettings(db).texts;
  ensureDir(outDir);
  const files: string[] = [];
  const jobs = [];
  const copies: [string, Buffer][] = [];
  for (const inv of invoices) {
    const bytes = stored.get(inv.id);
    if (bytes) {
      const file = join(outDir, documentFileName(inv.number!, 'pdf'));
      copies.push([file, bytes]);
      files.push(file);
    } else {
      const file = join(outDir, fileNameOf(`${inv.number!}${FRESH_SUFFIX}`, 'pdf'));
      jobs.push({ doc: inv.kind, invoice: inv, texts, notice: freshNotice(today()), file });
      files.push(file);
    }
  }
  // documents stored before the entry checks may hold text the fonts cannot draw (and some
  // scripts make Typst abort): named here, before any PDF is written
  requirePrintable(
    jobs.map((j) => ({ ...j, snapshotOf: j.invoice.number! })),
    'make the PDFs',
    'no PDF was written',
  );
  for (const [file, bytes] of copies) writeAtomic(file, bytes);
  if (jobs.length) {
    const { renderPdfs } = await import('../render/pdf-batch.js');
    await renderPdfs(jobs, { templatesDir: opts.templatesDir });
  }
  return files;
}

/**
 * Payment reminders for invoices overdue by at least `minDays`: a PDF each, and the reminder
 * recorded (level 1, 2, …) so that the next run counts on. With dryRun only lists them.
 */
export async function remindOverdue(
  db: Db,
  outDir: string,
  opts: PdfOptions & { asOf?: string; minDays?: number; dryRun?: boolean } = {},
): Promise<
  {
    number: string;
    partner: string;
    open_cents: number;
    days_overdue: number;
    level: number;
    file: string | null;
  }[]
> {
  const asOf = opts.asOf ?? today();
  const minDays = opts.minDays ?? 1;
  const due = outstanding(db, { asOf }).invoices.filter((r) => r.days_overdue >= minDays);
  if (due.length === 0) return [];
  const list = due.map((r) => ({
    number: r.number!,
    partner: r.partner,
    open_cents: r.open_cents,
    days_overdue: r.days_overdue,
    level: r.reminders + 1,
    file: null as string | null,
  }));
  if (opts.dryRun) return list;
  checkOutputDir(outDir, db.name);
  const { renderPdfBytes } = await import('../render/pdf-batch.js');
  const texts = loadInvoiceSettings(db).texts;
  ensureDir(outDir);
  const jobs = list.map((r) => ({
    doc: 'reminder' as const,
    invoice: requireInvoice(db, r.number),
    texts,
    reminder: { date: asOf, level: r.level, daysOverdue: r.days_overdue },
    file: join(outDir, documentFileName(r.number, 'pdf', r.level)),
  }));
  // every reminder checked before any is made; then the PDFs (written, and kept as sent with their
  // reminder), then the records: a template that does not compile (or a failed write) records
  // nothing and leaves none of this run's PDFs behind
  requirePrintable(
    jobs.map((j) => ({ ...j, snapshotOf: j.invoice.number! })),
    'send the reminders',
  );
  const existed = new Set(jobs.filter((j) => existsSync(j.file)).map((j) => j.file));
  try {
    const pdfs = await renderPdfBytes(jobs, { templatesDir: opts.templatesDir });
    const keep = keepsDocuments(db);
    for (const [i, job] of jobs.entries()) writeAtomic(job.file, pdfs[i]!);
    writeTransaction(db, () => {
      for (const [i, r] of list.entries()) {
        const reminderId = insertReminder(db, jobs[i]!.invoice.id, r.level, asOf, r.open_cents);
        if (keep) {
          storeReminderDocument(
            db,
            {
              invoiceId: jobs[i]!.invoice.id,
              reminderId,
              number: r.number,
              level: r.level,
              sentOn: asOf,
              openCents: r.open_cents,
            },
            pdfs[i]!,
          );
        }
        audit(db, {
          entity: 'invoice',
          entityId: r.number,
          action: 'remind',
          after: { level: r.level, sent_on: asOf, open_cents: r.open_cents },
        });
        r.file = jobs[i]!.file;
      }
    });
  } catch (e) {
    for (const j of jobs) if (!existed.has(j.file)) rmSync(j.file, { force: true });
    throw e;
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// exports for the bookkeeping: CSV and UBL

export interface ExportSummary {
  format: 'csv' | 'ubl';
  /** null: the CSV is in `csv` (for stdout) */
  out: string | null;
  files: string[];
  documents: number;
  skipped: { number: string; problems: string[] }[];
  /** the CSV text when no file was given */
  csv?: string;
}

/**
 * Writes the issued invoices and credit notes of a year: one CSV file, or one UBL XML file per
 * document into a folder. A UBL file is the e-invoice stored when the document was issued, byte
 * for byte; made anew (named `<number>-opnieuw-opgemaakt.xml`) only with `fresh` or for a
 * document issued before lato kept them. Every UBL document made anew is checked against the
 * e-invoice rules first; a document that would be rejected stops the export (nothing written)
 * unless skipInvalid.
 */
export async function exportInvoices(
  db: Db,
  rawYear: string,
  format: string,
  out: string | undefined,
  opts: { skipInvalid?: boolean; lines?: boolean; fresh?: boolean } = {},
): Promise<ExportSummary> {
  const year = requireYear(rawYear);
  if (format !== 'csv' && format !== 'ubl') throw new UsageError(`--format ${format} is not csv or ubl`);
  if (format === 'ubl' && out === undefined)
    throw new UsageError('UBL needs a folder: give --out DIR', 'without --out only the CSV goes to stdout');
  if (format === 'csv') {
    if (out !== undefined) checkOutputFile(out, db.name);
  } else checkOutputDir(out!, db.name);
  const docs = findInvoices(db, { year, status: 'issued' }).sort((a, b) =>
    a.kind === b.kind ? a.number!.localeCompare(b.number!) : a.kind === 'invoice' ? -1 : 1,
  );
  if (docs.length === 0) {
    throw new LatoError(`no issued invoices for ${year}: nothing to export`, {
      hint: '`lato invoices run --year Y` and `lato invoices issue --year Y` make them',
    });
  }
  if (format === 'csv') {
    const { writeDutchCsv } = await import('../io/csv-write.js');
    const r = await import('../render/invoice-csv.js');
    if (out === undefined) {
      const { toDutchCsv } = await import('../io/csv-write.js');
      const csv = opts.lines
        ? toDutchCsv(r.LINE_HEADER, r.lineRows(docs))
        : toDutchCsv(r.DOCUMENT_HEADER, r.documentRows(docs));
      return { format, out: null, files: [], documents: docs.length, skipped: [], csv };
    }
    if (opts.lines) writeDutchCsv(out, r.LINE_HEADER, r.lineRows(docs), db.name);
    else writeDutchCsv(out, r.DOCUMENT_HEADER, r.documentRows(docs), db.name);
    return { format, out, files: [out], documents: docs.length, skipped: [] };
  }
  const dir = out!;
  const { ublXml, ublProblems } = await import('../render/ubl.js');
  const { checkUbl } = await import('../render/ubl-rules.js');
  const customization = loadInvoiceSettings(db).invoicing.ubl_customization;
  const made: { doc: Invoice; xml: string | Buffer; fresh: boolean }[] = [];
  const skipped: ExportSummary['skipped'] = [];
  const problems: Problem[] = [];
  const keep = !opts.fresh && keepsDocuments(db);
  for (const doc of docs) {
    // the e-invoice stored when the document was issued, byte for byte
    const stored = keep ? storedDocument(db, doc.id, 'ubl') : undefined;
    if (stored) {
      made.push({ doc, xml: stored.bytes, fresh: false });
      continue;
    }
    const issuedWithout = keep && storedDocument(db, doc.id, 'pdf') !== undefined;
    const before = ublProblems(doc);
    const xml = before.length ? '' : ublXml(doc, { customization });
    const after = before.length ? [] : checkUbl(xml, { customization });
    const all = [
      ...before.map((p) => `${p.message}${p.hint ? ` (${p.hint})` : ''}`),
      ...after.map((v) => `[${v.rule}] ${v.message}`),
    ];
    if (issuedWithout && all.length === 0)
      all.push('no e-invoice was made when it was issued; --fresh makes one anew from its data');
    if (all.length) {
      skipped.push({ number: doc.number!, problems: all });
      problems.push(...all.map((m) => ({ file: doc.number!, message: m })));
    } else made.push({ doc, xml, fresh: true });
  }
  if (problems.length && !opts.skipInvalid) {
    throw new LatoError(
      `${skipped.length} of ${docs.length} e-invoices would be rejected; nothing was written`,
      {
        problems,
        hint: 'fix the data and export again, or add --skip-invalid to write the valid ones',
      },
    );
  }
  ensureDir(dir);
  const files = made.map(({ doc, xml, fresh }) => {
    const file = join(
      dir,
      fresh ? fileNameOf(`${doc.number!}${FRESH_SUFFIX}`, 'xml') : documentFileName(doc.number!, 'ubl'),
    );
    writeAtomic(file, xml);
    return file;
  });
  return { format, out: dir, files, documents: made.length, skipped };
}

// ---------------------------------------------------------------------------------------------
// the demo

export interface InvoiceDemoResult {
  year: string;
  run: RunSummary;
  issue: IssueSummary;
  pdfs: string[];
  csv: string;
  ubl: ExportSummary;
}

/**
 * For `lato demo`: drafts from the fees of `year`, issued on `issueDate`, their PDFs in
 * `outDir/facturen`, the bookkeeping CSV `outDir/facturen-YEAR.csv` and the UBL e-invoices in
 * `outDir/ubl` (documents that cannot be valid e-invoices, e.g. a partner without KvK or OIN,
 * are skipped and listed in `ubl.skipped`). Running it again adds nothing: the year is issued.
 */
export async function invoiceDemo(
  db: Db,
  opts: { year: string; issueDate: string; outDir: string; templatesDir?: string },
): Promise<InvoiceDemoResult> {
  const run = await runInvoices(db, opts.year);
  const issue = await issueInvoicesWithDocuments(db, opts.year, {
    date: opts.issueDate,
    templatesDir: opts.templatesDir,
  });
  const docs = findInvoices(db, { year: requireYear(opts.year), status: 'issued' });
  const pdfs = await writePdfs(db, docs, join(opts.outDir, 'facturen'), { templatesDir: opts.templatesDir });
  const csv = join(opts.outDir, `facturen-${requireYear(opts.year)}.csv`);
  ensureDir(opts.outDir);
  await exportInvoices(db, opts.year, 'csv', csv);
  const ubl = await exportInvoices(db, opts.year, 'ubl', join(opts.outDir, 'ubl'), { skipInvalid: true });
  return { year: requireYear(opts.year), run, issue, pdfs, csv, ubl };
}
