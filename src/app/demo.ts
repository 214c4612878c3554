// `lato demo`: a fresh example database in a folder, and what it holds. Each capability adds its
// step here, so that the demo stays the whole year in one command.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDb, type Db } from '../db/connection.js';
import { listPartners } from '../db/partners.js';
import { summariseCounts } from '../db/counts.js';
import { initDatabase } from './init.js';
import { importCounts } from './import-counts.js';
import { DATA_DIR } from './paths.js';

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
  await initDatabase(dbPath, { example: true, force: true });
  const db = openDb(dbPath);
  const report: DemoReport = { dir, db: dbPath, lines: [], files: [{ what: 'database', path: dbPath }] };
  try {
    await stepDuo(db, report);
    stepRegistry(db, report);
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
