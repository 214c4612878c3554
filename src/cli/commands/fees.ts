// `lato fees compute --year Y [--partner REF] [--json] [--csv FILE]`, `lato fees explain REF --year Y`
// and `lato fees policy [full-year|pro-rata-month]`.

import type { Command } from 'commander';
import { act } from '../run.js';

export function registerFees(program: Command): void {
  const fees = program
    .command('fees')
    .description('subscription fees (abonnementsgelden) per school year: compute, explain, policy');

  fees
    .command('compute')
    .description(
      'the fee of every partner for a school year, totals per sector, warnings, and the budget beside it',
    )
    .requiredOption('--year <year>', 'the school year, e.g. 2018-2019')
    .option('--partner <ref>', 'only this partner (code, KvK number or name)')
    .option('--json', 'print the result as JSON')
    .option('--sources', 'with --json: the counts behind each line (location, count, count date, import)')
    .option(
      '--csv <file>',
      'also write the lines as CSV for Dutch Excel (semicolon, decimal comma, UTF-8 BOM)',
    )
    .action(
      act<{ year: string; partner?: string; csv?: string; sources?: boolean }>(async (ctx, opts) => {
        const { computeFees } = await import('../../app/fees.js');
        const render = await import('../../render/fees.js');
        if (opts.csv) (await import('../../io/files.js')).checkOutputFile(opts.csv, ctx.dbPath);
        // the counts behind each line only when they are printed (--json --sources)
        const sources = !!(ctx.json && opts.sources);
        const report = computeFees(await ctx.db(), opts.year, {
          ...(opts.partner ? { partner: opts.partner } : {}),
          sources,
        });
        if (opts.csv) {
          const { writeDutchCsv } = await import('../../io/csv-write.js');
          const { header, rows } = render.feeCsv(report);
          writeDutchCsv(opts.csv, header, rows, ctx.dbPath);
          ctx.out.info(`Wrote ${rows.length} lines to ${opts.csv}.`);
        }
        if (ctx.json) ctx.out.json(render.feeReportJson(report, { sources: !!opts.sources }));
        else ctx.out.line(render.feeReportText(report));
        if (!ctx.json) for (const w of render.groupedWarnings(report.warnings)) ctx.out.warn(w);
      }),
    );

  fees
    .command('explain <ref>')
    .description("how one partner's fee came about: the counts used (source, count date), the rate, the rule")
    .requiredOption('--year <year>', 'the school year, e.g. 2018-2019')
    .option('--json', 'print the explanation as JSON')
    .action(
      act<{ year: string }>(async (ctx, opts, [ref]) => {
        const { explainFee, rateLookup } = await import('../../app/fees.js');
        const render = await import('../../render/fees.js');
        const db = await ctx.db();
        const e = explainFee(db, ref!, opts.year);
        const rateOf = rateLookup(db, e.year);
        if (ctx.json) ctx.out.json(render.explanationJson(e, rateOf));
        else {
          ctx.out.line(render.explanationText(e, rateOf));
          for (const w of e.warnings) ctx.out.warn(w);
        }
      }),
    );

  fees
    .command('policy [policy]')
    .description(
      'show or set how joining or leaving during a school year is billed: full-year (default) or pro-rata-month',
    )
    .option('--json', 'print the policy as JSON')
    .action(
      act(async (ctx, _opts, [value]) => {
        const { joinLeavePolicy, setJoinLeavePolicy } = await import('../../app/fees.js');
        const db = await ctx.db();
        if (value !== undefined) setJoinLeavePolicy(db, value);
        const policy = joinLeavePolicy(db);
        if (ctx.json) ctx.out.json({ policy });
        else
          ctx.out.line(
            policy === 'full_year'
              ? 'full-year: a partner pays the full fee for every school year in which it is a member'
              : 'pro-rata-month: a partner that joins or leaves during a school year pays per started month (fee × months / 12)',
          );
      }),
    );
}
