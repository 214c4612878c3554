// Test helpers: run the built `lato` binary as a user would (colour off, no TTY), in temp dirs.

import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'lato');
export const SHARED = join(ROOT, '..', 'shared');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
/** The real DUO open-data file (pupils per secondary school location, 2025), copied into data/. */
export const DUO_FILE = join(ROOT, 'data', 'duo', 'leerlingen-vo-per-vestiging-2025.csv');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...env };
  delete base.LATO_DEBUG;
  if (!('LATO_DB' in env)) delete base.LATO_DB;
  return base;
}

/** Runs `lato ARGS` synchronously. */
export function lato(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: childEnv(opts.env ?? {}),
    input: opts.input ?? '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs `lato ARGS` in a child process without blocking this test worker (a long synchronous run
 * starves the worker's messages to vitest: "Timeout calling onTaskUpdate" on a loaded machine).
 */
export function runLato(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: childEnv(opts.env ?? {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** Starts `lato ARGS` without waiting (for concurrency and crash tests). */
export function latoAsync(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  return spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: childEnv(opts.env ?? {}) });
}

/** A temp dir removed after the test file. */
export function tempDir(prefix = 'lato-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
