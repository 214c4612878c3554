// `lato mandates add|list|show|revoke`: SEPA direct-debit mandates (machtigingen) of the partners.
// `lato import mandates FILE` brings many at once; `lato invoices collect` collects under them.

import type { Command } from 'commander';
import { act } from '../run.js';

export function registerMandates(program: Command): void {
  const cmd = program
    .command('mandates')
    .description('SEPA direct-debit mandates (machtigingen): add, list, show, revoke');

  cmd
    .command('add')
    .description("a partner's signed mandate; its invoices then announce and get a direct debit")
    .requiredOption('--partner <ref>', 'partner code, KvK number or name')
    .requiredOption('--reference <ref>', 'the mandate reference (machtigingskenmerk), at most 35 characters')
    .requiredOption('--signed <date>', 'the date the mandate was signed, e.g. 2026-09-01')
    .requiredOption('--iban <iban>', 'the account to collect from')
    .option('--bic <bic>', "the BIC of the partner's bank (needed outside the EEA only)")
    .option('--holder <name>', 'the account holder, when not the partner itself')
    .option('--type <type>', 'recurring (default) or one-off')
    .option(
      '--sequence <state>',
      'first (default: never collected under it) or following (collected before, also by another system)',
    )
    .option('--dry-run', 'check it and show it; write nothing')
    .option('--json', 'print JSON')
    .action(
      act<{
        partner: string;
        reference: string;
        signed: string;
        iban: string;
        bic?: string;
        holder?: string;
        type?: string;
        sequence?: string;
        dryRun?: boolean;
      }>(async (ctx, opts) => {
        const { addMandate } = await import('../../app/direct-debit.js');
        const m = addMandate(
          await ctx.db(),
          {
            partner: opts.partner,
            reference: opts.reference,
            signedOn: opts.signed,
            iban: opts.iban,
            ...(opts.bic !== undefined ? { bic: opts.bic } : {}),
            ...(opts.holder !== undefined ? { accountHolder: opts.holder } : {}),
            ...(opts.type !== undefined ? { type: opts.type } : {}),
            ...(opts.sequence !== undefined ? { sequence: opts.sequence } : {}),
          },
          { dryRun: !!opts.dryRun },
        );
        if (ctx.json) return ctx.out.json(m);
        ctx.out.line(
          `${opts.dryRun ? 'Dry run: would add' : 'Added'} mandate ${m.reference} of ${m.partner} (${m.type}, signed ${m.signed_on}, ${m.iban}); next collection: ${m.next_sequence_type}.`,
        );
      }),
    );

  cmd
    .command('list')
    .description('the mandates, active and revoked')
    .option('--status <status>', 'active or revoked')
    .option('--json', 'print JSON')
    .action(
      act<{ status?: string }>(async (ctx, opts) => {
        const { listMandates } = await import('../../app/direct-debit.js');
        const rows = listMandates(await ctx.db(), opts);
        if (ctx.json) return ctx.out.json(rows);
        if (rows.length === 0) return ctx.out.info('No mandates.');
        const { renderTable } = await import('../../render/table.js');
        const { formatIban } = await import('../../domain/invoice-settings.js');
        ctx.out.line(
          renderTable(
            ['Reference', 'Partner', 'Signed', 'IBAN', 'Type', 'Status', 'Next'],
            rows.map((m) => [
              m.reference,
              m.partner,
              m.signed_on,
              formatIban(m.iban),
              m.type,
              m.status === 'revoked' ? `revoked ${m.revoked_on}` : m.status,
              m.next_sequence_type ?? '',
            ]),
          ),
        );
      }),
    );

  cmd
    .command('show <reference>')
    .description('one mandate and the collections made under it')
    .option('--json', 'print JSON')
    .action(
      act(async (ctx, _opts, [reference]) => {
        const { showMandate } = await import('../../app/direct-debit.js');
        const m = showMandate(await ctx.db(), reference!);
        if (ctx.json) return ctx.out.json(m);
        const { renderRecord, renderTable } = await import('../../render/table.js');
        const { formatIban } = await import('../../domain/invoice-settings.js');
        const { formatEuro } = await import('../../domain/money.js');
        ctx.out.line(
          renderRecord({
            reference: m.reference,
            partner: `${m.partner} (${m.name})`,
            signed: m.signed_on,
            iban: formatIban(m.iban),
            bic: m.bic ?? undefined,
            holder: m.account_holder ?? undefined,
            type: m.type,
            status: m.status,
            revoked: m.revoked_on ?? undefined,
            sequence: m.sequence,
            'next collection': m.next_sequence_type ?? 'none',
            'last collected': m.last_collected_on ?? undefined,
          }),
        );
        if (m.collections.length) {
          ctx.out.line();
          ctx.out.line(
            renderTable(
              ['Collection', 'Date', 'Invoice', 'Type', 'Amount', 'Status'],
              m.collections.map((c) => [
                c.message_id,
                c.collect_on,
                c.number,
                c.sequence_type,
                formatEuro(c.amount_cents),
                c.return_reason ? `returned (${c.return_reason})` : c.status,
              ]),
              { align: ['left', 'left', 'left', 'left', 'right', 'left'] },
            ),
          );
        }
      }),
    );

  cmd
    .command('revoke <reference>')
    .description('the partner withdrew the mandate: nothing is collected under it any more')
    .option('--date <date>', 'the date it was revoked (default: today)')
    .option('--dry-run', 'show what would change; write nothing')
    .option('--json', 'print JSON')
    .action(
      act<{ date?: string; dryRun?: boolean }>(async (ctx, opts, [reference]) => {
        const { revokeMandate } = await import('../../app/direct-debit.js');
        const m = revokeMandate(await ctx.db(), reference!, opts.date, { dryRun: !!opts.dryRun });
        if (ctx.json) return ctx.out.json(m);
        ctx.out.line(
          `${opts.dryRun ? 'Dry run: would revoke' : 'Revoked'} mandate ${m.reference} of ${m.partner} on ${m.revoked_on}.`,
        );
      }),
    );
}
