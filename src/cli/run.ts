// The command boundary: builds the context a command runs in (database, output, flags), runs it,
// and translates every error into one message and an exit code. Nothing below this file calls
// process.exit or prints a stack trace.

import type { Command } from 'commander';
import { LatoError, formatProblem } from '../domain/errors.js';
import { busyError } from '../db/transaction.js';
import { createOutput, type Output } from './output.js';
import type { Db } from '../db/connection.js';

export interface GlobalOptions {
  db?: string;
  json?: boolean;
}

export interface Ctx {
  readonly dbPath: string;
  readonly json: boolean;
  readonly out: Output;
  /** stdin is a terminal: prompts are allowed where a required value is missing */
  readonly interactive: boolean;
  /** opens (and migrates) the database; errors when it does not exist */
  db(): Promise<Db>;
  /** the command line, for the audit log */
  readonly commandLine: string;
}

export function resolveDbPath(opt: string | undefined): string {
  return opt ?? process.env.LATO_DB ?? './lato.db';
}

/** An argument as a shell would need it, so that a logged command line can be run again. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The commands whose --dry-run is lato's own (see dry-run.ts): the whole command runs in one
 * transaction that is rolled back, so it shows exactly what it would do and writes nothing.
 */
export const GENERIC_DRY_RUN = new WeakSet<Command>();

/** Wraps a command implementation: `act(async (ctx, opts, args) => exitCode)`. */
export function act<O extends object>(
  fn: (ctx: Ctx, opts: O & GlobalOptions, args: string[]) => Promise<number | void> | number | void,
) {
  return async (...all: unknown[]): Promise<void> => {
    const cmd = all[all.length - 1] as Command;
    const opts = cmd.optsWithGlobals() as O & GlobalOptions;
    const args = all.slice(0, -2).flatMap((a) => (Array.isArray(a) ? a : a === undefined ? [] : [String(a)]));
    const out = createOutput();
    const dryRun = GENERIC_DRY_RUN.has(cmd) && !!(opts as { dryRun?: boolean }).dryRun;
    let handle: Db | undefined;
    const ctx: Ctx = {
      dbPath: resolveDbPath(opts.db),
      json: !!opts.json,
      out,
      interactive: !!process.stdin.isTTY && !process.env.CI,
      commandLine: ['lato', ...process.argv.slice(2).map(shellQuote)].join(' '),
      async db() {
        if (!handle) {
          const { openDb } = await import('../db/connection.js');
          handle = openDb(ctx.dbPath);
          // a dry run: everything the command writes is rolled back at the end (no automatic
          // backup is made inside a transaction)
          if (dryRun) handle.exec('BEGIN');
        }
        return handle;
      },
    };
    try {
      // every change a command makes is logged with its command line (also when it opens the
      // database itself, as init and demo do)
      const { setAuditContext } = await import('../db/audit.js');
      setAuditContext({ command: ctx.commandLine });
      const { checkOptionValues } = await import('./validate.js');
      checkOptionValues(cmd, opts as Record<string, unknown>);
      const code = await fn(ctx, opts, args);
      process.exitCode = code ?? 0;
      if (dryRun && !code) out.info('Dry run: nothing was written.');
    } catch (e) {
      process.exitCode = reportError(e, out);
    } finally {
      if (dryRun && handle?.inTransaction) handle.exec('ROLLBACK');
      handle?.close();
    }
  };
}

/** Prints an error the way users should see it; returns the exit code. */
export function reportError(thrown: unknown, out: Output = createOutput()): number {
  // SQLITE_BUSY that escaped a write transaction still gets the message users can act on
  const e = busyError(thrown);
  if (e instanceof LatoError) {
    out.error(e.message);
    for (const p of e.problems) out.info(`  - ${formatProblem(p)}`);
    if (e.hint) out.info(`  ${e.hint}`);
    if (e.problems.length > 0 && e.exitCode === 1) out.info('Nothing was written.');
    if (process.env.LATO_DEBUG) out.info(e.stack ?? '');
    return e.exitCode;
  }
  const env = environmentError(e);
  if (env) return reportError(env, out);
  const err = e as NodeJS.ErrnoException & { name?: string };
  if (err?.name === 'ExitPromptError') {
    out.error('cancelled; nothing was written');
    return 1;
  }
  out.error(`unexpected: ${err?.message ?? String(e)}`);
  out.info(
    process.env.LATO_DEBUG
      ? (err?.stack ?? '')
      : '  run again with LATO_DEBUG=1 to see where it happened, and report it',
  );
  return 1;
}

/**
 * The environment problems every command can meet (disk full, read-only or protected files, a
 * file that is not a database, input nested too deeply), as plain messages: what is wrong and
 * what to do, exit 1. Undefined for anything else (a bug: reported as unexpected).
 */
export function environmentError(e: unknown): LatoError | undefined {
  const code = (e as { code?: unknown })?.code;
  const message = (e as Error)?.message ?? '';
  if (typeof code === 'string') {
    if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT')
      return new LatoError('the disk is full; nothing was written', {
        hint: 'free some space on the disk of the database (and of the output) and run the command again',
      });
    if (code === 'EROFS')
      return new LatoError('the file system lato had to write to is read-only; nothing was written', {
        hint: 'pick a place on a writable disk (--db, --out), or remount it writable',
      });
    if (code.startsWith('SQLITE_READONLY'))
      return new LatoError('the database (or its folder) is read-only; nothing was written', {
        hint: 'commands that only read work as they are; to change it, make the file and its folder writable (or work on a copy)',
      });
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
      return new LatoError('the database file is damaged or not a database', {
        hint: 'restore the newest backup with `lato restore FILE` (see `<db>.backups/`), or pick the right file with --db',
      });
    if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EPERM')
      return new LatoError(`permission denied${message ? ` (${message})` : ''}`, {
        hint: 'run lato as a user who may read and write the database and its folder, or ask who manages the computer',
      });
    if (code.startsWith('SQLITE_IOERR') || code === 'EIO')
      return new LatoError('the disk reported an error while reading or writing; nothing was written', {
        hint: 'check that the disk has free space and is still connected, then run the command again',
      });
  }
  if (e instanceof RangeError && /call stack/i.test(message))
    return new LatoError('the input is nested too deeply to read', {
      hint: 'check the file: lato reads settings and documents a few levels deep, not thousands',
    });
  return undefined;
}
