// Can these documents be printed? Checked before anything is numbered or recorded (`invoices
// issue`, `credit`, `remind`): the data each template would receive is built, and every text in
// it is checked against what the embedded fonts draw (domain/text.ts, printProblem). Pure apart
// from building the document data; renders nothing, so it is quick enough for a year's invoices.

import { LatoError, type Problem } from '../domain/errors.js';
import type { Invoice } from '../domain/invoice.js';
import type { InvoiceTexts } from '../domain/invoice-settings.js';
import { escapeForTerminal, printProblem } from '../domain/text.js';
import {
  creditNoteDocument,
  invoiceDocument,
  reminderDocument,
  type DocumentData,
} from './invoice-document.js';

export interface PrintJob {
  doc: 'invoice' | 'credit_note' | 'reminder';
  invoice: Invoice;
  texts: InvoiceTexts;
  reminder?: { date: string; level: number; daysOverdue: number } | undefined;
  /** the issued document whose snapshot of the issuer and buyer this one shows (a credit note:
   * the invoice it credits; a reminder or a PDF: itself); absent before issue */
  snapshotOf?: string | undefined;
}

/** The data a job's template receives, without drawing the QR code (its payload is checked). */
function documentOf(job: PrintJob): DocumentData {
  switch (job.doc) {
    case 'invoice':
      return invoiceDocument(job.invoice, job.texts, { qr: false });
    case 'credit_note':
      return creditNoteDocument(job.invoice, job.texts);
    case 'reminder':
      return reminderDocument(job.invoice, job.texts, job.reminder!, { qr: false });
  }
}

/** Every text of `data` that cannot be printed, as `path: problem`. */
function walk(data: unknown, path: string, out: string[]): void {
  if (typeof data === 'string') {
    const p = printProblem(data);
    if (p)
      out.push(`${path} "${escapeForTerminal(data.length > 40 ? `${data.slice(0, 37)}...` : data)}": ${p}`);
  } else if (Array.isArray(data)) data.forEach((x, i) => walk(x, `${path}[${i}]`, out));
  else if (typeof data === 'object' && data !== null)
    for (const [k, v] of Object.entries(data)) walk(v, path ? `${path}.${k}` : k, out);
}

/** What in one document cannot be printed (empty when it can). */
export function printProblems(job: PrintJob): string[] {
  let data: DocumentData;
  try {
    data = documentOf(job);
  } catch (e) {
    return [`the document cannot be made: ${(e as Error).message}`];
  }
  const out: string[] = [];
  walk(data, '', out);
  return out;
}

/** Where the text of a document field comes from, for the hint. */
function fixFor(job: PrintJob, problem: string): string {
  const kept = /^(seller|footer|meta\.author|buyer|facts|reminder\.salutation)/.test(problem);
  if (kept && job.snapshotOf)
    return `${job.snapshotOf} was issued with this text (before lato checked it) and keeps it, so a document naming the parties as it does cannot be printed`;
  if (/^(seller|footer|meta\.author)/.test(problem)) return 'correct the issuer: lato settings set issuer.…';
  if (kept) return `correct the partner: lato partners edit ${job.invoice.partner}`;
  if (/^credit\.reason/.test(problem)) return 'give another --reason';
  if (/^lines/.test(problem))
    return 'correct the invoice texts (lato settings set invoice_texts.…), then lato invoices run again';
  return 'correct the invoice texts: lato settings set invoice_texts.…';
}

/**
 * Refuses (listing every document and text) when any of `jobs` could not be printed; `what` says
 * what was about to happen ("issue the invoices of 2018-2019").
 */
export function requirePrintable(
  jobs: readonly PrintJob[],
  what: string,
  outcome = 'nothing was numbered or recorded',
): void {
  const problems: Problem[] = [];
  let bad = 0;
  for (const job of jobs) {
    const found = printProblems(job);
    if (found.length) bad++;
    for (const p of found)
      problems.push({
        message: `${job.invoice.number ?? '(draft)'} ${job.invoice.partner}: ${p}`,
        hint: fixFor(job, p),
      });
  }
  if (bad === 0) return;
  throw new LatoError(
    `cannot ${what}: ${bad} document${bad === 1 ? '' : 's'} could not be printed; ${outcome}`,
    { problems },
  );
}
