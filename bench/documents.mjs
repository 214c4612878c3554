// Issue 13: what keeping the documents as sent costs. Builds the same store of N drafts twice, one
// with a base build of lato (BASE=/path/to/other/checkout, default ../main: no documents kept) and
// one with this build, and times `lato invoices issue` (which now renders and stores each PDF and
// UBL) and `lato invoices pdf --year` (which now copies the stored bytes) in both; then the extra
// size per document in the database. Run after `npm run build`: `node bench/documents.mjs [N]`.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, loadavg, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const N = Number(process.argv[2] ?? 1000);
const HERE = fileURLToPath(new URL('../', import.meta.url));
const BASE = process.env.BASE ?? join(HERE, '..', 'main') + '/';
const dir = mkdtempSync(join(tmpdir(), 'lato-bench-docs-'));

/** A store with the example settings, the fixed 2018-2019 rates and `n` paying partners, drafted. */
async function store(root, n, name) {
  const { readFileSync } = await import('node:fs');
  const file = join(dir, name);
  lato(root, ['init', '--db', file]);
  lato(root, ['import', 'settings', join(root, 'data', 'example', 'settings.json'), '--db', file]);
  const db = new Database(file);
  db.exec(readFileSync(join(root, 'test', 'fixtures', 'invoices', 'rates.sql'), 'utf8'));
  const insert = db.prepare(
    `INSERT INTO partners (code, name, sector, membership, kvk, street, postal_code, city, created_at, updated_at)
     VALUES (?, ?, 'OVERIG', 'basis', ?, 'Breestraat 1', '2312 AB', 'Leiden', 'now', 'now')`,
  );
  db.transaction(() => {
    for (let i = 1; i <= n; i++)
      insert.run(`P${String(i).padStart(5, '0')}`, `Stichting Onderwijs ${i}`, String(20_000_000 + i));
  })();
  db.close();
  lato(root, ['invoices', 'run', '--year', '2018-2019', '--db', file]);
  return file;
}

// prints the CPU time (all threads, workers included) of the process when it exits
const HOOK =
  'data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();' +
  'process.stderr.write(`[usage] cpu_us=${u.userCPUTime+u.systemCPUTime}\\n`)})';

/** Runs `lato ARGS` with the build at `root`; wall time in ms (and CPU time in `lastCpuMs`). */
let lastCpuMs = NaN;
function lato(root, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', HOOK, `${root}bin/lato`, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', LATO_TEMPLATES: '' },
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`${root} lato ${args.join(' ')}: ${r.stderr.slice(0, 2000)}`);
  const m = /\[usage\] cpu_us=(\d+)/.exec(r.stderr);
  lastCpuMs = m ? Number(m[1]) / 1000 : NaN;
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function fileSize(db) {
  const d = new Database(db);
  d.pragma('wal_checkpoint(TRUNCATE)');
  d.close();
  return statSync(db).size;
}

function measure(root, name) {
  return store(root, N, name).then((db) => {
    const before = fileSize(db);
    const issue = lato(root, [
      'invoices',
      'issue',
      '--yes',
      '--year',
      '2018-2019',
      '--date',
      '2018-10-15',
      '--db',
      db,
    ]);
    const issueCpu = lastCpuMs;
    const after = fileSize(db);
    const pdf = lato(root, [
      'invoices',
      'pdf',
      '--year',
      '2018-2019',
      '--out',
      join(dir, `${name}-pdf`),
      '--db',
      db,
    ]);
    return { db, issue, issueCpu, pdf, pdfCpu: lastCpuMs, growth: after - before };
  });
}

try {
  const base = await measure(BASE, 'base.db');
  const ours = await measure(HERE, 'ours.db');
  const d = new Database(ours.db, { readonly: true });
  const docs = d
    .prepare(
      'SELECT format, count(*) AS n, avg(size) AS avg, sum(size) AS sum FROM documents GROUP BY format',
    )
    .all();
  const chain = d
    .prepare('SELECT count(*) AS n, sum(length(content)) + count(*) * 3 * 64 AS bytes FROM document_chain')
    .get();
  d.close();
  const out = {
    invoices: N,
    cores: availableParallelism(),
    load_avg: loadavg()[0].toFixed(1),
    issue_base_s: (base.issue / 1000).toFixed(1),
    issue_with_documents_s: (ours.issue / 1000).toFixed(1),
    issue_extra_s: ((ours.issue - base.issue) / 1000).toFixed(1),
    issue_extra_ms_per_invoice: ((ours.issue - base.issue) / N).toFixed(1),
    issue_cpu_base_s: (base.issueCpu / 1000).toFixed(1),
    issue_cpu_with_documents_s: (ours.issueCpu / 1000).toFixed(1),
    issue_extra_cpu_ms_per_invoice: ((ours.issueCpu - base.issueCpu) / N).toFixed(1),
    pdf_year_base_s: (base.pdf / 1000).toFixed(1),
    pdf_year_stored_s: (ours.pdf / 1000).toFixed(1),
    pdf_year_cpu_base_s: (base.pdfCpu / 1000).toFixed(1),
    pdf_year_cpu_stored_s: (ours.pdfCpu / 1000).toFixed(1),
    db_growth_base_MB: (base.growth / 1e6).toFixed(2),
    db_growth_with_documents_MB: (ours.growth / 1e6).toFixed(2),
    extra_bytes_per_invoice: Math.round((ours.growth - base.growth) / N),
    stored: docs.map((r) => `${r.format}: ${r.n} × ${Math.round(r.avg)} B`).join(', '),
    chain_bytes_per_entry: Math.round(chain.bytes / chain.n),
  };
  for (const [k, v] of Object.entries(out)) console.log(`${k.padEnd(30)} ${v}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
