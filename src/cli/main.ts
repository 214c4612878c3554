// The entry point: builds the program from the command list and runs it. Loads nothing heavy:
// each command imports its implementation (database, renderers) only when it runs.

import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { createOutput } from './output.js';

export function buildProgram(): Command {
  const program = new Command('lato')
    .description(
      'Administration of De Leidse Aanpak voor Talentontwikkeling: partners, counts, fees, budget, invoices, reports.',
    )
    .version('0.1.0', '-V, --version')
    .option('--db <path>', 'the database file (default: $LATO_DB, else ./lato.db)')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
    .exitOverride();
  for (const register of COMMANDS) register(program);
  // exitOverride applies to every subcommand so that usage errors exit 2
  const override = (cmd: Command) => {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  };
  override(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
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
