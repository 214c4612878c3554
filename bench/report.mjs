// The yearly report on the example data (target: the PDF renders in under 1 s), and `lato demo`,
// the whole example year (target: under 10 s). Plain node after `npm run build`:
// - `lato report yearly --format pdf` as a user runs it, against `node -e 0` in the same run;
// - in-process: computing the report, and rendering it with the Typst compiler (cold: compiler
//   start and fonts included; warm: the same document again from the same compiler, which its
//   memo cache makes nearly free);
// - `lato demo` into a fresh folder.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { lato, median, report, run, ROOT } from './lib.mjs';

const N = 7;
const YEAR = '2018-2019';
const dir = mkdtempSync(join(tmpdir(), 'lato-bench-report-'));
try {
  const db = join(dir, 'example.db');
  lato(['init', '--example', '--db', db]);
  const pdf = join(dir, 'jaarverslag.pdf');

  const base = [];
  const cli = [];
  for (let i = 0; i < N; i++) {
    base.push(run(process.execPath, ['-e', '0']).ms);
    cli.push(lato(['report', 'yearly', '--year', YEAR, '--out', pdf, '--db', db]).ms);
  }
  const b = median(base);
  const c = median(cli);
  report('report yearly (PDF), command', {
    node_e0_ms: b,
    lato_ms: c,
    ratio_to_1s: c / 1000,
    pdf_kb: statSync(pdf).size / 1024,
    target: '< 1.00',
  });

  const { openDb } = await import(`${ROOT}dist/db/connection.js`);
  const { yearlyReport } = await import(`${ROOT}dist/app/yearly-report.js`);
  const { reportTexts } = await import(`${ROOT}dist/app/report-settings.js`);
  const { reportView } = await import(`${ROOT}dist/render/yearly-report-view.js`);
  const { TypstRenderer } = await import(`${ROOT}dist/render/typst.js`);
  const handle = openDb(db);
  const build = [];
  let data;
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    const r = yearlyReport(handle, YEAR, { date: '2019-10-01' });
    data = { view: reportView(r, reportTexts(handle)), report: r };
    build.push(performance.now() - t0);
  }
  const t0 = performance.now();
  const renderer = await TypstRenderer.create();
  renderer.pdf('yearly-report.typ', data);
  const cold = performance.now() - t0;
  const warm = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    renderer.pdf('yearly-report.typ', data);
    warm.push(performance.now() - t);
  }
  handle.close();
  report('  computing the report (in-process)', { ms: median(build) });
  report('  rendering the PDF, cold', { ms: cold, ratio_to_1s: cold / 1000, target: '< 1.00' });
  report('  rendering the PDF, warm', { ms: median(warm), ratio_to_1s: median(warm) / 1000 });

  const demo = [];
  for (let i = 0; i < 3; i++) demo.push(lato(['demo', '--out', join(dir, `demo-${i}`)]).ms);
  const d = median(demo);
  report('lato demo (the whole example year)', { ms: d, ratio_to_10s: d / 10_000, target: '< 1.00' });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
