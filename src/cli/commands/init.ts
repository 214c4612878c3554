// `lato init [--example]`: create the database; with --example load the LATO example data.

import type { Command } from 'commander';
import { act } from '../run.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'create the database (runs the migrations); --example loads the LATO example data from data/',
    )
    .option('--example', 'load the embedded example data (partners, rates, budget, counts, figures)')
    .option('--force', 'replace an existing database file')
    .option('--yes', 'do not ask for confirmation (for scripts)')
    .action(
      act<{ example?: boolean; force?: boolean }>(async (ctx, opts) => {
        const { initDatabase } = await import('../../app/init.js');
        const summary = await initDatabase(ctx.dbPath, { example: !!opts.example, force: !!opts.force });
        ctx.out.info(`Created ${ctx.dbPath} (schema version ${summary.schemaVersion}).`);
        for (const s of summary.loaded) ctx.out.info(`  ${s}`);
      }),
    );
}
