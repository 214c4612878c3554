// Helpers of the fault tests (crash and concurrency): a seeded random source whose seed is logged,
// running the built binary to its end or killing it with SIGKILL after a delay, and opening what a
// crash left behind.

import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import Database from 'better-sqlite3';
import { latoAsync } from '../helpers.js';

/** A generated DUO-shaped counts file (shared with bench/import.mjs). */
export { writeCountsFile } from '../../bench/counts-file.mjs';

/** mulberry32: a small seeded generator, so that a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run: LATO_FAULT_SEED when given (to repeat a run), else a new one; logged. */
export function faultSeed(what: string): number {
  const seed = process.env.LATO_FAULT_SEED ? Number(process.env.LATO_FAULT_SEED) : Date.now() % 2 ** 31;
  console.log(`${what}: seed ${seed} (repeat with LATO_FAULT_SEED=${seed})`);
  return seed;
}

export interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** the write transaction had begun (LATO_TRACE_TRANSACTIONS) */
  began: boolean;
  /** ... and its COMMIT had returned */
  committed: boolean;
}

/** Runs `lato ARGS` with transaction tracing; kills it with SIGKILL after `killAfterMs` when given. */
export async function runLato(args: string[], killAfterMs?: number): Promise<Outcome> {
  const started = performance.now();
  const child = latoAsync(args, { env: { LATO_TRACE_TRANSACTIONS: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  return {
    code,
    signal,
    stdout,
    stderr,
    ms: performance.now() - started,
    began: stderr.includes('lato-trace: begin'),
    committed: stderr.includes('lato-trace: commit'),
  };
}

/** A fresh copy of a closed database (no -wal next to it). */
export function copyDb(from: string, to: string): void {
  if (existsSync(`${from}-wal`)) throw new Error(`${from} has a write-ahead log; close it first`);
  copyFileSync(from, to);
}

/** Opens what a run left (recovering its log as lato would) and returns `PRAGMA integrity_check`. */
export function openAfterCrash(file: string): { db: Database.Database; integrity: string } {
  const db = new Database(file, { fileMustExist: true });
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return { db, integrity: rows.map((r) => r.integrity_check).join('; ') };
}

/** `n` basis-member partners with an address (so that each gets a fixed-fee invoice). */
export function writePartnersFile(file: string, n: number): void {
  const head =
    'Code;Naam;Sector;Soort;Gemeente;Adres;Postcode;Plaats;Contactpersoon;E-mail;KvK-nummer;OIN;Inkoopnummer;Lidmaatschap\n';
  const rows = Array.from(
    { length: n },
    (_, i) =>
      `GEN${String(i).padStart(4, '0')};Stichting ${i};OVERIG;foundation;Leiden;Breestraat ${i + 1};2311 CK;Leiden;A. de Vries;gen${i}@stichting.example;${20_000_000 + i};;;basis\n`,
  );
  writeFileSync(file, head + rows.join(''));
}
