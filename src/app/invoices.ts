// The invoice use cases: drafts from the computed fees (run), numbering and locking (issue),
// credit notes, listing, what is outstanding, PDFs, the bookkeeping exports and reminders.
// Every change is one immediate transaction with an audit entry; a rejected command writes nothing.

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
  type FeeLineInput,
  type Invoice,
  type InvoiceKind,
  type NotInvoiced,
} from '../domain/invoice.js';
import { checkForIssue, type InvoiceSettings } from '../domain/invoice-settings.js';
import { formatNumber, gapsIn, seriesYear } from '../domain/numbering.js';
import { parseDate } from '../domain/dates.js';
import { parseSchoolYear } from '../domain/school-year.js';
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
  reminderLevel,
} from '../db/invoices.js';
import { loadInvoiceSettings } from './invoice-settings.js';
import { checkOutputDir, checkOutputFile, ensureDir, fileNameOf, writeAtomic } from '../io/files.js';
import { writeTransaction } from '../db/transaction.js';
import { autoBackup } from './backup.js';
import { announceDirectDebit, planDirectDebits } from './direct-debit.js';

/** Today in the local time zone, as an ISO date. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function requireYear(raw: string): string {
  const y = parseSchoolYear(raw);
  if (!y.ok) throw new UsageError(y.error);
  return y.year.label;
}

export function requireDate(raw: string | undefined, what = 'date'): string {
  if (raw === undefined) return today();
  const d = parseDate(raw);
  if (!d.ok) throw new UsageError(`--${what}: ${d.error}`);
  return d.date;
}

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
  const { computeFees } = await import('./fees.js');
  const report = computeFees(db, year);
  return createDrafts(db, year, report.lines, { dryRun: !!opts.dryRun, warnings: report.warnings });
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

function checkIssueDate(db: Db, kind: InvoiceKind, sy: number, date: string): void {
  const last = lastIssueDate(db, kind, sy);
  if (last && last > date) {
    throw new LatoError(
      `the issue date ${date} lies before ${last}, the date of the last ${kind === 'invoice' ? 'invoice' : 'credit note'} in this series`,
      { hint: 'numbers follow the order of issue: give --date on or after that day' },
    );
  }
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
 * Gives the drafts of a year their numbers, in partner-code order, and locks them; all in one
 * immediate transaction, which also serialises two `issue` commands started at once: the second
 * waits for the first and then finds nothing left to issue.
 */
