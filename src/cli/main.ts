// The entry point: builds the program and runs it. Loads nothing heavy: only the command group
// the command line names is defined (the others appear in help from their one-line entry), and
// each command imports its implementation (database, renderers) only when it runs.

import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { createOutput } from './output.js';
import { markRequired } from './validate.js';
import { addDryRuns } from './dry-run.js';

/** The version, from package.json (one place to change it). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function baseProgram(): Command {
  return new Command('lato')
    .description(
      'Administration of De Leidse Aanpak voor Talentontwikkeling: partners, counts, fees, budget, invoices, reports.',
    )
    .version(version(), '-v, --version', 'output the version number (also -V)')
    .option('--db <path>', 'the database file (default: $LATO_DB, else ./lato.db)')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true });
}

/** The command group a command line names (skipping global options), if any. */
export function namedGroup(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--db') i++;
    else if (a.startsWith('-')) continue;
    else if (a === 'help') return args[i + 1];
    else return a;
  }
  return undefined;
}

/**
 * The program with the named groups fully defined and the others as one-line entries.
 * `only: 'all'` defines everything (for the command reference and tests).
 */
export async function buildProgram(only: string | 'all' | undefined = 'all'): Promise<Command> {
  const program = baseProgram();
  for (const entry of COMMANDS) {
    if (only === 'all' || only === entry.name) (await entry.load())(program, () => buildProgram('all'));
    else program.command(entry.name).description(entry.description);
  }
  const override = (cmd: Command) => {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  };
  override(program);
  addDryRuns(program);
  markRequired(program);
  return program;
}

/** The top-level help (`lato --help`), as the build stores it in dist/cli/help.txt for a fast start. */
export async function topLevelHelp(): Promise<string> {
  const program = await buildProgram(undefined);
  program.configureHelp({ ...program.configureHelp(), helpWidth: 80 });
  return program.helpInformation();
}

/**
 * A reader that goes away (`lato log | head`) is not an error: whatever lato was doing has been
 * done (data is written after the work), so the rest of the output is dropped quietly.
 */
function toleratePipeClosed(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      stream.write = () => true;
    });
  }
}

export async function main(argv: string[]): Promise<void> {
  toleratePipeClosed();
  try {
    // -V is the version too (as it was before -v)
    const args = argv.slice(2);
    const line = args.length === 1 && args[0] === '-V' ? [...argv.slice(0, 2), '--version'] : argv;
    const program = await buildProgram(namedGroup(args));
    await program.parseAsync(line);
  } catch (e) {
    if (e instanceof CommanderError) {
      const ok = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(e.code);
      process.exitCode = ok ? 0 : 2;
      return;
    }
    const { reportError } = await import('./run.js');
    process.exitCode = reportError(e, createOutput());
  }
}
