// `lato backup [FILE]` and `lato restore FILE`: a consistent copy of the database while it is in
// use, and putting one back (checked first, the current database backed up before it is replaced).

import type { Command } from 'commander';
import { act } from '../run.js';

function size(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`;
}

export function registerBackup(program: Command): void {
  program
    .command('backup [file]')
    .description('a consistent copy of the database, also while others use it; automatic before each change')
    .option('--json', 'print JSON')
    .action(
      act(async (ctx, _opts, [file]) => {
        const { backupDatabase } = await import('../../app/backup.js');
        const r = backupDatabase(await ctx.db(), file);
        if (ctx.json) return ctx.out.json(r);
        ctx.out.line(`Backed up ${ctx.dbPath} to ${r.file} (${size(r.bytes)}, ${r.ms} ms).`);
      }),
    );
}

export function registerRestore(program: Command): void {
  program
    .command('restore <file>')
    .description('replace the database by a backup (checked first; the current one is backed up before)')
    .option('--yes', 'do not ask for confirmation (for scripts)')
    .option(
      '--force',
      'restore a backup that lacks issued invoices the database has (their numbers are recorded as lost, never given again)',
    )
    .option('--json', 'print JSON')
    .action(
      act<{ force?: boolean }>(async (ctx, opts, [file]) => {
        const { restoreDatabase } = await import('../../app/backup.js');
        const r = restoreDatabase(ctx.dbPath, file!, { force: !!opts.force });
        if (ctx.json) return ctx.out.json(r);
        ctx.out.line(`Restored ${r.into} from ${r.restored} (schema version ${r.schemaVersion}).`);
        if (r.lost.length)
          ctx.out.warn(
            `${r.lost.length} issued document(s) are not in the backup: ${r.lost.join(', ')}. Their numbers are recorded as lost and will not be given again.`,
          );
        if (r.previous) ctx.out.info(`The database as it was before is in ${r.previous}.`);
      }),
    );
}