export function issueInvoices(db: Db, rawYear: string, opts: { date?: string } = {}): IssueSummary {
  const year = requireYear(rawYear);
  const date = requireDate(opts.date);
  if (findInvoices(db, { year, kind: 'invoice', status: 'draft' }).length > 0)
    autoBackup(db, 'invoices-issue');
  return writeTransaction(db, () => {
    const drafts = findInvoices(db, { year, kind: 'invoice', status: 'draft' });
    if (drafts.length === 0) return { year, date, issued: [], warnings: [] };
    const settings = loadInvoiceSettings(db);
    requireIssueSettings(settings);
    const problems = drafts.flatMap((d) => buyerProblems(d, db));
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
    if (problems.length > 0) {
      throw new LatoError(
        `cannot issue the invoices of ${year}: ${problems.length} partner(s) lack an address`,
        {
          problems,
        },
      );
    }
    const series = settings.invoiceSeries;
    const sy = seriesYear(series, date);
    checkIssueDate(db, 'invoice', sy, date);
    const issued: IssueSummary['issued'] = [];
    const noLegalId: string[] = [];
    drafts.sort((a, b) => a.partner.localeCompare(b.partner));
    for (const d of drafts) {
      const seq = nextSeq(db, 'invoice', sy, series.start_number);
      const number = formatNumber(series, date, seq);
      const { vatCents, vat } = applyVat(d.netCents, settings.vat);
      const term = settings.invoicing.payment_term_days;
      const due = dueDate(date, term);
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
    return { year, date, issued, warnings };
  });
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

/** A credit note that cancels an issued invoice entirely; numbered in its own series. */
export function creditInvoice(
  db: Db,
  number: string,
  reason: string,
  opts: { date?: string } = {},
): { number: string; credits: string; total_cents: number } {
  if (reason.trim() === '') throw new UsageError('--reason must say why the invoice is credited');
  const date = requireDate(opts.date);
  autoBackup(db, 'invoices-credit');
  return writeTransaction(db, () => {
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
    const series = settings.creditSeries;
    const sy = seriesYear(series, date);
    checkIssueDate(db, 'credit_note', sy, date);
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
    const cnNumber = formatNumber(series, date, seq);
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
    return { number: cnNumber, credits: inv.number!, total_cents: -inv.totalCents };
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
} {
  const asOf = opts.asOf ?? today();
  const rows = findInvoices(db, { kind: 'invoice', status: 'issued', year: opts.year })
    .map((inv) => ({ ...toListRow(inv, asOf), reminders: reminderLevel(db, inv.id) }))
    .filter((r) => r.open_cents > 0)
    .sort((a, b) => b.days_overdue - a.days_overdue || (a.number ?? '').localeCompare(b.number ?? ''));
  return {
    as_of: asOf,
    invoices: rows,
    open_cents: rows.reduce((s, r) => s + r.open_cents, 0),
    overdue_cents: rows.filter((r) => r.days_overdue > 0).reduce((s, r) => s + r.open_cents, 0),
  };
}

/** Numbers missing in a series (there should never be any; `lato check` reports them). */
export function numberingGaps(db: Db): { series: InvoiceKind; year: number; missing: number[] }[] {
  const out: { series: InvoiceKind; year: number; missing: number[] }[] = [];
  for (const s of issuedSequences(db)) {
    const row = db
      .prepare('SELECT last_seq FROM number_series WHERE series = ? AND year = ?')
      .get(s.kind, s.seriesYear) as { last_seq: number } | undefined;
    const missing = gapsIn(s.seqs, s.seqs[0]!);
    const last = s.seqs[s.seqs.length - 1]!;
    // numbers the counter gave but no invoice carries
    if (row) for (let n = last + 1; n <= row.last_seq; n++) missing.push(n);
    if (missing.length) out.push({ series: s.kind, year: s.seriesYear, missing });
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

/** Renders the PDFs of issued invoices and credit notes into `outDir`; returns the files. */
export async function writePdfs(
  db: Db,
  invoices: readonly Invoice[],
  outDir: string,
  opts: PdfOptions = {},
): Promise<string[]> {
  const drafts = invoices.filter((i) => i.status !== 'issued');
  if (drafts.length) throw new LatoError('drafts have no PDF: issue them first (`lato invoices issue`)');
  if (invoices.length === 0) return [];
  checkOutputDir(outDir, db.name);
  const { renderPdfs } = await import('../render/pdf-batch.js');
  const texts = loadInvoiceSettings(db).texts;
  ensureDir(outDir);
  const jobs = invoices.map((inv) => ({
    doc: inv.kind,
    invoice: inv,
    texts,
    file: join(outDir, fileNameOf(inv.number!, 'pdf')),
  }));
  await renderPdfs(jobs, { templatesDir: opts.templatesDir });
  return jobs.map((j) => j.file);
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
  const { renderPdfs } = await import('../render/pdf-batch.js');
  const texts = loadInvoiceSettings(db).texts;
  ensureDir(outDir);
  const jobs = list.map((r) => ({
    doc: 'reminder' as const,
    invoice: requireInvoice(db, r.number),
    texts,
    reminder: { date: asOf, level: r.level, daysOverdue: r.days_overdue },
    file: join(outDir, fileNameOf(`${r.number}-herinnering-${r.level}`, 'pdf')),
  }));
  // the PDFs first: a template that does not compile leaves no reminder recorded
  await renderPdfs(jobs, { templatesDir: opts.templatesDir });
  writeTransaction(db, () => {
    for (const [i, r] of list.entries()) {
      insertReminder(db, jobs[i]!.invoice.id, r.level, asOf, r.open_cents);
      audit(db, {
        entity: 'invoice',
        entityId: r.number,
        action: 'remind',
        after: { level: r.level, sent_on: asOf, open_cents: r.open_cents },
      });
      r.file = jobs[i]!.file;
    }
  });
  return list;
}

// ---------------------------------------------------------------------------------------------
// exports for the bookkeeping: CSV and UBL

export interface ExportSummary {
  format: 'csv' | 'ubl';
  out: string;
  files: string[];
  documents: number;
  skipped: { number: string; problems: string[] }[];
}

/**
 * Writes the issued invoices and credit notes of a year: one CSV file, or one UBL XML file per
 * document into a folder. Every UBL document is checked against the e-invoice rules first; a
 * document that would be rejected stops the export (nothing written) unless skipInvalid.
 */
export async function exportInvoices(
  db: Db,
  rawYear: string,
  format: string,
  out: string,
  opts: { skipInvalid?: boolean; lines?: boolean } = {},
): Promise<ExportSummary> {
  const year = requireYear(rawYear);
  if (format !== 'csv' && format !== 'ubl') throw new UsageError(`--format ${format} is not csv or ubl`);
  if (format === 'csv') checkOutputFile(out, db.name);
  else checkOutputDir(out, db.name);
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
    if (opts.lines) writeDutchCsv(out, r.LINE_HEADER, r.lineRows(docs), db.name);
    else writeDutchCsv(out, r.DOCUMENT_HEADER, r.documentRows(docs), db.name);
    return { format, out, files: [out], documents: docs.length, skipped: [] };
  }
  const { ublXml, ublProblems } = await import('../render/ubl.js');
  const { checkUbl } = await import('../render/ubl-rules.js');
  const customization = loadInvoiceSettings(db).invoicing.ubl_customization;
  const made: { doc: Invoice; xml: string }[] = [];
  const skipped: ExportSummary['skipped'] = [];
  const problems: Problem[] = [];
  for (const doc of docs) {
    const before = ublProblems(doc);
    const xml = before.length ? '' : ublXml(doc, { customization });
    const after = before.length ? [] : checkUbl(xml, { customization });
    const all = [
      ...before.map((p) => `${p.message}${p.hint ? ` (${p.hint})` : ''}`),
      ...after.map((v) => `[${v.rule}] ${v.message}`),
    ];
    if (all.length) {
      skipped.push({ number: doc.number!, problems: all });
      problems.push(...all.map((m) => ({ file: doc.number!, message: m })));
    } else made.push({ doc, xml });
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
  ensureDir(out);
  const files = made.map(({ doc, xml }) => {
    const file = join(out, fileNameOf(doc.number!, 'xml'));
    writeAtomic(file, xml);
    return file;
  });
  return { format, out, files, documents: made.length, skipped };
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
  const issue = issueInvoices(db, opts.year, { date: opts.issueDate });
  const docs = findInvoices(db, { year: requireYear(opts.year), status: 'issued' });
  const pdfs = await writePdfs(db, docs, join(opts.outDir, 'facturen'), { templatesDir: opts.templatesDir });
  const csv = join(opts.outDir, `facturen-${requireYear(opts.year)}.csv`);
  ensureDir(opts.outDir);
  await exportInvoices(db, opts.year, 'csv', csv);
  const ubl = await exportInvoices(db, opts.year, 'ubl', join(opts.outDir, 'ubl'), { skipInvalid: true });
  return { year: requireYear(opts.year), run, issue, pdfs, csv, ubl };
}
