// --dry-run on every command that writes (issue 14, item 5). Commands with a dry run of their own
// (imports, invoices run/issue/credit/remind/collect, import undo, payments import, mandates)
// keep it; the others listed here get lato's own: the command runs as usual inside one
// transaction that is rolled back, so its output is exactly what it would do, and nothing is
// written (no automatic backup either).

import type { Command } from 'commander';
import { GENERIC_DRY_RUN } from './run.js';

export const DRY_RUN_COMMANDS: readonly string[] = [
  'partners add',
  'partners edit',
  'partners leave',
  'payments add',
  'rates set',
  'rates copy',
  'settings set',
  'applications new',
  'applications edit',
  'applications vote',
  'applications decide',
  'areas add',
  'areas remove',
  'areas add-municipality',
  'projectgroup add',
  'projectgroup remove',
  'fees policy',
  'budget cofinancing',
  'in-kind rate',
  'in-kind compensation',
  'covenant add',
  'covenant remove',
];

/** Adds --dry-run to the listed commands of the program that are defined (not one-line stubs). */
export function addDryRuns(program: Command): void {
  for (const path of DRY_RUN_COMMANDS) {
    let cmd: Command | undefined = program;
    for (const name of path.split(' ')) cmd = cmd?.commands.find((c) => c.name() === name);
    if (!cmd || cmd.options.some((o) => o.long === '--dry-run')) continue;
    cmd.option('--dry-run', 'show what it would change; write nothing');
    GENERIC_DRY_RUN.add(cmd);
  }
}
