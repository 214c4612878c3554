// `lato check [--json]`: every check of the database at once (src/app/check.ts); exit 1 when any
// check found a problem, each problem listed under its check.

import type { Command } from 'commander';
import { act } from '../run.js';

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description(
      'everything that can be checked: integrity, foreign keys, budget, numbering gaps, partners without an invoice, invoice totals',
    )
    .option('--json', 'print { ok, checks: [{ name, ok, problems }] }')
    .action(
      act(async (ctx) => {
        const { runChecks } = await import('../../app/check.js');
        const results = runChecks(await ctx.db());
        const ok = results.every((r) => r.ok);
        if (ctx.json) {
          ctx.out.json({
            ok,
            checks: results.map((r) => ({ name: r.name, ok: r.ok, problems: r.problems })),
          });
        } else {
          const width = Math.max(...results.map((r) => r.name.length));
          for (const r of results) {
            const n = r.problems.length;
            const status = r.ok ? ctx.out.green('ok') : ctx.out.red(`${n} problem${n === 1 ? '' : 's'}`);
            ctx.out.line(`${r.name.padEnd(width)}  ${status}  ${ctx.out.dim(r.title)}`);
            for (const p of r.problems) ctx.out.line(`  - ${p.message}`);
          }
          const bad = results.filter((r) => !r.ok).length;
          ctx.out.line(
            bad === 0
              ? `All ${results.length} checks passed.`
              : `${bad} of ${results.length} checks found problems.`,
          );
        }
        return ok ? 0 : 1;
      }),
    );
}
