// `lato payments add|import|list`: payments received on issued invoices, by hand or from a bank
// statement (CAMT.053, or the CSV/TAB export of ING, Rabobank, ABN AMRO).

import type { Command } from 'commander';
import { act } from '../run.js';

export function registerPayments(program: Command): void {
  const cmd = program
    .command('payments')
    .description('payments received: by hand, or matched from a bank statement');

  cmd
    .command('add <number>')
    .description('record a payment on an invoice')
    .requiredOption('--amount <amount>', 'the amount received, e.g. 1.953,00 (a negative amount corrects)')
    .option('--date <date>', 'the date it was received (default: today)')
    .option('--force', 'book it even when it is more than is open (or a correction of more than was paid)')
    .option('--reason <text>', 'why a forced payment is right (kept with the payment); needed with --force')
    .option('--json', 'print JSON')
    .action(
      act<{ amount: string; date?: string; force?: boolean; reason?: string }>(
        async (ctx, opts, [number]) => {
          const { addPayment } = await import('../../app/payments.js');
          const r = addPayment(await ctx.db(), number!, opts.amount, opts.date, {
            ...(opts.force ? { force: true } : {}),
            ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
          });
          if (ctx.json) return ctx.out.json(r);
          const { formatEuro } = await import('../../domain/money.js');
          ctx.out.line(
            `${formatEuro(r.amount_cents)} received on ${r.number} (${r.paid_on}); paid ${formatEuro(r.paid_cents)}, open ${formatEuro(r.open_cents)}.`,
          );
          for (const w of r.warnings) ctx.out.warn(w);
        },
      ),
    );

  cmd
    .command('import <file>')
    .description('match a bank statement (CAMT.053 XML, ING / Rabobank CSV, ABN AMRO TAB) on invoice numbers')
    .option('--dry-run', 'show what would be matched; write nothing')
    .option('--json', 'print JSON')
    .action(
      act<{ dryRun?: boolean }>(async (ctx, opts, [file]) => {
        const { importStatement } = await import('../../app/payments.js');
        const s = await importStatement(await ctx.db(), file!, { dryRun: !!opts.dryRun });
        if (ctx.json) return ctx.out.json(s);
        const r = s.rows;
        const head = s.dryRun ? `Dry run of ${s.file} (nothing written)` : `Imported ${s.file}`;
        ctx.out.line(
          `${head} (${String(s.format)}): ${r.total} lines: ${r.new} payment(s) matched, ${r.unchanged} already imported, ${r.skipped} not matched or outgoing.`,
        );
        for (const n of s.notes) ctx.out.line(`  ${n}`);
      }),
    );
}
