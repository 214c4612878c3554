// `lato in-kind propose --year Y [--save [--replace]]`: the plan's rules applied to a year;
// `lato in-kind rate --amount X [--partner REF]`: the hourly rate the proposal uses;
// `lato in-kind compensation NAME time|money`: how a project-group member is paid.

import type { Command } from 'commander';
import { act } from '../run.js';

export function registerInKind(program: Command): void {
  const inKind = program
    .command('in-kind')
    .description('in-kind contributions (bijdrage in natura): proposals by the plan’s rules, hourly rate');

  inKind
    .command('propose')
    .description(
      "propose a year's in-kind lines: 10 hours per partner's contact person, 90 hours per project-group member paid in time",
    )
    .requiredOption('--year <year>', 'the school year, e.g. 2019-2020')
    .option('--save', "store the proposal as the year's in-kind budget")
    .option('--replace', 'with --save: replace the in-kind lines the year already has')
    .option('--json', 'print the proposal as JSON')
    .action(
      act<{ year: string; save?: boolean; replace?: boolean }>(async (ctx, opts) => {
        const { proposeInKindFor, saveInKindProposal } = await import('../../app/in-kind.js');
        const { formatEuro } = await import('../../domain/money.js');
        const db = await ctx.db();
        const p = proposeInKindFor(db, opts.year);
        const saved = opts.save ? saveInKindProposal(db, p, !!opts.replace) : null;
        if (ctx.json) {
          return ctx.out.json({
            year: p.year,
            lines: p.lines.map((l) => ({
              label: l.label,
              partner: l.partner,
              hours: l.hoursCenti / 100,
              hourly_rate_cents: l.hourlyRateCents,
              amount_cents: l.amountCents,
              pm: l.amountCents === null,
              basis: l.basis,
            })),
            total_cents: p.totalCents,
            pm_lines: p.lines.filter((l) => l.amountCents === null).map((l) => l.label),
            plan:
              p.plan === null
                ? null
                : {
                    year: p.plan.year,
                    total_cents: p.plan.totalCents,
                    pm_lines: p.plan.pm,
                    differences: p.plan.differences.map((d) => ({
                      label: d.label,
                      plan_cents: d.planCents,
                      proposed_cents: d.proposedCents,
                      difference_cents: d.differenceCents,
                      why: d.why,
                    })),
                  },
            paid_in_money: p.paidInMoney.map((m) => ({
              name: m.name,
              partner: m.partner,
              hours: m.hoursCenti / 100,
              amount_cents: m.amountCents,
            })),
            paid_in_money_cents: p.paidInMoneyCents,
            contact_partners: p.contactPartners,
            rules: {
              contact_hours: p.rules.contactHours,
              project_group_hours: p.rules.projectGroupHours,
              hourly_rate_cents: p.rules.hourlyRateCents,
              hourly_rates_by_partner: p.rules.hourlyRatesByPartner,
            },
            saved: saved !== null,
          });
        }
        const { grid } = await import('../../render/table.js');
        ctx.out.line(`In-kind proposal ${p.year} (hourly rate ${formatEuro(p.rules.hourlyRateCents)}):`);
        ctx.out.line(
          grid(
            [
              { head: 'Line' },
              { head: 'Basis' },
              { head: 'Hours', align: 'right' },
              { head: 'Amount', align: 'right' },
            ],
            [
              ...p.lines.map((l) => [
                l.label,
                l.basis,
                l.hoursCenti ? String(l.hoursCenti / 100) : '',
                formatEuro(l.amountCents),
              ]),
              [
                'Total in kind',
                null,
                null,
                `${formatEuro(p.totalCents)}${p.lines.some((l) => l.amountCents === null) ? ` + ${p.lines.filter((l) => l.amountCents === null).length} PM` : ''}`,
              ],
            ],
          ),
        );
        if (p.paidInMoney.length > 0) {
          ctx.out.line(
            `Paid in money, so in the cost line "Projectgroep (uitbetaling)" instead: ${p.paidInMoney.map((m) => m.name).join(', ')} (${formatEuro(p.paidInMoneyCents)} at the same rate).`,
          );
        }
        if (p.plan !== null && p.plan.differences.length === 0) {
          ctx.out.line(`The proposal reproduces the in-kind budget of ${p.plan.year} line by line.`);
        } else if (p.plan !== null) {
          ctx.out.line(`Against the in-kind budget of ${p.plan.year}:`);
          for (const d of p.plan.differences) ctx.out.line(`  - ${d.label}: ${d.why}`);
        }
        if (p.projectGroup.length === 0)
          ctx.out.warn('no active project-group members are recorded; only contact persons are proposed');
        if (saved) ctx.out.info(`Saved as the in-kind budget of ${p.year}.`);
      }),
    );

  inKind
    .command('rate')
    .description('set the hourly rate in-kind proposals use (for all partners, or for one)')
    .requiredOption('--amount <amount>', 'euros per hour, e.g. 80 or 42,50')
    .option('--partner <ref>', "this partner's own hourly rate")
    .option('--json', 'print the rules as JSON')
    .action(
      act<{ amount: string; partner?: string }>(async (ctx, opts) => {
        const { setHourlyRate } = await import('../../app/in-kind.js');
        const { resolvePartner } = await import('../../app/fees.js');
        const { parseEuro, formatEuro } = await import('../../domain/money.js');
        const { LatoError } = await import('../../domain/errors.js');
        const db = await ctx.db();
        const a = parseEuro(opts.amount);
        if (!a.ok || a.cents === null || a.cents < 0) {
          throw new LatoError(`--amount: ${a.ok ? `"${opts.amount}" is not an hourly rate` : a.error}`, {
            hint: 'write euros like 80 or 42,50',
          });
        }
        const code = opts.partner ? resolvePartner(db, opts.partner).code : undefined;
        const rules = setHourlyRate(db, a.cents, code);
        if (ctx.json)
          return ctx.out.json({
            hourly_rate_cents: rules.hourlyRateCents,
            hourly_rates_by_partner: rules.hourlyRatesByPartner,
          });
        ctx.out.line(`Hourly rate${code ? ` of ${code}` : ''}: ${formatEuro(a.cents)}.`);
      }),
    );

  inKind
    .command('compensation <member> <how>')
    .description('how a project-group member is paid: time (by the employer, in kind) or money (by LATO)')
    .action(
      act(async (ctx, _opts, [member, how]) => {
        const { setCompensation } = await import('../../app/in-kind.js');
        const r = setCompensation(await ctx.db(), member!, how!);
        ctx.out.line(`${r.name}: paid in ${r.how}.`);
      }),
    );
}
