// Shared helpers for the benchmarks: run a command and measure it (wall time, CPU time, peak
// memory), run lato and its reference in turns (paired runs: both see the same machine), and
// hand one row per measurement to `bench/run.mjs`, which prints them as one table.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const BIN = `${ROOT}bin/lato`;
export const SQL = fileURLToPath(new URL('./sql/', import.meta.url));
/** Runs per measurement (the median is reported, with the range beside it). */
export const RUNS = Number(process.env.LATO_BENCH_RUNS ?? 5);

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const scratch = mkdtempSync(join(tmpdir(), 'lato-bench-time-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/**
 * Runs a command; returns its wall time (ms), CPU time (user + system, ms) and peak memory (MB),
 * the last two from /usr/bin/time when the machine has it.
 */
export function run(cmd, args, opts = {}) {
  const env = { ...process.env, NO_COLOR: '1', ...(opts.env ?? {}) };
  const usage = join(scratch, 'usage');
  const [c, a] = TIME ? [TIME, ['-o', usage, '-f', '%U %S %M', cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(c, a, { env, encoding: 'utf8', maxBuffer: 256 << 20, input: opts.input ?? '' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && !opts.allowFail) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  }
  let cpuMs = NaN;
  let rssMB = NaN;
  if (TIME) {
    const m = /(\d+\.\d+) (\d+\.\d+) (\d+)\s*$/.exec(readFileSync(usage, 'utf8'));
    if (m) {
      cpuMs = (Number(m[1]) + Number(m[2])) * 1000;
      rssMB = Number(m[3]) / 1024;
    }
  }
  return { ms, cpuMs, rssMB, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

export function lato(args, opts) {
  return run(process.execPath, [BIN, ...args], opts);
}

/** The sqlite3 shell on `db` running bench/sql/NAME.sql, its `{{key}}` places filled from `params`. */
export function sqlite(db, name, params = {}) {
  const sql = readFileSync(`${SQL}${name}.sql`, 'utf8').replace(/\{\{(\w+)\}\}/g, (_, k) => {
    if (!(k in params)) throw new Error(`bench/sql/${name}.sql: no value for {{${k}}}`);
    return String(params[k]);
  });
  return run('sqlite3', ['-bail', db], { input: sql });
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Runs each of `steps` (name → function returning a measurement) in turn, `runs` times, so that
 * lato and its reference share the machine's moments; `prepare` runs before each round.
 * Returns per name the measurements of every round.
 */
export function paired(steps, { runs = RUNS, prepare } = {}) {
  const out = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    prepare?.(i);
    for (const [k, f] of Object.entries(steps)) out[k].push(f(i));
  }
  return out;
}

/** Median and range of a list of measurements, for one field (ms, cpuMs, rssMB). */
export function stat(list, field = 'ms') {
  const xs = list.map((x) => (typeof x === 'number' ? x : x[field]));
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

/**
 * One row of the table: what was measured, lato's figure and the reference's (median and range),
 * their ratio, the target and whether it holds. `unit`: 'ms', 's' or 'MB'.
 */
export function row(r) {
  console.log(`@row ${JSON.stringify(r)}`);
}

/** A row comparing lato with a reference: ratio of the medians, held when it is at most `max` (null: no target). */
export function ratioRow(what, latoStat, refStat, max, opts = {}) {
  const ratio = latoStat.median / refStat.median;
  row({
    what,
    lato: latoStat,
    reference: refStat,
    referenceName: opts.referenceName ?? '',
    unit: opts.unit ?? 'ms',
    ratio,
    // max null: the ratio is shown for information, the target is on another row
    target: max === null ? '—' : `≤ ${max.toFixed(2)}×`,
    holds: max === null ? null : ratio <= max,
    note: opts.note ?? '',
  });
}

/** A row with an absolute target (`max`, in `unit`). */
export function limitRow(what, latoStat, max, opts = {}) {
  row({
    what,
    lato: latoStat,
    reference: null,
    referenceName: opts.referenceName ?? '',
    unit: opts.unit ?? 'ms',
    ratio: null,
    target: `≤ ${max} ${opts.unit ?? 'ms'}`,
    holds: latoStat.median <= max,
    note: opts.note ?? '',
  });
}

/** The older one-line report (kept for the benchmarks that do not compare with a reference). */
export function report(name, fields) {
  const parts = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'number' ? v.toFixed(2) : v}`);
  console.log(`${name.padEnd(34)} ${parts.join('  ')}`);
}
