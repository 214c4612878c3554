// `lato covenant list|add|remove`: the covenant's own list of parties.

import type { Command } from 'commander';
import { act } from '../run.js';

export function registerCovenant(program: Command): void {
  const cmd = program
    .command('covenant')
    .description('the covenant’s parties: only the partners it lists are parties');

  cmd
    .command('list')
    .description('the parties as the covenant writes them, with the partner each stands for')
    .option('--json', 'print as JSON')
    .action(
      act(async (ctx) => {
        const { listCovenantParties } = await import('../../app/covenant.js');
        const parties = listCovenantParties(await ctx.db());
        if (ctx.json) {
          ctx.out.json(
            parties.map((p) => ({
              party: p.party,
              partner: p.partner,
              name: p.partnerName,
              signed_on: p.signedOn,
              note: p.note,
            })),
          );
          return;
        }
        if (parties.length === 0)
          return ctx.out.info('No covenant parties recorded (lato import covenant FILE).');
        const { renderTable } = await import('../../render/table.js');
        ctx.out.line(
          renderTable(
            ['Party (as the covenant writes it)', 'Partner', 'Signed'],
            parties.map((p) => [p.party, p.partner, p.signedOn ?? '']),
          ),
        );
        ctx.out.info(
          `${new Set(parties.map((p) => p.party)).size} parties, standing for ${parties.length} partners.`,
        );
      }),
    );

  cmd
    .command('add <partner>')
    .description('record a partner as party (the regiegroep admitted it and it signed the covenant)')
    .option('--party <name>', 'the party as the covenant writes it (default: the partner’s name)')
    .option('--date <date>', 'the date it signed or was admitted')
    .option('--note <text>', 'a note, like the regiegroep’s decision')
    .option('--json', 'print the party as JSON')
    .action(
      act<{ party?: string; date?: string; note?: string }>(async (ctx, opts, [partner]) => {
        const { addParty } = await import('../../app/covenant.js');
        const p = addParty(await ctx.db(), { partner: partner!, ...opts });
        if (ctx.json) return ctx.out.json({ party: p.party, partner: p.partner, signed_on: p.signedOn });
        ctx.out.info(`${p.partner} is a party to the covenant ("${p.party}").`);
      }),
    );

  cmd
    .command('remove <partner>')
    .description('the partner is no longer a party to the covenant')
    .action(
      act(async (ctx, _opts, [partner]) => {
        const { removeParty } = await import('../../app/covenant.js');
        const p = removeParty(await ctx.db(), partner!);
        ctx.out.info(`${p.partner} is no longer a party to the covenant.`);
      }),
    );
}
