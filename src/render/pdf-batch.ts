// Rendering many documents: each job is a document (invoice, credit note or reminder) and the
// file it goes to. Large batches are spread over worker threads, each with its own Typst
// compiler, so that a year's invoices render on every core; small ones render in this thread.
// The Typst memo cache is emptied every 100 documents so that memory stays flat.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { LatoError, type Problem } from '../domain/errors.js';
import type { Invoice } from '../domain/invoice.js';
import type { InvoiceTexts } from '../domain/invoice-settings.js';
import { BackgroundWriter } from '../io/files.js';
import { creditNoteDocument, invoiceDocument, reminderDocument } from './invoice-document.js';
import type { TypstRenderer } from './typst.js';

export interface PdfJob {
  doc: 'invoice' | 'credit_note' | 'reminder';
  invoice: Invoice;
  texts: InvoiceTexts;
  reminder?: { date: string; level: number; daysOverdue: number };
  /** printed under the title: a copy made anew says that it is not the document as sent */
  notice?: string;
  /** the file to write; '' to have the bytes returned instead (see renderPdfBytes) */
  file: string;
}

/** The bytes of one job's PDF. */
export function renderJob(renderer: TypstRenderer, job: PdfJob): Buffer {
  const notice = job.notice ? { notice: job.notice } : {};
  switch (job.doc) {
    case 'invoice':
      return renderer.pdf('invoice.typ', { ...invoiceDocument(job.invoice, job.texts), ...notice });
    case 'credit_note':
      return renderer.pdf('credit-note.typ', { ...creditNoteDocument(job.invoice, job.texts), ...notice });
    case 'reminder':
      return renderer.pdf('reminder.typ', {
        ...reminderDocument(job.invoice, job.texts, job.reminder!),
        ...notice,
      });
  }
}

export const EVICT_EVERY = 100;
/** Below this many documents one thread is quicker than starting workers. */
const POOL_FROM = 60;
const BATCH = 20;

export interface SerialisedError {
  message: string;
  problems: Problem[];
  hint: string | undefined;
}

export function serialiseError(e: unknown): SerialisedError {
  if (e instanceof LatoError) return { message: e.message, problems: e.problems, hint: e.hint };
  return {
    message: `rendering failed: ${(e as Error)?.message ?? String(e)}`,
    problems: [],
    hint: undefined,
  };
}

/** Renders and writes every job; throws the first error (a template that does not compile). */
export async function renderPdfs(
  jobs: readonly PdfJob[],
  opts: { templatesDir?: string | undefined } = {},
): Promise<void> {
  await runJobs(jobs, opts);
}

/** Renders every job and returns the PDFs' bytes, in the order of the jobs (nothing is written). */
export async function renderPdfBytes(
  jobs: readonly Omit<PdfJob, 'file'>[],
  opts: { templatesDir?: string | undefined } = {},
): Promise<Buffer[]> {
  return runJobs(
    jobs.map((j) => ({ ...j, file: '' })),
    opts,
  ).then((r) => r.map((b) => b!));
}

/** A job's bytes when it has no file, else null (its file is written). */
async function runJobs(
  jobs: readonly PdfJob[],
  opts: { templatesDir?: string | undefined },
): Promise<(Buffer | null)[]> {
  const results: (Buffer | null)[] = jobs.map(() => null);
  const workerUrl = new URL('./pdf-worker.js', import.meta.url);
  // workers need the compiled JavaScript (tests run the TypeScript sources in one thread)
  const compiled = import.meta.url.endsWith('.js');
  const limit = Number(process.env.LATO_PDF_WORKERS) || Math.min(availableParallelism(), 4);
  const workers = Math.min(limit, Math.ceil(jobs.length / POOL_FROM));
  if (!compiled || workers < 2) {
    const { TypstRenderer } = await import('./typst.js');
    const renderer = await TypstRenderer.create({ templatesDir: opts.templatesDir });
    const writer = new BackgroundWriter();
    try {
      for (const [i, job] of jobs.entries()) {
        const pdf = renderJob(renderer, job);
        if (job.file) await writer.write(job.file, pdf);
        else results[i] = pdf;
        if ((i + 1) % EVICT_EVERY === 0) renderer.evict();
      }
    } finally {
      await writer.flush();
    }
    return results;
  }
  let next = 0;
  const pool = Array.from(
    { length: workers },
    () => new Worker(workerUrl, { workerData: { templatesDir: opts.templatesDir } }),
  );
  try {
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            let from = 0;
            const feed = () => {
              if (next >= jobs.length) return resolve();
              const batch = jobs.slice(next, next + BATCH);
              from = next;
              next += batch.length;
              w.postMessage(batch);
            };
            w.on(
              'message',
              (m: { done?: number; results?: (Uint8Array | null)[]; error?: SerialisedError }) => {
                if (m.error) {
                  next = jobs.length; // stop handing out work
                  const { message, problems, hint } = m.error;
                  reject(new LatoError(message, { problems, ...(hint ? { hint } : {}) }));
                  return;
                }
                for (const [k, b] of (m.results ?? []).entries())
                  if (b) results[from + k] = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
                feed();
              },
            );
            w.on('error', reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
