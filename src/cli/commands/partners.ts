// `lato partners list|show|add|edit|leave`: the partner registry.

import type { Command } from 'commander';
import { act } from '../run.js';
import type { PartnerFlagOptions } from '../../app/partners.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

function partnerFlags(cmd: Command): Command {
  return cmd
    .option('--code <code>', 'partner code (short, unique), e.g. SCOL')
    .option('--name <name>', 'name of the organisation')
    .option('--sector <sector>', 'VSE, PO, VO, MBO, HO, WO or OVERIG')
    .option(
      '--kind <kind>',
      'school_board, school, childcare, college, university, institute, museum, company, foundation, municipality, swv, other',
    )
    .option('--municipality <name>', 'municipality (gemeente), e.g. Leiden')
    .option('--kvk <number>', 'KvK number (8 digits)')
    .option('--oin <number>', 'OIN (public bodies)')
    .option('--street <address>', 'street and number')
    .option('--postal-code <code>', 'postal code, e.g. 2311 EJ')
    .option('--city <city>', 'city')
    .option('--contact <name>', 'contact person (ambassadeur)')
    .option('--email <address>', 'e-mail of the contact person')
    .option('--invoice-email <address>', 'e-mail address for invoices')
    .option('--buyer-reference <ref>', 'order number / buyer reference public bodies ask for on invoices')
    .option('--membership <type>', 'convenant, basis, uitgebreid, financier or geen')
    .option('--parent <code>', 'the partner (school board) this one belongs to')
    .option('--joined <date>', 'member since (YYYY-MM-DD)')
    .option('--notes <text>', 'notes')
    .option('--add-location <vestigingscode>', 'link a DUO school location (repeatable)', collect)
    .option('--remove-location <vestigingscode>', 'unlink a DUO school location (repeatable)', collect)
    .option('--move', 'with --add-location: take a location away from the partner that holds it');
}

export function registerPartners(program: Command): void {
  const cmd = program.command('partners').description('the partner registry: list, show, add, edit, leave');

  cmd
    .command('list')
    .description('list the partners')
    .option('--sector <sector>', 'only this sector')
    .option('--json', 'print JSON')
    .action(
      act<{ sector?: string }>(async (ctx, opts) => {
        const { listPartners, sectorCodes } = await import('../../app/partners.js');
        const db = await ctx.db();
        const sectors = sectorCodes(db);
        if (opts.sector !== undefined && !sectors.includes(opts.sector.toUpperCase())) {
          const { UsageError } = await import('../../domain/errors.js');
          throw new UsageError(`--sector: "${opts.sector}" is not a sector`, `valid: ${sectors.join(', ')}`);
        }
        const partners = listPartners(db, opts);
        if (ctx.json) return ctx.out.json(partners);
        const { renderTable } = await import('../../render/table.js');
        const { membershipWord } = await import('../../domain/vocabulary.js');
        ctx.out.line(
          renderTable(
            ['Code', 'Name', 'Sector', 'Membership', 'Municipality', 'Member since', 'Left'],
            partners.map((p) => [
              p.code,
              p.name,
              p.sector,
              membershipWord(p.membership),
              p.municipality ?? '',
              p.joinedOn ?? '',
              p.leftOn ?? '',
            ]),
            { fixed: [0, 2, 5, 6], drop: [6, 4, 5] },
          ),
        );
        ctx.out.info(`${partners.length} partner${partners.length === 1 ? '' : 's'}`);
      }),
    );

  cmd
    .command('show <ref>')
    .description('everything about one partner (by code, KvK number or name)')
    .option('--json', 'print JSON')
    .action(
      act(async (ctx, _opts, [ref]) => {
        const { requirePartner } = await import('../../app/partners.js');
        const p = requirePartner(await ctx.db(), ref!);
        if (ctx.json) return ctx.out.json(p);
        const { renderRecord } = await import('../../render/table.js');
        const { membershipWord } = await import('../../domain/vocabulary.js');
        ctx.out.line(renderRecord({ ...p, membership: membershipWord(p.membership) }));
      }),
    );

  partnerFlags(
    cmd.command('add').description('add a partner (asks for missing values when run in a terminal)'),
  )
    .option('--json', 'print the new partner as JSON')
    .action(
      act<PartnerFlagOptions>(async (ctx, opts) => {
        const { addPartner } = await import('../../app/partners.js');
        const { partner: p, moved } = await addPartner(await ctx.db(), opts, ctx.interactive);
        if (ctx.json) ctx.out.json(p);
        else ctx.out.info(`Added partner ${p.code} (${p.name}).`);
        const { movedText } = await import('../../app/partners.js');
        for (const m of moved) ctx.out.warn(movedText(m, p.code));
      }),
    );

  partnerFlags(cmd.command('edit <ref>').description('change a partner; only the options given change'))
    .option('--json', 'print the partner as JSON')
    .action(
      act<PartnerFlagOptions>(async (ctx, opts, [ref]) => {
        const { editPartner, movedText } = await import('../../app/partners.js');
        const { partner, changed, moved } = editPartner(await ctx.db(), ref!, opts);
        if (ctx.json) ctx.out.json(partner);
        else
          ctx.out.info(changed ? `Updated partner ${partner.code}.` : `Nothing changed for ${partner.code}.`);
        for (const m of moved) ctx.out.warn(movedText(m, partner.code));
      }),
    );

  cmd
    .command('leave <ref>')
    .description('record that a partner leaves (the membership ends on that date)')
    .requiredOption('--date <date>', 'last day of membership (YYYY-MM-DD)')
    .action(
      act<{ date: string }>(async (ctx, opts, [ref]) => {
        const { leavePartner } = await import('../../app/partners.js');
        const p = leavePartner(await ctx.db(), ref!, opts.date);
        ctx.out.info(`${p.code} (${p.name}) is a member until ${p.leftOn}.`);
      }),
    );
}
