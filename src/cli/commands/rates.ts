// `lato rates list [--year Y]`, `lato rates set --year Y --sector S --amount X|PM [--basis B]`,
// `lato rates copy --from Y --to Y [--replace]`: fee rates per school year, as data.

import type { Command } from 'commander';
import { act } from '../run.js';
import { warnAffected } from '../affected.js';
import type { Rate } from '../../domain/fees.js';
import { BASIS_WORD } from '../../render/fees.js';

function rateJson(r: Rate) {
  return {
    year: r.year,
    category: r.category,
    basis: r.basis,
    amount_cents: r.amountCents,
    pm: r.amountCents === null,
    note: r.note,
  };
}

export function registerRates(program: Command): void {
  const rates = program
    .command('rates')
    .description('fee rates per school year (per pupil, per place, or fixed; PM when not yet set)');

  rates
    .command('list')
    .description('the rates of one school year, or of all years')
    .option('--year <year>', 'only this school year, e.g. 2018-2019')
    .option('--json', 'print the rates as JSON')
    .action(
      act<{ year?: string }>(async (ctx, opts) => {
        const { listRates } = await import('../../app/rates.js');
        const { requireSchoolYear } = await import('../../app/fees.js');
        const year = opts.year === undefined ? undefined : requireSchoolYear(opts.year).label;
        const list = listRates(await ctx.db(), year);
        if (ctx.json) return ctx.out.json(list.map(rateJson));
        if (list.length === 0) {
          ctx.out.info(year ? `No rates for ${year}.` : 'No rates yet.');
          ctx.out.info('  set them with `lato rates set`, `lato rates copy` or `lato import rates FILE`');
          return;
        }
        const { grid } = await import('../../render/table.js');
        const { formatEuro } = await import('../../domain/money.js');
        ctx.out.line(
          grid(
            [
              { head: 'Year' },
              { head: 'Category' },
              { head: 'Basis' },
              { head: 'Amount', align: 'right' },
              { head: 'Note' },
            ],
            list.map((r) => [
              r.year,
              r.category,
              BASIS_WORD[r.basis] ?? r.basis,
              formatEuro(r.amountCents),
              r.note,
            ]),
          ),
        );
      }),
    );

  rates
    .command('set')
    .description('set the rate of a sector (or BASIS / UITGEBREID) in a school year')
    .requiredOption('--year <year>', 'the school year, e.g. 2019-2020')
    .requiredOption(
      '--sector <sector>',
      'VSE, PO, VO, MBO, HO, WO, or BASIS / UITGEBREID for partners without pupils',
    )
    .requiredOption('--amount <amount>', 'euros (2,50 or 1.953,00), or PM when not yet set')
    .option('--basis <basis>', 'pupil, place or fixed (default: as before, else by the sector)')
    .option('--note <text>', 'a note, e.g. the decision it comes from')
    .option('--json', 'print the rate as JSON')
    .action(
      act<{ year: string; sector: string; amount: string; basis?: string; note?: string }>(
        async (ctx, opts) => {
          const { setRate } = await import('../../app/rates.js');
          const { rate, result, affected } = setRate(await ctx.db(), opts);
          if (ctx.json)
            return ctx.out.json({
              ...rateJson(rate),
              result,
              issued_no_longer_matching: affected.issued,
              drafts_no_longer_matching: affected.drafts,
            });
          const { formatEuro } = await import('../../domain/money.js');
          const what = `${rate.category} ${rate.year}: ${formatEuro(rate.amountCents)} ${BASIS_WORD[rate.basis]}`;
          ctx.out.line(
            result === 'unchanged'
              ? `Rate ${what} (unchanged).`
              : `Rate ${what} (${result === 'new' ? 'set' : 'changed'}).`,
          );
          await warnAffected(ctx, affected);
        },
      ),
    );

  rates
    .command('copy')
    .description("copy a school year's rates to another school year")
    .requiredOption('--from <year>', 'the school year to copy from')
    .requiredOption('--to <year>', 'the school year to copy to')
    .option('--replace', 'replace the rates the target year already has')
    .option('--json', 'print the copied rates as JSON')
    .action(
      act<{ from: string; to: string; replace?: boolean }>(async (ctx, opts) => {
        const { copyRates } = await import('../../app/rates.js');
        const { rates: copied, affected } = copyRates(await ctx.db(), opts.from, opts.to, !!opts.replace);
        await warnAffected(ctx, affected);
        if (ctx.json) return ctx.out.json(copied.map(rateJson));
        ctx.out.line(`Copied ${copied.length} rates from ${opts.from} to ${copied[0]?.year ?? opts.to}.`);
      }),
    );
}
