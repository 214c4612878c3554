// The yearly report use case (lato report yearly): loads everything the report needs for a school
// year, has domain/yearly-report.ts compute it, and writes it as PDF (Typst template
// templates/yearly-report.typ, overridable like the invoice templates), Markdown or JSON.
// The output path is checked before anything is computed or written; the file is written
// atomically, so that a failed run leaves no half report.

import { resolve } from 'node:path';
import type { Db } from '../db/connection.js';
import { illustrativeSources } from '../db/provenance.js';
import { loadBudgetLines, loadInKind, loadStatedTotals } from '../db/budget.js';
import { listFigures, listProgramme } from '../db/figures.js';
import { findInvoices } from '../db/invoices.js';
import { listPartners } from '../db/partners.js';
import { LatoError, UsageError } from '../domain/errors.js';
import { parseDate } from '../domain/dates.js';
import { buildYearlyReport, type YearlyReport } from '../domain/yearly-report.js';
import { computeFees, requireSchoolYear } from './fees.js';
import { checkOutputFile, writeAtomic } from '../io/files.js';
import { today } from './options.js';
import { figureMetrics, reportTexts } from './report-settings.js';

export const REPORT_FORMATS = ['pdf', 'md', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The school years the store knows anything about (budget, rates, counts, invoices, figures, programme). */
export function knownYears(db: Db): string[] {
  const rows = db
    .prepare(
      `SELECT school_year AS y FROM budget_lines UNION SELECT school_year FROM in_kind
       UNION SELECT school_year FROM rates UNION SELECT school_year FROM counts
       UNION SELECT school_year FROM invoices UNION SELECT school_year FROM programme
       UNION SELECT period FROM figures WHERE period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'
       ORDER BY 1`,
    )
    .all() as { y: string }[];
  return rows.map((r) => r.y);
}

/** Computes the report of a school year. An unknown year is an error (exit 1). */
export function yearlyReport(
  db: Db,
  rawYear: string,
  opts: { date?: string | undefined } = {},
): YearlyReport {
  const year = requireSchoolYear(rawYear);
  const known = knownYears(db);
  if (!known.includes(year.label)) {
    throw new LatoError(
      `lato knows nothing about ${year.label}: no budget, rates, counts, invoices or figures`,
      {
        hint: known.length
          ? `years with data: ${known.join(', ')}`
          : 'import data first (lato import …), or try `lato init --example`',
      },
    );
  }
  let preparedOn = today();
  if (opts.date !== undefined) {
    const d = parseDate(opts.date);
    if (!d.ok) throw new LatoError(`--date: ${d.error}`);
    preparedOn = d.date;
  }
  const fees = computeFees(db, year.label);
  return buildYearlyReport({
    year,
    preparedOn,
    organisation: reportTexts(db).organisation,
    sectors: db.prepare('SELECT code, name FROM sectors ORDER BY position, code').all() as {
      code: string;
      name: string;
    }[],
    partners: listPartners(db),
    fees: { lines: fees.lines, totals: fees.totals },
    invoices: findInvoices(db, { year: year.label }),
    budget: {
      lines: loadBudgetLines(db, year.label, 'begroting'),
      actual: loadBudgetLines(db, year.label, 'realisatie'),
      stated: loadStatedTotals(db, year.label, 'begroting'),
    },
    inKind: {
      budget: loadInKind(db, year.label, 'begroting'),
      actual: loadInKind(db, year.label, 'realisatie'),
      statedCents: loadStatedTotals(db, year.label, 'begroting').in_kind ?? null,
    },
    figures: listFigures(db),
    metrics: figureMetrics(db),
    programme: listProgramme(db, year.label),
    illustrative: illustrativeSources(db, year.label),
  });
}

/** The format from --format, else from the file name's extension, else PDF. */
export function reportFormat(format: string | undefined, out: string | undefined): ReportFormat {
  if (format !== undefined) {
    const f = format.toLowerCase() === 'markdown' ? 'md' : format.toLowerCase();
    if (!(REPORT_FORMATS as readonly string[]).includes(f))
      throw new UsageError(`--format ${format} is not one of ${REPORT_FORMATS.join(', ')}`);
    return f as ReportFormat;
  }
  const ext = out?.toLowerCase().match(/\.(pdf|md|markdown|json)$/)?.[1];
  return ext === 'markdown' ? 'md' : ((ext as ReportFormat | undefined) ?? 'pdf');
}

export interface WrittenReport {
  format: ReportFormat;
  /** the file written, or null when written to stdout */
  file: string | null;
  report: YearlyReport;
  /** the document itself when there is no file (md, json to stdout) */
  content: string | null;
  /** templates of the user's folder that replaced lato's */
  overridden: string[];
}

/**
 * Renders the report of `year` in `format` to `out` (or returns it, for md and json without out).
 * Nothing is written when the path is not writable, the year unknown, or the template fails.
 */
export async function writeYearlyReport(
  db: Db,
  opts: {
    year: string;
    format: ReportFormat;
    out?: string | undefined;
    templatesDir?: string | undefined;
    date?: string | undefined;
  },
): Promise<WrittenReport> {
  if (opts.out === undefined && opts.format === 'pdf')
    throw new UsageError('a PDF needs a file: give --out FILE, e.g. --out jaarverslag.pdf');
  if (opts.out !== undefined) checkOutputFile(opts.out, db.name);
  const report = yearlyReport(db, opts.year, { date: opts.date });
  let data: Buffer | string;
  let overridden: string[] = [];
  if (opts.format === 'json') data = `${JSON.stringify(report, null, 2)}\n`;
  else {
    const { reportView } = await import('../render/yearly-report-view.js');
    const view = reportView(report, reportTexts(db));
    if (opts.format === 'md') data = (await import('../render/yearly-report-md.js')).reportMarkdown(view);
    else {
      const { TypstRenderer } = await import('../render/typst.js');
      const renderer = await TypstRenderer.create({ templatesDir: opts.templatesDir });
      data = renderer.pdf('yearly-report.typ', { view, report });
      overridden = renderer.overridden;
    }
  }
  if (opts.out === undefined)
    return { format: opts.format, file: null, report, content: String(data), overridden };
  writeAtomic(opts.out, data);
  return { format: opts.format, file: resolve(opts.out), report, content: null, overridden };
}
