// `lato init [--example]`: create the database; with --example load the LATO example data.
// `--force` replaces an existing file, after backing it up (and asking first on a terminal).

import type { Command } from 'commander';
import { act } from '../run.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'create the database (runs the migrations); --example loads the LATO example data from data/',
    )
    .option('--example', 'load the embedded example data (partners, rates, budget, counts, figures)')
    .option('--force', 'replace an existing database file (it is backed up first)')
    .option('--yes', 'do not ask for confirmation (for scripts)')
    .action(
      act<{ example?: boolean; force?: boolean; yes?: boolean }>(async (ctx, opts) => {
        const { lstatSync } = await import('node:fs');
        const { initDatabase } = await import('../../app/init.js');
        const { backupsDir } = await import('../../app/backup.js');
        const replaces =
          !!opts.force &&
          ctx.dbPath !== ':memory:' &&
          lstatSync(ctx.dbPath, { throwIfNoEntry: false }) !== undefined;
        if (replaces && !opts.yes) {
          const { UsageError, LatoError } = await import('../../domain/errors.js');
          const summary = `init --force replaces ${ctx.dbPath} by a new, empty database (the old file is backed up first to ${backupsDir(ctx.dbPath)}/)`;
          if (!ctx.interactive)
            throw new UsageError(
              `${summary}; it asks for confirmation, and there is no terminal to ask`,
              'add --yes to replace it without being asked (scripts)',
            );
          ctx.out.info(summary);
          const { confirm } = await import('@inquirer/prompts');
          if (!(await confirm({ message: `Replace ${ctx.dbPath}?`, default: false })))
            throw new LatoError('not confirmed; nothing was changed');
        }
        const summary = await initDatabase(ctx.dbPath, { example: !!opts.example, force: !!opts.force });
        if (summary.backup) ctx.out.info(`Backed up the old ${ctx.dbPath} to ${summary.backup}.`);
        ctx.out.info(`Created ${ctx.dbPath} (schema version ${summary.schemaVersion}).`);
        for (const s of summary.loaded) ctx.out.info(`  ${s}`);
      }),
    );
}
