// The confirmation an irreversible command asks before it acts (`invoices issue`, `invoices
// credit`): on a terminal a yes/no question after the summary; `--yes` answers it for scripts;
// without a terminal and without `--yes` the command refuses (wrong usage, exit 2), so that a
// script opts in to what cannot be undone.

import { LatoError, UsageError } from '../domain/errors.js';
import type { Ctx } from './run.js';

/**
 * Returns when the user agreed (or `--yes` was given); throws otherwise. `summary` is printed
 * (stderr) before the question, and named in the refusal without a terminal.
 */
export async function confirmIrreversible(
  ctx: Ctx,
  opts: { yes?: boolean },
  summary: string,
  question: string,
): Promise<void> {
  if (opts.yes) return;
  if (!ctx.interactive) {
    throw new UsageError(
      `${summary}: this cannot be undone, so it asks for confirmation, and there is no terminal to ask`,
      'add --yes to do it without being asked (scripts), or --dry-run to see it without writing',
    );
  }
  ctx.out.info(summary);
  const { confirm } = await import('@inquirer/prompts');
  if (!(await confirm({ message: question, default: false }))) {
    throw new LatoError('not confirmed; nothing was written');
  }
}
