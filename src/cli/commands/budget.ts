// `lato budget show --year Y`, `lato budget check --year Y` (exit 1 listing every problem),
// `lato budget years --from Y --to Y`, and `lato budget cofinancing` (the municipality's rule).

import type { Command } from 'commander';
import { act } from '../run.js';

export function registerBudget(program: Command): void {
  const budget = program
    .command('budget')
    .description('the budget (begroting) and realisation of a school year: show, check, years, co-financing');

  budget
    .command('show')
    .description(
      'income and costs with computed totals and the result, the realisation beside it, and the in-kind contributions',
    )
    .requiredOption('--year <year>', 'the school year, e.g. 2018-2019')
    .option(
      '--kind <kind>',
      'begroting (default; with the realisation beside it when there is one) or realisatie',
    )
    .option('--json', 'print the budget as JSON')
    .action(
      act<{ year: string; kind?: string }>(async (ctx, opts) => {
        const { budgetReport, budgetJson } = await import('../../app/budget.js');
        const { budgetKindOption } = await import('../../app/import-budget.js');
        const r = budgetReport(await ctx.db(), opts.year, { kind: budgetKindOption(opts.kind) });
        if (ctx.json) return ctx.out.json(budgetJson(r));
        const { budgetText, problemsText } = await import('../../render/budget.js');
        ctx.out.line(budgetText(r));
        if (r.lines.length > 0) {
          ctx.out.line('');
          ctx.out.line(problemsText(r));
        }
        for (const n of r.summary.notes) ctx.out.info(`Note: ${n}`);
      }),
    );

  budget
    .command('check')
    .description(
      'exit 0 when the budget balances and every stated total matches its lines; else exit 1 listing each problem',
    )
    .requiredOption('--year <year>', 'the school year, e.g. 2018-2019')
    .option('--kind <kind>', 'begroting (default) or realisatie')
    .option('--json', 'print the budget and its problems as JSON')
    .action(
      act<{ year: string; kind?: string }>(async (ctx, opts) => {
        const { budgetReport, budgetJson } = await import('../../app/budget.js');
        const { budgetKindOption } = await import('../../app/import-budget.js');
        const r = budgetReport(await ctx.db(), opts.year, { kind: budgetKindOption(opts.kind) });
        if (ctx.json) ctx.out.json(budgetJson(r));
        else {
          const { problemsText } = await import('../../render/budget.js');
          ctx.out.line(problemsText(r));
          for (const n of r.summary.notes) ctx.out.info(`Note: ${n}`);
        }
        return r.summary.problems.length > 0 ? 1 : 0;
      }),
    );

  budget
    .command('years')
    .description('several school years side by side, e.g. the covenant years 2019-2020 to 2022-2023')
    .requiredOption('--from <year>', 'the first school year')
    .requiredOption('--to <year>', 'the last school year')
    .option('--kind <kind>', 'begroting (default) or realisatie')
    .option('--json', 'print the years as JSON')
    .action(
      act<{ from: string; to: string; kind?: string }>(async (ctx, opts) => {
        const { budgetYearsReport } = await import('../../app/budget.js');
        const { budgetKindOption } = await import('../../app/import-budget.js');
        const { yearsJson, yearsText } = await import('../../render/budget.js');
        const v = budgetYearsReport(await ctx.db(), opts.from, opts.to, budgetKindOption(opts.kind));
        if (ctx.json) ctx.out.json(yearsJson(v));
        else ctx.out.line(yearsText(v));
      }),
    );

  budget
    .command('cofinancing')
    .description(
      "show or set the municipality's co-financing rule (share of the costs, maximum per calendar year)",
    )
    .option('--label <label>', 'the income line of the municipality, e.g. "Gemeente Leiden"')
    .option('--share <percent>', 'the percentage of the costs the municipality co-finances, e.g. 50')
    .option('--cap <amount>', 'at most this much per calendar year, e.g. 90.000')
    .option('--from <date>', 'the rule applies from this date (YYYY-MM-DD); "none" for open')
    .option('--until <date>', 'the rule applies until this date (YYYY-MM-DD); "none" for open')
    .option('--off', 'switch the check off')
    .option('--json', 'print the rule as JSON')
    .action(
      act<{ label?: string; share?: string; cap?: string; from?: string; until?: string; off?: boolean }>(
        async (ctx, opts) => {
          const { setCofinancing } = await import('../../app/budget.js');
          const rule = setCofinancing(await ctx.db(), opts);
          if (ctx.json) return ctx.out.json({ cofinancing: rule });
          if (!rule) return ctx.out.line('No co-financing rule: the check is off.');
          const { formatEuro } = await import('../../domain/money.js');
          ctx.out.line(
            `"${rule.incomeLabel}" co-finances ${rule.sharePercent}% of the costs, at most ${formatEuro(rule.capCentsPerCalendarYear)} per calendar year (less is a shortfall, more an excess), for school years from ${rule.from ?? 'always'} until ${rule.until ?? 'open'}.`,
          );
        },
      ),
    );
}
