// `lato demo`: a fresh example database in a folder, and what it holds. Each capability adds its
// step here, so that the demo stays the whole year in one command.

import { lstatSync, mkdirSync } from 'node:fs';
import { LatoError } from '../domain/errors.js';
import { isDemoDatabase, markDemoDatabase } from '../db/audit.js';
import { join, resolve } from 'node:path';
import { openDb, type Db } from '../db/connection.js';
import { budgetYearsWithLines } from '../db/budget.js';
import { listPartners } from '../db/partners.js';
import { summariseCounts } from '../db/counts.js';
import { formatEuro } from '../domain/money.js';
import { initDatabase } from './init.js';
import { importCounts } from './import-counts.js';
import { DATA_DIR } from '../io/paths.js';

/** The example year's dates: invoices issued in the autumn, paid by most, the report a year on. */
const DEMO_DATES = { issue: '2018-10-15', paid: '2018-11-12', report: '2019-10-01' };

export interface DemoReport {
  dir: string;
  db: string;
  /** what the demo did and found, a line each, for the terminal */
  lines: string[];
  /** the files it wrote */
  files: { what: string; path: string }[];
}

export async function runDemo(outDir: string): Promise<DemoReport> {
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const dbPath = join(dir, 'lato.db');
  if (lstatSync(dbPath, { throwIfNoEntry: false }) && !isDemoDatabase(dbPath))
    throw new LatoError(
      `${dbPath} holds a database that \`lato demo\` did not make; the demo does not replace it`,
      {
        hint: 'pick another folder with --out (the demo builds a fresh database there), or move that database away first',
      },
    );
  // its own database of an earlier run is replaced without a backup: it holds only the example
  await initDatabase(dbPath, { example: true, force: true, backup: false });
  const db = openDb(dbPath);
  markDemoDatabase(db);
  const report: DemoReport = { dir, db: dbPath, lines: [], files: [{ what: 'database', path: dbPath }] };
  try {
    await stepDuo(db, report);
    stepRegistry(db, report);
    // the example year: the latest school year with a budget
    const year = budgetYearsWithLines(db, 'begroting').at(-1)!;
    await stepFees(db, report, year);
    await stepBudget(db, report, year);
    await stepInvoices(db, report, year);
    await stepReport(db, report, year);
  } finally {
    db.close();
  }
  return report;
}

/** The real DUO file of 2025 (pupils per secondary school location), as the administration gets it. */
async function stepDuo(db: Db, report: DemoReport): Promise<void> {
  const s = await importCounts(db, join(DATA_DIR, 'duo', 'leerlingen-vo-per-vestiging-2025.csv'), {
    year: '2025-2026',
  });
  report.lines.push(
    `Imported DUO open data 2025 (school year 2025-2026): ${s.rows.new} school locations, ${String(s.unlinked_count)} without a partner.`,
  );
}

function stepRegistry(db: Db, report: DemoReport): void {
  const partners = listPartners(db);
  const bySector = new Map<string, number>();
  for (const p of partners)
    if (p.parentId === null && p.membership !== 'none')
      bySector.set(p.sector, (bySector.get(p.sector) ?? 0) + 1);
  report.lines.push(
    `Partners: ${partners.length} in the registry; members by sector: ${[...bySector].map(([s, n]) => `${s} ${n}`).join(', ')}.`,
  );
  for (const c of summariseCounts(db)) {
    if (c.sector === null) continue;
    const unit = c.unit === 'places' ? 'childcare places' : 'pupils';
    report.lines.push(
      `Counts ${c.year} ${c.sector}: ${c.quantity.toLocaleString('nl-NL')} ${unit} (${c.linked} counts)`,
    );
  }
}

