// 1,000 invoices end to end through the built binary: `lato invoices issue` (numbers, snapshots,
// one transaction) and `lato invoices pdf --year` (1,000 PDF/A files with their EPC QR codes),
// including start-up and all database work. Target (issue 5): at most 8 s. Also prints the
// per-PDF cost against a single-invoice run measured the same way, so the figure can be read on
// any machine. Run after `npm run build`: `node bench/invoices.mjs [count]`.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, report, ROOT } from './lib.mjs';

const N = Number(process.argv[2] ?? 1000);
const TARGET_S = 8;
const dir = mkdtempSync(join(tmpdir(), 'lato-bench-inv-'));

/** A store with the example issuer and `n` partners, each with a draft invoice of 2019-2020. */
async function store(n, name) {
  const { openDb } = await import(`${ROOT}dist/db/connection.js`);
  const { loadReference } = await import(`${ROOT}dist/app/init.js`);
  const { setSetting } = await import(`${ROOT}dist/db/settings.js`);
  const { createDrafts } = await import(`${ROOT}dist/app/invoices.js`);
  const { readFileSync } = await import('node:fs');
  const file = join(dir, name);
  const db = openDb(file, { create: true });
  loadReference(db);
  const issuer = JSON.parse(readFileSync(join(ROOT, 'data', 'example', 'settings.json'), 'utf8')).issuer;
  setSetting(db, 'issuer', issuer);
  const insert = db.prepare(
    `INSERT INTO partners (code, name, sector, membership, kvk, street, postal_code, city, contact_name, created_at, updated_at)
     VALUES (?, ?, 'PO', 'covenant', ?, 'Breestraat 1', '2312 AB', 'Leiden', 'J. de Vries', 'now', 'now')`,
  );
  const fees = [];
  db.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const id = Number(
        insert.run(`P${String(i).padStart(5, '0')}`, `Stichting Onderwijs ${i}`, String(10_000_000 + i))
          .lastInsertRowid,
      );
      const quantity = 100 + ((i * 7919) % 2000);
      fees.push({
        partnerId: id,
        partner: `P${i}`,
        name: `Stichting Onderwijs ${i}`,
        sector: 'PO',
        category: 'PO',
        basis: 'pupil',
        quantity,
        rateCents: 250,
        amountCents: quantity * 250,
        pm: false,
        status: 'ok',
        countDate: '2019-10-01',
        sources: [],
      });
    }
  })();
  createDrafts(db, '2019-2020', fees);
  db.close();
  return file;
}

// prints the CPU time (all threads) and peak memory of the process when it exits
const HOOK =
  'data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();' +
  'process.stderr.write(`[usage] cpu_us=${u.userCPUTime+u.systemCPUTime} maxRSS=${u.maxRSS}\\n`)})';

/** Runs `lato ARGS`; wall time, CPU time (ms) and peak RSS (MB). */
function lato(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0)
    throw new Error(`lato ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  const m = /\[usage\] cpu_us=(\d+) maxRSS=(\d+)/.exec(r.stderr);
  return { ms, cpuMs: m ? Number(m[1]) / 1000 : NaN, rssMB: m ? Number(m[2]) / 1024 : NaN };
}

function timed(db, out) {
  const issue = lato([
    'invoices',
    'issue',
    '--yes',
    '--year',
    '2019-2020',
    '--date',
    '2019-10-01',
    '--db',
    db,
  ]);
  const pdf = lato(['invoices', 'pdf', '--year', '2019-2020', '--out', out, '--db', db]);
  const files = readdirSync(out).length;
  return {
    totalMs: issue.ms + pdf.ms,
    issueMs: issue.ms,
    pdfMs: pdf.ms,
    cpuMs: issue.cpuMs + pdf.cpuMs,
    files,
    rssMB: Math.max(issue.rssMB, pdf.rssMB),
  };
}

try {
  const one = timed(await store(1, 'one.db'), join(dir, 'one'));
  const many = timed(await store(N, 'many.db'), join(dir, 'many'));
  if (many.files !== N) throw new Error(`expected ${N} PDFs, found ${many.files}`);
  const perPdf = (many.totalMs - one.totalMs) / (N - 1);
  const load = (await import('node:os')).loadavg()[0];
  report(`invoices issue+pdf ×${N}`, {
    total_s: many.totalMs / 1000,
    issue_s: many.issueMs / 1000,
    pdf_s: many.pdfMs / 1000,
    cpu_s: many.cpuMs / 1000,
    per_pdf_ms: perPdf,
    single_run_s: one.totalMs / 1000,
    peak_rss_MB: many.rssMB,
    load_avg: load,
    target_s: TARGET_S,
    within_target: many.totalMs / 1000 <= TARGET_S ? 'yes' : 'NO',
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
