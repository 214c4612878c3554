// Shared helpers for the benchmarks: run a command, time it, and read its peak memory.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const BIN = `${ROOT}bin/lato`;
const RSS_HOOK = fileURLToPath(new URL('./rss-hook.mjs', import.meta.url));

/** Runs a command; returns wall time in ms and, for node processes, peak RSS in MB. */
export function run(cmd, args, opts = {}) {
  const isNode = cmd === process.execPath;
  const env = { ...process.env, NO_COLOR: '1', ...(opts.env ?? {}) };
  const fullArgs = isNode ? ['--import', RSS_HOOK, ...args] : args;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, fullArgs, {
    env,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    input: opts.input ?? '',
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && !opts.allowFail) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  }
  const m = /\[rss-hook\] maxRSS=(\d+)/.exec(r.stderr ?? '');
  return { ms, rssMB: m ? Number(m[1]) / 1024 : undefined, stdout: r.stdout, stderr: r.stderr };
}

export function lato(args, opts) {
  return run(process.execPath, [BIN, ...args], opts);
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function report(name, fields) {
  const parts = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'number' ? v.toFixed(2) : v}`);
  console.log(`${name.padEnd(34)} ${parts.join('  ')}`);
}
