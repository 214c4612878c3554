// `npm run bench`: every benchmark in this folder, one after another, then one table of all their
// measurements: what, lato, the reference run in the same rounds, their ratio, the target, and
// whether it holds. Each benchmark times lato and its reference in turns (paired runs, median of
// LATO_BENCH_RUNS, default 5, with the range), so the ratios hold on a busy machine too.
// `node bench/run.mjs fees import` runs only the benchmarks whose file names match.
import { readdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('./', import.meta.url));
const only = process.argv.slice(2);
const skip = new Set([
  'run.mjs',
  'lib.mjs',
  'counts-file.mjs',
  'partners-file.mjs',
  'generate.mjs',
  'fees-same.mjs',
]);
const rows = [];
let failed = 0;
const load = [loadavg()[0]];
for (const f of readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && !skip.has(f))
  .sort()) {
  if (only.length && !only.some((o) => f.includes(o))) continue;
  process.stderr.write(`bench/${f} …\n`);
  const child = spawn(process.execPath, [`${dir}${f}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.startsWith('@row ')) rows.push(JSON.parse(line.slice(5)));
      else console.log(line);
    }
  });
  const code = await new Promise((resolve) => child.on('close', resolve));
  if (code !== 0) failed++;
  load.push(loadavg()[0]);
}

const fmt = (s, unit) => {
  if (!s) return '';
  const f = (x) =>
    unit === 'MB' ? x.toFixed(0) : x >= 10_000 ? `${(x / 1000).toFixed(1)}s` : `${x.toFixed(0)}ms`;
  const u = unit === 'MB' ? ' MB' : '';
  return `${f(s.median)}${u} (${f(s.min)}–${f(s.max)})`;
};
const table = [
  ['what', 'lato', 'reference', 'ratio', 'target', 'holds'],
  ...rows.map((r) => [
    r.what,
    fmt(r.lato, r.unit),
    r.reference ? `${fmt(r.reference, r.unit)} ${r.referenceName}` : r.referenceName,
    r.ratio === null ? '' : `${r.ratio.toFixed(2)}×`,
    r.target,
    r.holds === null ? '—' : r.holds ? 'yes' : 'NO',
  ]),
];
const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log('');
console.log(line(table[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of table.slice(1)) console.log(line(r));
console.log(
  `\nMedian of ${process.env.LATO_BENCH_RUNS ?? 5} paired runs (range in brackets); load average ${load.map((l) => l.toFixed(1)).join(' → ')} on ${(await import('node:os')).cpus().length} CPUs.`,
);
process.exit(failed ? 1 : 0);