/** The fees of the example year, and their CSV for Excel. */
async function stepFees(db: Db, report: DemoReport, year: string): Promise<void> {
  const { computeFees } = await import('./fees.js');
  const { feeCsv } = await import('../render/fees.js');
  const { writeDutchCsv } = await import('../io/csv-write.js');
  const fees = computeFees(db, year);
  const csv = feeCsv(fees);
  const file = join(report.dir, `abonnementsgelden-${year}.csv`);
  writeDutchCsv(file, csv.header, csv.rows);
  const open = fees.totals.openLines;
  report.lines.push(
    `Fees ${year}: ${formatEuro(fees.totals.totalCents)} for ${fees.lines.length - open} partners${open ? `; ${open} without an amount yet (PM)` : ''}.`,
  );
  report.files.push({ what: 'fees (CSV)', path: file });
}

/** The budget check of the example year: the plan's own totals are reported, not hidden. */
async function stepBudget(db: Db, report: DemoReport, year: string): Promise<void> {
  const { budgetReport } = await import('./budget.js');
  const b = budgetReport(db, year);
  const s = b.summary;
  report.lines.push(
    `Budget ${year}: income ${formatEuro(s.income.cents)}, costs ${formatEuro(s.costs.cents)}, result ${formatEuro(s.resultCents)}; budget check: ${s.problems.length === 0 ? 'balanced' : `${s.problems.length} problems (lato budget check --year ${year})`}.`,
  );
}

/**
 * The invoices of the example year: drafts, issued with numbers, PDFs, the bookkeeping CSV and UBL;
 * then illustrative payments (all but the last few invoices paid, one in part), so that the
 * report has something received and something outstanding.
 */
async function stepInvoices(db: Db, report: DemoReport, year: string): Promise<void> {
  const { invoiceDemo } = await import('./invoices.js');
  const { addPayment } = await import('./payments.js');
  const r = await invoiceDemo(db, { year, issueDate: DEMO_DATES.issue, outDir: report.dir });
  const invoices = (await import('../db/invoices.js'))
    .findInvoices(db, { year, kind: 'invoice', status: 'issued' })
    .sort((a, b) => a.number!.localeCompare(b.number!));
  const unpaid = invoices.slice(-3);
  const partly = invoices.at(-4);
  for (const inv of invoices) {
    if (unpaid.includes(inv)) continue;
    const cents = inv === partly ? Math.round(inv.totalCents / 2) : inv.totalCents;
    addPayment(db, inv.number!, (cents / 100).toFixed(2).replace('.', ','), DEMO_DATES.paid);
  }
  report.lines.push(
    `Invoices ${year}: ${r.issue.issued.length} issued on ${DEMO_DATES.issue}, ${r.pdfs.length} PDFs, CSV for the bookkeeping, ${r.ubl.files.length} UBL e-invoices${r.ubl.skipped.length ? ` (${r.ubl.skipped.length} skipped: no KvK or OIN)` : ''}; payments recorded for ${invoices.length - unpaid.length} (one in part).`,
  );
  report.files.push(
    { what: 'invoices (PDF)', path: join(report.dir, 'facturen') },
    { what: 'invoices (CSV)', path: r.csv },
    { what: 'e-invoices (UBL)', path: join(report.dir, 'ubl') },
  );
}

/** The yearly report of the example year, as PDF, Markdown and JSON. */
async function stepReport(db: Db, report: DemoReport, year: string): Promise<void> {
  const { writeYearlyReport } = await import('./yearly-report.js');
  let missing = 0;
  for (const format of ['pdf', 'md', 'json'] as const) {
    const out = join(report.dir, `jaarverslag-${year}.${format}`);
    const r = await writeYearlyReport(db, { year, format, out, date: DEMO_DATES.report });
    missing = r.report.missing.length;
    report.files.push({
      what: `yearly report (${format.toUpperCase()})`,
      path: out,
    });
  }
  report.lines.push(
    `Yearly report ${year}: PDF, Markdown and JSON${missing ? `; it names ${missing} things still missing in the data` : ''}.`,
  );
}
